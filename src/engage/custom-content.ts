// Its own chunk (dist/chunks/custom.js): only sites whose strategies send `gpe.appendContent` load it.
import type { MediaContext } from '../protocol/media.ts';
import {
  type AppendContentData,
  CustomChoice,
  type ShownInvite,
} from '../protocol/notification.ts';
import type { EngageHost } from './host.ts';

/** Messages between Beckon and a custom invitation page (see widgets/custom-invitation/helper.ts). */
export const FROM_PAGE = {
  ready: 'beckon:ready',
  accept: 'beckon:accept',
  reject: 'beckon:reject',
  timeout: 'beckon:timeout',
  hold: 'beckon:hold',
} as const;
export const TO_PAGE = { context: 'beckon:context' } as const;

/** The page's address: a path is on the engagement server (under the endpoint's own path, if any). */
export const contentUrl = (host: EngageHost, url: string) =>
  new URL(url.startsWith('/') ? host.config.endpoint + url : url, host.win.location.href);

/** Origins allowed to serve custom invitation pages: the engagement server's, plus `contentOrigins`. */
export function contentOriginAllowed(host: EngageHost, url: URL): boolean {
  return (
    url.origin === new URL(host.config.endpoint, host.win.location.href).origin ||
    (host.config.contentOrigins ?? []).includes(url.origin)
  );
}

/**
 * GWE's `gpe.appendContent`: the custom invitation page in a sandboxed iframe without same-origin
 * rights, so it can run its own script but never touch the host page. Its origin is therefore
 * opaque ("null"): messages are pinned to the frame's own window (`event.source`), and the context
 * is sent only in answer to that window's `ready`. Like the native overlay, it times out unanswered
 * (`timeoutMs`, default 30 s), the clock paused while the pointer is over it or focus is in it: the
 * helper in the page says when either comes in (the host page cannot see into the frame), and the
 * host page's own pointer moves say the pointer has left. The page may also report its own timeout. Its `accept` may choose the media (`CustomChoice`).
 * Null (with a warning) when the page's origin is not allowed.
 */
export function showCustomContent(
  host: EngageHost,
  data: AppendContentData,
  context: MediaContext,
  invite: ShownInvite,
  onAnswer: (answer: 'accept' | 'reject' | 'timeout', choice?: CustomChoice) => void,
): { close(): void } | null {
  const url = contentUrl(host, data.url);
  if (!contentOriginAllowed(host, url)) {
    host.log.warn(`gpe.appendContent from ${url.origin} dropped: not in contentOrigins`);
    return null;
  }
  const doc = host.win.document;
  const frame = doc.createElement('iframe');
  frame.src = url.href;
  frame.title = 'Invitation';
  frame.setAttribute('sandbox', 'allow-scripts allow-forms');
  frame.setAttribute('referrerpolicy', 'no-referrer');
  // CSSOM properties, not a style attribute: allowed under a CSP without 'unsafe-inline'. Inline and
  // `!important`, so no page rule on `iframe` or `*`, `!important` or not, hides or moves the frame.
  const inPlace = data.container && data.container !== 'body' && doc.querySelector(data.container);
  const style: Record<string, string> = {
    display: 'block',
    visibility: 'visible',
    opacity: '1',
    position: inPlace ? 'static' : 'fixed',
    ...(inPlace ? {} : { right: '16px', bottom: '16px' }),
    width: '360px',
    height: '260px',
    'max-width': 'calc(100vw - 32px)',
    border: '0',
    'border-radius': '12px',
    'box-shadow': '0 8px 32px rgb(0 0 0 / 25%)',
    'z-index': '2147483000',
    background: '#fff',
    transform: 'none',
    filter: 'none',
    'clip-path': 'none',
  };
  for (const [property, value] of Object.entries(style))
    frame.style.setProperty(property, value, 'important');
  const container = inPlace || doc.body;

  let answered = false;
  const answer = (outcome: 'accept' | 'reject' | 'timeout', choice?: CustomChoice) => {
    if (answered) return;
    answered = true;
    stopClock();
    onAnswer(outcome, choice);
  };

  let remaining = invite.timeoutMs;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let started = 0;
  const stopClock = () => {
    if (timer === null) return;
    clearTimeout(timer);
    timer = null;
    remaining -= Date.now() - started;
  };
  const startClock = () => {
    if (timer !== null || answered) return;
    started = Date.now();
    timer = setTimeout(() => answer('timeout'), remaining);
  };
  const held = { pointer: false, focus: false };
  const hold = (change: Partial<typeof held>) => {
    Object.assign(held, change);
    (held.pointer || held.focus ? stopClock : startClock)();
  };
  // The host page hears pointer moves only while the pointer is outside the frame.
  const pointerOutside = () => held.pointer && hold({ pointer: false });
  doc.addEventListener('pointermove', pointerOutside, true);

  const onMessage = (event: MessageEvent) => {
    if (event.source !== frame.contentWindow) return;
    const message = event.data as {
      type?: unknown;
      choice?: unknown;
      pointer?: unknown;
      focus?: unknown;
    } | null;
    const type = message?.type;
    if (type === FROM_PAGE.ready)
      frame.contentWindow?.postMessage({ type: TO_PAGE.context, context }, '*');
    else if (type === FROM_PAGE.reject) answer('reject');
    else if (type === FROM_PAGE.timeout) answer('timeout');
    else if (type === FROM_PAGE.hold)
      hold({ pointer: message?.pointer === true, focus: message?.focus === true });
    else if (type === FROM_PAGE.accept) {
      const choice = CustomChoice.safeParse(message?.choice ?? {});
      if (choice.success) answer('accept', choice.data);
      else {
        const issue = choice.error.issues[0];
        host.log.error(
          `the custom invitation's accept: ${issue?.path.join('.') || 'choice'} ${issue?.message ?? 'is invalid'}; expected {type?, adapter?, scenario?, attachedData?}; it stays open`,
        );
      }
    }
  };
  host.win.addEventListener('message', onMessage);
  container.append(frame);
  startClock();
  return {
    close: () => {
      stopClock();
      answered = true;
      host.win.removeEventListener('message', onMessage);
      doc.removeEventListener('pointermove', pointerOutside, true);
      frame.remove();
    },
  };
}
