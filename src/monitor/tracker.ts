import type { Engagement } from '../engage/engagement.ts';
import type { EngageHost } from '../engage/host.ts';
import { CONVERSATION_KEY, MEDIA_KEY, type MediaAdapter } from '../media/adapter.ts';
import { LAST_EVENT_KEY, RECENT_KEY } from '../notify/for-visit.ts';
import { lateNotifications } from '../notify/late.ts';
import type { Notifications, NotificationsOptions } from '../notify/notifications.ts';
import type { Config } from '../protocol/config.ts';
import type { TrackedEvent } from '../protocol/event.ts';
import type { Id, Ids } from '../protocol/ids.ts';
import type { QueuedEvent } from '../protocol/ingest.ts';
import { CAP_KEY, OWN_CHANNELS } from '../protocol/names.ts';
import { readJson } from '../shared/read-json.ts';
import { type Clock, systemClock } from './clock.ts';
import { type ResolvedConfig, resolveConfig } from './config.ts';
import { browserDoNotTrack, CONSENT_KEY, type ConsentState, initialConsent } from './consent.ts';
import type * as DslChunk from './dsl/chunk.ts';
import type { Triggers } from './dsl/triggers.ts';
import { createEmitter, type Listener } from './emitter.ts';
import { isId, newId } from './id.ts';
import { createLog, type Log } from './log.ts';
import { createOutbox, OUTBOX_LIMIT } from './outbox.ts';
import { exitData, openPageView, type PageView, setVisible } from './page-view.ts';
import { watchRoutes } from './spa.ts';
import { type KeyValue, memoryStorage, openStorage } from './storage.ts';
import { createTransport } from './transport.ts';
import { continueVisit, storedVisit, VISIT_KEY, type VisitRecord } from './visit.ts';
import { noteVisitor, VISITOR_KEY } from './visitor.ts';

export const GLOBAL_VISIT_KEY = 'beckon.globalVisitID';
/** What business events mostly hang on: held while the DSL chunk loads, then replayed to it. */
const EARLY_EVENTS = ['click', 'change', 'submit'];

/** What a page (or a function pushed onto `_gt`) can do with the tracker. */
export interface BeckonApi {
  /** Record an event: identity events (SignIn, SignOut, UserInfo) as SYSTEM, others as BUSINESS. */
  track(
    eventType: TrackedEvent['eventType'],
    eventName: string,
    data?: Record<string, unknown>,
  ): void;
  getIDs(callback: (ids: Ids) => void): void;
  on(name: string, listener: Listener): void;
  off(name: string, listener: Listener): void;
  consent(granted: boolean): void;
  /** Show an invitation raised by the page itself (same path as the server's `beckon.invite`). */
  invite(options: Record<string, unknown>): void;
  /** Register a media adapter an accepted invitation can open. */
  adapter(adapter: MediaAdapter): void;
  /**
   * Erase the visitor: the server is asked to erase them (with the visit key, so nobody can erase
   * someone else), and everything Beckon keeps on the device goes, consent included; this page
   * tracks no more. The next page starts a new visitor, unless the site asks for consent first.
   */
  forget(): void;
  /** Close the current page view and open a new one (for SPAs that route without history calls). */
  page(overrides?: { url?: string; title?: string }): void;
  debug(on: boolean): void;
}

export interface Tracker extends BeckonApi {
  readonly config: ResolvedConfig;
  readonly log: Log;
  /** Open the first page view (VisitStarted, PageEntered) and arm the DSL. Runs once. */
  start(): void;
  /** Apply a `config` pushed after start: only what can change live. */
  reconfigure(config: Config): void;
  /** Resolves once nothing is on its way to the server right now (tests, shutdown). */
  settled(): Promise<void>;
  /**
   * What the tracker does on `pagehide` and `visibilitychange`, for a start within that event (the
   * page is left before Beckon would have started): its own listeners miss the event.
   */
  left(): void;
  visibilityChanged(): void;
  stop(): void;
}

export interface TrackerEnv {
  win?: Window;
  /** Where beckon.js was loaded from: the default endpoint's origin. */
  scriptUrl?: string;
  clock?: Clock;
  fetch?: typeof fetch;
  sendBeacon?: (url: string, body: Blob) => boolean;
  /** Storage for identity and consent (default: localStorage, then cookie, then memory). */
  storage?: KeyValue;
  /** Storage for the outbox (default: localStorage, then memory). */
  outboxStorage?: KeyValue;
  log?: Log;
  /** How the engage chunk is loaded (default: `chunks/engage.js` beside beckon.js). */
  loadEngage?: () => Promise<{ createEngagement(host: EngageHost): Engagement }>;
  /** How the DSL chunk is loaded (default: `chunks/dsl.js` beside beckon.js). */
  loadDsl?: () => Promise<typeof DslChunk>;
  /** How the notification stream's chunk is loaded (default: `chunks/stream.js` beside beckon.js). */
  loadStream?: () => Promise<{
    startNotifications(options: NotificationsOptions): Notifications;
  }>;
  /** When the first page view began, if the tracker starts later (src/index.ts waits for load). */
  enteredAt?: number;
}

export function createTracker(given: Config, env: TrackerEnv = {}): Tracker {
  const win = env.win ?? window;
  const doc = win.document;
  const clock = env.clock ?? systemClock;
  const log = env.log ?? createLog();
  const fetchFn = env.fetch ?? win.fetch.bind(win);
  const config = resolveConfig(
    given,
    new URL(env.scriptUrl ?? win.location.href).origin,
    win.location.protocol,
  );
  log.setDebug(config.debug);
  const emitter = createEmitter(log);
  const persistent = env.storage ?? openStorage(true);
  const persistentOutbox = env.outboxStorage ?? openStorage(false);
  const timeoutMs = config.visitTimeoutMinutes * 60_000;
  const languageCode = () => config.languageCode ?? win.navigator.language;
  const visible = () => doc.visibilityState === 'visible';

  let consent: ConsentState = initialConsent({
    requireConsent: config.requireConsent,
    respectDoNotTrack: config.respectDoNotTrack,
    doNotTrack: browserDoNotTrack(win.navigator),
    remembered: persistent.get(CONSENT_KEY),
  });
  // Before consent nothing touches the visitor's storage: identity and outbox live in memory.
  let storage = consent === 'granted' ? persistent : memoryStorage();
  const outbox = createOutbox(
    consent === 'granted' ? persistentOutbox : memoryStorage(),
    OUTBOX_LIMIT,
    (dropped, total) => log.warn(`outbox full: ${dropped} oldest event(s) dropped (${total} here)`),
  );
  const transport = createTransport({
    url: `${config.endpoint}/server/data/events`,
    outbox,
    clock,
    log,
    fetch: fetchFn,
    sendBeacon: env.sendBeacon ?? ((url, body) => win.navigator.sendBeacon(url, body)),
    onDelivered: (ids, visits) => {
      const stored = storedVisit(storage);
      if (stored && !stored.known && visits.includes(stored.visitID)) {
        storage.set(VISIT_KEY, JSON.stringify({ ...stored, known: true }));
        notifications.visitKnown();
      }
      emitter.emit('delivered', ids);
    },
    onRefusedVisits: (visits) => {
      // The visit goes on as a new one, which its own key creates; nothing recorded is lost.
      if (visit && visits.includes(visit.visitID)) {
        storage.remove(VISIT_KEY);
        keepVisit();
      }
      if (visit) outbox.rehome(visits, { visitID: visit.visitID, visitKey: visit.key });
    },
  });

  let globalVisitID: Id | null = null;
  let visit: VisitRecord | null = null;
  let view: PageView | null = null;
  let triggers: Triggers | null = null;
  let started = false;
  let stopped = false;
  const waitingForIds: Array<(ids: Ids) => void> = [];

  const guard =
    <A extends unknown[]>(run: (...args: A) => void) =>
    (...args: A) => {
      if (stopped) return;
      try {
        run(...args);
      } catch (error) {
        log.error('internal error (please report it)', error);
      }
    };

  const currentIds = (): Ids | null =>
    globalVisitID && visit && view
      ? { globalVisitID, visitID: visit.visitID, pageID: view.pageID }
      : null;

  const adapters = new Map<string, MediaAdapter>();
  const chunkBase = new URL('chunks/', env.scriptUrl ?? win.location.href).href;
  const loadEngage =
    env.loadEngage ??
    (() =>
      import(/* @vite-ignore */ `${chunkBase}engage.js`) as Promise<{
        createEngagement(host: EngageHost): Engagement;
      }>);
  const loadDsl =
    env.loadDsl ??
    (() => import(/* @vite-ignore */ `${chunkBase}dsl.js`) as Promise<typeof DslChunk>);
  let engagement: Promise<Engagement> | null = null;
  /** The engage chunk, loaded on the first notification or `['invite']`; retried if loading failed. */
  const engage = () =>
    (engagement ??= loadEngage()
      .then((chunk) =>
        chunk.createEngagement({
          win,
          config,
          log,
          storage: () => storage,
          now: clock.now,
          ids: currentIds,
          track: (eventType, eventName, data) => api.track(eventType, eventName, data),
          emit: emitter.emit,
          on: emitter.on,
          off: emitter.off,
          adapters,
        }),
      )
      .catch((error) => {
        engagement = null;
        log.error(`could not load ${chunkBase}engage.js`, error);
        throw error;
      }));

  const loadStream =
    env.loadStream ??
    (() =>
      import(/* @vite-ignore */ `${chunkBase}stream.js`) as Promise<{
        startNotifications(options: NotificationsOptions): Notifications;
      }>);
  const notifications = lateNotifications(log, loadStream, {
    win,
    endpoint: config.endpoint,
    clock,
    log,
    fetch: fetchFn,
    storage: () => storage,
    ids: currentIds,
    since: env.enteredAt ?? clock.now(),
    deliver: (notification) => {
      const { channel, data } = (notification ?? {}) as { channel?: unknown; data?: unknown };
      // Another channel (GWE's gpe.*, a site's own) goes to the page's listeners as it came,
      // without loading the engage chunk; the server checked its name and that it is JSON.
      if (typeof channel === 'string' && !OWN_CHANNELS.includes(channel))
        emitter.emit(`notification:${channel}`, data);
      else
        engage()
          .then((chunk) => chunk.receive(notification))
          .catch(() => {});
    },
  });

  const giveIds = () => {
    const ids = currentIds();
    if (!ids) return;
    for (const callback of waitingForIds.splice(0)) {
      Promise.resolve(ids)
        .then(callback)
        .catch((error) => log.error('a getIDs callback threw', error));
    }
  };

  /** Append one event to the current page view; callers make sure there is one. */
  const emit = (
    eventType: TrackedEvent['eventType'],
    eventName: string,
    data?: Record<string, unknown>,
    at = clock.now(),
  ) => {
    if (!globalVisitID || !visit || !view) return;
    const event: QueuedEvent = {
      eventType,
      eventName,
      eventID: newId(),
      globalVisitID,
      visitID: visit.visitID,
      visitKey: visit.key,
      pageID: view.pageID,
      timestamp: at,
      url: view.url,
      title: view.title,
      languageCode: languageCode(),
      ...(data ? { data } : {}),
    };
    outbox.add(event);
    noteVisitor(storage, visit.visitID, eventName, data);
    log.debug(`${eventType} ${eventName}`, event);
    emitter.emit(`event:${eventName}`, event);
    if (consent === 'granted') transport.schedule();
  };

  /** The visit `now` belongs to, marked active; shared with the browser's other tabs through storage. */
  const touchVisit = () => {
    if (!globalVisitID) {
      const stored = storage.get(GLOBAL_VISIT_KEY);
      globalVisitID = isId(stored) ? stored : newId();
      storage.set(GLOBAL_VISIT_KEY, globalVisitID);
    }
    const next = continueVisit(storedVisit(storage), clock.now(), timeoutMs, newId);
    storage.set(VISIT_KEY, JSON.stringify(next.visit));
    return next;
  };

  const exitPage = () => {
    if (!view) return;
    emit('SYSTEM', 'PageExited', { ...exitData(view, clock.now()) });
    view = null;
  };

  /** When the first page view began, if before the start; later ones begin when they open. */
  let enteredAt = env.enteredAt;
  /** Open a page view in the current visit: VisitStarted first when the visit is new, then PageEntered. */
  const enterPage = (visitStarted: boolean, overrides: { url?: string; title?: string } = {}) => {
    const url = overrides.url ? new URL(overrides.url, win.location.href).href : win.location.href;
    const at = enteredAt ?? clock.now();
    enteredAt = undefined;
    view = openPageView(newId(), url, overrides.title ?? doc.title, at, visible());
    if (visitStarted) {
      emit(
        'SYSTEM',
        'VisitStarted',
        {
          timezoneOffset: new Date(at).getTimezoneOffset(),
          languageCode: languageCode(),
          screen: `${win.screen.width}x${win.screen.height}`,
          referrer: doc.referrer,
        },
        at,
      );
    }
    emit('SYSTEM', 'PageEntered', undefined, at);
    triggers?.newPage();
    giveIds();
    if (consent === 'granted') notifications.update();
  };

  /** A new page view: page load, SPA route, `['page']`, or a page restored from the back-forward cache. */
  const openPage = (overrides?: { url?: string; title?: string }) => {
    if (consent === 'denied') return;
    exitPage();
    const next = touchVisit();
    visit = next.visit;
    enterPage(next.started, overrides);
  };

  /**
   * Before each event: a visit idle past its timeout ends, and so does one another tab has renewed;
   * this page view then closes in the old visit and reopens in the new one.
   */
  const keepVisit = () => {
    if (!view) return;
    const next = touchVisit();
    if (next.visit.visitID === visit?.visitID) return;
    exitPage();
    visit = next.visit;
    enterPage(next.started);
  };

  const grant = () => {
    persistent.set(CONSENT_KEY, 'granted');
    if (storage !== persistent) {
      for (const key of [GLOBAL_VISIT_KEY, VISIT_KEY, VISITOR_KEY]) {
        const value = storage.get(key);
        if (value !== null) persistent.set(key, value);
      }
      storage = persistent;
    }
    outbox.moveTo(persistentOutbox);
    const before = consent;
    consent = 'granted';
    if (before === 'denied') openPage();
    notifications.update();
    transport.schedule();
  };

  const deny = () => {
    persistent.set(CONSENT_KEY, 'denied');
    consent = 'denied';
    notifications.stop();
    outbox.clear();
    for (const key of [
      GLOBAL_VISIT_KEY,
      VISIT_KEY,
      VISITOR_KEY,
      LAST_EVENT_KEY,
      RECENT_KEY,
      MEDIA_KEY,
      CONVERSATION_KEY,
    ])
      persistent.remove(key);
    storage = memoryStorage();
    globalVisitID = visit = view = null;
  };

  const onVisibility = guard(() => {
    if (!view) return;
    view = setVisible(view, visible(), clock.now());
    if (visible()) {
      keepVisit();
      transport.retryNow();
    } else if (consent === 'granted') transport.beacon();
  });
  const onPageHide = guard(() => {
    exitPage();
    if (consent === 'granted') transport.beacon();
  });
  const onPageShow = guard((event: PageTransitionEvent) => {
    if (event.persisted) openPage();
  });
  const onOnline = guard(() => consent === 'granted' && transport.retryNow());

  doc.addEventListener('visibilitychange', onVisibility);
  win.addEventListener('pagehide', onPageHide);
  win.addEventListener('pageshow', onPageShow);
  win.addEventListener('online', onOnline);
  const unwatchRoutes = config.trackSpa
    ? watchRoutes(
        win,
        config.trackHash,
        guard(() => openPage()),
      )
    : () => {};

  const api: Tracker = {
    config,
    log,
    track: guard((eventType, eventName, data) => {
      if (consent === 'denied') return;
      keepVisit();
      emit(eventType, eventName, data);
    }),
    getIDs: guard((callback) => {
      waitingForIds.push(callback);
      giveIds();
    }),
    on: emitter.on,
    off: emitter.off,
    consent: guard((granted) => (granted ? grant() : deny())),
    invite: guard((options) => {
      engage()
        .then((chunk) => chunk.invite(options))
        .catch(() => {});
    }),
    adapter: guard((adapter) => {
      adapters.set(adapter.name, adapter);
      log.debug(`media adapter '${adapter.name}' registered`);
    }),
    page: guard((overrides) => openPage(overrides)),
    forget: guard(() => {
      const known = storedVisit(storage);
      if (known?.known)
        fetchFn(`${config.endpoint}/server/data/visits/${known.visitID}/visitor`, {
          method: 'DELETE',
          headers: { authorization: `Bearer ${known.key}` },
          keepalive: true,
        }).catch(() =>
          log.error('forget: the server could not be asked to erase this visitor; try again'),
        );
      deny();
      for (const key of [CONSENT_KEY, CAP_KEY]) persistent.remove(key);
    }),
    debug: (on) => log.setDebug(on),
    reconfigure: guard((late) => {
      if (late.debug !== undefined) log.setDebug(late.debug);
      if (late.languageCode !== undefined) config.languageCode = late.languageCode;
      const fixed = Object.keys(late).filter((key) => key !== 'debug' && key !== 'languageCode');
      if (fixed.length)
        log.warn(
          `config after start: ${fixed.join(', ')} only take(s) effect when pushed before beckon.js loads`,
        );
    }),
    start: guard(() => {
      if (started) return;
      started = true;
      if (consent === 'denied') log.debug('not tracking: consent denied or Do Not Track honoured');
      else if (consent === 'pending') log.debug('waiting for consent: events are held in memory');
      openPage();
      // A chat (or other media session) running on an earlier page of this visit goes on here, and
      // the launcher comes back once the visit has had a conversation (or always, if configured);
      // a page that configures GWE's chat widget (`_gwc`) gets its chat API.
      if (
        consent === 'granted' &&
        (win._gwc !== undefined ||
          config.launcher?.show === 'always' ||
          [MEDIA_KEY, CONVERSATION_KEY].some(
            (key) => readJson<{ visitID?: string }>(storage, key)?.visitID === visit?.visitID,
          ))
      ) {
        engage()
          .then((chunk) => chunk.pageStarted())
          .catch(() => {});
      }
      if (config.dsl !== undefined || config.dslResource) {
        // Clicks, changes and submits before the DSL is armed still count once it is.
        const early: Event[] = [];
        const hold = (event: Event) => early.push(event);
        for (const type of EARLY_EVENTS) doc.addEventListener(type, hold, true);
        loadDsl()
          .then((chunk) =>
            chunk.armDsl(
              config,
              fetchFn,
              {
                win,
                clock,
                log,
                fire: guard((name: string, data: Record<string, unknown>) =>
                  api.track('BUSINESS', name, data),
                ),
              },
              early,
            ),
          )
          .then((armed) => {
            if (stopped) armed?.stop();
            else triggers = armed;
          })
          .catch((error) => log.error('the DSL could not be started', error))
          .finally(() => {
            for (const type of EARLY_EVENTS) doc.removeEventListener(type, hold, true);
          });
      }
    }),
    settled: () => transport.idle(),
    left: onPageHide,
    visibilityChanged: onVisibility,
    stop: () => {
      stopped = true;
      transport.stop();
      notifications.stop();
      triggers?.stop();
      unwatchRoutes();
      doc.removeEventListener('visibilitychange', onVisibility);
      win.removeEventListener('pagehide', onPageHide);
      win.removeEventListener('pageshow', onPageShow);
      win.removeEventListener('online', onOnline);
    },
  };
  return api;
}
