import { takeOverQueue } from './monitor/queue.ts';

/** The snippet entry (dist/beckon.js): take over `window._gt` as soon as the script runs. */
const script = document.currentScript as HTMLScriptElement | null;
try {
  takeOverQueue(window, { scriptUrl: script?.src || location.href });
} catch (error) {
  console.error('[beckon] could not start', error);
}
