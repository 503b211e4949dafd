import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { type AppOptions, buildApp } from '../../server/app.ts';
import type { Category } from '../../server/engagement/categories.ts';
import type { GmsConfig } from '../../server/gms/config.ts';
import { type Db, openPglite, openPostgres } from '../../server/store/db.ts';
import { migrate } from '../../server/store/migrations.ts';
import type { RulesFile } from '../../src/protocol/engagement.ts';
import type { TrackedEvent } from '../../src/protocol/event.ts';

export interface Backend {
  name: string;
  open(): Promise<Db>;
}

/**
 * The databases the store is tested on: in-memory PGlite always, and a PostgreSQL server when
 * TEST_DATABASE_URL names one (CI starts Debian's), since DATABASE_URL runs the same SQL there.
 */
export const BACKENDS: Backend[] = [
  { name: 'PGlite', open: () => openPglite() },
  ...(process.env.TEST_DATABASE_URL
    ? [{ name: 'PostgreSQL', open: () => openOwnSchema(process.env.TEST_DATABASE_URL as string) }]
    : []),
];

/**
 * A connection string for a fresh schema of its own on `url`'s server, and a way to drop it: test
 * files run side by side (npm test runs two at once) and never see each other's rows.
 */
export async function ownSchema(url: string) {
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const admin = await openPostgres(url);
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.close();
  const scoped = new URL(url);
  scoped.searchParams.set('options', `-c search_path=${schema}`);
  return {
    schema,
    url: scoped.href,
    drop: async () => {
      const again = await openPostgres(url);
      await again.query(`DROP SCHEMA ${schema} CASCADE`);
      await again.close();
    },
  };
}

async function openOwnSchema(url: string): Promise<Db> {
  const scope = await ownSchema(url);
  const db = await openPostgres(scope.url);
  return {
    ...db,
    close: async () => {
      await db.close();
      await scope.drop();
    },
  };
}

const opened = new Map<string, Promise<Db>>();

/** One database per backend per test file: creating a PGlite costs about two seconds. */
export function database(backend: Backend = BACKENDS[0] as Backend): Promise<Db> {
  let db = opened.get(backend.name);
  if (!db) {
    db = backend.open().then(async (open) => {
      await migrate(open);
      return open;
    });
    opened.set(backend.name, db);
  }
  return db;
}

/**
 * The file's database, made to fail on cue as a PostgreSQL server going away does (its shutdown
 * error, 57P01): `away(true)` until `away(false)`.
 */
export async function flakyDatabase(backend?: Backend) {
  const db = await database(backend);
  let gone = false;
  const refuse = () =>
    Promise.reject(
      Object.assign(new Error('terminating connection due to administrator command'), {
        code: '57P01',
      }),
    );
  const flaky: Db = {
    ...db,
    query: (sql, params, options) => (gone ? refuse() : db.query(sql, params, options)),
    transaction: (work) => (gone ? refuse() : db.transaction(work)),
  };
  return {
    db: flaky,
    away: (is: boolean) => {
      gone = is;
    },
  };
}

export async function closeDatabases() {
  for (const db of opened.values()) await (await db).close();
  opened.clear();
}

export const CATEGORIES: Category[] = [
  { name: 'Shop', tags: ['/shop'] },
  { name: 'Lamps', tags: ['lamp'] },
];

/** Rules for the server tests: a Search on a lamp page offers a chat. */
export const RULES: RulesFile = {
  policy: { minGapSeconds: 60, deliveryTimeoutSeconds: 30, requireAgent: true },
  rules: [
    {
      name: 'lamp-search',
      when: { event: 'Search', category: 'Lamps', url: '*/shop/*' },
      offer: {
        type: 'chat',
        title: 'Need a hand?',
        message: 'An advisor can help.',
        adapter: 'frame',
      },
    },
    {
      name: 'help-request',
      when: { event: 'HelpRequested' },
      offer: { type: 'chat', title: 'Chat with us?', message: 'An agent is free.', adapter: 'gms' },
      offerWithoutAgents: {
        type: 'message',
        title: 'Write to us?',
        message: 'Nobody is free right now; we answer your message soon.',
        adapter: 'inbox',
      },
    },
  ],
};

export const GMS: GmsConfig = {
  chatServices: ['customer-support'],
  callbackServices: ['callback'],
  businessHours: {
    timeZone: 'Europe/Berlin',
    days: [1, 2, 3, 4, 5],
    open: '09:00',
    close: '17:00',
  },
  slotMinutes: 15,
  maxPerSlot: 2,
  dialNumber: '+49 30 1234567',
  chatFiles: {
    maxFiles: 3,
    maxFileBytes: 64 * 1024,
    maxTotalBytes: 100 * 1024,
    types: ['png', 'pdf', 'txt'],
    downloadAttempts: 4,
    needAgent: true,
  },
};

/** The server as the tests build it: the file's database (or `db`, e.g. one that fails on cue). */
export async function app(options: Partial<AppOptions> & { backend?: Backend } = {}) {
  const { backend, db, ...rest } = options;
  return buildApp({
    db: db ?? (await database(backend)),
    categories: CATEGORIES,
    rules: RULES,
    gms: GMS,
    allowedOrigins: ['*'],
    // The tests call agent and operator routes from this machine, as `npm start` lets one.
    trustLoopback: true,
    ...rest,
  });
}

/** The key the tests' browsers make for a visit: any 32 hex characters other than the visitID. */
export const keyOf = (visitID: string) => visitID.split('').reverse().join('');

/** An events body with the key of each of its visits, as the tracker sends it. */
export function keyed<T extends { events: Array<{ visitID: string }> }>(body: T) {
  return {
    ...body,
    keys: Object.fromEntries(body.events.map((e) => [e.visitID, keyOf(e.visitID)])),
  };
}

/** The header that shows a visit's key. */
export const bearer = (visitID: string) => ({ authorization: `Bearer ${keyOf(visitID)}` });

let counter = 0;
/** A fresh 32-hex ID, unique across the file's tests. */
export const id = () =>
  `${Date.now().toString(16)}${(++counter).toString(16)}`.toUpperCase().padStart(32, 'F');

export function visit() {
  const ids = { globalVisitID: id(), visitID: id(), pageID: id() };
  const key = keyOf(ids.visitID);
  let ts = 1_700_000_000_000;
  const event = (eventName: string, extra: Partial<TrackedEvent> = {}): TrackedEvent => ({
    eventType: ['VisitStarted', 'PageEntered', 'PageExited'].includes(eventName)
      ? 'SYSTEM'
      : 'BUSINESS',
    eventName,
    eventID: id(),
    ...ids,
    timestamp: ++ts,
    url: 'https://shop.example/shop/lamp',
    title: 'Walnut lamp',
    languageCode: 'en',
    ...extra,
  });
  return { ids, key, event };
}

/** Makes the visit known to the server, as its first page view does; returns the visit's key. */
export async function visitKeyFor(
  server: FastifyInstance,
  ids: { globalVisitID: string; visitID: string; pageID: string },
): Promise<string> {
  const key = keyOf(ids.visitID);
  const response = await server.inject({
    method: 'POST',
    url: '/server/data/events',
    payload: {
      events: [
        {
          eventType: 'SYSTEM',
          eventName: 'PageEntered',
          eventID: id(),
          ...ids,
          timestamp: Date.now(),
          url: 'https://shop.example/help',
          title: 'Help',
        },
      ],
      keys: { [ids.visitID]: key },
    },
  });
  if (response.statusCode !== 200) throw new Error(`visit not created: ${response.body}`);
  return key;
}

/** A form POST as GMS clients send it, straight into the app. */
export const injectForm = (server: FastifyInstance, url: string, fields: Record<string, string>) =>
  server.inject({
    method: 'POST',
    url,
    payload: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
