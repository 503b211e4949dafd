import { expect } from 'chai';
import { takeOverQueue } from '../../src/monitor/queue.ts';
import { memoryStorage } from '../../src/monitor/storage.ts';
import { captureLog, fakeServer, manualClock } from './helpers.ts';

// The npm entry (`beckon`): load() and push() on a real page, and the real queue taking them over
// as beckon.js does when it runs.

type Entry = typeof import('../../package/index.ts');
let fresh = 0;
/** A module instance of its own, as a page that has just loaded the site's bundle has. */
const entry = () => import(`../../package/index.ts?instance=${++fresh}`) as Promise<Entry>;
const scripts = () => [
  ...document.querySelectorAll<HTMLScriptElement>('script[src$="/beckon.js"]'),
];
/** What beckon.js does when it runs: take over `_gt`. */
const run = () =>
  takeOverQueue(window, {
    scriptUrl: 'http://beckon.test/beckon.js',
    loadStream: () => import('../../src/notify/notifications.ts'),
    clock: manualClock(),
    fetch: fakeServer().fetch,
    sendBeacon: () => true,
    storage: memoryStorage(),
    outboxStorage: memoryStorage(),
    log: captureLog(),
  });

describe('the npm entry', () => {
  afterEach(() => {
    const queue = window._gt;
    if (queue && !Array.isArray(queue)) queue.tracker.stop();
    delete window._gt;
    for (const script of scripts()) script.remove();
  });

  it('does nothing when imported', async () => {
    await entry();
    expect(window._gt).to.equal(undefined);
    expect(scripts()).to.have.length(0);
  });

  it('adds beckon.js once, with the endpoint and nonce, and resolves when it runs', async () => {
    const { load, push } = await entry();
    push(['event', 'Early']);
    let loaded = false;
    const first = load({
      endpoint: 'https://engage.example/',
      nonce: 'n0nce',
      config: { debug: true },
    });
    const second = load({ endpoint: 'https://engage.example' });
    void first.then(() => {
      loaded = true;
    });
    expect(second).to.equal(first);
    expect(scripts().map((s) => [s.src, s.nonce, s.async])).to.deep.equal([
      ['https://engage.example/beckon.js', 'n0nce', true],
    ]);
    expect((window._gt as unknown[]).slice(0, 2)).to.deep.equal([
      ['event', 'Early'],
      ['config', { debug: true, endpoint: 'https://engage.example' }],
    ]);
    await Promise.resolve();
    expect(loaded).to.equal(false);
    const queue = run();
    await first;
    expect(queue.tracker.config).to.include({ endpoint: 'https://engage.example', debug: true });
  });

  it('leaves a snippet already on the page alone', async () => {
    const snippet = document.createElement('script');
    snippet.src = 'https://cdn.example/beckon/beckon.js';
    snippet.type = 'text/plain';
    document.head.append(snippet);
    const { load } = await entry();
    const loading = load({ endpoint: 'https://engage.example' });
    expect(scripts()).to.deep.equal([snippet]);
    run();
    await loading;
  });

  it('resolves at once when Beckon already runs, and push then runs commands straight away', async () => {
    const queue = run();
    const { load, push } = await entry();
    await load({ endpoint: 'https://engage.example' });
    expect(scripts()).to.have.length(0);
    const heard: string[] = [];
    push(['on', 'event:Now', (event) => heard.push(event.eventName)]);
    push(['event', 'Now']);
    expect(heard).to.deep.equal(['Now']);
    expect(window._gt).to.equal(queue);
  });

  it('rejects, naming the address, when beckon.js cannot load; a later call tries again', async () => {
    const { load } = await entry();
    const endpoint = `${location.origin}/no-such-engagement-server`;
    let error: unknown;
    try {
      await load({ endpoint });
    } catch (caught) {
      error = caught;
    }
    expect(String(error)).to.contain(`${endpoint}/beckon.js`);
    expect(scripts()).to.have.length(0);
    const again = load({ endpoint });
    expect(scripts()).to.have.length(1);
    await again.catch(() => {});
  });
});
