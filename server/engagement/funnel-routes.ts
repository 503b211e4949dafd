import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { Funnel, type FunnelCounts, FunnelQuery, OperatorNow } from '../../src/protocol/funnel.ts';
import { ApiError } from '../../src/protocol/ingest.ts';
import { apiError } from '../http/errors.ts';
import { BUCKET_MS, type FunnelCell, type FunnelStore } from '../store/funnel-store.ts';
import type { AgentAvailability } from './agents.ts';

/** A visit ends after 30 minutes without events (the tracker's default): active is within it. */
const VISIT_IDLE_MS = 30 * 60_000;
/** At most this many buckets in one answer: a year by day, or six weeks by hour. */
const MAX_BUCKETS = 1000;
const TWO_DAYS_MS = 2 * 86_400_000;

const zero = (): FunnelCounts => ({
  visits: 0,
  offered: 0,
  blocked: {},
  shown: 0,
  accepted: 0,
  rejected: 0,
  timedOut: 0,
  mediaOpened: 0,
  agentJoined: 0,
  booked: 0,
  sent: 0,
  ended: 0,
});

/** Adds a cell's counts into `into`, the blocked ones reason by reason. */
function add(into: FunnelCounts, cell: Omit<FunnelCell, 'rule' | 'at'>) {
  for (const key of Object.keys(into) as Array<keyof FunnelCounts>) {
    if (key === 'blocked' || key === 'visits') continue;
    into[key] += cell[key];
  }
  for (const [reason, n] of Object.entries(cell.blocked))
    into.blocked[reason] = (into.blocked[reason] ?? 0) + n;
}

/**
 * `GET /server/data/engagements/funnel` (operator): the engagement funnel in a window, in total, by
 * rule, and by hour or day, each bucket present (a quiet hour is a zero, not a gap in the chart).
 */
export async function funnelRoutes(
  app: FastifyInstance,
  options: { funnel: FunnelStore; agents: Pick<AgentAvailability, 'available'> },
) {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(
    '/server/data/now',
    {
      schema: {
        summary:
          'Now: visits active, streams open, chats waiting and the longest wait, agents available',
        response: { 200: OperatorNow },
      },
    },
    async () => {
      const now = Date.now();
      const held = await options.funnel.now(now - VISIT_IDLE_MS);
      const streams = (await app.metrics.streamsOpen.get()).values.find(
        (value) => value.labels.stream === 'visitor',
      );
      return {
        visitsActive: held.visitsActive,
        streamsOpen: streams?.value ?? 0,
        chatsWaiting: held.chatsWaiting,
        longestWaitSeconds:
          held.oldestWaiting === null
            ? 0
            : Math.max(0, Math.round((now - held.oldestWaiting) / 1000)),
        agentsAvailable: await options.agents.available(),
      };
    },
  );
  typed.get(
    '/server/data/engagements/funnel',
    {
      schema: {
        summary: 'The engagement funnel by rule and over time: visits, offers, answers, media',
        querystring: FunnelQuery,
        response: { 200: Funnel, 400: ApiError },
      },
    },
    async (request, reply) => {
      const bucket = request.query.bucket ?? 'hour';
      const size = BUCKET_MS[bucket];
      const to = request.query.to ?? Date.now();
      const from = request.query.from ?? to - TWO_DAYS_MS;
      const first = Math.floor(from / size) * size;
      if (from >= to)
        return reply
          .status(400)
          .send(apiError('invalid_request', 'from: must be before to', 'from'));
      if ((to - first) / size > MAX_BUCKETS)
        return reply
          .status(400)
          .send(
            apiError(
              'invalid_request',
              `from: at most ${MAX_BUCKETS} ${bucket}s at a time`,
              'from',
            ),
          );
      const { cells, visits } = await options.funnel.cells({
        from,
        to,
        bucket,
        rule: request.query.rule,
        media: request.query.media,
      });
      const total = zero();
      const rules = new Map<string, FunnelCounts>();
      const series = new Map<number, FunnelCounts>();
      for (let at = first; at < to; at += size) series.set(at, zero());
      for (const cell of cells) {
        add(total, cell);
        const rule = rules.get(cell.rule) ?? zero();
        add(rule, cell);
        rules.set(cell.rule, rule);
        const slot = series.get(cell.at);
        if (slot) add(slot, cell);
      }
      for (const { at, n } of visits) {
        total.visits += n;
        const slot = series.get(at);
        if (slot) slot.visits += n;
      }
      return {
        from,
        to,
        bucket,
        total,
        byRule: [...rules].map(([rule, counts]) => ({ rule, ...counts })),
        series: [...series].map(([at, counts]) => ({ at, ...counts })),
      };
    },
  );
}
