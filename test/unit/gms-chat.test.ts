import { expect } from 'chai';
import type { GmsChatMessage, GmsChatResponse } from '../../src/protocol/gms.ts';
import { createChatClient, MAX_FAILURES, POLL_MS } from '../../widgets/gms/chat-client.ts';
import { type ChatSession, newChat, nextChat, retryDelay } from '../../widgets/gms/chat-state.ts';
import { manualClock } from './helpers.ts';

/** Just enough GMS Chat API v2 to drive the client: aliases move, failures can be injected. */
function fakeGms() {
  const transcript: GmsChatMessage[] = [];
  const requests: Array<{ op: string; fields: Record<string, string> }> = [];
  const gms = {
    alias: '117',
    /** The next N requests fail: 'network', 'busy' (HTTP 503) or 'status1' (statusCode 1). */
    failures: [] as Array<'network' | 'busy' | 'status1'>,
    ended: false,
    requests,
    transcript,
    agentSays(type: GmsChatMessage['type'], text?: string) {
      transcript.push({
        from: { nickname: 'Grace', participantId: 2, type: 'Agent' },
        index: transcript.length + 1,
        type,
        ...(text ? { text } : {}),
        utcTime: 1,
      });
    },
    /** File requests: this GMS has no file transfer, as a deployment without it answers. */
    fileRequests: 0,
    fetch: (async (url: RequestInfo | URL, init?: RequestInit) => {
      if (String(url).includes('/file')) {
        gms.fileRequests += 1;
        return new Response('Not Found', { status: 404 });
      }
      const fields = Object.fromEntries(new URLSearchParams(String(init?.body)));
      const op =
        String(url).split('/').length > 7 ? (String(url).split('/').pop() ?? '') : 'request';
      requests.push({ op, fields });
      const failure = gms.failures.shift();
      if (failure === 'network') throw new TypeError('Failed to fetch');
      if (failure === 'busy') return new Response('busy', { status: 503 });
      const answer = (extra: Partial<GmsChatResponse>): Response =>
        Response.json({
          statusCode: 0,
          alias: gms.alias,
          chatId: 'CHAT1',
          userId: 'u1',
          secureKey: 'k1',
          nextPosition: 1,
          chatEnded: gms.ended,
          messages: [],
          ...extra,
        });
      if (failure === 'status1') return answer({ statusCode: 1 });
      if (op !== 'request' && fields.alias !== gms.alias) return answer({ statusCode: 1 });
      const client = { nickname: 'Ada Lovelace', participantId: 1, type: 'Client' as const };
      const add = (type: GmsChatMessage['type'], text?: string) =>
        transcript.push({
          from: client,
          index: transcript.length + 1,
          type,
          ...(text ? { text } : {}),
          utcTime: 1,
        });
      if (op === 'request') add('ParticipantJoined');
      if (op === 'send') add('Message', fields.message);
      if (op === 'startTyping') add('TypingStarted');
      if (op === 'disconnect') {
        add('ParticipantLeft');
        gms.ended = true;
      }
      // As GMS does: any operation that names a transcript position is answered with what came since.
      if (op === 'refresh' || fields.transcriptPosition !== undefined) {
        const from = Number(fields.transcriptPosition);
        const messages = transcript.filter((m) => m.index >= from);
        return answer({ messages, nextPosition: (messages.at(-1)?.index ?? from - 1) + 1 });
      }
      return answer({});
    }) as typeof fetch,
  };
  return gms;
}

function client(gms: ReturnType<typeof fakeGms>) {
  const clock = manualClock();
  const seen: ChatSession[] = [];
  const chat = createChatClient({
    baseUrl: 'https://gms.example',
    service: 'customer-support',
    // Looked up at each request, so a test can hold GMS's answers back.
    fetch: (url, init) => gms.fetch(url, init),
    clock,
    random: () => 1,
    onChange: (session) => seen.push(session),
  });
  return { chat, clock, seen };
}

const registration = { name: 'Ada Lovelace', subject: 'Plans' };
const attached = { visitID: 'B'.repeat(32), pageID: 'C'.repeat(32), webengagement: '' };

describe('the GMS chat session', () => {
  it('sends the registration with the attached data as userData, then waits for an agent', async () => {
    const gms = fakeGms();
    const { chat, clock } = client(gms);
    await chat.start(registration, attached);
    expect(gms.requests[0]).to.deep.equal({
      op: 'request',
      fields: {
        nickname: 'Ada Lovelace',
        subject: 'Plans',
        'userData[visitID]': 'B'.repeat(32),
        'userData[pageID]': 'C'.repeat(32),
        'userData[webengagement]': '',
      },
    });
    expect(chat.session().status).to.equal('waiting-agent');
    gms.agentSays('ParticipantJoined');
    gms.agentSays('TypingStarted');
    await clock.advance(POLL_MS);
    expect(chat.session()).to.include({ status: 'connected', agentTyping: true });
    gms.agentSays('Message', 'Hello Ada');
    gms.agentSays('PushUrl', 'https://shop.example/pricing');
    await clock.advance(POLL_MS);
    expect(chat.session().agentTyping).to.equal(false);
    expect(chat.session().transcript.map((m) => [m.type, m.text ?? null])).to.deep.equal([
      ['ParticipantJoined', null],
      ['ParticipantJoined', null],
      ['Message', 'Hello Ada'],
      ['PushUrl', 'https://shop.example/pricing'],
    ]);
    chat.stop();
  });

  it('refreshes at once on a nudge, also one that comes while a refresh is under way', async () => {
    const gms = fakeGms();
    const { chat, clock } = client(gms);
    await chat.start(registration, attached);
    const refreshes = () => gms.requests.filter((r) => r.op === 'refresh').length;
    const before = refreshes();
    gms.agentSays('Message', 'Hello Ada');
    chat.nudge();
    await clock.advance(0);
    expect(refreshes()).to.equal(before + 1);
    expect(chat.session().transcript.at(-1)?.text).to.equal('Hello Ada');

    // A message stored after a refresh read the transcript, nudged while that refresh is in flight:
    // the client asks again as soon as it is back, not a poll later.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const fetchBefore = gms.fetch;
    gms.fetch = (async (url, init) => {
      const answer = await fetchBefore(url, init);
      await held;
      return answer;
    }) as typeof fetch;
    chat.nudge();
    await clock.advance(0);
    gms.agentSays('Message', 'Are you there?');
    chat.nudge();
    gms.fetch = fetchBefore;
    release();
    await clock.advance(0);
    expect(chat.session().transcript.at(-1)?.text).to.equal('Are you there?');
    expect(clock.pending()).to.equal(1, 'one poll waits, at the usual interval');
    chat.stop();
  });

  it('retries statusCode 1 with backoff, always with the latest alias', async () => {
    const gms = fakeGms();
    const { chat, clock } = client(gms);
    await chat.start(registration, attached);
    gms.alias = '118';
    const sent = chat.send('Which plan?');
    await clock.advance(5000);
    await sent;
    const sends = gms.requests.filter((r) => r.op === 'send');
    expect(sends.map((r) => r.fields.alias)).to.deep.equal(['117', '118']);
    expect(gms.transcript.filter((m) => m.type === 'Message').map((m) => m.text)).to.deep.equal([
      'Which plan?',
    ]);
    expect(chat.session().alias).to.equal('118');
    chat.stop();
  });

  it('rides out network errors and 503s, in order, and gives up after too many', async () => {
    const gms = fakeGms();
    const { chat, clock } = client(gms);
    await chat.start(registration, attached);
    gms.failures.push('network', 'busy');
    const first = chat.send('one');
    const second = chat.send('two');
    // In steps: each retry's timer is set only once the request before it has been answered.
    for (let i = 0; i < 10; i++) await clock.advance(1000);
    await Promise.all([first, second]);
    expect(gms.transcript.filter((m) => m.type === 'Message').map((m) => m.text)).to.deep.equal([
      'one',
      'two',
    ]);

    gms.failures.push(...Array(MAX_FAILURES).fill('network'));
    const lost = chat.send('three');
    for (let i = 0; i < 60; i++) await clock.advance(2000);
    await lost;
    expect(chat.session().status).to.equal('failed');
    expect(chat.session().error).to.contain('not answering');
    chat.stop();
  });

  it('ends on disconnect, and on statusCode 2 with chatEnded', async () => {
    const gms = fakeGms();
    const { chat } = client(gms);
    await chat.start(registration, attached);
    await chat.end();
    expect(chat.session().status).to.equal('ended');
    chat.stop();
    const ended = nextChat(
      { ...newChat(), status: 'connected' },
      {
        type: 'answer',
        response: {
          statusCode: 2,
          alias: '1',
          chatId: 'c',
          userId: 'u',
          secureKey: 'k',
          nextPosition: 9,
          chatEnded: true,
          messages: [],
        },
      },
    );
    expect(ended.status).to.equal('ended');
  });

  it('resumes a saved chat on the next page from where it was', async () => {
    const gms = fakeGms();
    const first = client(gms);
    await first.chat.start(registration, attached);
    gms.agentSays('ParticipantJoined');
    await first.clock.advance(POLL_MS);
    const saved = JSON.parse(JSON.stringify(first.chat.session())) as ChatSession;
    first.chat.stop();

    gms.agentSays('Message', 'Still here?');
    const next = client(gms);
    next.chat.resume(saved);
    await next.clock.advance(0);
    const refresh = gms.requests.at(-1);
    expect(refresh?.op).to.equal('refresh');
    expect(refresh?.fields.transcriptPosition).to.equal(String(saved.nextPosition));
    expect(next.chat.session().transcript.at(-1)?.text).to.equal('Still here?');
    expect(next.chat.session().status).to.equal('connected');
    next.chat.stop();
  });

  it('skips transcript entries of types it does not show, and the chat goes on', () => {
    const agentSaid = (index: number, type: string, text?: string) => ({
      from: { nickname: 'Grace', participantId: 2, type: 'Agent' as const },
      index,
      type,
      ...(text ? { text } : {}),
      utcTime: 1,
    });
    const started = nextChat(nextChat(newChat(), { type: 'request' }), {
      type: 'answer',
      response: {
        statusCode: 0,
        alias: '117',
        chatId: 'C1',
        userId: 'u',
        secureKey: 'k',
        nextPosition: 4,
        chatEnded: false,
        messages: [
          agentSaid(1, 'ParticipantJoined'),
          agentSaid(2, 'IdleAlert', 'Are you still there?'),
          agentSaid(3, 'Message', 'Hello'),
        ],
      },
    });
    expect(started.status).to.equal('connected');
    expect(started.transcript.map((m) => m.type)).to.deep.equal(['ParticipantJoined', 'Message']);
    expect(started.nextPosition).to.equal(4);
  });

  it("shows the visitor's message from the send's answer, not at the next poll", async () => {
    const gms = fakeGms();
    const { chat } = client(gms);
    await chat.start(registration, attached);
    const before = chat.session().transcript.length;
    await chat.send('Is the lamp dimmable?');
    expect(gms.requests.at(-1)?.fields.transcriptPosition).to.match(/^\d+$/);
    expect(
      chat
        .session()
        .transcript.slice(before)
        .map((m) => [m.type, m.text]),
    ).to.deep.equal([['Message', 'Is the lamp dimmable?']]);
    chat.stop();
  });

  it('sends a messageType, a new nickname and a notice as GMS names them, and shows them', async () => {
    const gms = fakeGms();
    const { chat } = client(gms);
    await chat.start(registration, attached);
    await chat.send('Order 42', 'order-number');
    await chat.rename('Ada L.');
    await chat.notice('visitor opened the pricing page');
    expect(
      gms.requests
        .slice(-3)
        .map((r) => [r.op, r.fields.message ?? r.fields.nickname, r.fields.messageType]),
    ).to.deep.equal([
      ['send', 'Order 42', 'order-number'],
      ['updateNickname', 'Ada L.', undefined],
      ['customNotice', 'visitor opened the pricing page', undefined],
    ]);
    chat.stop();
    const renamed = nextChat(chat.session(), {
      type: 'answer',
      response: {
        statusCode: 0,
        messages: [
          {
            from: { nickname: 'Grace', participantId: 2, type: 'Agent' },
            index: 9,
            type: 'NicknameUpdated',
            text: 'Grace H.',
            utcTime: 1,
          },
          {
            from: { nickname: 'Ada', participantId: 1, type: 'Client' },
            index: 0,
            type: 'Notice',
            userData: { 'upload-max-files': '3' },
            utcTime: 1,
          },
        ],
      },
    });
    expect(renamed.transcript.map((m) => m.type)).to.include('NicknameUpdated');
    expect(renamed.transcript.map((m) => m.index)).not.to.include(0);
  });

  it('reads answers as GMS gives them, leaving out what the request did not ask for', () => {
    // The documentation's examples: request-chat has no chatEnded or nextPosition, a send without
    // transcriptPosition no transcript, a refusal nothing but the status and the errors.
    const joined = {
      from: { nickname: 'Ada', participantId: 1, type: 'Client' as const },
      index: 1,
      type: 'ParticipantJoined',
      utcTime: 1,
    };
    const keys = { alias: '117', chatId: 'C1', userId: 'u', secureKey: 'k' };
    const requested = nextChat(nextChat(newChat(), { type: 'request' }), {
      type: 'answer',
      response: { statusCode: 0, ...keys, messages: [joined] },
    });
    expect(requested.status).to.equal('waiting-agent');
    expect(requested.nextPosition).to.equal(2);
    const sent = nextChat(requested, {
      type: 'answer',
      response: { statusCode: 0, ...keys, chatEnded: false },
    });
    expect(sent.status).to.equal('waiting-agent');
    expect(sent.transcript).to.have.length(1);
    expect(sent.nextPosition).to.equal(2);
    const refused = nextChat(sent, {
      type: 'answer',
      response: { statusCode: 2, errors: [{ code: 102, advice: 'Chat session does not exist' }] },
    });
    expect(refused.status).to.equal('failed');
    expect(refused.error).to.equal('Chat session does not exist');
    expect(refused.chatId).to.equal('C1');
  });
  it('backs off exponentially, capped', () => {
    expect([1, 2, 3, 4, 5, 6, 9].map((n) => retryDelay(n, () => 1))).to.deep.equal([
      1000, 2000, 4000, 8000, 16000, 16000, 16000,
    ]);
  });
});
