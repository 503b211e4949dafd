import { expect, type Page, test } from '@playwright/test';
import { portGweCss } from '../../scripts/port-gwe-css.ts';
import type { Ids } from '../../src/protocol/ids.ts';
import { expectBankBrand } from './support/gwe-brand.ts';
import { engagementServer, eventually, hostSite } from './support/servers.ts';

/**
 * A bank's page as GWE left it (gwe-gms.md §1.1): the `_gt` queue, a `config` naming GWE's DSL and
 * endpoints, and GWE's loader injecting `<gwe>/server/resources/js/build/GPE.min.js` with the id
 * `_gt`, unless an element with that id is there already. Only the host name is Beckon's.
 * `beckonToo` adds Beckon's own snippet, as a page half-way through a migration has.
 */
/** The bank's GWE branding, as its stylesheet had it, and as `npm run port-gwe-css` ports it. */
const GWE_BRAND = `.gpe-dialog { background: rgb(0, 43, 92); }
.gpe-dialog .gpe-dialog-titlebar .gpe-dialog-title { color: rgb(0, 163, 224); }
.gpe-dialog-buttonset button[type~=chat] { background: rgb(255, 184, 28); color: rgb(0, 43, 92); }`;

const gwePage = (gwe: string, beckonToo = false) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Current accounts</title>
<style>${GWE_BRAND}\n${portGweCss(GWE_BRAND).css}</style>
<script type="text/javascript">
  var _gt = _gt || [];
  _gt.push(['config', {
    dslResource: '${gwe}/server/resources/dsl/domain-model.xml',
    httpEndpoint: '${gwe}',
    httpsEndpoint: '${gwe.replace('http:', 'https:')}',
    debug: false
  }]);
  (function (gpe) {
    if (document.getElementById(gpe.id)) return;
    var widget = document.createElement('script');
    widget.id = gpe.id; widget.type = 'text/javascript'; widget.async = true; widget.src = gpe.url;
    var node = document.getElementsByTagName('script')[0];
    node.parentNode.insertBefore(widget, node);
  })({ id: '_gt', url: '${gwe}/server/resources/js/build/GPE.min.js' });
</script>
${beckonToo ? `<script async src="${gwe}/beckon.js"></script>` : ''}
</head><body><main><h1>Current account</h1>
<button type="button" class="add-to-cart">Open an account</button></main></body></html>`;

const idsOf = (page: Page) =>
  page.evaluate(() => new Promise<Ids>((resolve) => window._gt?.push(['getIDs', resolve])));

for (const beckonToo of [false, true]) {
  test(`a GWE page left as it was tracks, fires its DSL events and shows invitations${beckonToo ? ', with Beckon’s snippet beside GWE’s loader, as one tracker' : ''}`, async ({
    context,
  }) => {
    const server = await engagementServer();
    const site = await hostSite({ '/accounts.html': gwePage(server.url, beckonToo) });
    try {
      const cores: string[] = [];
      context.on('request', (request) => {
        if (/GPE\.min\.js|beckon\.js/.test(request.url())) cores.push(request.url());
      });
      const errors: string[] = [];
      const page = await context.newPage();
      page.on('pageerror', (error) => errors.push(String(error)));
      // GWE's snippet keys (httpEndpoint, httpsEndpoint) are Beckon's too: no complaint about them.
      page.on('console', (message) => {
        // The host site has no favicon; Chromium asks for one all the same.
        if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico'))
          errors.push(message.text());
      });

      await page.goto(`${site.url}/accounts.html`);
      const { visitID } = await idsOf(page);
      await page.getByRole('button', { name: 'Open an account' }).click();
      // AddToCart comes from the operator's domain-model.xml, served where GWE served it.
      const visit = await eventually(
        () => server.visit(visitID),
        (v) => (v?.events ?? []).some((e) => e.eventName === 'AddToCart'),
      );
      const names = (visit?.events ?? []).map((e) => e.eventName);
      expect(names.slice(0, 2)).toEqual(['VisitStarted', 'PageEntered']);
      expect(names).toContain('AddToCart');
      // Two trackers would each have entered the page.
      expect(names.filter((name) => name === 'PageEntered')).toHaveLength(1);
      expect(new Set(visit?.events.map((e) => e.visitID))).toEqual(new Set([visitID]));

      const notify = await fetch(`${server.url}/server/data/notification/notify/${visitID}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([
          {
            channel: 'beckon.invite',
            data: {
              engagementID: 'B'.repeat(32),
              type: 'chat',
              title: 'Questions about accounts?',
              message: 'An adviser is free.',
              adapter: 'gms',
            },
          },
        ]),
      });
      expect(notify.status).toBe(200);
      const dialog = page.locator('[data-beckon="invitation"]').getByRole('dialog');
      await expect(dialog).toHaveAccessibleName('Questions about accounts?', { timeout: 15_000 });
      // In the bank's brand, through the rules the command ported from its GWE stylesheet.
      await expectBankBrand(dialog);
      // Accepting opens the GMS chat through the same server, GWE's way.
      await dialog.getByRole('button', { name: /chat/i }).click();
      await expect(page.locator('[data-beckon="chat"]').getByRole('textbox').first()).toBeVisible({
        timeout: 15_000,
      });
      // One tracker: whichever script ran second found `_gt` taken over and stood down.
      expect(
        await page.evaluate(() => document.querySelectorAll('[data-beckon="invitation"]').length),
      ).toBeLessThanOrEqual(1);
      expect(cores.length).toBe(beckonToo ? 2 : 1);
      expect(errors).toEqual([]);
    } finally {
      await site.close();
      await server.dispose();
    }
  });
}
