import { expect } from 'chai';
import { initialConsent } from '../../src/monitor/consent.ts';
import { memoryStorage } from '../../src/monitor/storage.ts';
import { fakeServer, names, startTracker, stopTrackers } from './helpers.ts';

describe('consent', () => {
  afterEach(stopTrackers);

  it('holds events in memory, sends and stores nothing until consent is given', async () => {
    const storage = memoryStorage();
    const outboxStorage = memoryStorage();
    const { tracker, clock, server } = startTracker(
      { requireConsent: true },
      { storage, outboxStorage },
    );
    tracker.track('BUSINESS', 'Browsing');
    window.dispatchEvent(new PageTransitionEvent('pagehide'));
    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    await clock.advance(60_000);
    expect(server.requests).to.equal(0);
    expect(storage.get('beckon.globalVisitID')).to.equal(null);
    expect(outboxStorage.get('beckon.outbox')).to.equal(null);

    tracker.consent(true);
    await clock.advance(1000);
    expect(names(server.received)).to.deep.equal([
      'VisitStarted',
      'PageEntered',
      'Browsing',
      'PageExited',
      'PageEntered',
    ]);
    expect(storage.get('beckon.consent')).to.equal('granted');
    expect(storage.get('beckon.globalVisitID')).to.equal(server.received[0]?.globalVisitID);
  });

  it('["consent", false] clears what is held and records nothing more', async () => {
    const storage = memoryStorage();
    const { tracker, clock, server } = startTracker({ requireConsent: true }, { storage });
    tracker.track('BUSINESS', 'Held');
    tracker.consent(false);
    tracker.track('BUSINESS', 'AfterNo');
    const ids: unknown[] = [];
    tracker.getIDs((value) => ids.push(value));
    await clock.advance(60_000);
    expect(server.requests).to.equal(0);
    expect(ids).to.deep.equal([]);
    expect(storage.get('beckon.consent')).to.equal('denied');

    tracker.consent(true);
    await clock.advance(1000);
    expect(names(server.received)).to.deep.equal(['VisitStarted', 'PageEntered']);
    expect(ids).to.have.length(1);
  });

  it('["consent", false] removes what Beckon kept of the visitor, but the decision', () => {
    const storage = memoryStorage();
    const { tracker } = startTracker({}, { storage });
    const kept = [
      'beckon.globalVisitID',
      'beckon.visit',
      'beckon.visitor',
      'beckon.lastEventId',
      'beckon.recentMessages',
      'beckon.media',
    ];
    for (const key of kept) storage.set(key, '{"visitID":"x","value":"kept"}');
    tracker.consent(false);
    expect(kept.filter((key) => storage.get(key) !== null)).to.deep.equal([]);
    expect(storage.get('beckon.consent')).to.equal('denied');
  });

  it("['forget'] has the server erase the visitor with the visit's key, clears the device, consent included, and records nothing more", async () => {
    const server = fakeServer();
    const storage = memoryStorage();
    const { tracker, clock } = startTracker({}, { server, storage });
    tracker.track('BUSINESS', 'Hello');
    await clock.advance(1000);
    storage.set('beckon.cap', '{"visitID":"x"}');
    storage.set('beckon.consent', 'granted');
    const visit = JSON.parse(storage.get('beckon.visit') ?? '{}') as {
      visitID: string;
      key: string;
    };
    tracker.forget();
    expect(server.erasures).to.deep.equal([
      {
        url: `http://beckon.test/server/data/visits/${visit.visitID}/visitor`,
        authorization: `Bearer ${visit.key}`,
      },
    ]);
    const left = [
      'beckon.globalVisitID',
      'beckon.visit',
      'beckon.visitor',
      'beckon.consent',
      'beckon.cap',
    ];
    expect(left.filter((key) => storage.get(key) !== null)).to.deep.equal([]);
    tracker.track('BUSINESS', 'After');
    await clock.advance(5000);
    expect(server.names()).to.deep.equal(['VisitStarted', 'PageEntered', 'Hello']);
  });

  it('starts from the remembered decision and honours Do Not Track when asked', () => {
    const base = {
      requireConsent: true,
      respectDoNotTrack: false,
      doNotTrack: false,
      remembered: null,
    };
    expect(initialConsent(base)).to.equal('pending');
    expect(initialConsent({ ...base, remembered: 'granted' })).to.equal('granted');
    expect(initialConsent({ ...base, requireConsent: false })).to.equal('granted');
    expect(initialConsent({ ...base, requireConsent: false, remembered: 'denied' })).to.equal(
      'denied',
    );
    expect(initialConsent({ ...base, requireConsent: false, doNotTrack: true })).to.equal(
      'granted',
    );
    expect(
      initialConsent({ ...base, respectDoNotTrack: true, doNotTrack: true, remembered: 'granted' }),
    ).to.equal('denied');
  });
});
