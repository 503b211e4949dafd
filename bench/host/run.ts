// What a widget costs the page that hosts it: a reference page measured five ways in one run,
// alternating (none, an empty script from another origin, Beckon, Beckon with an invitation shown,
// Rocket.Chat Livechat), in headless
// Chromium over the DevTools protocol, at full speed and with the CPU throttled 4x. Each run is a
// fresh browser context (cold cache, empty storage), as a first visit is.
import { type Browser, chromium } from '@playwright/test';
import { engagementServer } from '../../test/e2e/support/servers.ts';
import { chromiumArgs, executablePath } from '../../test/support/chromium.mjs';
import { peerBuild } from '../peer.ts';
import { median, round } from '../stats.ts';
import { hostSite, peerServer, type Variant } from './servers.ts';

export const VARIANTS: Variant[] = ['none', 'script', 'beckon', 'beckon-invited', 'peer'];
/** How long the page is left to do its lazy work after its load event before the figures are read. */
const SETTLE_MS = 3000;

export interface HostSample {
  /** Bytes over the network (gzip where the server compresses), the page and all its frames. */
  bytes: number;
  /** Main-thread time in script evaluation and in tasks, ms (Performance.getMetrics). */
  scriptMs: number;
  taskMs: number;
  longTasks: number;
  longTaskMs: number;
  layoutShift: number;
  /** JS heap in use after a garbage collection, bytes. */
  heapBytes: number;
  /** The page's own load event, ms after navigation start. */
  loadMs: number;
}

// Plain JavaScript: handed to the page as a string, before any of its own scripts run.
const OBSERVERS = `
  window.__bench = { longTasks: [], layoutShift: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__bench.longTasks.push(entry.duration);
  }).observe({ type: 'longtask', buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      if (!entry.hadRecentInput) window.__bench.layoutShift += entry.value;
  }).observe({ type: 'layout-shift', buffered: true });
`;

async function measure(
  browser: Browser,
  urls: { site: string; engine: string },
  variant: Variant,
  throttle: number,
): Promise<HostSample> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await page.addInitScript(OBSERVERS);
    const cdp = await context.newCDPSession(page);
    let bytes = 0;
    cdp.on('Network.loadingFinished', (event) => {
      bytes += event.encodedDataLength;
    });
    await cdp.send('Network.enable');
    await cdp.send('Performance.enable');
    if (throttle > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
    await page.goto(`${urls.site}/?variant=${variant}`, { waitUntil: 'load' });
    if (variant === 'beckon-invited') {
      await page.waitForFunction('localStorage.getItem("beckon.outbox") === "[]"');
      const visitID = await page.evaluate(
        'new Promise((resolve) => window._gt.push(["getIDs", (ids) => resolve(ids.visitID)]))',
      );
      const notified = await fetch(`${urls.engine}/server/data/notification/notify/${visitID}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([
          {
            channel: 'beckon.invite',
            data: {
              engagementID: `${Date.now().toString(16)}`.toUpperCase().padStart(32, 'A'),
              type: 'chat',
              title: 'Questions about this lamp?',
              message: 'An advisor is free now.',
              timeoutMs: 600_000,
            },
          },
        ]),
      });
      if (!notified.ok) throw new Error(`notify answered ${notified.status}`);
      await page
        .locator('[data-beckon="invitation"]')
        .getByRole('dialog')
        .waitFor({ timeout: 15_000 });
    }
    await page.waitForTimeout(SETTLE_MS);
    const observed = (await page.evaluate('window.__bench')) as {
      longTasks: number[];
      layoutShift: number;
    };
    const loadMs = (await page.evaluate(
      'performance.getEntriesByType("navigation")[0].loadEventStart',
    )) as number;
    await cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? NaN;
    return {
      bytes,
      scriptMs: metric('ScriptDuration') * 1000,
      taskMs: metric('TaskDuration') * 1000,
      longTasks: observed.longTasks.length,
      longTaskMs: observed.longTasks.reduce((sum, ms) => sum + ms, 0),
      layoutShift: observed.layoutShift,
      heapBytes: metric('JSHeapUsedSize'),
      loadMs,
    };
  } finally {
    await context.close();
  }
}

/** Medians of each figure, per throttle and variant; `runs` samples each, variants alternating. */
export async function hostBench(runs: number, log: (line: string) => void) {
  const engine = await engagementServer();
  const peer = await peerServer(peerBuild());
  const site = await hostSite(engine.url, peer.url);
  const browser = await chromium.launch({ executablePath, args: chromiumArgs });
  try {
    const result: Record<string, Record<Variant, Record<keyof HostSample, number>>> = {};
    for (const throttle of [1, 4]) {
      const samples = Object.fromEntries(VARIANTS.map((v) => [v, [] as HostSample[]])) as Record<
        Variant,
        HostSample[]
      >;
      for (let run = 0; run < runs; run++) {
        // Rotate the order so no variant always runs first (or right after another).
        const order = VARIANTS.map((_, i) => VARIANTS[(i + run) % VARIANTS.length] as Variant);
        for (const variant of order)
          samples[variant].push(
            await measure(browser, { site: site.url, engine: engine.url }, variant, throttle),
          );
        log(`host: CPU ${throttle}x run ${run + 1}/${runs}`);
      }
      result[`cpu${throttle}x`] = Object.fromEntries(
        VARIANTS.map((variant) => {
          const list = samples[variant];
          const med = (key: keyof HostSample) => median(list.map((s) => s[key]));
          return [
            variant,
            {
              bytes: round(med('bytes')),
              scriptMs: round(med('scriptMs'), 1),
              taskMs: round(med('taskMs'), 1),
              longTasks: med('longTasks'),
              longTaskMs: round(med('longTaskMs'), 1),
              layoutShift: round(med('layoutShift'), 4),
              heapBytes: round(med('heapBytes')),
              loadMs: round(med('loadMs'), 1),
            },
          ];
        }),
      ) as Record<Variant, Record<keyof HostSample, number>>;
    }
    return { runsPerVariant: runs, settleMs: SETTLE_MS, medians: result };
  } finally {
    await browser.close();
    await site.close();
    await peer.close();
    await engine.dispose();
  }
}
