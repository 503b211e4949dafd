import { type CommandQueue, takeOverQueue } from './monitor/queue.ts';
import { afterLoad } from './shared/after-load.ts';

/**
 * The snippet entry (dist/beckon.js). At evaluation it only notes when the page was entered: the
 * host page's load event waits for nothing of Beckon's. Once the page has loaded and the browser is
 * idle, it takes over `window._gt` (commands pushed meanwhile wait in the array, as before the
 * script came) and starts. A page left or hidden before then starts it at once, and what it
 * recorded goes with sendBeacon, as it would later.
 */
const script = document.currentScript as HTMLScriptElement | null;
const env = { scriptUrl: script?.src || location.href, enteredAt: Date.now() };
let queue: CommandQueue | null = null;
const start = afterLoad(window, () => {
  try {
    queue = takeOverQueue(window, env);
  } catch (error) {
    console.error('[beckon] could not start', error);
  }
});
const early = (event: Event) => {
  if (queue) return;
  start();
  // `start` has just set it (TypeScript cannot see into the callback).
  const tracker = (queue as CommandQueue | null)?.tracker;
  if (event.type === 'pagehide') tracker?.left();
  else tracker?.visibilityChanged();
};
window.addEventListener('pagehide', early, { once: true });
document.addEventListener('visibilitychange', early, { once: true });
