import type { MediaContext } from '../../src/protocol/media.ts';
import type { CustomChoice } from '../../src/protocol/notification.ts';

declare global {
  interface Window {
    BeckonInvitation?: {
      /** The engagement context (visitID, pageID, engagementID, attachedData…) once Beckon sends it. */
      context: Promise<MediaContext>;
      /**
       * The visitor accepts. As GWE's `startGms(scenario)`, the page may choose the media:
       * `{type: 'callback', scenario: 'VOICE-NOW-USERTERM', attachedData: {reason: 'loan'}}`.
       */
      accept(choice?: CustomChoice): void;
      reject(): void;
      /** The page's own timer ran out (Beckon also times the page out, as the native overlay). */
      timeout(): void;
    };
  }
}

/**
 * Loaded by a custom invitation page shown through `gpe.appendContent`. The page runs sandboxed
 * with an opaque origin; it learns its parent's origin from the parent's first message and pins
 * every later message to it.
 */
(() => {
  const parent = window.parent;
  let parentOrigin: string | null = null;
  let resolveContext: (context: MediaContext) => void = () => {};
  const context = new Promise<MediaContext>((resolve) => {
    resolveContext = resolve;
  });
  const send = (
    type: string,
    detail: { choice?: CustomChoice; pointer?: boolean; focus?: boolean } = {},
  ) => {
    if (parentOrigin) parent.postMessage({ type, ...detail }, parentOrigin);
    else if (type !== 'beckon:hold')
      console.error(
        '[beckon] the invitation has no context yet; answer after BeckonInvitation.context resolves',
      );
  };
  // The page's clock stops while the pointer is over it or focus is in it, as the native
  // overlay's does; the host page cannot see either across the frame's boundary.
  const state = { pointer: false, focus: false };
  const hold = (change: Partial<typeof state>) => send('beckon:hold', Object.assign(state, change));
  document.documentElement.addEventListener('mouseenter', () => hold({ pointer: true }));
  document.documentElement.addEventListener('mouseleave', () => hold({ pointer: false }));
  window.addEventListener('focus', () => hold({ focus: true }));
  window.addEventListener('blur', () => hold({ focus: false }));
  window.addEventListener('message', (event) => {
    if (
      event.source !== parent ||
      (event.data as { type?: unknown } | null)?.type !== 'beckon:context'
    )
      return;
    parentOrigin = event.origin;
    resolveContext((event.data as { context: MediaContext }).context);
    // The pointer may have come in before Beckon could be told: tell it now.
    if (state.pointer || state.focus) send('beckon:hold', state);
  });
  window.BeckonInvitation = {
    context,
    accept: (choice) => send('beckon:accept', { choice }),
    reject: () => send('beckon:reject'),
    timeout: () => send('beckon:timeout'),
  };
  // The very first message cannot know the parent's origin yet: it carries nothing but "ready".
  const ancestor = (location as Location & { ancestorOrigins?: DOMStringList })
    .ancestorOrigins?.[0];
  parent.postMessage({ type: 'beckon:ready' }, ancestor ?? '*');
})();
