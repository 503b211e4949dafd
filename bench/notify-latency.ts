// Time from GWE's notify REST call to the invitation painted, in real Chromium against the built
// server on loopback: `npm run bench:latency` (after `npm run build`). A measurement, not a test.
// Each run: the page itself POSTs `beckon.invite` to /server/data/notification/notify/{visitID}
// (so one clock times it all), the server publishes it on the visit's SSE stream, the core hands it
// to the engage chunk, which validates it and renders the overlay; the clock stops after the frame
// that paints it. The invitation is then withdrawn with `beckon.revoke`.
import { writeFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { engagementServer } from '../test/e2e/support/servers.ts';
import { chromiumArgs, executablePath } from '../test/support/chromium.mjs';

const RUNS = Number(process.env.RUNS ?? 100);
const WARMUP = 5;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

const server = await engagementServer();
const browser = await chromium.launch({ executablePath, args: chromiumArgs });
try {
  const page = await (await browser.newContext()).newPage();
  // tsx compiles this file with esbuild's keepNames, which wraps functions in a `__name` helper that
  // the page does not have; the functions sent to page.evaluate need a stand-in.
  await page.addInitScript('window.__name = (fn) => fn;');
  await page.goto(`${server.url}/`);
  await page.waitForFunction(() => localStorage.getItem('beckon.visitToken') !== null);
  const { visitID } = await page.evaluate(
    () => new Promise<{ visitID: string }>((resolve) => window._gt?.push(['getIDs', resolve])),
  );

  const once = (run: number) =>
    page.evaluate(
      async ({ visitID, run }) => {
        const engagementID = (run + 1).toString(16).toUpperCase().padStart(32, 'B');
        localStorage.removeItem('beckon.cap');
        const painted = new Promise<number>((resolve) => {
          const observer = new MutationObserver(() => {
            if (!document.querySelector('[data-beckon="invitation"]')) return;
            observer.disconnect();
            requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now())));
          });
          observer.observe(document.body, { childList: true });
        });
        const notify = (body: unknown) =>
          fetch(`/server/data/notification/notify/${visitID}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body),
          });
        const started = performance.now();
        await notify([
          {
            channel: 'beckon.invite',
            data: { engagementID, type: 'chat', title: 'Bench', message: `Run ${run}` },
          },
        ]);
        const ms = (await painted) - started;
        await notify([{ channel: 'beckon.revoke', data: { engagementID } }]);
        while (document.querySelector('[data-beckon="invitation"]'))
          await new Promise((r) => setTimeout(r, 5));
        return ms;
      },
      { visitID, run },
    );

  const warmup: number[] = [];
  for (let run = 0; run < WARMUP; run++) warmup.push(await once(run));
  const times: number[] = [];
  for (let run = WARMUP; run < WARMUP + RUNS; run++) times.push(await once(run));
  const sorted = [...times].sort((a, b) => a - b);
  const result = {
    runs: RUNS,
    firstRunMs: Number(warmup[0]?.toFixed(1)),
    p50Ms: Number(percentile(sorted, 50).toFixed(1)),
    p95Ms: Number(percentile(sorted, 95).toFixed(1)),
    minMs: Number(sorted[0]?.toFixed(1)),
    maxMs: Number(sorted.at(-1)?.toFixed(1)),
    machine: `${process.platform} ${process.arch}, node ${process.version}`,
    date: new Date().toISOString(),
  };
  console.log(
    `notify → invitation painted over ${RUNS} runs: p50 ${result.p50Ms} ms, p95 ${result.p95Ms} ms ` +
      `(min ${result.minMs}, max ${result.maxMs}; first run, loading the chunks: ${result.firstRunMs} ms)`,
  );
  writeFileSync('bench/results/notify-latency.json', `${JSON.stringify(result, null, 2)}\n`);
} finally {
  await browser.close();
  await server.dispose();
}
