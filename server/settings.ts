import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_RATE_LIMITS, type RateLimits } from './http/rate-limits.ts';

/** Everything the server reads from its environment, with the defaults `npm start` relies on. */
export interface Settings {
  port: number;
  host: string;
  /** PGlite's data folder, used when no databaseUrl is given. */
  dataDir: string;
  databaseUrl: string | undefined;
  allowedOrigins: string[];
  categoriesPath: string;
  rulesPath: string;
  gmsPath: string;
  /** BECKON_GMS_APIKEY: the `apikey` header the GMS-compatible customer routes want, as GMS behind Apigee. */
  gmsApikey: string | undefined;
  /** GWE's resource directory (BECKON_RESOURCES_DIR), served under `/server/resources/`. */
  resourcesDir: string;
  agentToken: string | undefined;
  /** The SocialHub relay: to BECKON_INBOX_URL, else to the demo's mock (see inboxMockPort). */
  inbox: {
    /** Unset when the relay writes to the mock started beside the server. */
    baseUrl: string | undefined;
    /** Unset when the channel is connected through SocialHub's channel-creation callback. */
    accessToken?: string;
    duplicateWindowMs: number;
    keepPersonalData: boolean;
    /** Where SocialHub reaches the webhook (BECKON_INBOX_WEBHOOK_URL); default this server. */
    webhookUrl?: string;
  } | null;
  /** Port of the SocialHub mock `npm start` runs when BECKON_INBOX_URL is unset (0: any free one). */
  inboxMockPort: number;
  /** What opens the mock's inbox page (BECKON_INBOX_MOCK_KEY); default a random one, printed at start. */
  inboxMockKey: string | undefined;
  notifyToken: string | undefined;
  /** BECKON_TRUST_LOOPBACK=1: callers on this machine need no agent or operator token. */
  trustLoopback: boolean;
  /** BECKON_TRUST_PROXY: Fastify's trustProxy (true, or the proxies' addresses and CIDRs). */
  trustProxy: boolean | string;
  rateLimits: RateLimits;
  agentsAvailable: number;
  /** BECKON_WORKERS: server processes on this machine (node's cluster), with DATABASE_URL only. */
  workers: number;
  logLevel: string;
  /**
   * BECKON_WAIT_FOR_DATABASE=1: started while the database is unreachable, listen only once it
   * answers; by default the port answers 503 (and the liveness probe 200) meanwhile.
   */
  waitForDatabase: boolean;
  /** BECKON_RETENTION_DAYS: how long visits, chats and callbacks are kept (0: for ever). */
  retentionDays: number;
  /** BECKON_NO_PERSONAL_DATA=1: the chat and callback forms' names, emails and subjects are not stored. */
  noPersonalData: boolean;
  /** The project folder: dist/ and demo/ are served from here. */
  root: string;
}

/** The folder holding package.json above `from`: works from server/ (tsx) and dist/server/ (built). */
export function projectRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${from}`);
    dir = up;
  }
  return dir;
}

function wholeNumber(name: string, value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0)
    throw new Error(`${name} must be a whole number, not "${value}"`);
  return number;
}

/** `1`/`true` trusts any proxy; anything else is the proxies' addresses and CIDRs, comma-separated. */
function trustProxy(value: string | undefined): boolean | string {
  if (!value || value === '0' || value === 'false') return false;
  return value === '1' || value === 'true' ? true : value;
}

export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const root = projectRoot();
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, not "${env.PORT}"`);
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    dataDir: resolve(env.BECKON_DATA_DIR ?? join(root, 'data')),
    databaseUrl: env.DATABASE_URL || undefined,
    // In production the site's origins must be named; elsewhere any page may try Beckon out.
    allowedOrigins: (env.BECKON_ALLOWED_ORIGINS ?? (env.NODE_ENV === 'production' ? '' : '*'))
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    categoriesPath: resolve(
      env.BECKON_CATEGORIES ?? join(root, 'demo', 'config', 'categories.json'),
    ),
    rulesPath: resolve(env.BECKON_RULES ?? join(root, 'demo', 'config', 'rules.json')),
    gmsPath: resolve(env.BECKON_GMS ?? join(root, 'demo', 'config', 'gms.json')),
    gmsApikey: env.BECKON_GMS_APIKEY || undefined,
    resourcesDir: resolve(env.BECKON_RESOURCES_DIR ?? join(root, 'demo', 'resources')),
    agentToken: env.BECKON_AGENT_TOKEN || undefined,
    inbox:
      env.BECKON_INBOX === 'off'
        ? null
        : {
            baseUrl: env.BECKON_INBOX_URL || undefined,
            ...(env.BECKON_INBOX_TOKEN ? { accessToken: env.BECKON_INBOX_TOKEN } : {}),
            duplicateWindowMs:
              wholeNumber(
                'BECKON_INBOX_DUPLICATE_WINDOW',
                env.BECKON_INBOX_DUPLICATE_WINDOW ?? '90',
              ) * 1000,
            keepPersonalData:
              env.BECKON_INBOX_NO_PERSONAL_DATA !== '1' && env.BECKON_NO_PERSONAL_DATA !== '1',
            ...(env.BECKON_INBOX_WEBHOOK_URL ? { webhookUrl: env.BECKON_INBOX_WEBHOOK_URL } : {}),
          },
    inboxMockPort: wholeNumber('BECKON_INBOX_MOCK_PORT', env.BECKON_INBOX_MOCK_PORT ?? '8081'),
    inboxMockKey: env.BECKON_INBOX_MOCK_KEY || undefined,
    notifyToken: env.BECKON_NOTIFY_TOKEN || undefined,
    trustLoopback: env.BECKON_TRUST_LOOPBACK === '1' || env.BECKON_TRUST_LOOPBACK === 'true',
    trustProxy: trustProxy(env.BECKON_TRUST_PROXY),
    rateLimits: {
      perAddress: wholeNumber(
        'BECKON_RATE_LIMIT_ADDRESS',
        env.BECKON_RATE_LIMIT_ADDRESS ?? String(DEFAULT_RATE_LIMITS.perAddress),
      ),
      perVisit: wholeNumber(
        'BECKON_RATE_LIMIT_VISIT',
        env.BECKON_RATE_LIMIT_VISIT ?? String(DEFAULT_RATE_LIMITS.perVisit),
      ),
    },
    agentsAvailable: wholeNumber('BECKON_AGENTS_AVAILABLE', env.BECKON_AGENTS_AVAILABLE ?? '1'),
    workers: Math.max(1, wholeNumber('BECKON_WORKERS', env.BECKON_WORKERS ?? '1')),
    logLevel: env.LOG_LEVEL ?? 'info',
    waitForDatabase: env.BECKON_WAIT_FOR_DATABASE === '1',
    retentionDays: wholeNumber('BECKON_RETENTION_DAYS', env.BECKON_RETENTION_DAYS ?? '28'),
    noPersonalData: env.BECKON_NO_PERSONAL_DATA === '1',
    root,
  };
}
