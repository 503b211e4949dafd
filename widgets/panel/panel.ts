import type { Placement } from '../../src/protocol/config.ts';
import { mountShadow } from '../shadow-host.ts';
import { PANEL_CSS } from './styles.ts';

export interface PanelOptions {
  /** The panel's heading and accessible name, e.g. "Book a visit". */
  title: string;
  /** Where the panel floats; default `bottom-right` (the reading end in a right-to-left page). */
  placement?: Placement;
  /** CSS for what the adapter puts in `body`, scoped to the panel: no page rule reaches in, none leaks out. */
  css?: string;
  /**
   * A page to show in the panel, in a sandboxed iframe. A page on another origin keeps its own
   * storage; one on the site's own origin does not get `allow-same-origin`, or it could lift its
   * own sandbox.
   */
  frame?: string;
  /** Called once when the panel closes: its Close button, Escape, or `close()`. */
  onClose?: () => void;
  /**
   * Names the panel's host element, `<beckon-NAME data-beckon="NAME">`, where a site's tests and
   * analytics find it; default `panel`. Lowercase letters, digits and `-` (an element's name).
   */
  name?: string;
  /** The document to open in; default `document`. */
  document?: Document;
}

export interface Panel {
  /** Where the adapter puts its content; it holds the iframe when `frame` was given. */
  body: HTMLElement;
  /** Removes the panel and returns focus to where it was before the panel opened. */
  close(): void;
}

/**
 * A floating panel as Beckon's own widgets have it: in a shadow root of its own (the page's CSS
 * cannot reach it, CSP-safe styles), placed in a corner, a labelled non-modal dialog with a Close
 * button, closed by Escape, and focus back where it was once it closes.
 */
export function openPanel(options: PanelOptions): Panel {
  const name = options.name ?? 'panel';
  if (!/^[a-z][a-z0-9-]{0,31}$/.test(name))
    throw new Error(`openPanel: name '${name}' must be lowercase letters, digits and -`);
  const doc = options.document ?? document;
  const opener = doc.activeElement;
  // Checked before anything is mounted: a bad address leaves nothing behind.
  const frameUrl = options.frame === undefined ? null : new URL(options.frame, doc.baseURI);
  const { host, box, attach, remove } = mountShadow(doc, name, PANEL_CSS + (options.css ?? ''), {
    fill: true,
  });
  box.setAttribute('data-position', options.placement ?? 'bottom-right');
  const panel = doc.createElement('section');
  panel.className = 'panel';
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-label', options.title);
  panel.tabIndex = -1;
  const header = doc.createElement('header');
  const heading = doc.createElement('h2');
  heading.textContent = options.title;
  const closeButton = doc.createElement('button');
  closeButton.type = 'button';
  closeButton.textContent = 'Close';
  closeButton.setAttribute('aria-label', `Close ${options.title}`);
  header.append(heading, closeButton);
  const body = doc.createElement('div');
  body.className = 'body';
  panel.append(header, body);
  box.append(panel);

  let open = true;
  const close = () => {
    if (!open) return;
    open = false;
    const focusInside = doc.activeElement === host;
    remove();
    // Back to where the visitor was, unless they have since gone somewhere else on the page.
    const lost = focusInside || doc.activeElement === doc.body || doc.activeElement === null;
    if (lost && opener instanceof HTMLElement && opener.isConnected) opener.focus();
    options.onClose?.();
  };
  closeButton.addEventListener('click', close);
  panel.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      close();
    }
  });

  attach();
  if (frameUrl) {
    const frame = doc.createElement('iframe');
    frame.title = options.title;
    frame.src = frameUrl.href;
    const sameOrigin = frameUrl.origin === doc.defaultView?.location.origin;
    frame.setAttribute(
      'sandbox',
      `allow-scripts allow-forms allow-popups${sameOrigin ? '' : ' allow-same-origin'}`,
    );
    frame.setAttribute('allow', 'microphone; camera; clipboard-write');
    body.append(frame);
    frame.focus();
  } else panel.focus();
  return { body, close };
}
