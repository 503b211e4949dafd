import type { PageExitedData } from '../protocol/event.ts';
import type { Id } from '../protocol/ids.ts';

/** One page view: a page load or one SPA route. Its URL and title are fixed when it opens. */
export interface PageView {
  pageID: Id;
  url: string;
  title: string;
  enteredAt: number;
  visibleMs: number;
  /** When the page last became visible; null while hidden. */
  visibleSince: number | null;
}

export function openPageView(
  pageID: Id,
  url: string,
  title: string,
  now: number,
  visible: boolean,
): PageView {
  return { pageID, url, title, enteredAt: now, visibleMs: 0, visibleSince: visible ? now : null };
}

export function setVisible(view: PageView, visible: boolean, now: number): PageView {
  if (visible === (view.visibleSince !== null)) return view;
  if (visible) return { ...view, visibleSince: now };
  return {
    ...view,
    visibleMs: view.visibleMs + (now - (view.visibleSince ?? now)),
    visibleSince: null,
  };
}

export function exitData(view: PageView, now: number): PageExitedData {
  const visibleMs = view.visibleMs + (view.visibleSince === null ? 0 : now - view.visibleSince);
  return { durationMs: Math.max(0, now - view.enteredAt), visibleMs: Math.max(0, visibleMs) };
}
