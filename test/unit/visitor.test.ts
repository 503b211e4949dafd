import { expect } from 'chai';
import { memoryStorage } from '../../src/monitor/storage.ts';
import { noteVisitor, visitorFields } from '../../src/monitor/visitor.ts';
import { names, settle, startTracker, stopTrackers } from './helpers.ts';

const A = 'A'.repeat(32);
const B = 'B'.repeat(32);

describe("what the visit tells of its visitor (GWE's user data)", () => {
  afterEach(() => stopTrackers());

  it("keeps VisitStarted's time zone and language and what SignIn and UserInfo say, until SignOut", () => {
    const storage = memoryStorage();
    noteVisitor(storage, A, 'VisitStarted', {
      timezoneOffset: -60,
      languageCode: 'de-DE',
      screen: '390x844',
      referrer: 'https://search.example/?q=private',
    });
    noteVisitor(storage, A, 'PageEntered', { email: 'not@identity.example' });
    noteVisitor(storage, A, 'SignIn', { email: 'ada@example.com', vip: true, prefs: { a: 1 } });
    noteVisitor(storage, A, 'UserInfo', { firstName: 'Ada', age: 36, tags: ['x'] });
    expect(visitorFields(storage, A)).to.deep.equal({
      timezoneOffset: '-60',
      languageCode: 'de-DE',
      email: 'ada@example.com',
      vip: 'true',
      firstName: 'Ada',
      age: '36',
    });
    noteVisitor(storage, A, 'SignOut', {});
    expect(visitorFields(storage, A)).to.deep.equal({
      timezoneOffset: '-60',
      languageCode: 'de-DE',
    });
  });

  it('belongs to one visit: a new visit starts afresh, and another visit reads nothing', () => {
    const storage = memoryStorage();
    noteVisitor(storage, A, 'SignIn', { email: 'ada@example.com' });
    expect(visitorFields(storage, B)).to.deep.equal({});
    noteVisitor(storage, B, 'VisitStarted', { timezoneOffset: 0 });
    expect(visitorFields(storage, B)).to.deep.equal({ timezoneOffset: '0' });
    expect(visitorFields(storage, A)).to.deep.equal({});
  });

  it('is filled by the tracker from the events the page sends, and forgotten when consent is withdrawn', async () => {
    const { tracker, storage, server, clock } = startTracker();
    tracker.track('SYSTEM', 'SignIn', { email: 'ada@example.com' });
    await clock.advance(1000);
    await settle();
    expect(names(server.received)).to.include('SignIn');
    const { visitID } = await new Promise<{ visitID: string }>((resolve) =>
      tracker.getIDs(resolve),
    );
    expect(visitorFields(storage, visitID)).to.include({ email: 'ada@example.com' });
    expect(visitorFields(storage, visitID).timezoneOffset).to.match(/^-?\d+$/);
    tracker.consent(false);
    expect(visitorFields(storage, visitID)).to.deep.equal({});
  });
});
