import { join } from 'node:path';
import cors from '@fastify/cors';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyServerOptions } from 'fastify';
import * as z from 'zod/mini';
import type { RulesFile } from '../src/protocol/engagement.ts';
import { createAgentChanges } from './agent/changes.ts';
import { agentEventRoutes } from './agent/event-routes.ts';
import { agentRoutes } from './agent/routes.ts';
import { createAccess } from './auth/access.ts';
import { classifyRoutes } from './auth/route-classes.ts';
import { createVisitGate } from './auth/visit-key.ts';
import { createAgentAvailability } from './engagement/agents.ts';
import type { Category } from './engagement/categories.ts';
import { funnelRoutes } from './engagement/funnel-routes.ts';
import { engagementRoutes } from './engagement/routes.ts';
import { createEngagementService } from './engagement/service.ts';
import { requireGmsApikey } from './gms/apikey.ts';
import { gmsCallbackRoutes } from './gms/callback-routes.ts';
import { withChangeSignals } from './gms/change-signals.ts';
import { gmsChatFileRoutes } from './gms/chat-file-routes.ts';
import { gmsChatRoutes } from './gms/chat-routes.ts';
import type { GmsConfig } from './gms/config.ts';
import { userConfirm } from './gms/user-confirm.ts';
import { gweResourceRoutes } from './gwe/resources.ts';
import { healthRoutes } from './health/routes.ts';
import { routeContracts } from './http/contracts.ts';
import { corsByClass } from './http/cors.ts';
import { errorHandler } from './http/errors.ts';
import { inlineScriptSources } from './http/inline-scripts.ts';
import { DEFAULT_RATE_LIMITS, type RateLimits, rateLimits } from './http/rate-limits.ts';
import { securityHeaders } from './http/security-headers.ts';
import { checkText } from './http/text-check.ts';
import { createInboxChannel } from './inbox/channel.ts';
import { inboxChannelRoutes } from './inbox/channel-routes.ts';
import { createDuplicateWindow } from './inbox/duplicate-window.ts';
import { createInboxRelay } from './inbox/relay.ts';
import { inboxRoutes } from './inbox/routes.ts';
import { inboxWebhookRoutes } from './inbox/webhook-routes.ts';
import { ingestRoutes } from './ingest/routes.ts';
import { createMetrics } from './metrics/metrics.ts';
import { metricsRoutes } from './metrics/routes.ts';
import { createHub } from './notify/hub.ts';
import { notifyRoutes } from './notify/routes.ts';
import type { Db } from './store/db.ts';
import { createEngagementStore, withOutcomeCounts } from './store/engagement-store.ts';
import { createFunnelStore } from './store/funnel-store.ts';
import { createGmsStore } from './store/gms-store.ts';
import { createInboxStore } from './store/inbox-store.ts';
import { createRetention, purgeOnSchedule } from './store/retention.ts';
import { serverSecret } from './store/secrets.ts';
import { visitLock } from './store/visit-lock.ts';
import { createVisitStore } from './store/visit-store.ts';
import { createVisitorData } from './store/visitor-data.ts';
import { visitorRoutes } from './visitors/routes.ts';
import { visitRoutes } from './visits/routes.ts';

// zod/mini ships without messages; every 4xx body should read in plain English.
z.config(z.locales.en());

export interface AppOptions {
  db: Db;
  categories: readonly Category[];
  rules: RulesFile;
  /** The GMS-compatible chat and callback service (demo/config/gms.json). */
  gms: GmsConfig;
  /** The `apikey` header GMS's customer-side routes want (BECKON_GMS_APIKEY); none when unset. */
  gmsApikey?: string | undefined;
  /** Origins whose pages may call the visitor routes; `*` for any. */
  allowedOrigins: readonly string[];
  /** Bearer token for the operator routes: notify, engage, statistics (BECKON_NOTIFY_TOKEN). */
  notifyToken?: string | undefined;
  /** Bearer token for the agent routes: the console's API, availability (BECKON_AGENT_TOKEN). */
  agentToken?: string | undefined;
  /** Callers on this machine need no token (BECKON_TRUST_LOOPBACK); never behind a proxy. */
  trustLoopback?: boolean;
  /** Fastify's trustProxy (BECKON_TRUST_PROXY): who may say, in X-Forwarded-For, who the client is. */
  trustProxy?: FastifyServerOptions['trustProxy'];
  rateLimits?: RateLimits;
  /** Agents available at start (the demo starts with one). */
  agentsAvailable?: number;
  heartbeatMs?: number;
  /** Serve dist/ (beckon.js and its chunks) and demo/ from this project folder. */
  root?: string;
  /** GWE's resource directory, served under `/server/resources/` (default demo/resources). */
  resourcesDir?: string;
  logger?: FastifyServerOptions['logger'];
  /** BECKON_NO_PERSONAL_DATA: the chat and callback forms keep nothing of the person (gms/personal-data.ts). */
  noPersonalData?: boolean;
  /** Days visits, chats and callbacks are kept (BECKON_RETENTION_DAYS; 0 or unset: for ever). */
  retentionDays?: number;
  /** Whether the server is stopping (readiness says so); main.ts sets it on SIGTERM. */
  stopping?: () => boolean;
  now?: () => number;
  /** The SocialHub relay; without it the inbox routes are off. */
  inbox?: {
    baseUrl: string;
    /**
     * The channel token (single-customer Custom Channel). Without it the channel is connected through
     * `GET /server/inbox/channel?token=…`, SocialHub's channel-creation callback.
     */
    accessToken?: string | undefined;
    duplicateWindowMs: number;
    keepPersonalData: boolean;
    /** How the relay waits before a retry (tests pass one that records and returns at once). */
    sleep?: (ms: number) => Promise<void>;
    /** How the relay reaches SocialHub (tests pass one that can lose an answer). */
    fetch?: typeof fetch;
    /** Where SocialHub sends webhooks; default this server's own address once it listens. */
    webhookUrl?: string;
  };
}

/**
 * What the forms collect, addresses and credentials, wherever a log line carries them: `[personal]`
 * (pino's redact). The routes log IDs, not people; this is the net under that.
 */
const PERSONAL_LOG_FIELDS = {
  paths: [
    'req.headers.authorization',
    'req.headers.apikey',
    // A visitor's address is theirs too: the rate limits hold it in memory for a minute, no more.
    'req.remoteAddress',
    'req.headers["x-forwarded-for"]',
    'req.headers["x-real-ip"]',
    'req.headers.forwarded',
    ...['userData', 'client', 'emailAddress', 'email', 'phone', 'name', 'firstName', 'lastName']
      .concat(['nickname', 'subject', 'text', '_customer_number', '_phone_number'])
      .flatMap((field) => [field, `*.${field}`]),
  ],
  censor: '[personal]',
};

/** The engagement server: every part wired together, listening nowhere until the caller says so. */
export async function buildApp(options: AppOptions) {
  const trustProxy = options.trustProxy ?? false;
  const app = Fastify({
    logger:
      typeof options.logger === 'object'
        ? { ...options.logger, redact: PERSONAL_LOG_FIELDS }
        : (options.logger ?? false),
    // On close, idle keep-alive connections go at once; requests under way finish (new ones on a
    // kept connection get 503) and event streams are ended first (http/event-stream.ts).
    forceCloseConnections: 'idle',
    trustProxy,
    // GMS and GWE run in servlet containers, which serve `/genesys/2/chat/customer-support/` as
    // they serve it without the slash; clients that append one work against them, so here too.
    routerOptions: { ignoreTrailingSlash: true },
  });
  app.setErrorHandler(errorHandler);
  const access = createAccess({
    agentToken: options.agentToken,
    operatorToken: options.notifyToken,
    trustLoopback: options.trustLoopback ?? false,
    trustProxy: trustProxy !== false,
  });
  classifyRoutes(app, access);
  await app.register(cors, { delegator: corsByClass(options.allowedOrigins) });
  await rateLimits(app, options.rateLimits ?? DEFAULT_RATE_LIMITS);
  securityHeaders(
    app,
    options.allowedOrigins,
    options.root ? inlineScriptSources(join(options.root, 'demo')) : undefined,
  );
  checkText(app);
  await routeContracts(app, process.env.npm_package_version ?? 'unreleased');

  const metrics = createMetrics(options.db);
  app.decorate('metrics', metrics);
  await metricsRoutes(app);
  await app.register(healthRoutes, { db: options.db, stopping: options.stopping ?? (() => false) });
  if (options.retentionDays)
    purgeOnSchedule(app, createRetention(options.db, { days: options.retentionDays }));
  const visits = createVisitStore(options.db);
  const visitGate = createVisitGate(visits, access);
  const hub = await createHub(options.db, {
    ...(options.now ? { now: options.now } : {}),
    delivered: (seconds) => metrics.notificationDelivery.observe(seconds),
  });
  app.addHook('onClose', () => hub.close());
  const agents = await createAgentAvailability(options.db, options.agentsAvailable ?? 1);
  const engagements = withOutcomeCounts(createEngagementStore(options.db), (labels) =>
    metrics.engagementOutcomes.inc(labels),
  );
  const engagement = createEngagementService({
    rules: options.rules,
    engagements,
    visits,
    hub,
    agents,
    lock: visitLock(options.db),
    log: app.log,
    ...(options.now ? { now: options.now } : {}),
  });

  await app.register(ingestRoutes, { visits, categories: options.categories, engagement });
  await app.register(visitRoutes, { visits, engagements, visitGate });
  await app.register(visitorRoutes, { data: createVisitorData(options.db), visits, visitGate });
  await app.register(notifyRoutes, {
    hub,
    visitGate,
    visits,
    ...(options.heartbeatMs ? { heartbeatMs: options.heartbeatMs } : {}),
  });
  await app.register(engagementRoutes, { engagement, agents, visits });
  await app.register(funnelRoutes, { funnel: createFunnelStore(options.db), agents });
  if (options.gmsApikey) requireGmsApikey(app, options.gmsApikey);
  const agentChanges = await createAgentChanges(options.db);
  app.addHook('onClose', () => agentChanges.close());
  const gms = withChangeSignals(createGmsStore(options.db), {
    agents: agentChanges,
    hub,
    log: app.log,
  });
  const clock = options.now ? { now: options.now } : {};
  const keepPersonalData = !options.noPersonalData;
  await app.register(gmsChatRoutes, {
    store: gms,
    services: options.gms.chatServices,
    keepPersonalData,
    ...clock,
  });
  await app.register(gmsChatFileRoutes, {
    store: gms,
    services: options.gms.chatServices,
    files: options.gms.chatFiles,
    ...clock,
  });
  await app.register(gmsCallbackRoutes, {
    store: gms,
    config: options.gms,
    access,
    keepPersonalData,
    ...clock,
  });
  await app.register(agentEventRoutes, { changes: agentChanges, heartbeatMs: options.heartbeatMs });
  await app.register(agentRoutes, {
    store: gms,
    files: options.gms.chatFiles,
    confirm: userConfirm(options.gms),
    ...clock,
  });
  if (options.inbox) {
    const { duplicateWindowMs, webhookUrl, accessToken, ...inbox } = options.inbox;
    const store = createInboxStore(options.db);
    const channel = createInboxChannel({
      baseUrl: inbox.baseUrl,
      store,
      configuredToken: accessToken,
      ...(inbox.fetch ? { fetch: inbox.fetch } : {}),
      ...clock,
    });
    const relay = createInboxRelay({
      ...inbox,
      token: channel.token,
      store,
      window: createDuplicateWindow(options.db, duplicateWindowMs),
      ...clock,
    });
    const secret = await serverSecret(options.db, 'inbox-webhook');
    await app.register(inboxRoutes, { relay, visitGate });
    await app.register(inboxWebhookRoutes, { relay, store, hub, secret, ...clock });
    await app.register(inboxChannelRoutes, { channel });
    // SocialHub tests a new webhook at once, so the manifest is set once this server listens. A
    // reusable manifest is SocialHub's to change: then the webhook was set when it was reviewed.
    if (channel.ownsManifest())
      app.addHook('onListen', async () => {
        const address = app.server.address();
        const port = typeof address === 'object' && address ? address.port : 0;
        const url = webhookUrl ?? `http://127.0.0.1:${port}/server/inbox/webhook`;
        try {
          await relay.registerManifest(url, secret);
          app.log.info({ webhook: url }, 'SocialHub manifest set');
        } catch (error) {
          app.log.error(
            { err: error },
            'SocialHub manifest could not be set; agent replies will not arrive',
          );
        }
      });
  }
  if (options.root) {
    await app.register(fastifyStatic, {
      root: [join(options.root, 'demo'), join(options.root, 'dist')],
      prefix: '/',
      // The build writes `.gz` beside each browser file: sent as is to browsers that take gzip.
      preCompressed: true,
      // dist/ also holds the built server; only the browser files are public.
      allowedPath: (path) => !path.startsWith('/server/'),
    });
    await app.register(gweResourceRoutes, {
      dist: join(options.root, 'dist'),
      resourcesDir: options.resourcesDir ?? join(options.root, 'demo', 'resources'),
    });
  }
  return app;
}
