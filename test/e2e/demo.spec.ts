import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { engagementServer } from './support/servers.ts';

// The demo's walkthrough in one visit, as a new user takes it: after a chat, Support offers nothing
// more and the panel says why; "New visit" starts over. On a phone the panel folds away.

let server: Awaited<ReturnType<typeof engagementServer>>;
test.beforeAll(async () => {
  server = await engagementServer();
});
test.afterAll(() => server.dispose());

test('the panel shows each offer, says why Support offers nothing after a chat, and a new visit starts over', async ({
  page,
}) => {
  await page.goto(`${server.url}/support.html`);
  const panel = page.getByRole('complementary', {
    name: 'What the server received for this visit',
  });
  const invitation = page.locator('[data-beckon="invitation"]');
  await invitation.getByRole('button', { name: 'Start chat' }).click({ timeout: 15_000 });
  await expect(panel.locator('ol.offers')).toContainText(
    'chat: Talk to us now? (support-linger) accepted',
  );
  const axe = await new AxeBuilder({ page }).include('.beckon-panel').analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
  const first = await page.evaluate(
    () =>
      new Promise<string>((resolve) =>
        window._gt?.push(['getIDs', (ids: { visitID: string }) => resolve(ids.visitID)]),
      ),
  );

  // Support again, in the same visit: the rule is met, the policy holds the offer back, and says so.
  await page.goto(`${server.url}/support.html`);
  await expect(panel.locator('ol.offers li.blocked')).toContainText(
    'not offered: you have chatted in this visit already',
    { timeout: 15_000 },
  );
  await expect(invitation).toHaveCount(0);

  await panel.getByRole('button', { name: 'New visit' }).click();
  await page.waitForLoadState('load');
  await expect(panel.locator('ol.offers')).toContainText('none yet', { timeout: 10_000 });
  const second = await page.evaluate(
    () =>
      new Promise<string>((resolve) =>
        window._gt?.push(['getIDs', (ids: { visitID: string }) => resolve(ids.visitID)]),
      ),
  );
  expect(second).not.toBe(first);
  await expect(invitation.getByRole('button', { name: 'Start chat' })).toBeVisible({
    timeout: 15_000,
  });
});

test('the shop: pictured products, a cart counted in the header of every page and listed at checkout', async ({
  page,
}) => {
  await page.goto(`${server.url}/`);
  const lamp = page.getByRole('link', { name: 'Walnut desk lamp' });
  await expect(lamp.locator('img')).toHaveJSProperty('complete', true);
  // A broken picture has no natural width.
  expect(
    await lamp.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth),
  ).toBeGreaterThan(0);
  const axe = await new AxeBuilder({ page }).exclude('[data-beckon]').analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
  await lamp.click();
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'in your cart' })).toHaveText(
    'Walnut desk lamp is in your cart.',
  );
  await expect(page.getByRole('link', { name: /^Checkout/ })).toHaveAccessibleName(
    'Checkout 1 items in the cart',
  );
  await page.getByRole('link', { name: /^Checkout/ }).click();
  await expect(page.getByRole('list', { name: 'Your cart' })).toHaveText(
    'Walnut desk lamp, EUR 89.00',
  );
  await expect(page.getByText('Total: EUR 89.00')).toBeVisible();
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test('the panel is folded and fits the screen', async ({ page }) => {
    await page.goto(`${server.url}/`);
    const panel = page.getByRole('complementary', {
      name: 'What the server received for this visit',
    });
    await expect(panel.locator('details')).not.toHaveAttribute('open');
    const box = await panel.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 390 && box.y + box.height <= 844).toBe(true);
    await panel.getByText('Server received').click();
    await expect(panel.locator('details')).toHaveAttribute('open');
    const open = await panel.boundingBox();
    expect(open && open.y >= 0 && open.x + open.width <= 390).toBe(true);
  });
});
