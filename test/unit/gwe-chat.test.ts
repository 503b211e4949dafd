import { expect } from 'chai';
import { gweChatSession } from '../../src/gwe/chat-session.ts';
import { type GweFailure, gwePromise } from '../../src/gwe/promise.ts';
import { readGwc } from '../../src/gwe/settings.ts';
import { sessionEvents } from '../../src/media/session-events.ts';
import type { GmsChatMessage } from '../../src/protocol/gms.ts';
import { type ChatSession, newChat } from '../../widgets/gms/chat-state.ts';
import type { GmsChat } from '../../widgets/gms/index.ts';
import { captureLog, settle } from './helpers.ts';

/** A GMS chat as the adapter hands it over: its state changes when the test says GMS answered. */
function chatOnPage(transcript: GmsChatMessage[] = []) {
  const events = sessionEvents();
  let state: ChatSession = { ...newChat(), status: 'waiting-agent', chatId: 'C1', transcript };
  const sent: string[] = [];
  const chat: GmsChat = {
    close: () => events.emit('closed'),
    on: events.on,
    chat: () => state,
    live: () => state.status !== 'ended' && state.status !== 'failed',
    send: async (text) => {
      sent.push(text);
    },
    rename: async () => {},
    notice: async () => {},
  };
  const answer = (change: Partial<ChatSession>) => {
    state = { ...state, ...change };
    events.emit('change', state);
  };
  return { chat, sent, answer, state: () => state };
}

const message = (
  index: number,
  type: GmsChatMessage['type'],
  who: 'Agent' | 'Client',
  text?: string,
): GmsChatMessage => ({
  from: {
    nickname: who === 'Agent' ? 'Grace' : 'Ada',
    participantId: who === 'Agent' ? 2 : 1,
    type: who,
  },
  index,
  type,
  ...(text ? { text } : {}),
  utcTime: 1,
});

describe("GWE's _gwc settings", () => {
  it('warn once for each setting Beckon cannot honour, naming the Beckon way, and keep the rest', () => {
    const log = captureLog();
    const settings = readGwc(
      {
        widgetUrl: '/server/resources/chatWidget.html',
        serverUrl: '/server/cometd',
        templates: 'chatTemplates.html',
        localization: 'chat-en.json',
        autoRestore: false,
        embedded: false,
        ui: { onBeforeRegistration: () => {} },
        userData: { segment: 'premier', age: 41, vip: true },
        onReady: [],
        chatWdget: true,
      },
      log,
    );
    expect(settings?.userData).to.deep.equal({ segment: 'premier', age: '41', vip: 'true' });
    const about = (key: string) => log.warnings.filter((w) => w.includes(`window._gwc.${key} `));
    expect(about('serverUrl')).to.have.length(1);
    expect(about('serverUrl')[0]).to.contain('gms.baseUrl');
    expect(about('embedded')[0]).to.contain("gms.mode: 'popup'");
    expect(about('ui.onBeforeRegistration')[0]).to.contain('_gwc.userData');
    for (const key of ['widgetUrl', 'templates', 'localization', 'autoRestore', 'chatWdget'])
      expect(about(key), key).to.have.length(1);
    expect(log.warnings).to.have.length(8);
    expect(log.errors).to.deep.equal([]);
  });

  it('say nothing of the settings Beckon honours as they are', () => {
    const log = captureLog();
    readGwc({ embedded: true, autoRestore: true, userData: {}, onReady: [() => {}] }, log);
    expect([...log.warnings, ...log.errors]).to.deep.equal([]);
  });

  it('name what is wrong and lose nothing else: generated garbage never throws', () => {
    const log = captureLog();
    const odd: unknown[] = [null, 1, 'x', [], () => {}, Symbol('s'), Number.NaN, undefined];
    for (const given of odd) expect(() => readGwc(given, log)).not.to.throw();
    expect(readGwc('chat', log)).to.equal(null);
    const mixed = readGwc(
      { userData: { ok: 'yes', nested: { a: 1 }, list: [1], nothing: null }, onReady: 'f' },
      log,
    );
    expect(mixed?.userData).to.deep.equal({ ok: 'yes' });
    expect(mixed?.onReady).to.deep.equal([]);
    for (const key of ['nested', 'list', 'nothing'])
      expect(
        log.errors.some((e) => e.includes(`window._gwc.userData.${key} `)),
        key,
      ).to.equal(true);
    expect(log.errors.some((e) => e.includes('window._gwc.onReady must be an array'))).to.equal(
      true,
    );
    for (const value of odd) {
      for (const key of ['userData', 'onReady', 'ui', 'serverUrl'])
        expect(() => readGwc({ [key]: value }, log)).not.to.throw();
    }
  });
});

describe("GWE's chat session over a GMS chat", () => {
  it('announces each agent who joins from now on, once, and not one who joined on an earlier page', async () => {
    const log = captureLog();
    const page = chatOnPage([
      message(1, 'ParticipantJoined', 'Client'),
      message(2, 'ParticipantJoined', 'Agent'),
    ]);
    const session = gweChatSession(page.chat, log);
    const heard: string[] = [];
    session.onAgentConnected(() => {
      throw new Error('a broken listener');
    });
    session.onAgentConnected((joined) => heard.push(`${joined.from.nickname}#${joined.index}`));
    page.answer({ transcript: [...page.state().transcript, message(3, 'Message', 'Agent', 'Hi')] });
    expect(heard).to.deep.equal([]);
    const second = message(4, 'ParticipantJoined', 'Agent');
    page.answer({ transcript: [...page.state().transcript, second] });
    page.answer({ transcript: [...page.state().transcript] });
    expect(heard).to.deep.equal(['Grace#4']);
    expect(log.errors.some((e) => e.includes('onAgentConnected listener threw'))).to.equal(true);
  });

  it('sends text given either way, refuses anything else and an ended chat, with GWE’s error shape', async () => {
    const log = captureLog();
    const page = chatOnPage();
    const session = gweChatSession(page.chat, log);
    const outcomes: string[] = [];
    const record = (label: string) => ({
      done: () => outcomes.push(`${label}: done`),
      fail: (event: GweFailure) => outcomes.push(`${label}: ${event.error?.code}`),
    });
    for (const [label, given] of [
      ['string', 'Hello'],
      ['options', { message: 'Again' }],
      ['empty', '   '],
      ['number', 42],
      ['null', null],
    ] as const) {
      const { done, fail } = record(label);
      session.sendMessage(given).done(done).fail(fail);
    }
    await settle();
    expect(page.sent).to.deep.equal(['Hello', 'Again']);
    page.answer({ status: 'ended' });
    const { done, fail } = record('ended');
    session.sendMessage('Too late').done(done).fail(fail);
    await settle();
    expect(outcomes.sort()).to.deep.equal([
      'empty: invalid_message',
      'ended: no_session',
      'null: invalid_message',
      'number: invalid_message',
      'options: done',
      'string: done',
    ]);
  });

  it('gives the transcript from the index asked for', async () => {
    const page = chatOnPage([
      message(1, 'ParticipantJoined', 'Client'),
      message(2, 'Message', 'Client', 'Hi'),
      message(3, 'Message', 'Agent', 'Hello'),
    ]);
    const session = gweChatSession(page.chat, captureLog());
    expect((await session.getTranscript()).map((m) => m.index)).to.deep.equal([1, 2, 3]);
    expect((await session.getTranscript({ fromIndex: 2 })).map((m) => m.text)).to.deep.equal([
      'Hello',
    ]);
    let failure: GweFailure | null = null;
    await new Promise<void>((resolve) =>
      session.getTranscript({ fromIndex: -1 }).fail((event) => {
        failure = event;
        resolve();
      }),
    );
    expect(failure).to.deep.include({
      error: {
        code: 'invalid_options',
        description: 'getTranscript takes {fromIndex}, a whole number from 0',
      },
    });
  });
});

describe("GWE's promise", () => {
  it('runs each done or fail callback once, after the outcome, even when one throws', async () => {
    const log = captureLog();
    const order: string[] = [];
    const ok = gwePromise(Promise.resolve(7), log);
    ok.done((value) => order.push(`a${value}`))
      .done(() => {
        throw new Error('site bug');
      })
      .fail(() => order.push('never'))
      .done(() => order.push('b'));
    order.push('sync');
    gwePromise(Promise.reject(null), log).fail((event) =>
      order.push(`none:${JSON.stringify(event)}`),
    );
    await settle();
    expect(order).to.deep.equal(['sync', 'a7', 'b', 'none:{}']);
    expect(log.errors.some((e) => e.includes('callback threw'))).to.equal(true);
    expect(await ok).to.equal(7);
  });
});
