import { expect } from 'chai';
import { type KeyValue, memoryStorage } from '../../src/monitor/storage.ts';
import { LAST_EVENT_KEY, RECENT_KEY } from '../../src/notify/for-visit.ts';
import { startNotifications } from '../../src/notify/notifications.ts';
import { captureLog, manualClock } from './helpers.ts';

const ids = { globalVisitID: 'A'.repeat(32), visitID: 'B'.repeat(32), pageID: 'C'.repeat(32) };
const visitRecord = () =>
  JSON.stringify({
    visitID: ids.visitID,
    key: 'D'.repeat(32),
    lastActivity: Date.now(),
    known: true,
  });
const sse = (blocks: Array<[string, unknown]>) =>
  blocks
    .map(([id, notification]) => `id: ${id}\ndata: ${JSON.stringify({ id, notification })}\n\n`)
    .join(': heartbeat\n\n');

/** A server that answers each stream request with the next body, then holds the stream open. */
function streamServer(bodies: string[]) {
  const requests: Array<{
    url: string;
    lastEventId: string | null;
    authorization: string | null;
  }> = [];
  const fetchFn = (async (url: RequestInfo | URL, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    requests.push({
      url: String(url),
      lastEventId: headers.get('last-event-id'),
      authorization: headers.get('authorization'),
    });
    const body = bodies.shift() ?? '';
    const stream = new ReadableStream<Uint8Array>({
      start: (controller) => controller.enqueue(new TextEncoder().encode(body)),
    });
    return new Response(stream, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  }) as typeof fetch;
  return { requests, fetch: fetchFn };
}

function start(
  server: ReturnType<typeof streamServer>,
  storage: KeyValue,
  { clock = manualClock(), since = 0 } = {},
) {
  const delivered: unknown[] = [];
  const notifications = startNotifications({
    win: window,
    endpoint: 'https://engage.example',
    clock,
    since,
    log: captureLog(),
    fetch: server.fetch,
    storage: () => storage,
    ids: () => ids,
    deliver: (notification) => delivered.push(notification),
  });
  started.push(notifications);
  return { notifications, delivered };
}
/** Stopped after each test, passed or failed: a tab left running keeps the visit's Web Lock. */
const started: Array<{ stop(): void }> = [];
afterEach(() => {
  for (const notifications of started.splice(0)) notifications.stop();
});

describe('notifications in the core', () => {
  it('wait for the visit key, then deliver only what targets this page view, once, remembering the last ID', async () => {
    const server = streamServer([
      sse([
        ['101', { channel: 'beckon.message', data: { text: 'for every page' } }],
        [
          '102',
          {
            page: 'D'.repeat(32),
            channel: 'beckon.message',
            data: { text: 'for another page view' },
          },
        ],
        [
          '103',
          { page: ids.pageID, channel: 'beckon.message', data: { text: 'for this page view' } },
        ],
        ['101', { channel: 'beckon.message', data: { text: 'a repeat' } }],
      ]),
    ]);
    const storage = memoryStorage();
    const { notifications, delivered } = start(server, storage);
    notifications.update();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.requests).to.deep.equal([]);

    storage.set('beckon.visit', visitRecord());
    notifications.visitKnown();
    const end = Date.now() + 2000;
    while (delivered.length < 2 && Date.now() < end)
      await new Promise((resolve) => setTimeout(resolve, 10));
    // The key goes in a header: URLs end up in proxies' logs.
    expect(server.requests[0]?.url).to.equal(
      `https://engage.example/server/notifications/${ids.visitID}`,
    );
    expect(server.requests[0]?.authorization).to.equal(`Bearer ${'D'.repeat(32)}`);
    expect(delivered.map((n) => (n as { data: { text: string } }).data.text)).to.deep.equal([
      'for every page',
      'for this page view',
    ]);
    expect(JSON.parse(storage.get(LAST_EVENT_KEY) ?? '{}')).to.deep.equal({
      visitID: ids.visitID,
      value: '103',
    });
  });

  it('resumes from the last ID any tab saw', async () => {
    const server = streamServer(['']);
    const storage = memoryStorage();
    storage.set(LAST_EVENT_KEY, JSON.stringify({ visitID: ids.visitID, value: '555' }));
    storage.set('beckon.visit', visitRecord());
    const { notifications } = start(server, storage);
    notifications.update();
    const end = Date.now() + 2000;
    while (!server.requests.length && Date.now() < end)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(server.requests[0]?.lastEventId).to.equal('555');
  });

  it('a tab that joins late hears what the leading tab received since it was opened, and only that', async () => {
    // Shared by every tab of the browser, as localStorage is.
    const storage: KeyValue = { ...memoryStorage(), kind: 'localStorage' };
    storage.set('beckon.visit', visitRecord());
    const clock = manualClock(10_000);
    const leader = start(
      streamServer([
        sse([
          ['201', { channel: 'beckon.message', data: { text: 'for the visit' } }],
          ['202', { page: ids.pageID, channel: 'beckon.message', data: { text: 'for its page' } }],
        ]),
      ]),
      storage,
      { clock },
    );
    leader.notifications.update();
    const end = Date.now() + 2000;
    while (leader.delivered.length < 2 && Date.now() < end)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(leader.delivered).to.have.length(2);

    // Opened before the messages came, joining only now (its stream's chunk was loading).
    const opened = start(streamServer([]), storage, { since: 9_000 });
    opened.notifications.update();
    expect(opened.delivered.map((n) => (n as { data: { text: string } }).data.text)).to.deep.equal([
      'for the visit',
      'for its page',
    ]);
    // Opened after they came: they were never its to hear.
    const later = start(streamServer([]), storage, { since: 11_000 });
    later.notifications.update();
    expect(later.delivered).to.deep.equal([]);
  });

  it('reads past whatever else the page left under its key', async () => {
    const storage: KeyValue = { ...memoryStorage(), kind: 'localStorage' };
    storage.set('beckon.visit', visitRecord());
    const junk = [
      '"a string"',
      '{"visitID":"x"}',
      JSON.stringify({ visitID: ids.visitID, value: 'not a list' }),
      JSON.stringify({
        visitID: ids.visitID,
        value: [null, 7, { id: 1, data: '{}', at: 0 }, { id: '9', data: {}, at: 0 }],
      }),
    ];
    for (const value of junk) {
      storage.set(RECENT_KEY, value);
      const tab = start(streamServer([]), storage);
      tab.notifications.update();
      expect(tab.delivered).to.deep.equal([]);
    }
    // The tabs above hold the visit's lock: the leader below runs the stream.
    for (const tab of started.splice(0)) tab.stop();
    const leader = start(
      streamServer([sse([['401', { channel: 'beckon.message', data: { text: 'kept' } }]])]),
      storage,
      { clock: manualClock(5_000) },
    );
    leader.notifications.update();
    const end = Date.now() + 2000;
    while (!leader.delivered.length && Date.now() < end)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(JSON.parse(storage.get(RECENT_KEY) ?? '{}').value).to.deep.equal([
      {
        id: '401',
        data: JSON.stringify({
          id: '401',
          notification: { channel: 'beckon.message', data: { text: 'kept' } },
        }),
        at: 5_000,
      },
    ]);
  });

  it('keeps no message in a cookie', async () => {
    const storage: KeyValue = { ...memoryStorage(), kind: 'cookie' };
    storage.set('beckon.visit', visitRecord());
    const tab = start(
      streamServer([sse([['301', { channel: 'beckon.message', data: { text: 'private' } }]])]),
      storage,
    );
    tab.notifications.update();
    const end = Date.now() + 2000;
    while (!tab.delivered.length && Date.now() < end)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(tab.delivered).to.have.length(1);
    expect(storage.get(RECENT_KEY)).to.equal(null);
  });
});
