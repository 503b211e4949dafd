import type { QueuedEvent } from '../protocol/ingest.ts';
import { readJson } from '../shared/read-json.ts';
import type { KeyValue } from './storage.ts';

export const OUTBOX_KEY = 'beckon.outbox';
export const OUTBOX_LIMIT = 500;

/**
 * Events waiting for the server's acknowledgement, oldest first. Every operation re-reads storage, so
 * the tabs of one browser share one outbox without overwriting each other's events; the server dedupes
 * whatever two tabs both send.
 */
export interface Outbox {
  add(event: QueuedEvent): void;
  peek(count: number): QueuedEvent[];
  remove(eventIDs: readonly string[]): void;
  /** Move the events of visits the server refused into the visit that goes on. */
  rehome(visitIDs: readonly string[], to: Pick<QueuedEvent, 'visitID' | 'visitKey'>): void;
  size(): number;
  clear(): void;
  /** Move what is held to another storage (memory before consent, persistent after). */
  moveTo(storage: KeyValue): void;
}

export function createOutbox(
  initial: KeyValue,
  limit: number,
  onDrop: (dropped: number, totalDropped: number) => void,
): Outbox {
  let storage = initial;
  let totalDropped = 0;
  const read = () => {
    const held = readJson<QueuedEvent[]>(storage, OUTBOX_KEY);
    return Array.isArray(held) ? held : [];
  };
  const write = (events: QueuedEvent[]) => {
    let kept = events;
    // A full localStorage drops the oldest half until the rest fits; the loss is reported like overflow.
    while (!storage.set(OUTBOX_KEY, JSON.stringify(kept)) && kept.length > 0) {
      const dropped = Math.ceil(kept.length / 2);
      kept = kept.slice(dropped);
      totalDropped += dropped;
      onDrop(dropped, totalDropped);
    }
  };
  return {
    add: (event) => {
      const events = read();
      events.push(event);
      const overflow = events.length - limit;
      if (overflow > 0) {
        events.splice(0, overflow);
        totalDropped += overflow;
        onDrop(overflow, totalDropped);
      }
      write(events);
    },
    peek: (count) => read().slice(0, count),
    remove: (eventIDs) => {
      const gone = new Set(eventIDs);
      const events = read();
      const kept = events.filter((event) => !gone.has(event.eventID));
      if (kept.length !== events.length) write(kept);
    },
    rehome: (visitIDs, to) =>
      write(
        read().map((event) => (visitIDs.includes(event.visitID) ? { ...event, ...to } : event)),
      ),
    size: () => read().length,
    clear: () => storage.remove(OUTBOX_KEY),
    moveTo: (next) => {
      const held = read();
      storage.remove(OUTBOX_KEY);
      storage = next;
      const present = read();
      const known = new Set(present.map((event) => event.eventID));
      write([...present, ...held.filter((event) => !known.has(event.eventID))].slice(-limit));
    },
  };
}
