import { sharedFile } from '../../src/protocol/gms-files.ts';
import type { ChatSession } from '../gms/chat-state.ts';

/**
 * The chat as plain text for the visitor to keep: one line per message, its time (the visitor's
 * clock), who and what; files by name, pushed links as addresses, joins and leaves as such.
 */
export function transcriptText(session: ChatSession, title: string): string {
  const time = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });
  const lines = session.transcript.flatMap((message) => {
    const who = message.from.type === 'Client' ? 'You' : message.from.nickname;
    const file = sharedFile(message);
    const said =
      message.type === 'ParticipantJoined'
        ? 'joined the chat'
        : message.type === 'ParticipantLeft'
          ? 'left the chat'
          : message.type === 'PushUrl'
            ? `shared a link: ${message.text ?? ''}`
            : file
              ? `sent ${file.name}`
              : message.type === 'Message' ||
                  message.type === 'Notice' ||
                  message.type === 'CustomNotice'
                ? (message.text ?? '')
                : null;
    if (said === null) return [];
    const at = message.utcTime > 0 ? `[${time.format(new Date(message.utcTime))}] ` : '';
    return [`${at}${who}: ${said}`];
  });
  return `${[title, '', ...lines].join('\n')}\n`;
}
