import type { EngageHost } from '../../src/engage/host.ts';
import type { MediaSession } from '../../src/media/adapter.ts';
import { sessionEvents, whenPopupCloses } from '../../src/media/session-events.ts';
import type { GmsAdapterConfig, Theme } from '../../src/protocol/config.ts';
import type { MediaContext } from '../../src/protocol/media.ts';
import { brandOf } from '../theme.ts';

/** The message the opener passes a `beckon.chat` nudge on with, to the popup only. */
export const POPUP_NUDGE = 'beckon:chat';

/**
 * In chat.html: the nudges its opener passes on, taken only from that window and only at the origin
 * its address names, so no other page or frame can make the chat read (or tell it anything).
 */
export function hearOpener(
  win: Pick<Window, 'addEventListener' | 'opener'>,
  openerOrigin: string | undefined,
  hear: (nudge: unknown) => void,
) {
  win.addEventListener('message', (event) => {
    if (!openerOrigin || event.origin !== openerOrigin || event.source !== win.opener) return;
    const data = (event.data as Record<string, unknown> | null)?.[POPUP_NUDGE];
    if (data) hear(data);
  });
}

/**
 * In chat.html: the opener's theme from its address (`popupUrl` writes it), when that holds an
 * object. What of it is used is checked where it is used (widgets/theme.ts takes only text, and a
 * logo only from an http(s) address), which keeps zod's object checks out of the chunks the engage
 * chunk shares.
 */
export function themeFromAddress(given: string | undefined): { theme?: Theme } {
  try {
    const parsed: unknown = JSON.parse(given ?? 'null');
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? { theme: parsed as Theme }
      : {};
  } catch {
    return {};
  }
}

/**
 * The context as chat.html reads it from its URL, as the seed's indexGPE.html does, and the
 * opener's origin (`opener`), the only one whose messages the popup takes.
 */
export function popupUrl(
  pageUrl: string,
  context: MediaContext,
  gms: { baseUrl: string; config: GmsAdapterConfig; theme?: Theme },
  openerOrigin?: string,
): string {
  const url = new URL(pageUrl);
  const params: Record<string, string | undefined> = {
    opener: openerOrigin,
    visitID: context.visitID,
    pageID: context.pageID,
    globalVisitID: context.globalVisitID,
    engagementID: context.engagementID,
    gmsScenario: context.scenario ?? gms.config.scenario,
    gmsBaseUrl: gms.baseUrl,
    chatService: gms.config.chatService,
    callbackService: gms.config.callbackService,
    pollSeconds: gms.config.pollSeconds?.toString(),
    requireName: gms.config.requireName ? 'true' : undefined,
    theme: gms.theme && JSON.stringify(gms.theme),
  };
  for (const [key, value] of Object.entries(params)) if (value) url.searchParams.set(key, value);
  if ('webengagement' in context.attachedData) url.searchParams.set('webengagement', '');
  return url.href;
}

/**
 * Opens chat.html (beside beckon.js) in a popup window; null when the browser blocked it. The
 * popup holds no visit key, so it has no stream of its own: the page passes each `beckon.chat`
 * nudge on to it, to chat.html's origin only.
 */
export function openPopup(
  host: Pick<EngageHost, 'win'> & Partial<Pick<EngageHost, 'on' | 'off'>>,
  context: MediaContext,
  gms: { baseUrl: string; config: GmsAdapterConfig; theme?: Theme },
): MediaSession | null {
  const page = new URL('../chat.html', import.meta.url);
  // chat.html may be on another origin: a logo named by a path on this site goes as a full address.
  const logo = gms.theme && brandOf(gms.theme, host.win.location.href).logo;
  const theme = gms.theme && { ...gms.theme, logo: logo ?? undefined };
  const popup = host.win.open(
    popupUrl(page.href, context, { ...gms, theme }, host.win.location.origin),
    `beckon-chat-${context.visitID}`,
    'popup,width=420,height=640',
  );
  if (!popup) return null;
  const events = sessionEvents();
  const passOn = (data: unknown) => popup.postMessage({ [POPUP_NUDGE]: data }, page.origin);
  host.on?.('chat', passOn);
  whenPopupCloses(popup, () => {
    host.off?.('chat', passOn);
    events.emit('closed');
  });
  return { close: () => popup.close(), on: events.on };
}
