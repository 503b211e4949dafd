import type { MediaAdapter, MediaSession } from '../../src/media/adapter.ts';
import { contextUrl } from '../../src/media/context-url.ts';
import { sessionEvents, whenPopupCloses } from '../../src/media/session-events.ts';
import type { FrameConfig } from '../../src/protocol/config.ts';
import { openPanel } from '../panel/panel.ts';

/** The `frame` adapter: a partner's chat or callback page in an iframe panel or a popup. */
export function createFrameAdapter(win: Window, config: FrameConfig | undefined): MediaAdapter {
  return {
    name: 'frame',
    party: 'third',
    open: async (context) => {
      if (!config?.url)
        throw new Error(
          "config.frame.url is required: _gt.push(['config', {frame: {url: 'https://…'}}])",
        );
      const src = contextUrl(config.url, context);
      const title = config.title ?? (context.type === 'chat' ? 'Chat' : 'Call back');
      const events = sessionEvents();
      let closed = false;
      const onClosed = () => {
        if (closed) return;
        closed = true;
        events.emit('closed');
      };
      let close: () => void;
      const popup =
        config.mode === 'popup'
          ? win.open(src, 'beckon-frame', 'popup,width=420,height=640')
          : null;
      if (popup) {
        whenPopupCloses(popup, onClosed);
        close = () => {
          popup.close();
          onClosed();
        };
      } else
        close = openPanel({
          title,
          frame: src,
          onClose: onClosed,
          document: win.document,
          name: 'frame',
        }).close;
      const session: MediaSession = { close: () => close(), on: events.on };
      return session;
    },
  };
}
