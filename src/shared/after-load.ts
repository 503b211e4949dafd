/**
 * Runs `work` once, when the page has loaded and the browser is idle (at most `timeoutMs` after the
 * load event, so it always runs), so nothing of it delays the host page's load event or competes
 * with the page's own start. The returned function runs it at once instead (the page is being left).
 */
export function afterLoad(win: Window, work: () => void, timeoutMs = 2000): () => void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    work();
  };
  const whenIdle = () =>
    win.requestIdleCallback
      ? win.requestIdleCallback(run, { timeout: timeoutMs })
      : win.setTimeout(run, 1);
  if (win.document.readyState === 'complete') whenIdle();
  // After the load event's own listeners, not among them.
  else win.addEventListener('load', () => win.setTimeout(whenIdle, 0), { once: true });
  return run;
}
