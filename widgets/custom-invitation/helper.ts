import type { MediaContext } from '../../src/protocol/media.ts';

declare global {
  interface Window {
    BeckonInvitation?: {
      /** The engagement context (visitID, pageID, engagementID, attachedData…) once Beckon sends it. */
      context: Promise<MediaContext>;
      accept(): void;
      reject(): void;
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
  window.addEventListener('message', (event) => {
    if (
      event.source !== parent ||
      (event.data as { type?: unknown } | null)?.type !== 'beckon:context'
    )
      return;
    parentOrigin = event.origin;
    resolveContext((event.data as { context: MediaContext }).context);
  });
  const send = (type: string) => {
    if (parentOrigin) parent.postMessage({ type }, parentOrigin);
    else
      console.error(
        '[beckon] the invitation has no context yet; answer after BeckonInvitation.context resolves',
      );
  };
  window.BeckonInvitation = {
    context,
    accept: () => send('beckon:accept'),
    reject: () => send('beckon:reject'),
  };
  // The very first message cannot know the parent's origin yet: it carries nothing but "ready".
  const ancestor = (location as Location & { ancestorOrigins?: DOMStringList })
    .ancestorOrigins?.[0];
  parent.postMessage({ type: 'beckon:ready' }, ancestor ?? '*');
})();
