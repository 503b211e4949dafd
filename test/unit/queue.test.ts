import { expect } from 'chai';
import { takeOverQueue } from '../../src/monitor/queue.ts';
import { memoryStorage } from '../../src/monitor/storage.ts';
import type { BeckonApi } from '../../src/monitor/tracker.ts';
import { captureLog, fakeServer, manualClock } from './helpers.ts';

describe('the _gt command queue', () => {
  let clock: ReturnType<typeof manualClock>;
  let server: ReturnType<typeof fakeServer>;
  let log: ReturnType<typeof captureLog>;
  const env = () => ({
    scriptUrl: 'http://beckon.test/beckon.js',
    loadStream: () => import('../../src/notify/notifications.ts'),
    clock,
    fetch: server.fetch,
    sendBeacon: () => true,
    storage: memoryStorage(),
    outboxStorage: memoryStorage(),
    log,
  });

  beforeEach(() => {
    clock = manualClock();
    server = fakeServer();
    log = captureLog();
  });
  afterEach(() => {
    const queue = window._gt;
    if (queue && !Array.isArray(queue)) queue.tracker.stop();
    delete window._gt;
  });

  it('runs config first whatever its place, then the other commands in order', async () => {
    const seen: string[] = [];
    window._gt = [
      ['event', 'First'],
      function (this: BeckonApi) {
        seen.push(typeof this.track);
        this.track('BUSINESS', 'FromFunction');
      },
      ['config', { languageCode: 'de-CH' }],
      ['event', 'Second', { data: { n: 2 } }],
    ];
    takeOverQueue(window, env());
    await clock.advance(1000);
    expect(server.names()).to.deep.equal([
      'VisitStarted',
      'PageEntered',
      'First',
      'FromFunction',
      'Second',
    ]);
    expect(server.received.every((event) => event.languageCode === 'de-CH')).to.equal(true);
    expect(server.received[4]?.data).to.deep.equal({ n: 2 });
    expect(seen).to.deep.equal(['function']);
  });

  it('registers queued listeners before the first page view, so they hear it', () => {
    const heard: string[] = [];
    window._gt = [
      ['event', 'Later'],
      ['on', 'event:*', (event: { eventName: string }) => heard.push(event.eventName)],
    ];
    takeOverQueue(window, env());
    expect(heard).to.deep.equal(['VisitStarted', 'PageEntered', 'Later']);
  });

  it('becomes an object whose push runs at once', async () => {
    window._gt = [];
    takeOverQueue(window, env());
    expect(Array.isArray(window._gt)).to.equal(false);
    const recorded: string[] = [];
    window._gt?.push([
      'on',
      'event:*',
      (event: { eventName: string }) => recorded.push(event.eventName),
    ]);
    window._gt?.push(['event', 'Now'], ['event', 'AndThis']);
    expect(recorded).to.deep.equal(['Now', 'AndThis']);
    await clock.advance(1000);
    expect(server.names().slice(-2)).to.deep.equal(['Now', 'AndThis']);
  });

  it('merges several config commands and names a bad key without dropping the good ones', async () => {
    window._gt = [
      ['config', { languageCode: 'fr', visitTimeoutMinutes: 'soon' }],
      ['config', { debug: false }],
    ];
    const { tracker } = takeOverQueue(window, env());
    expect(tracker.config.languageCode).to.equal('fr');
    expect(tracker.config.visitTimeoutMinutes).to.equal(30);
    expect(log.errors).to.have.length(1);
    expect(log.errors[0]).to.contain("'visitTimeoutMinutes' must be a number");
  });

  it('defaults the endpoint to the origin the script came from', () => {
    window._gt = [];
    const { tracker } = takeOverQueue(window, {
      ...env(),
      scriptUrl: 'https://cdn.example.com/js/beckon.js',
    });
    expect(tracker.config.endpoint).to.equal('https://cdn.example.com');
  });

  it('leaves a running tracker alone when the script is loaded twice', () => {
    window._gt = [];
    const first = takeOverQueue(window, env());
    const second = takeOverQueue(window, env());
    expect(second).to.equal(first);
    expect(window._gt).to.equal(first);
  });

  it('gives the IDs to getIDs callbacks queued before load', async () => {
    const got: unknown[] = [];
    window._gt = [['getIDs', (ids: unknown) => got.push(ids)]];
    takeOverQueue(window, env());
    await clock.advance(0);
    expect(got).to.have.length(1);
    const ids = got[0] as Record<string, string>;
    expect(Object.keys(ids).sort()).to.deep.equal(['globalVisitID', 'pageID', 'visitID']);
    for (const id of Object.values(ids)) expect(id).to.match(/^[0-9A-F]{32}$/);
  });
});
