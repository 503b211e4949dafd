import type { GmsChat } from '../../widgets/gms/index.ts';
import type { Log } from '../monitor/log.ts';
import type { GmsChatMessage } from '../protocol/gms.ts';
import { GweError, type GwePromise, gwePromise } from './promise.ts';

/**
 * The session object of GWE's Chat Service JS API, as far as a GMS chat carries it: the calls
 * public GWE pages make (`onAgentConnected`, `sendMessage`) and the documented `getTranscript`.
 */
export interface GweChatSession {
  /** The listener hears each agent who joins from now on, with the GMS message that says so. */
  onAgentConnected(listener: (message: GmsChatMessage) => void): void;
  /** `sendMessage('text')` or GWE's `sendMessage({message: 'text'})`. */
  sendMessage(message: unknown): GwePromise<void>;
  /** GWE's `{fromIndex}`: the transcript from that 0-based position on (0, the default: all). */
  getTranscript(options?: unknown): GwePromise<GmsChatMessage[]>;
}

const isAgentJoin = (message: GmsChatMessage) =>
  message.type === 'ParticipantJoined' && message.from.type === 'Agent';

export function gweChatSession(chat: GmsChat, log: Log): GweChatSession {
  const transcript = () => chat.chat()?.transcript ?? [];
  // Agents who joined before the page's code could listen (an earlier page of the visit) are old news.
  const announced = new Set(
    transcript()
      .filter(isAgentJoin)
      .map((message) => message.index),
  );
  const listeners: Array<(message: GmsChatMessage) => void> = [];
  chat.on('change', () => {
    for (const message of transcript()) {
      if (!isAgentJoin(message) || announced.has(message.index)) continue;
      announced.add(message.index);
      for (const listener of listeners) {
        try {
          listener(message);
        } catch (error) {
          log.error('_gwc: an onAgentConnected listener threw', error);
        }
      }
    }
  });

  return {
    onAgentConnected: (listener) => {
      if (typeof listener === 'function') listeners.push(listener);
      else log.error('_gwc: session.onAgentConnected takes a function; ignored');
    },
    sendMessage: (message) =>
      gwePromise(
        (async () => {
          const text =
            typeof message === 'string' ? message : (message as { message?: unknown })?.message;
          if (typeof text !== 'string' || !text.trim())
            throw new GweError(
              'invalid_message',
              "sendMessage takes the text, as 'text' or {message: 'text'}",
            );
          if (!chat.live()) throw new GweError('no_session', 'the chat has ended');
          await chat.send(text);
          const after = chat.chat();
          if (after?.status === 'failed')
            throw new GweError('send_failed', after.error ?? 'the chat service refused it');
        })(),
        log,
      ),
    getTranscript: (options) =>
      gwePromise(
        (async () => {
          const from = (options as { fromIndex?: unknown } | undefined)?.fromIndex ?? 0;
          if (typeof from !== 'number' || !Number.isInteger(from) || from < 0)
            throw new GweError(
              'invalid_options',
              'getTranscript takes {fromIndex}, a whole number from 0',
            );
          return transcript().slice(from);
        })(),
        log,
      ),
  };
}
