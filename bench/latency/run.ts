// Latency in real Chromium against the built server on loopback, each path timed end to end:
//  - notify: GWE's notify REST call to the invitation painted;
//  - rule: a monitoring event that meets a rule to the invitation painted (the tracker's batching,
//    ingest, the rule, the policy, the stream, validation and rendering all inside);
//  - chat: a visitor's GMS chat message to the agent console showing it, and an agent's reply to the
//    visitor's chat showing it (pushed: the console hears of the change on its event stream, the
//    visitor's chat gets a `beckon.chat` nudge on the visit's stream; each then reads with REST).
// The clocks run in the pages; across two pages, both read the same machine's wall clock.
import { resolve } from 'node:path';
import { type Browser, chromium, type Page } from '@playwright/test';
import { engagementServer } from '../../test/e2e/support/servers.ts';
import { chromiumArgs, executablePath } from '../../test/support/chromium.mjs';
import { UNLIMITED } from '../server/events.ts';
import { latencySummary, round } from '../stats.ts';

type Server = Awaited<ReturnType<typeof engagementServer>>;
const WARMUP = 5;
const RUN_LIMIT_MS = 30_000;

/** A run that never finishes is a broken bench, not a slow figure: say which and stop. */
const within = <T>(what: string, work: Promise<T>) =>
  Promise.race([
    work,
    new Promise<never>((_, reject) =>
      setTimeout(
        () => reject(new Error(`${what} did not finish in ${RUN_LIMIT_MS / 1000} s`)),
        RUN_LIMIT_MS,
      ),
    ),
  ]);

/** Resolves (in the page) with the time the invitation was painted: two frames after it is added. */
const PAINTED = `new Promise((resolve) => {
  const observer = new MutationObserver(() => {
    if (!document.querySelector('[data-beckon="invitation"]')) return;
    observer.disconnect();
    requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now())));
  });
  observer.observe(document.body, { childList: true });
})`;

async function visitorPage(browser: Browser, server: Server) {
  const page = await (await browser.newContext()).newPage();
  // tsx compiles with esbuild's keepNames; functions sent to the page need its `__name` helper.
  await page.addInitScript('window.__name = (fn) => fn;');
  await page.goto(`${server.url}/`);
  await page.waitForFunction(() => localStorage.getItem('beckon.outbox') === '[]');
  const { visitID } = await page.evaluate(
    () => new Promise<{ visitID: string }>((done) => window._gt?.push(['getIDs', done])),
  );
  return { page, visitID };
}

async function notifyPath(browser: Browser, server: Server, runs: number) {
  const { page, visitID } = await visitorPage(browser, server);
  const once = (run: number) =>
    page.evaluate(
      async ({ visitID, run, painted }) => {
        // Zero-padded: padding with a hex digit would make run 0 and run 176 the same ID, which
        // the page rightly never shows twice.
        const engagementID = (run + 1).toString(16).toUpperCase().padStart(32, '0');
        localStorage.removeItem('beckon.cap');
        const shown = new Function(`return ${painted}`)() as Promise<number>;
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
            data: { engagementID, type: 'chat', title: 'Bench', message: `${run}` },
          },
        ]);
        const ms = (await shown) - started;
        await notify([{ channel: 'beckon.revoke', data: { engagementID } }]);
        while (document.querySelector('[data-beckon="invitation"]'))
          await new Promise((r) => setTimeout(r, 5));
        return ms;
      },
      { visitID, run, painted: PAINTED },
    );
  const first = await within('notify run 0', once(0));
  for (let run = 1; run < WARMUP; run++) await within(`notify run ${run}`, once(run));
  const times: number[] = [];
  for (let run = WARMUP; run < WARMUP + runs; run++)
    times.push(await within(`notify run ${run}`, once(run)));
  return { ...latencySummary(times), firstRunMs: round(first, 1) };
}

async function rulePath(browser: Browser, server: Server, runs: number) {
  const { page } = await visitorPage(browser, server);
  // Accepting opens this do-nothing adapter; a callback offer accepted leaves the visit open to more.
  await page.evaluate(() =>
    window._gt?.push([
      'adapter',
      { name: 'bench', party: 'third', open: async () => ({ close() {}, on() {} }) },
    ]),
  );
  const once = () =>
    page.evaluate(async (painted) => {
      localStorage.removeItem('beckon.cap');
      const shown = new Function(`return ${painted}`)() as Promise<number>;
      const started = performance.now();
      window._gt?.push(['event', 'BenchTrigger']);
      const ms = (await shown) - started;
      const host = document.querySelector('[data-beckon="invitation"]');
      const accept = host?.shadowRoot?.querySelector<HTMLButtonElement>('button.accept');
      accept?.click();
      while (document.querySelector('[data-beckon="invitation"]'))
        await new Promise((r) => setTimeout(r, 5));
      // Let InviteAccepted reach the server before the next trigger.
      await new Promise((r) => setTimeout(r, 400));
      return ms;
    }, PAINTED);
  for (let run = 0; run < WARMUP; run++) await within(`rule warm-up ${run}`, once());
  const times: number[] = [];
  for (let run = 0; run < runs; run++) times.push(await within(`rule run ${run}`, once()));
  return latencySummary(times);
}

/** Waits in `page` for `selector`'s text to contain `text`; resolves with Date.now() when it does. */
const seen = (page: Page, selector: string, text: string) =>
  page.evaluate(
    ({ selector, text }) =>
      new Promise<number>((done) => {
        const check = () => {
          const target = document.querySelector(selector);
          const inShadow = target?.shadowRoot?.textContent ?? '';
          if ((target?.textContent ?? '').includes(text) || inShadow.includes(text)) {
            observer.disconnect();
            done(Date.now());
          }
        };
        const observer = new MutationObserver(check);
        observer.observe(document.body, { childList: true, subtree: true, characterData: true });
        const shadow = document.querySelector(selector)?.shadowRoot;
        if (shadow)
          observer.observe(shadow, { childList: true, subtree: true, characterData: true });
        check();
      }),
    { selector, text },
  );

async function chatPath(browser: Browser, server: Server, runs: number) {
  const { page: visitor } = await visitorPage(browser, server);
  await visitor.evaluate(() =>
    window._gt?.push([
      'invite',
      { type: 'chat', title: 'Bench', message: 'Chat', adapter: 'gms', scenario: 'CHAT-NOW' },
    ]),
  );
  await visitor
    .locator('[data-beckon="invitation"]')
    .getByRole('button', { name: 'Start chat' })
    .click();
  const chat = visitor.locator('[data-beckon="chat"]');
  await chat.getByLabel(/^Your name/).fill('Ada Bench');
  await chat.getByRole('button', { name: 'Start chat' }).click();
  const agent = await (await browser.newContext()).newPage();
  await agent.addInitScript('window.__name = (fn) => fn;');
  await agent.goto(`${server.url}/agent/`);
  await agent.getByRole('button', { name: /Ada Bench \(waiting\)/ }).click();
  await agent.getByRole('button', { name: 'Accept' }).click();
  await chat.getByRole('status').filter({ hasText: 'You are chatting with' }).waitFor();

  const toAgent: number[] = [];
  const toVisitor: number[] = [];
  for (let run = 0; run < WARMUP + runs; run++) {
    const out = `visitor ${run} ${Date.now()}`;
    const arrived = seen(agent, '#transcript', out);
    const sent = Date.now();
    await chat.getByLabel('Your message').fill(out);
    await chat.getByLabel('Your message').press('Enter');
    const atAgent = await within(`chat run ${run} to the agent`, arrived);
    const back = `agent ${run} ${Date.now()}`;
    const returned = seen(visitor, '[data-beckon="chat"]', back);
    const replied = Date.now();
    await agent.getByLabel('Reply').fill(back);
    await agent.getByLabel('Reply').press('Enter');
    const atVisitor = await within(`chat run ${run} to the visitor`, returned);
    if (run < WARMUP) continue;
    toAgent.push(atAgent - sent);
    toVisitor.push(atVisitor - replied);
  }
  return { visitorToAgent: latencySummary(toAgent), agentToVisitor: latencySummary(toVisitor) };
}

export async function latencyBench(runs: number, log: (line: string) => void) {
  const server = await engagementServer({
    BECKON_RULES: resolve('bench/latency/rules.json'),
    ...UNLIMITED,
  });
  const browser = await chromium.launch({ executablePath, args: chromiumArgs });
  try {
    const notify = await notifyPath(browser, server, runs);
    log(`latency: notify → painted p50 ${notify.p50Ms} ms`);
    const rule = await rulePath(browser, server, runs);
    log(`latency: rule → painted p50 ${rule.p50Ms} ms`);
    const chat = await chatPath(browser, server, runs);
    log(`latency: chat visitor → agent p50 ${chat.visitorToAgent.p50Ms} ms`);
    return { notifyToPainted: notify, ruleToPainted: rule, chat };
  } finally {
    await browser.close();
    await server.dispose();
  }
}
