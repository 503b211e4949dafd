import type { Clock } from '../monitor/clock.ts';
import type { Log } from '../monitor/log.ts';
import type { KeyValue } from '../monitor/storage.ts';
import { visitKey } from '../monitor/visit.ts';
import type { Ids } from '../protocol/ids.ts';
import { LAST_EVENT_KEY, readForVisit, writeForVisit } from './for-visit.ts';
import { keepRecent, recentSince } from './recent.ts';
import { type SharedStream, shareStream } from './shared.ts';
import { openStream, type Stream } from './stream.ts';

const SEEN_LIMIT = 200;

export interface NotificationsOptions {
  win: Window;
  endpoint: string;
  clock: Clock;
  log: Log;
  fetch: typeof fetch;
  storage(): KeyValue;
  ids(): Ids | null;
  /** When this tab's first page view began: messages the tabs received from then on reach it. */
  since: number;
  /** A notification for this page view, parsed but not yet validated (the engage chunk does that). */
  deliver(notification: unknown): void;
}

export interface Notifications {
  /** The visit or page view may have changed. */
  update(): void;
  /** The server acknowledged events: a stream it refused (the visit was not there yet) tries again. */
  visitKnown(): void;
  stop(): void;
}

/**
 * The page's side of the notification service: one stream per visit for all tabs, resumed from the
 * last message ID any tab saw, each message handed on once and only to the page view it targets.
 */
export function startNotifications(options: NotificationsOptions): Notifications {
  const { log } = options;
  let visitID: string | null = null;
  let shared: SharedStream | null = null;
  let stream: Stream | null = null;
  const seen: string[] = [];

  const stored = <T>(key: string) => readForVisit<T>(options.storage(), key, visitID);

  const receive = (id: unknown, data: unknown) => {
    if (typeof id !== 'string' || typeof data !== 'string' || !id || seen.includes(id)) return;
    seen.push(id);
    if (seen.length > SEEN_LIMIT) seen.shift();
    const last = stored<string>(LAST_EVENT_KEY);
    if (visitID && (!last || Number(id) > Number(last))) {
      writeForVisit(options.storage(), LAST_EVENT_KEY, visitID, id);
    }
    let notification: { page?: unknown } | undefined;
    try {
      notification = (JSON.parse(data) as { notification?: { page?: unknown } }).notification;
    } catch {
      log.warn(`notification ${id} is not JSON; dropped`);
      return;
    }
    const page = options.ids()?.pageID;
    if (notification?.page !== undefined && notification.page !== page) {
      log.debug(`notification ${id} is for another page view`);
      return;
    }
    options.deliver(notification);
  };

  const close = () => {
    shared?.stop();
    shared = null;
    stream = null;
  };

  const follow = (visit: string) => {
    visitID = visit;
    const current = shareStream({
      win: options.win,
      visitID: visit,
      lead: () => {
        const own = openStream({
          url: `${options.endpoint}/server/notifications/${visit}`,
          key: () => visitKey(options.storage(), visit),
          lastEventId: () => stored<string>(LAST_EVENT_KEY),
          onMessage: (id, data) => {
            keepRecent(options.storage(), visit, { id, data, at: options.clock.now() });
            current.share({ id, data });
            receive(id, data);
          },
          clock: options.clock,
          log,
          fetch: options.fetch,
        });
        stream = own;
        own.start();
        return () => own.stop();
      },
      onShared: (message) => {
        const { id, data } = (message ?? {}) as { id?: unknown; data?: unknown };
        receive(id, data);
      },
    });
    shared = current;
    // After joining the channel, so nothing shared from now on slips between the two.
    for (const message of recentSince(options.storage(), visit, options.since))
      receive(message.id, message.data);
  };

  return {
    update: () => {
      const ids = options.ids();
      if (!ids) {
        close();
        visitID = null;
      } else if (ids.visitID !== visitID) {
        close();
        follow(ids.visitID);
      }
    },
    visitKnown: () => stream?.visitKnown(),
    stop: () => {
      close();
      visitID = null;
    },
  };
}
