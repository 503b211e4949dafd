import { expect } from 'chai';
import fc from 'fast-check';
import { runCommand } from '../../src/monitor/commands.ts';
import { Command, PageInvite } from '../../src/protocol/command.ts';
import { Config } from '../../src/protocol/config.ts';
import { LISTENER_NAMES, OWN_CHANNELS, SYSTEM_EVENTS } from '../../src/protocol/names.ts';
import { InviteData, Notification } from '../../src/protocol/notification.ts';
import { startTracker, stopTrackers } from './helpers.ts';

// The `Command` type integrators compile against and the core's hand-written checks must accept and
// refuse the same commands; here both judge generated ones.

const seed = Number(new URLSearchParams(location.search).get('seed') ?? 20261202);
const listener = fc.constant(() => {});
const junk = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.integer(),
  fc.boolean(),
  fc.constantFrom(null, undefined, [], {}, Number.NaN),
  listener,
);
const eventName = fc.oneof(
  fc.constantFrom('Buy', 'AddToCart', 'sendSignIn', 'SignIn', 'UserInfo', 'a.b:c-d_e'),
  fc.constantFrom(...SYSTEM_EVENTS, '', 'add to cart', 'x'.repeat(64), 'x'.repeat(65)),
  fc.string({ maxLength: 8 }),
);
const data = fc.oneof(
  fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
  fc.constant({ blob: 'x'.repeat(17_000) }),
  junk,
);
const eventOptions = fc.oneof(
  fc.record({ data }),
  fc.record({ data, sku: fc.string() }, { requiredKeys: ['sku'] }),
  fc.constant({}),
);
const legacyEvent = fc.oneof(
  fc.record({ eventName, action: fc.string({ maxLength: 4 }) }),
  fc.record({ eventName, blob: fc.constant('x'.repeat(17_000)) }),
);
const listenerName = fc.oneof(
  fc.constantFrom(...LISTENER_NAMES),
  fc.constantFrom('event:Buy', 'event:*', 'notification:acme.offers', 'event:', 'invite:show'),
  fc.string({ maxLength: 8 }),
);
const adapter = fc.record(
  {
    name: fc.constantFrom('booking', 'my-chat-2', 'Booking', '2x', '', 'x'.repeat(33)),
    party: fc.constantFrom('second', 'third', 'first'),
    open: fc.oneof(listener, junk),
    resume: fc.oneof(listener, junk),
  },
  { requiredKeys: [] },
);
const pageOverrides = fc.record(
  { url: fc.oneof(fc.webUrl(), junk), title: fc.oneof(fc.string(), junk), path: fc.string() },
  { requiredKeys: [] },
);
/** Config keys of one kind the core checks in full; the object ones' insides are checked later. */
const flatKeys = Object.keys(Config.shape).filter(
  (key) => !['dsl', 'invitation', 'frame', 'gms', 'contentOrigins'].includes(key),
);
const config = fc.dictionary(
  fc.constantFrom(...flatKeys, 'bogus'),
  fc.oneof(junk, fc.double({ min: -5, max: 60 }), fc.webUrl()),
  { maxKeys: 3 },
);
/** What may stand in any argument's place: every command's arguments, and junk. */
const argument = fc.oneof(
  eventName,
  eventOptions,
  legacyEvent,
  listenerName,
  listener,
  adapter,
  pageOverrides,
  config,
  junk,
);
const name = fc.constantFrom(
  'config',
  'event',
  'sendSignIn',
  'sendSignOut',
  'sendUserInfo',
  'getIDs',
  'on',
  'off',
  'consent',
  'adapter',
  'page',
  'debug',
  'track',
  'toString',
);
/** A command's name, then what its own arguments look like, well or badly formed, then others. */
const command = fc.oneof(
  fc.tuple(name).chain(([n]) => fc.array(argument, { maxLength: 3 }).map((args) => [n, ...args])),
  fc.tuple(fc.constant('event'), eventName, fc.option(eventOptions, { nil: undefined })),
  fc.tuple(fc.constant('event'), legacyEvent),
  fc.tuple(fc.constantFrom('on', 'off'), listenerName, fc.oneof(listener, junk)),
  fc.tuple(fc.constant('adapter'), adapter),
  fc.tuple(fc.constant('page'), pageOverrides),
  fc.tuple(fc.constant('config'), config),
);

const shown = (value: unknown) =>
  JSON.stringify(value, (_key, v) => (typeof v === 'function' ? 'ƒ' : v))?.slice(0, 200);

describe("the Command schema and the core's checks", () => {
  afterEach(stopTrackers);

  it('accept and refuse the same generated commands', () => {
    fc.assert(
      fc.property(command, (pushed) => {
        const { tracker, log } = startTracker();
        runCommand(tracker, log, pushed);
        const coreOk = log.errors.length === 0;
        const schema = Command.safeParse(pushed);
        const why = schema.success ? '' : JSON.stringify(schema.error.issues[0]);
        expect(
          coreOk,
          `core ${log.errors[0] ?? 'ok'}, schema ${why || 'ok'}: ${shown(pushed)}`,
        ).to.equal(schema.success);
        stopTrackers();
      }),
      { seed, numRuns: 1500 },
    );
  });

  it('hand the engage chunk exactly the channels it checks, and the page the rest', () => {
    // The core keeps its own list (it must not carry the schemas); a channel missing from it would
    // go to the page's listeners unchecked and never reach the engagement.
    const checked = [...(Notification._zod.propValues.channel ?? [])];
    expect([...OWN_CHANNELS].sort()).to.deep.equal(checked.sort());
  });

  it("judge a page's own invitation as the engage chunk does, which gives it an engagementID", () => {
    const invite = fc.record(
      {
        type: fc.oneof(fc.constantFrom('chat', 'callback', 'message'), junk),
        title: fc.oneof(fc.string({ maxLength: 130 }), junk),
        message: fc.oneof(fc.string({ maxLength: 8 }), junk),
        adapter: fc.oneof(fc.constantFrom('gms', 'Frame'), junk),
        timeoutMs: fc.oneof(fc.integer({ min: 0, max: 700_000 }), junk),
        engagementID: fc.constantFrom('9A1AD4389AC34F0A86D3EB04E50D6137', 'nope'),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(invite, (given) => {
        const engage = InviteData.safeParse({
          engagementID: 'B1AD4389AC34F0A86D3EB04E50D61379',
          ...given,
        }).success;
        expect(PageInvite.safeParse(given).success, shown(given)).to.equal(engage);
      }),
      { seed, numRuns: 500 },
    );
  });
});
