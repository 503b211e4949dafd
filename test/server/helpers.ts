import { buildApp } from '../../server/app.ts';
import type { Category } from '../../server/engagement/categories.ts';
import { type Db, openPglite } from '../../server/store/db.ts';
import { migrate } from '../../server/store/migrations.ts';
import { createVisitStore } from '../../server/store/visit-store.ts';
import type { TrackedEvent } from '../../src/protocol/event.ts';

let shared: Promise<Db> | null = null;

/** One in-memory PostgreSQL (PGlite) per test file: creating one costs about two seconds. */
export function database(): Promise<Db> {
  shared ??= openPglite().then(async (db) => {
    await migrate(db);
    return db;
  });
  return shared;
}

export const CATEGORIES: Category[] = [
  { name: 'Shop', tags: ['/shop'] },
  { name: 'Lamps', tags: ['lamp'] },
];

export async function app(options: { allowedOrigins?: string[] } = {}) {
  const db = await database();
  return buildApp({
    store: createVisitStore(db),
    categories: CATEGORIES,
    allowedOrigins: options.allowedOrigins ?? ['*'],
  });
}

let counter = 0;
/** A fresh 32-hex ID, unique across the file's tests. */
export const id = () =>
  `${Date.now().toString(16)}${(++counter).toString(16)}`.toUpperCase().padStart(32, 'F');

export function visit() {
  const ids = { globalVisitID: id(), visitID: id(), pageID: id() };
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
  return { ids, event };
}
