// Events as the tracker sends them, for loading the server: fresh IDs every time.
import { randomBytes } from 'node:crypto';

export const newId = () => randomBytes(16).toString('hex').toUpperCase();

export interface Visitor {
  globalVisitID: string;
  visitID: string;
  pageID: string;
}

export const newVisitor = (): Visitor => ({
  globalVisitID: newId(),
  visitID: newId(),
  pageID: newId(),
});

export const event = (visitor: Visitor, eventName = 'BenchEvent') => ({
  eventType: eventName === 'PageEntered' ? 'SYSTEM' : 'BUSINESS',
  eventName,
  eventID: newId(),
  ...visitor,
  timestamp: Date.now(),
  url: 'https://shop.example/lamps/walnut',
  title: 'Walnut desk lamp',
  languageCode: 'en',
});

/** Starts each visitor's visit (a PageEntered each, 100 per request) and returns their tokens. */
export async function startVisits(engine: string, visitors: Visitor[]) {
  const tokens = new Map<string, string>();
  for (let at = 0; at < visitors.length; at += 100) {
    const batch = visitors.slice(at, at + 100);
    const response = await fetch(`${engine}/server/data/events`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ events: batch.map((v) => event(v, 'PageEntered')) }),
    });
    const { visitTokens } = (await response.json()) as { visitTokens: Record<string, string> };
    for (const [visitID, token] of Object.entries(visitTokens)) tokens.set(visitID, token);
  }
  return tokens;
}
