/**
 * Calls `onRoute` when a single-page app moves to another URL: `pushState`, `replaceState` with a new
 * path, back/forward (`popstate`) and, when asked, `hashchange`. A history call that keeps the URL
 * (path and query, plus the hash in hash mode) is not a page view.
 */
export function watchRoutes(win: Window, withHash: boolean, onRoute: () => void): () => void {
  const key = () => {
    const { pathname, search, hash } = win.location;
    return pathname + search + (withHash ? hash : '');
  };
  let last = key();
  let watching = true;
  const check = () => {
    if (!watching) return;
    const now = key();
    if (now === last) return;
    last = now;
    onRoute();
  };
  const { history } = win;
  const originals = { pushState: history.pushState, replaceState: history.replaceState };
  const wrap = (method: 'pushState' | 'replaceState') =>
    function (this: History, ...args: Parameters<History['pushState']>) {
      const result = originals[method].apply(this, args);
      check();
      return result;
    };
  const wrapped = { pushState: wrap('pushState'), replaceState: wrap('replaceState') };
  history.pushState = wrapped.pushState;
  history.replaceState = wrapped.replaceState;
  win.addEventListener('popstate', check);
  if (withHash) win.addEventListener('hashchange', check);
  return () => {
    watching = false;
    // Another script may have wrapped history after us; then leave its wrapper in place.
    if (history.pushState === wrapped.pushState) history.pushState = originals.pushState;
    if (history.replaceState === wrapped.replaceState)
      history.replaceState = originals.replaceState;
    win.removeEventListener('popstate', check);
    win.removeEventListener('hashchange', check);
  };
}
