// Events as the tracker sends them, for loading the server: fresh IDs every time.
import { randomBytes } from 'node:crypto';

export const newId = () => randomBytes(16).toString('hex').toUpperCase();

export interface Visitor {
  globalVisitID: string;
  visitID: string;
  pageID: string;
  /** The visit key the browser makes with the visit. */
  key: string;
}

export const newVisitor = (): Visitor => ({
  globalVisitID: newId(),
  visitID: newId(),
  pageID: newId(),
  key: newId(),
});

/** Rate limits out of the way: the load comes from one address and few visits. */
export const UNLIMITED = {
  BECKON_RATE_LIMIT_ADDRESS: '100000000',
  BECKON_RATE_LIMIT_VISIT: '100000000',
};

export const event = ({ key: _key, ...visitor }: Visitor, eventName = 'BenchEvent') => ({
  eventType: eventName === 'PageEntered' ? 'SYSTEM' : 'BUSINESS',
  eventName,
  eventID: newId(),
  ...visitor,
  timestamp: Date.now(),
  url: 'https://shop.example/lamps/walnut',
  title: 'Walnut desk lamp',
  languageCode: 'en',
});

/** An events body as the tracker sends it: the events, and each visitor's key beside them. */
export const eventsBody = (visitors: Visitor[], events: ReturnType<typeof event>[]) =>
  JSON.stringify({ events, keys: Object.fromEntries(visitors.map((v) => [v.visitID, v.key])) });

/** Starts each visitor's visit (a PageEntered each, 100 per request). */
export async function startVisits(engine: string, visitors: Visitor[]) {
  for (let at = 0; at < visitors.length; at += 100) {
    const batch = visitors.slice(at, at + 100);
    const response = await fetch(`${engine}/server/data/events`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: eventsBody(
        batch,
        batch.map((v) => event(v, 'PageEntered')),
      ),
    });
    if (!response.ok) throw new Error(`visits not started: ${response.status}`);
  }
}
