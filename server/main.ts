import cluster from 'node:cluster';
import { randomBytes } from 'node:crypto';
import { buildApp } from './app.ts';
import { loadCategories } from './engagement/categories.ts';
import { loadRules } from './engagement/rules.ts';
import { loadGmsConfig } from './gms/config.ts';
import { answerUnavailable } from './http/starting.ts';
import { buildSocialHubMock } from './inbox/socialhub-mock.ts';
import { readSettings, type Settings } from './settings.ts';
import { type Db, openPglite, openPostgres, POSTGRES_LIMITS } from './store/db.ts';
import { migrate } from './store/migrations.ts';
import { reachDatabase } from './store/reach-database.ts';

/**
 * BECKON_WORKERS=N with DATABASE_URL: this process only watches N server processes (node's
 * cluster; they share the port), starts a new one when one dies, and stops them all on SIGTERM.
 * The database holds everything they share, as for nodes on several machines.
 */
function superviseWorkers(count: number) {
  let stopping = false;
  for (let i = 0; i < count; i++) cluster.fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    console.error(
      `beckon worker ${worker.process.pid} ended (${signal ?? code}); starting another`,
    );
    cluster.fork();
  });
  const stop = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** How long a stop may take before the process exits anyway, saying what hung. */
const STOP_DEADLINE_S = 10;

/** `npm start`: the engagement server with the demo site, on http://127.0.0.1:8080 by default. */
async function main() {
  const settings = readSettings();
  if (settings.workers > 1 && cluster.isPrimary) {
    if (settings.databaseUrl) return superviseWorkers(settings.workers);
    console.warn(
      `BECKON_WORKERS=${settings.workers} needs DATABASE_URL: PGlite lives in one process, so this is one`,
    );
  }
  const categories = await loadCategories(settings.categoriesPath);
  const rules = await loadRules(settings.rulesPath);
  const gms = await loadGmsConfig(settings.gmsPath);
  // Typed by its initialiser: set in a callback, which TypeScript's narrowing does not follow.
  let unavailable = null as Awaited<ReturnType<typeof answerUnavailable>> | null;
  const db = await reachDatabase(() => openDatabase(settings), console, {
    waiting: async () => {
      if (!settings.waitForDatabase)
        unavailable = await answerUnavailable(settings.port, settings.host);
    },
  });
  const inbox = await inboxSettings(settings);
  /** Set on SIGTERM: readiness says so, and the server takes no new work. */
  let closing = false;
  const app = await buildApp({
    stopping: () => closing,
    retentionDays: settings.retentionDays,
    noPersonalData: settings.noPersonalData,
    db,
    categories,
    rules,
    gms,
    notifyToken: settings.notifyToken,
    gmsApikey: settings.gmsApikey,
    agentToken: settings.agentToken,
    trustLoopback: settings.trustLoopback,
    trustProxy: settings.trustProxy,
    rateLimits: settings.rateLimits,
    ...(inbox ? { inbox: inbox.relay } : {}),
    agentsAvailable: settings.agentsAvailable,
    allowedOrigins: settings.allowedOrigins,
    root: settings.root,
    resourcesDir: settings.resourcesDir,
    logger: { level: settings.logLevel },
  });

  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'stopping: no new work; finishing what is under way');
    // A stop must end (an orchestrator kills what does not): past the deadline, say what hung.
    let step = 'finishing the requests under way';
    setTimeout(() => {
      app.log.error({ step }, `not stopped within ${STOP_DEADLINE_S} s (${step}); exiting`);
      process.exit(1);
    }, STOP_DEADLINE_S * 1000).unref();
    await app.close();
    step = 'closing the SocialHub mock';
    await inbox?.mock?.close();
    step = 'closing the database';
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await unavailable?.close();
  await app.listen({ port: settings.port, host: settings.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : settings.port;
  app.log.info(
    {
      database: db.kind === 'pglite' ? settings.dataDir : 'DATABASE_URL',
      categories: categories.length,
    },
    `Beckon demo and engagement server on http://${settings.host}:${port}`,
  );
  if (!settings.agentToken && !settings.notifyToken && !settings.trustLoopback)
    app.log.warn(
      'no BECKON_AGENT_TOKEN or BECKON_NOTIFY_TOKEN: the agent and operator routes answer 401 to everyone',
    );
  if (settings.allowedOrigins.length === 0)
    app.log.warn('BECKON_ALLOWED_ORIGINS is empty: only pages of this server may use Beckon');
}

/**
 * The database, migrated. Migrations run on a connection of their own without the statement and
 * answer timeouts a request's queries have (server/store/db.ts): some take longer, once.
 */
async function openDatabase(settings: Settings): Promise<Db> {
  if (!settings.databaseUrl) {
    const db = await openPglite(settings.dataDir);
    await migrate(db);
    return db;
  }
  const migrating = await openPostgres(settings.databaseUrl, {
    ...POSTGRES_LIMITS,
    statementMs: 0,
    answerMs: 0,
    connections: 1,
  });
  try {
    await migrate(migrating);
  } finally {
    await migrating.close();
  }
  return openPostgres(settings.databaseUrl);
}

/**
 * The relay's settings. Without BECKON_INBOX_URL the demo runs the SocialHub mock beside the server,
 * with a fresh channel token, so the contact form works out of the box and the mock's inbox page
 * shows its tickets.
 */
async function inboxSettings(settings: Settings) {
  if (!settings.inbox) return null;
  const { baseUrl, ...rest } = settings.inbox;
  if (baseUrl) return { relay: { ...rest, baseUrl }, mock: null };
  if (cluster.isWorker) {
    // Each worker would start a mock of its own, with tickets of its own: the demo's mock wants one.
    console.warn(
      'the SocialHub mock runs with one process only: the inbox is off (set BECKON_INBOX_URL)',
    );
    return null;
  }
  const accessToken = randomBytes(24).toString('base64url');
  // The relay holds the mock's channel token, as with a single-customer Custom Channel; the
  // channel-creation flow (reusable manifests) is exercised by the tests.
  const mock = await buildSocialHubMock({
    accessToken,
    ...(settings.inboxMockKey ? { uiKey: settings.inboxMockKey } : {}),
  });
  const mockUrl = await mock.app.listen({ port: settings.inboxMockPort, host: settings.host });
  console.info(`SocialHub mock inbox on ${mock.uiUrl(mockUrl)}`);
  return { relay: { ...rest, baseUrl: mockUrl, accessToken }, mock: mock.app };
}

main().catch((error) => {
  console.error(`beckon server: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
