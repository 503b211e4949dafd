// `beckon/adapter`: what a site needs to write its own media adapter, and the kit Beckon's own
// adapters are built from. Import it where the adapter opens (`await import('beckon/adapter')`) and
// it stays out of the site's first bundle.

export { contextUrl } from '../src/media/context-url.ts';
export type { SessionEvents } from '../src/media/session-events.ts';
export { sessionEvents, whenPopupCloses } from '../src/media/session-events.ts';
export type { Placement } from '../src/protocol/config.ts';
export type { MediaAdapter, MediaContext, MediaSession } from '../src/protocol/media.ts';
export type { Panel, PanelOptions } from '../widgets/panel/panel.ts';
export { openPanel } from '../widgets/panel/panel.ts';
