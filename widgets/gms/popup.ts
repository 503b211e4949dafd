import type { MediaSession } from '../../src/media/adapter.ts';
import { sessionEvents, whenPopupCloses } from '../../src/media/session-events.ts';
import type { GmsAdapterConfig } from '../../src/protocol/config.ts';
import type { MediaContext } from '../../src/protocol/media.ts';

/** The context as chat.html reads it from its URL, as the seed's indexGPE.html does. */
export function popupUrl(
  pageUrl: string,
  context: MediaContext,
  gms: { baseUrl: string; config: GmsAdapterConfig },
): string {
  const url = new URL(pageUrl);
  const params: Record<string, string | undefined> = {
    visitID: context.visitID,
    pageID: context.pageID,
    globalVisitID: context.globalVisitID,
    engagementID: context.engagementID,
    gmsScenario: context.scenario ?? gms.config.scenario,
    gmsBaseUrl: gms.baseUrl,
    chatService: gms.config.chatService,
    callbackService: gms.config.callbackService,
  };
  for (const [key, value] of Object.entries(params)) if (value) url.searchParams.set(key, value);
  if ('webengagement' in context.attachedData) url.searchParams.set('webengagement', '');
  return url.href;
}

/** Opens chat.html (beside beckon.js) in a popup window; null when the browser blocked it. */
export function openPopup(
  win: Window,
  context: MediaContext,
  gms: { baseUrl: string; config: GmsAdapterConfig },
): MediaSession | null {
  const page = new URL('../chat.html', import.meta.url).href;
  const popup = win.open(
    popupUrl(page, context, gms),
    `beckon-chat-${context.visitID}`,
    'popup,width=420,height=640',
  );
  if (!popup) return null;
  const events = sessionEvents();
  whenPopupCloses(popup, () => events.emit('closed'));
  return { close: () => popup.close(), on: events.on };
}
