import type { MediaAdapter, MediaSession } from '../../src/media/adapter.ts';
import { sessionEvents, whenPopupCloses } from '../../src/media/session-events.ts';
import type { FrameConfig } from '../../src/protocol/config.ts';
import type { MediaContext } from '../../src/protocol/media.ts';
import { mountShadow } from '../shadow-host.ts';

const PANEL_CSS = `
.widget { all: initial; position: fixed; z-index: 2147483000; inset-block-end: 16px; inset-inline-end: 16px;
  inline-size: min(400px, calc(100vw - 32px)); block-size: min(600px, calc(100vh - 32px));
  font: 15px/1.4 system-ui, sans-serif; }
.panel { display: flex; flex-direction: column; block-size: 100%; border-radius: 12px; overflow: hidden;
  background: #fff; box-shadow: 0 8px 32px rgb(0 0 0 / 25%); border: 1px solid rgb(0 0 0 / 12%); }
header { display: flex; align-items: center; justify-content: space-between; padding: 8px 12px;
  background: #0b5cad; color: #fff; }
h2 { margin: 0; font-size: 15px; }
button { font: inherit; background: transparent; color: inherit; border: 1px solid rgb(255 255 255 / 60%);
  border-radius: 6px; padding: 2px 10px; cursor: pointer; }
button:focus-visible { outline: 3px solid #e8a33d; outline-offset: 2px; }
iframe { flex: 1; border: 0; inline-size: 100%; }
`;

/** The partner URL with the engagement context in its query string. */
export function frameUrl(base: string, context: MediaContext): string {
  const url = new URL(base);
  url.searchParams.set('visitID', context.visitID);
  url.searchParams.set('pageID', context.pageID);
  if (context.engagementID) url.searchParams.set('engagementID', context.engagementID);
  if (context.scenario) url.searchParams.set('scenario', context.scenario);
  if ('webengagement' in context.attachedData) url.searchParams.set('webengagement', '');
  return url.href;
}

function openPanel(win: Window, src: string, title: string, onClosed: () => void) {
  const doc = win.document;
  const { box, attach, remove: removeHost } = mountShadow(doc, 'frame', PANEL_CSS);
  const panel = doc.createElement('section');
  panel.className = 'panel';
  panel.setAttribute('aria-label', title);
  const header = doc.createElement('header');
  const heading = doc.createElement('h2');
  heading.textContent = title;
  const close = doc.createElement('button');
  close.type = 'button';
  close.textContent = 'Close';
  close.setAttribute('aria-label', `Close ${title}`);
  header.append(heading, close);
  const frame = doc.createElement('iframe');
  frame.title = title;
  frame.src = src;
  // A partner on its own origin keeps its own storage; a same-origin page must not, or it could
  // lift its own sandbox.
  const sameOrigin = new URL(src).origin === win.location.origin;
  frame.setAttribute(
    'sandbox',
    `allow-scripts allow-forms allow-popups${sameOrigin ? '' : ' allow-same-origin'}`,
  );
  frame.setAttribute('allow', 'microphone; camera; clipboard-write');
  panel.append(header, frame);
  box.append(panel);
  attach();
  frame.focus();
  const remove = () => {
    removeHost();
    onClosed();
  };
  close.addEventListener('click', remove);
  return remove;
}

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
      const src = frameUrl(config.url, context);
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
      } else close = openPanel(win, src, title, onClosed);
      const session: MediaSession = { close: () => close(), on: events.on };
      return session;
    },
  };
}
