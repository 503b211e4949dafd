import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type {
  BlockReason,
  EngagementStats,
  EngagementStatus,
  Offer,
  RulesFile,
} from '../../src/protocol/engagement.ts';
import type { TrackedEvent } from '../../src/protocol/event.ts';
import { DEFAULT_TIMEOUT_MS } from '../../src/protocol/names.ts';
import type { InviteData } from '../../src/protocol/notification.ts';
import type { StreamMessage } from '../../src/protocol/notify.ts';
import type { NotificationHub } from '../notify/hub.ts';
import type { EngagementRecord, EngagementStore } from '../store/engagement-store.ts';
import type { VisitLock } from '../store/visit-lock.ts';
import type { VisitStore } from '../store/visit-store.ts';
import type { AgentAvailability } from './agents.ts';
import { decide, IN_PROGRESS } from './policy.ts';
import { eventMatches } from './rules.ts';

/** A shown invitation the page never answered for (tab closed) ends this long after its own timeout. */
const OUTCOME_GRACE_MS = 30_000;

/** What the page reports, and where each report may move an engagement from. */
const OUTCOMES: Record<string, { from: readonly EngagementStatus[]; to: EngagementStatus }> = {
  InviteShown: { from: ['offered'], to: 'shown' },
  InviteAccepted: { from: ['offered', 'shown'], to: 'accepted' },
  InviteRejected: { from: ['offered', 'shown'], to: 'rejected' },
  InviteTimedOut: { from: ['offered', 'shown'], to: 'timed_out' },
};

export type OfferResult =
  | { engagementID: string; status: 'offered' }
  | { engagementID: string; status: 'blocked'; reason: BlockReason };

export interface EngagementService {
  /** After ingest: outcomes move engagements on, other events are matched against the rules. */
  onEvents(events: readonly TrackedEvent[]): Promise<void>;
  /** Offer through the policy: rules call it, and so does the gateway's engage. */
  offer(visitID: string, offer: Offer, source: string, pageID?: string): Promise<OfferResult>;
  revoke(engagementID: string, reason?: string): Promise<'revoked' | 'unknown' | 'finished'>;
  /** Every offer of the visit still in progress: GWE's noengage names the visit, not the offer. */
  inProgress(visitID: string): Promise<string[]>;
  stats(): Promise<EngagementStats>;
}

export interface EngagementServiceOptions {
  rules: RulesFile;
  engagements: EngagementStore;
  visits: VisitStore;
  hub: NotificationHub;
  agents: AgentAvailability;
  lock: VisitLock;
  log: FastifyBaseLogger;
  now?: () => number;
}

const newEngagementId = () => randomBytes(16).toString('hex').toUpperCase();

export function createEngagementService(options: EngagementServiceOptions): EngagementService {
  const { rules, engagements, visits, hub, agents, log } = options;
  const now = options.now ?? Date.now;
  const { policy } = rules;
  const deliveryMs = policy.deliveryTimeoutSeconds * 1000;
  /** One decision at a time per visit, on every node, so no two pass "one engagement at a time". */
  const serial = options.lock;

  /** The offer a stream message carries, if it is one (a custom channel may be spelled alike). */
  const inviteIn = (message: StreamMessage) =>
    message.notification.channel === 'beckon.invite'
      ? (message.notification.data as InviteData)
      : null;
  const isInviteFor = (engagementID: string) => (message: StreamMessage) =>
    inviteIn(message)?.engagementID === engagementID;

  hub.onDelivered((_visitID, message) => {
    const invite = inviteIn(message);
    if (!invite) return;
    engagements
      .markDelivered(invite.engagementID, now())
      .catch((error) => log.error({ err: error }, 'could not mark an invitation delivered'));
  });

  /** Offers nobody answered: undelivered ones are dropped, unanswered ones time out. */
  const expireStale = async (record: EngagementRecord) => {
    if (!IN_PROGRESS.includes(record.status)) return;
    const answerBy =
      record.createdAt +
      deliveryMs +
      (record.offer.timeoutSeconds ? record.offer.timeoutSeconds * 1000 : DEFAULT_TIMEOUT_MS) +
      OUTCOME_GRACE_MS;
    if (
      record.status === 'offered' &&
      record.deliveredAt === null &&
      now() >= record.createdAt + deliveryMs
    ) {
      await engagements.transition(
        record.engagementID,
        ['offered'],
        'dropped',
        now(),
        'not_delivered',
      );
      await hub.forget(record.visitID, isInviteFor(record.engagementID));
      log.info(
        { engagementID: record.engagementID, visitID: record.visitID },
        'offer dropped: not delivered in time',
      );
    } else if (now() >= answerBy) {
      await engagements.transition(
        record.engagementID,
        IN_PROGRESS,
        'timed_out',
        now(),
        'no_answer',
      );
    }
  };

  const offer = (visitID: string, offerToMake: Offer, source: string, pageID?: string) =>
    serial(visitID, async (): Promise<OfferResult> => {
      for (const record of await engagements.byVisit(visitID)) await expireStale(record);
      const history = await engagements.byVisit(visitID);
      const decision = decide(
        history.map((record) => ({
          status: record.status,
          type: record.offer.type,
          createdAt: record.createdAt,
        })),
        {
          now: now(),
          agentsAvailable: await agents.available(),
          policy,
          offerType: offerToMake.type,
        },
      );
      const engagementID = newEngagementId();
      const base = {
        engagementID,
        visitID,
        pageID: pageID ?? null,
        source,
        offer: offerToMake,
        createdAt: now(),
        deliveredAt: null,
        shownAt: null,
      };
      if (!decision.allowed) {
        await engagements.create({ ...base, status: 'blocked', reason: decision.reason });
        log.info({ visitID, source, reason: decision.reason }, 'offer blocked');
        return { engagementID, status: 'blocked', reason: decision.reason };
      }
      await engagements.create({ ...base, status: 'offered', reason: null });
      const { type, title, message, adapter, scenario, timeoutSeconds } = offerToMake;
      await hub.publish(visitID, [
        {
          ...(pageID ? { page: pageID } : {}),
          channel: 'beckon.invite',
          data: {
            engagementID,
            type,
            title,
            message,
            ...(adapter ? { adapter } : {}),
            ...(scenario ? { scenario } : {}),
            ...(timeoutSeconds ? { timeoutMs: timeoutSeconds * 1000 } : {}),
            expiresAt: now() + deliveryMs,
          },
        },
      ]);
      log.info({ visitID, engagementID, source }, 'offer made');
      setTimeout(() => {
        engagements
          .get(engagementID)
          .then((record) => record && expireStale(record))
          .catch((error) => log.error({ err: error }, 'could not expire an offer'));
      }, deliveryMs).unref();
      return { engagementID, status: 'offered' };
    });

  const recordOutcome = async (event: TrackedEvent) => {
    const outcome = OUTCOMES[event.eventName];
    const engagementID = event.data?.engagementID;
    if (!outcome || typeof engagementID !== 'string') return;
    const record = await engagements.get(engagementID);
    // An outcome for another visit's engagement is ignored: pages only answer their own offers.
    if (!record || record.visitID !== event.visitID) return;
    await engagements.transition(engagementID, outcome.from, outcome.to, event.timestamp);
  };

  return {
    onEvents: async (events) => {
      const counted = events.filter(
        (event) =>
          !OUTCOMES[event.eventName] && rules.rules.some((rule) => eventMatches(rule, event)),
      );
      // What the rules count, read once for the whole batch (its own events included).
      const pastOf = counted.length ? await visits.eventsNamed(counted) : () => [];
      for (const event of events) {
        if (OUTCOMES[event.eventName]) {
          await recordOutcome(event);
          continue;
        }
        for (const rule of rules.rules) {
          if (!eventMatches(rule, event)) continue;
          const seen = pastOf(event).filter((past) => eventMatches(rule, past));
          if (seen.length < (rule.when.count ?? 1)) continue;
          const offerNow =
            (await agents.available()) < 1 && rule.offerWithoutAgents
              ? rule.offerWithoutAgents
              : rule.offer;
          await offer(event.visitID, offerNow, rule.name, event.pageID);
        }
      }
    },
    offer,
    revoke: async (engagementID, reason) => {
      const record = await engagements.get(engagementID);
      if (!record) return 'unknown';
      return serial(record.visitID, async () => {
        const moved = await engagements.transition(
          engagementID,
          IN_PROGRESS,
          'revoked',
          now(),
          reason ?? 'noengage',
        );
        if (!moved) return 'finished';
        await hub.forget(record.visitID, isInviteFor(engagementID));
        await hub.publish(record.visitID, [{ channel: 'beckon.revoke', data: { engagementID } }]);
        return 'revoked';
      });
    },
    inProgress: async (visitID) =>
      (await engagements.byVisit(visitID))
        .filter((record) => IN_PROGRESS.includes(record.status))
        .map((record) => record.engagementID),
    stats: () => engagements.stats(),
  };
}
