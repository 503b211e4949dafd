import { expect, test } from '@playwright/test';
import Fastify from 'fastify';
import type { Ids } from '../../src/protocol/ids.ts';
import { engagementServer, eventually, freePort } from './support/servers.ts';

// Beckon stays off the host page's load path: until the page has loaded (here an image holds the
// load event back for as long as the test wants), it has only noted when the page was entered. A
// visitor who leaves before then is still counted, with what the page recorded meanwhile.

test('before the load event Beckon has not started; a page left before it still reports its page view and events', async ({
  page,
}) => {
  const server = await engagementServer();
  let release = () => {};
  const imageHeld = new Promise<void>((resolve) => {
    release = resolve;
  });
  const reported: Ids[] = [];
  const site = Fastify();
  site.get('/slow.png', async (_request, reply) => {
    await imageHeld;
    return reply.type('image/png').send(Buffer.alloc(0));
  });
  site.post('/ids', async (request) => {
    reported.push(JSON.parse(String(request.body)) as Ids);
    return {};
  });
  site.addContentTypeParser('text/plain', { parseAs: 'string' }, (_request, body, done) =>
    done(null, body),
  );
  site.get('/', async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(`<!doctype html>
<html lang="en"><head><title>Slow page</title>
<script>
  window._gt = window._gt || [];
  _gt.push(['config', { endpoint: '${server.url}' }]);
</script>
<script async src="${server.url}/beckon.js" onload="window.beckonEvaluated = true"></script>
</head><body><h1>Slow page</h1><img src="/slow.png" alt=""></body></html>`),
  );
  const port = await freePort();
  await site.listen({ port, host: '127.0.0.1' });
  try {
    await page.goto(`http://localhost:${port}/`, { waitUntil: 'commit' });
    await page.waitForFunction(() => (window as { beckonEvaluated?: boolean }).beckonEvaluated);
    expect(await page.evaluate(() => document.readyState)).not.toBe('complete');
    expect(await page.evaluate(() => Array.isArray(window._gt)), 'not started before load').toBe(
      true,
    );
    // Pushed before the start: it waits in the array, then runs, in the page view it belongs to.
    await page.evaluate((site) => {
      window._gt?.push(['event', 'EarlyClick']);
      window._gt?.push([
        'getIDs',
        (ids: Ids) => navigator.sendBeacon(`${site}/ids`, JSON.stringify(ids)),
      ]);
    }, `http://localhost:${port}`);
    await page.goto('about:blank');
    await expect.poll(() => reported.length).toBe(1);
    const { visitID } = reported[0] as Ids;
    const visit = await eventually(
      () => server.visit(visitID),
      (v) => v?.events.some((e) => e.eventName === 'PageExited') === true,
    );
    expect(visit?.events.map((e) => e.eventName)).toEqual([
      'VisitStarted',
      'PageEntered',
      'EarlyClick',
      'PageExited',
    ]);
  } finally {
    release();
    await site.close();
    await server.dispose();
  }
});
