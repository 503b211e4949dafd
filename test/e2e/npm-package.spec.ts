import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { bundle, consumerProject } from '../support/consumer.ts';
import { engagementServer, hostSite } from './support/servers.ts';

// A site built with a bundler: the booking example, compiled against the packed `beckon` installed
// from its tarball, on its own origin; the booking service on another; the real engagement server.

test('a bundled site loads Beckon with load(); an accepted invitation opens its own adapter with the visit', async ({
  page,
}) => {
  const project = consumerProject();
  bundle(project);
  const server = await engagementServer();
  const booking = await hostSite({}, [project]);
  const index = readFileSync(join(project, 'index.html'), 'utf8')
    .replace('http://localhost:3000', server.url)
    .replace('http://localhost:4000', booking.url);
  writeFileSync(join(project, 'index.html'), index);
  const site = await hostSite({}, [project]);
  try {
    await page.goto(`${site.url}/index.html`);
    await expect(page.locator('body[data-visit]')).toHaveCount(1);
    const visitID = (await page.locator('body').getAttribute('data-visit')) ?? '';
    await expect(page.locator('script[src$="/beckon.js"]')).toHaveCount(1);

    const engagementID = '7C0FFEE0123456789ABCDEF012345678';
    const invite = () =>
      fetch(`${server.url}/server/data/notification/notify/${visitID}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([
          {
            channel: 'beckon.invite',
            data: {
              engagementID,
              type: 'chat',
              title: 'See the lamp in person?',
              message: 'Book a visit to our showroom.',
              attachedData: { product: 'LAMP-042' },
            },
          },
        ]),
      });
    // The page's first events reach the server 50 ms after the IDs exist: until then the visit is
    // unknown (404) and nothing is published.
    await expect.poll(async () => (await invite()).status).toBe(200);
    const dialog = page.locator('[data-beckon="invitation"]').getByRole('dialog');
    await expect(dialog).toBeVisible();
    await expect(page.locator('body')).toHaveAttribute('data-invited', 'See the lamp in person?');
    await dialog.getByRole('button', { name: 'Start chat' }).click();

    const panel = page
      .locator('[data-beckon="booking"]')
      .getByRole('dialog', { name: 'Book a visit' });
    await expect(panel).toBeVisible();
    await expect(page.locator('body')).toHaveAttribute('data-opened', 'booking');
    const attached = JSON.parse((await page.locator('body').getAttribute('data-attached')) ?? '{}');
    const frame = page.frameLocator('[data-beckon="booking"] iframe');
    await expect(frame.locator('#visit')).toHaveText(visitID);
    const pageID = await frame.locator('#page').textContent();
    expect(attached).toMatchObject({ product: 'LAMP-042', visitID, pageID, webengagement: '' });

    await frame.getByRole('button', { name: 'Thursday 15:30' }).click();
    await expect(page.locator('body')).toHaveAttribute('data-booked', 'Thursday 15:30');
    await panel.getByRole('button', { name: 'Close Book a visit' }).click();
    await expect(panel).toBeHidden();
  } finally {
    await site.close();
    await booking.close();
    await server.dispose();
    rmSync(project, { recursive: true, force: true });
  }
});
