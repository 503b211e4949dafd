import { expect } from 'chai';
import type { EngageHost } from '../../src/engage/host.ts';
import { MEDIA_KEY } from '../../src/media/adapter.ts';
import { resolveConfig } from '../../src/monitor/config.ts';
import { createEmitter } from '../../src/monitor/emitter.ts';
import { memoryStorage } from '../../src/monitor/storage.ts';
import type { MediaContext } from '../../src/protocol/media.ts';
import { createInboxAdapter } from '../../widgets/inbox/index.ts';
import { captureLog, type ManualClock, manualClock, settle } from './helpers.ts';

const ids = { globalVisitID: 'A'.repeat(32), visitID: 'B'.repeat(32), pageID: 'C'.repeat(32) };
const context: MediaContext = {
  ...ids,
  proactive: true,
  type: 'message',
  attachedData: { visitID: ids.visitID, pageID: ids.pageID, webengagement: '' },
};

/** The relay's answers in order (a status, or 'network' for a failed fetch), then 200 delivered. */
function fakeRelay() {
  const relay = {
    answers: [] as Array<number | 'network' | { status: number; body: unknown }>,
    received: [] as Array<{ body: Record<string, unknown>; authorization: string | null }>,
    fetch: (async (_url: RequestInfo | URL, init?: RequestInit) => {
      relay.received.push({
        body: JSON.parse(String(init?.body)),
        authorization: new Headers(init?.headers).get('authorization'),
      });
      const next = relay.answers.shift() ?? 200;
      if (next === 'network') throw new TypeError('Failed to fetch');
      const { status, body } =
        typeof next === 'number'
          ? {
              status: next,
              body: next === 200 ? { status: 'delivered' } : { error: 'x', message: 'down' },
            }
          : next;
      return new Response(JSON.stringify(body), {
        status,
        headers: {
          'content-type': 'application/json',
          ...(status === 503 ? { 'retry-after': '5' } : {}),
        },
      });
    }) as typeof fetch,
  };
  return relay;
}

function page(storage = memoryStorage(), relay = fakeRelay(), clock: ManualClock = manualClock()) {
  storage.set(
    'beckon.visit',
    JSON.stringify({
      visitID: ids.visitID,
      key: 'D'.repeat(32),
      lastActivity: Date.now(),
      known: true,
    }),
  );
  const log = captureLog();
  const emitter = createEmitter(log);
  const win = {
    fetch: relay.fetch,
    document,
    location: window.location,
    addEventListener: window.addEventListener.bind(window),
    removeEventListener: window.removeEventListener.bind(window),
  } as unknown as Window;
  const host: Parameters<typeof createInboxAdapter>[0] = {
    win,
    config: resolveConfig({ endpoint: 'https://beckon.example' }, location.origin),
    log,
    storage: () => storage,
    now: () => clock.now(),
    ids: () => ids,
    on: emitter.on,
    off: emitter.off,
  } satisfies Partial<EngageHost>;
  const panel = () => document.querySelector('[data-beckon="contact"]')?.shadowRoot ?? null;
  return { adapter: createInboxAdapter(host, clock), relay, storage, clock, emitter, log, panel };
}

const field = (root: ShadowRoot, name: string) =>
  root.querySelector(`[name="${name}"]`) as HTMLInputElement | HTMLTextAreaElement;
const button = (root: ShadowRoot, text: string) =>
  [...root.querySelectorAll('button')].find((b) => b.textContent === text) as HTMLButtonElement;
const until = async (check: () => unknown) => {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  return check();
};

async function write(root: ShadowRoot, text: string) {
  field(root, 'name').value = 'Ada';
  field(root, 'email').value = 'ada@example.com';
  field(root, 'text').value = text;
  button(root, 'Send message').click();
  await settle();
}
const entries = (root: ShadowRoot | null) =>
  [...(root?.querySelectorAll('ol.log li:not([aria-hidden])') ?? [])].map((li) => li.textContent);

describe('the inbox adapter', () => {
  afterEach(() => {
    for (const el of document.querySelectorAll('[data-beckon]')) el.remove();
  });

  it('keeps trying a message until the relay takes it, one message id throughout', async () => {
    const { adapter, relay, clock, panel } = page();
    relay.answers.push(503, 'network');
    await adapter.open(context);
    await write(panel() as ShadowRoot, 'Do you ship to Oslo?');
    expect(await until(() => entries(panel())[0]?.includes('we keep trying'))).to.be.true;
    await clock.advance(5000); // the relay's Retry-After
    expect(relay.received).to.have.length(2);
    await clock.advance(2500); // backoff after the network failure: 2 s, give or take a quarter
    expect(await until(() => entries(panel())[0]?.endsWith('Sent'))).to.be.true;
    expect(relay.received).to.have.length(3);
    const [first, , last] = relay.received;
    expect(last?.body.clientMessageId).to.equal(first?.body.clientMessageId);
    expect(first?.authorization).to.equal(`Bearer ${'D'.repeat(32)}`);
    expect(first?.body).to.deep.include({
      ...ids,
      webengagement: true,
      name: 'Ada',
      email: 'ada@example.com',
      text: 'Do you ship to Oslo?',
    });
  });

  it('shows a refusal with its reason, and sends again when asked', async () => {
    const { adapter, relay, panel, log } = page();
    relay.answers.push({
      status: 400,
      body: { error: 'invalid_message', message: 'name: too long' },
    });
    await adapter.open(context);
    await write(panel() as ShadowRoot, 'Hello');
    expect(await until(() => entries(panel())[0]?.includes('Not sent: name: too long'))).to.be.true;
    expect(log.errors.join()).to.match(/name: too long/);
    button(panel() as ShadowRoot, 'Try again').click();
    expect(await until(() => entries(panel())[0]?.endsWith('Sent'))).to.be.true;
    expect(relay.received).to.have.length(2);
  });

  it('says so when the relay held back a repeat of the same text', async () => {
    const { adapter, relay, panel } = page();
    relay.answers.push({ status: 200, body: { status: 'suppressed' } });
    await adapter.open(context);
    await write(panel() as ShadowRoot, 'Hello?');
    expect(await until(() => entries(panel())[0]?.includes('Not sent again'))).to.be.true;
  });

  it('shows each reply once, and a reply opens a closed conversation again', async () => {
    const { adapter, emitter, panel } = page();
    const session = await adapter.open(context);
    const closed: unknown[] = [];
    session.on('closed', () => closed.push(true));
    await write(panel() as ShadowRoot, 'Hello');
    emitter.emit('message', { id: 'f1', text: 'Hi Ada, how can we help?', from: 'Agent' });
    emitter.emit('message', { id: 'f1', text: 'Hi Ada, how can we help?', from: 'Agent' });
    // The panel shows its store a moment after it changes: both replies have come by then.
    const replies = () => entries(panel()).filter((t) => t?.includes('how can we help'));
    expect(await until(() => replies().length > 0)).to.be.true;
    expect(replies()).to.have.length(1);
    button(panel() as ShadowRoot, 'Close').click();
    expect(panel()).to.equal(null);
    expect(closed).to.have.length(1);
    emitter.emit('message', { id: 'f2', text: 'Are you still there?', from: 'Agent' });
    expect(await until(() => entries(panel()).at(-1)?.includes('Are you still there?'))).to.be.true;
  });

  it('goes on on the next page: the conversation is back and what was pending is sent', async () => {
    const storage = memoryStorage();
    const first = page(storage);
    first.relay.answers.push('network', 'network', 'network');
    await first.adapter.open(context);
    await write(first.panel() as ShadowRoot, 'Sent while offline');
    await until(() => first.relay.received.length === 1);
    for (const el of document.querySelectorAll('[data-beckon]')) el.remove();

    const next = page(storage);
    const session = await next.adapter.resume();
    expect(session).to.not.equal(null);
    expect(await until(() => entries(next.panel())[0]?.endsWith('Sent'))).to.be.true;
    expect(next.relay.received[0]?.body.clientMessageId).to.equal(
      first.relay.received[0]?.body.clientMessageId,
    );
    session?.close();
    expect(storage.get(MEDIA_KEY)).to.equal(null);
    expect(await page(storage).adapter.resume()).to.equal(null);
  });
});
