import { expect } from 'chai';
import { createLog } from '../../src/monitor/log.ts';
import { createOutbox } from '../../src/monitor/outbox.ts';
import { memoryStorage } from '../../src/monitor/storage.ts';
import { createTransport, RETRY_MAX_MS } from '../../src/monitor/transport.ts';
import type { TrackedEvent } from '../../src/protocol/event.ts';
import type { QueuedEvent } from '../../src/protocol/ingest.ts';
import {
  captureLog,
  fakeServer,
  manualClock,
  names,
  startTracker,
  stopTrackers,
} from './helpers.ts';

const event = (n: number): QueuedEvent => ({
  eventType: 'BUSINESS',
  eventName: `E${n}`,
  eventID: n.toString(16).toUpperCase().padStart(32, '0'),
  globalVisitID: 'A'.repeat(32),
  visitID: 'B'.repeat(32),
  pageID: 'C'.repeat(32),
  timestamp: 1,
  url: 'http://shop.test/',
  title: 'Shop',
  visitKey: 'D'.repeat(32),
});

describe('the outbox and its transport', () => {
  afterEach(stopTrackers);

  it('survives a reload and drains once the server is back, each event exactly once', async () => {
    const storage = memoryStorage();
    const outboxStorage = memoryStorage();
    const server = fakeServer();
    server.up = false;
    const first = startTracker({}, { storage, outboxStorage, server });
    first.tracker.track('BUSINESS', 'WhileDown');
    await first.clock.advance(5000);
    expect(server.requests).to.be.greaterThan(0);
    expect(server.received).to.have.length(0);
    first.tracker.stop(); // the page unloads with its events still unsent

    const second = startTracker({}, { storage, outboxStorage, server });
    second.tracker.track('BUSINESS', 'AfterReload');
    await second.clock.advance(5000);
    expect(server.received).to.have.length(0);
    server.up = true;
    await second.clock.advance(RETRY_MAX_MS);
    expect(names(server.received)).to.deep.equal([
      'VisitStarted',
      'PageEntered',
      'WhileDown',
      'PageEntered',
      'AfterReload',
    ]);
    expect(new Set(server.received.map((e) => e.visitID)).size).to.equal(1);
    expect(JSON.parse(outboxStorage.get('beckon.outbox') ?? '[]')).to.deep.equal([]);
  });

  it('backs off with growing, jittered delays while the server is down', async () => {
    const clock = manualClock();
    const server = fakeServer();
    server.up = false;
    const outbox = createOutbox(memoryStorage(), 100, () => {});
    outbox.add(event(1));
    const transport = createTransport({
      url: 'http://beckon.test/server/data/events',
      outbox,
      clock,
      log: createLog(),
      fetch: server.fetch,
      sendBeacon: () => true,
      random: () => 1,
      onRefusedVisits: () => {},
    });
    transport.retryNow();
    const times: number[] = [];
    let seen = server.requests;
    for (let ms = 0; ms < 120_000; ms += 250) {
      await clock.advance(250);
      if (server.requests !== seen) {
        seen = server.requests;
        times.push(ms + 250);
      }
    }
    const gaps = times.map((t, i) => t - (times[i - 1] ?? 0));
    expect(gaps.slice(0, 5)).to.deep.equal([1000, 2000, 4000, 8000, 16000]);
    expect(Math.max(...gaps)).to.equal(RETRY_MAX_MS);
    server.up = true;
    await clock.advance(RETRY_MAX_MS);
    expect(names(server.received)).to.deep.equal(['E1']);
    transport.stop();
  });

  it('drops the oldest events when full and says how many', () => {
    const warnings: string[] = [];
    const outbox = createOutbox(memoryStorage(), 3, (dropped, total) =>
      warnings.push(`${dropped}/${total}`),
    );
    for (let n = 1; n <= 5; n++) outbox.add(event(n));
    expect(outbox.peek(10).map((e) => e.eventName)).to.deep.equal(['E3', 'E4', 'E5']);
    expect(warnings).to.deep.equal(['1/1', '1/2']);
  });

  it('drops only the events the server names as invalid and delivers the rest', async () => {
    const clock = manualClock();
    const log = captureLog();
    const outbox = createOutbox(memoryStorage(), 100, () => {});
    for (let n = 1; n <= 3; n++) outbox.add(event(n));
    const bodies: string[] = [];
    const fetchFn = (async (_url: RequestInfo | URL, init?: RequestInit) => {
      bodies.push(String(init?.body));
      const { events } = JSON.parse(String(init?.body)) as { events: TrackedEvent[] };
      const bad = events.findIndex((e) => e.eventName === 'E2');
      if (bad >= 0) {
        return Response.json(
          {
            error: 'invalid_event',
            message: 'x',
            rejected: [{ index: bad, field: 'url', message: 'too long' }],
          },
          { status: 400 },
        );
      }
      return Response.json({ accepted: events.map((e) => e.eventID), duplicates: [] });
    }) as typeof fetch;
    const transport = createTransport({
      url: '/e',
      outbox,
      clock,
      log,
      fetch: fetchFn,
      sendBeacon: () => true,
      onRefusedVisits: () => {},
    });
    transport.retryNow();
    await clock.advance(1000);
    expect(outbox.size()).to.equal(0);
    expect(
      JSON.parse(bodies[1] ?? '{}').events.map((e: TrackedEvent) => e.eventName),
    ).to.deep.equal(['E1', 'E3']);
    expect(log.errors).to.have.length(1);
    expect(log.errors[0]).to.contain('E2: url too long');
  });

  it('hands what is unsent to sendBeacon when the page is hidden, and keeps it until acknowledged', async () => {
    const server = fakeServer();
    server.up = false;
    const { tracker, beacons, clock, outboxStorage } = startTracker({}, { server });
    tracker.track('BUSINESS', 'BeforeHide');
    window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
    await clock.advance(0);
    // What the beacons carried, read once (a Blob reads asynchronously, not on the clock's time).
    const bodies = await Promise.all(beacons.map((beacon) => beacon.text()));
    const beaconed = bodies.flatMap(
      (text) => (JSON.parse(text) as { events: TrackedEvent[] }).events,
    );
    expect(names(beaconed)).to.deep.equal([
      'VisitStarted',
      'PageEntered',
      'BeforeHide',
      'PageExited',
    ]);
    expect(JSON.parse(outboxStorage.get('beckon.outbox') ?? '[]')).to.have.length(4);
    // A beacon cannot carry headers: the visit's key rides in the body, beside the events.
    const body = JSON.parse(bodies[0] ?? '{}') as { keys: Record<string, string> };
    const visitID = beaconed[0]?.visitID as string;
    expect(body.keys[visitID]).to.match(/^[0-9A-F]{32}$/);
    expect(beaconed.every((e) => !('visitKey' in e))).to.equal(true);
  });

  it('sends each visit its key apart from the events, and the same key for the whole visit', async () => {
    const server = fakeServer();
    const { tracker, clock, storage } = startTracker({}, { server });
    tracker.track('BUSINESS', 'One');
    await clock.advance(1000);
    tracker.track('BUSINESS', 'Two');
    await clock.advance(1000);
    const visitID = server.received[0]?.visitID as string;
    const record = JSON.parse(storage.get('beckon.visit') ?? '{}') as {
      key: string;
      known?: boolean;
    };
    expect(server.keys.get(visitID)).to.equal(record.key);
    // Only now may the stream and the inbox show the key: before, the server would answer 401.
    expect(record.known).to.equal(true);
    expect(names(server.received)).to.deep.equal(['VisitStarted', 'PageEntered', 'One', 'Two']);
    expect(server.received.every((e) => !('visitKey' in e))).to.equal(true);
  });

  it('starts a new visit when the server refuses the key, and loses no event on the way', async () => {
    const server = fakeServer();
    const storage = memoryStorage();
    const clock = manualClock();
    // The stored visit is one the server knows under another key (someone claimed its visitID).
    const claimed = 'E'.repeat(32);
    storage.set(
      'beckon.visit',
      JSON.stringify({ visitID: claimed, key: 'F'.repeat(32), lastActivity: clock.now() }),
    );
    server.keys.set(claimed, '0'.repeat(32));
    const { tracker, log } = startTracker({}, { server, storage, clock });
    tracker.track('BUSINESS', 'Search');
    await clock.advance(2000);
    expect(names(server.received)).to.deep.equal([
      'PageEntered',
      'Search',
      'PageExited',
      'VisitStarted',
      'PageEntered',
    ]);
    const visits = new Set(server.received.map((e) => e.visitID));
    expect([...visits]).to.have.length(1);
    expect(visits.has(claimed)).to.equal(false);
    expect(log.warnings.join(' ')).to.match(/visit E{32} refused/);
    const ids = await new Promise<{ visitID: string }>((resolve) => tracker.getIDs(resolve));
    expect(ids.visitID).to.equal([...visits][0]);
  });
});
