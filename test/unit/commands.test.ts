import { expect } from 'chai';
import { runCommand } from '../../src/monitor/commands.ts';
import { startTracker, stopTrackers } from './helpers.ts';

const circular: Record<string, unknown> = {};
circular.self = circular;
const noop = () => {};

/** Each entry is wrong in its own way; the text names what the console error must mention. */
const MALFORMED: Array<[string, unknown, string]> = [
  ['undefined', undefined, 'expected [command, ...arguments]'],
  ['null', null, 'expected [command, ...arguments]'],
  ['a number', 42, 'expected [command, ...arguments]'],
  ['a bare string', 'event', 'expected [command, ...arguments]'],
  ['a plain object', { event: 'x' }, 'expected [command, ...arguments]'],
  ['an empty array', [], 'expected [command, ...arguments]'],
  ['a numeric command name', [42], 'expected [command, ...arguments]'],
  ['an unknown command', ['trackPageView'], "'trackPageView'"],
  ['a prototype key as command', ['toString'], "'toString'"],
  ['__proto__ as command', ['__proto__'], "'__proto__'"],
  ['event without a name', ['event'], "'event'"],
  ['event with a numeric name', ['event', 42], 'event name'],
  ['event with an empty name', ['event', ''], '1-64 letters'],
  ['event with spaces in the name', ['event', 'add to cart'], '1-64 letters'],
  ['event with a 65-character name', ['event', 'x'.repeat(65)], '1-64 letters'],
  ['event with string options', ['event', 'Buy', 'now'], '{data: {...}}'],
  [
    'event with data that is not an object',
    ['event', 'Buy', { data: 5 }],
    'data must be a plain object',
  ],
  ['event with fields outside data', ['event', 'Buy', { sku: 'A1' }], 'unknown option(s) sku'],
  ['event with circular data', ['event', 'Buy', { data: circular }], 'JSON-serialisable'],
  [
    'event with oversized data',
    ['event', 'Buy', { data: { blob: 'x'.repeat(20_000) } }],
    'at most 16384',
  ],
  ['a reserved system event', ['event', 'PageEntered'], 'recorded by Beckon itself'],
  ['getIDs without a callback', ['getIDs'], "'getIDs'"],
  ['getIDs with a string', ['getIDs', 'cb'], 'must be a function'],
  ['on with a numeric name', ['on', 5, noop], 'the name must be one of'],
  ['on with a name Beckon never sends', ['on', 'invite:show', noop], 'invite:shown'],
  ['consent with one argument too many', ['consent', true, false], 'at most 1 argument'],
  ['event with one argument too many', ['event', 'Buy', {}, {}], 'at most 2 arguments'],
  ['on without a listener', ['on', 'event:*'], 'must be a function'],
  ['off without arguments', ['off'], "'off'"],
  ['consent with a string', ['consent', 'yes'], 'true or false'],
  ['page with a string', ['page', '/next'], 'must be an object'],
  ['page with a numeric url', ['page', { url: 5 }], 'url must be a string'],
  ['page with an unknown option', ['page', { path: '/x' }], 'unknown option(s) path'],
  ['debug with a word', ['debug', 'loud'], 'true or false'],
  ['config with a number', ['config', 5], 'must be an object'],
  ['config with a negative timeout', ['config', { visitTimeoutMinutes: -1 }], 'positive number'],
  ['config with an unknown key', ['config', { bogus: true }], "unknown key 'bogus'"],
  ['config with a wrong type', ['config', { trackSpa: 'yes' }], "'trackSpa' must be a boolean"],
  [
    'a function that throws',
    () => {
      throw new Error('boom');
    },
    'failed',
  ],
];

describe('malformed commands', () => {
  afterEach(stopTrackers);

  it(`covers at least 20 kinds (${MALFORMED.length})`, () => {
    expect(MALFORMED.length).to.be.at.least(20);
  });

  for (const [kind, command, mention] of MALFORMED) {
    it(`${kind}: one console error, nothing thrown, the next command still runs`, async () => {
      const { tracker, log, clock, server } = startTracker();
      expect(() => runCommand(tracker, log, command)).not.to.throw();
      runCommand(tracker, log, ['event', 'StillWorks']);
      await clock.advance(1000);
      expect(log.errors, log.errors.join('\n')).to.have.length(1);
      expect(log.errors[0]).to.contain('_gt.push(');
      expect(log.errors[0]).to.contain(mention);
      expect(server.names()).to.include('StillWorks');
    });
  }

  it('accepts the GWE 8.1 and legacy spellings', async () => {
    const { tracker, log, clock, server } = startTracker();
    runCommand(tracker, log, ['event', { eventName: 'CartChange', action: 'add' }]);
    runCommand(tracker, log, ['sendSignIn', { data: { email: 'a@example.com' } }]);
    runCommand(tracker, log, ['event', 'sendUserInfo', { data: { userId: 'u1' } }]);
    await clock.advance(1000);
    expect(log.errors).to.deep.equal([]);
    const [cart, signIn, userInfo] = server.received.slice(-3);
    expect(cart).to.include({ eventName: 'CartChange', eventType: 'BUSINESS' });
    expect(cart?.data).to.deep.equal({ action: 'add' });
    expect(signIn).to.include({ eventName: 'SignIn', eventType: 'SYSTEM' });
    expect(userInfo).to.include({ eventName: 'UserInfo', eventType: 'SYSTEM' });
  });
});
