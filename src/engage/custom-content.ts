import type { MediaContext } from '../protocol/media.ts';
import type { AppendContentData } from '../protocol/notification.ts';
import type { EngageHost } from './host.ts';

/** Messages between Beckon and a custom invitation page (see widgets/custom-invitation/helper.ts). */
export const FROM_PAGE = {
  ready: 'beckon:ready',
  accept: 'beckon:accept',
  reject: 'beckon:reject',
} as const;
export const TO_PAGE = { context: 'beckon:context' } as const;

/** Origins allowed to serve custom invitation pages: the engagement server's, plus `contentOrigins`. */
export function contentOriginAllowed(host: EngageHost, url: string): boolean {
  const origin = new URL(url).origin;
  return (
    origin === new URL(host.config.endpoint, host.win.location.href).origin ||
    (host.config.contentOrigins ?? []).includes(origin)
  );
}

/**
 * GWE's `gpe.appendContent`: the custom invitation page in a sandboxed iframe without same-origin
 * rights, so it can run its own script but never touch the host page. Its origin is therefore
 * opaque ("null"): messages are pinned to the frame's own window (`event.source`), and the context
 * is sent only in answer to that window's `ready`.
 */
export function showCustomContent(
  host: EngageHost,
  data: AppendContentData,
  context: MediaContext,
  onAnswer: (answer: 'accept' | 'reject') => void,
): { close(): void } {
  const doc = host.win.document;
  const frame = doc.createElement('iframe');
  frame.src = data.url;
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
  const onMessage = (event: MessageEvent) => {
    if (event.source !== frame.contentWindow) return;
    const type = (event.data as { type?: unknown } | null)?.type;
    if (type === FROM_PAGE.ready)
      frame.contentWindow?.postMessage({ type: TO_PAGE.context, context }, '*');
    else if ((type === FROM_PAGE.accept || type === FROM_PAGE.reject) && !answered) {
      answered = true;
      onAnswer(type === FROM_PAGE.accept ? 'accept' : 'reject');
    }
  };
  host.win.addEventListener('message', onMessage);
  container.append(frame);
  return {
    close: () => {
      host.win.removeEventListener('message', onMessage);
      frame.remove();
    },
  };
}
