import { expect } from 'chai';
import { memoryStorage } from '../../src/monitor/storage.ts';
import { continueVisit } from '../../src/monitor/visit.ts';
import { names, startTracker, stopTrackers } from './helpers.ts';

const MINUTE = 60_000;

describe('visits', () => {
  afterEach(stopTrackers);

  it('continue while active within the timeout and end after it', () => {
    let n = 0;
    const id = () => `${++n}`.padStart(32, '0');
    const first = continueVisit(null, 0, 30 * MINUTE, id);
    expect(first.started).to.equal(true);
    const later = continueVisit(first.visit, 29 * MINUTE, 30 * MINUTE, id);
    expect(later).to.deep.equal({
      visit: { visitID: first.visit.visitID, key: first.visit.key, lastActivity: 29 * MINUTE },
      started: false,
    });
    expect(first.visit.key).not.to.equal(first.visit.visitID);
    const expired = continueVisit(later.visit, 59 * MINUTE, 30 * MINUTE, id);
    expect(expired.started).to.equal(true);
    expect(expired.visit.visitID).not.to.equal(first.visit.visitID);
    expect(expired.visit.key).not.to.equal(first.visit.key);
  });

  it('renew after visitTimeoutMinutes of inactivity: the page view moves into a new visit', async () => {
    const { tracker, clock, server } = startTracker({ visitTimeoutMinutes: 30 });
    tracker.track('BUSINESS', 'Early');
    await clock.advance(29 * MINUTE);
    tracker.track('BUSINESS', 'StillSameVisit');
    await clock.advance(31 * MINUTE);
    tracker.track('BUSINESS', 'AfterIdle');
    await clock.advance(1000);

    expect(names(server.received)).to.deep.equal([
      'VisitStarted',
      'PageEntered',
      'Early',
      'StillSameVisit',
      'PageExited',
      'VisitStarted',
      'PageEntered',
      'AfterIdle',
    ]);
    const [first, second] = [server.received[0], server.received[5]];
    expect(second?.visitID).not.to.equal(first?.visitID);
    expect(second?.globalVisitID).to.equal(first?.globalVisitID);
    expect(server.received[4]?.visitID).to.equal(first?.visitID);
    expect(server.received[6]?.pageID).not.to.equal(server.received[1]?.pageID);
    expect(server.received[7]?.visitID).to.equal(second?.visitID);
  });

  it('is shared by tabs: a second page in the same browser joins the visit', async () => {
    const a = startTracker();
    const b = startTracker({}, { storage: a.storage, clock: a.clock, server: a.server });
    await a.clock.advance(1000);
    const ids = new Set(a.server.received.map((event) => event.visitID));
    expect(ids.size).to.equal(1);
    expect(names(a.server.received).filter((name) => name === 'VisitStarted')).to.have.length(1);
    b.tracker.stop();
  });

  it('replaces stored IDs that are no longer usable instead of sending them', async () => {
    const storage = memoryStorage();
    storage.set('beckon.globalVisitID', 'not-an-id');
    storage.set('beckon.visit', '{"visitID": 42}');
    const outboxStorage = memoryStorage();
    outboxStorage.set('beckon.outbox', '{"not": "a list"}');
    const { clock, server } = startTracker({}, { storage, outboxStorage });
    await clock.advance(1000);
    expect(names(server.received)).to.deep.equal(['VisitStarted', 'PageEntered']);
    expect(server.received[0]?.globalVisitID).to.match(/^[0-9A-F]{32}$/);
    expect(storage.get('beckon.globalVisitID')).to.equal(server.received[0]?.globalVisitID);
  });

  it('uses GWE-style IDs: 32 uppercase hex characters, a fresh one per event', async () => {
    const { tracker, clock, server } = startTracker();
    tracker.track('BUSINESS', 'One');
    await clock.advance(1000);
    for (const event of server.received) {
      for (const id of [event.eventID, event.visitID, event.pageID, event.globalVisitID])
        expect(id).to.match(/^[0-9A-F]{32}$/);
    }
    expect(new Set(server.received.map((event) => event.eventID)).size).to.equal(
      server.received.length,
    );
  });
});
