import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { keyed, visit } from '../server/helpers.ts';
import { engagementServer } from './support/servers.ts';

// The operator's page after a scripted stretch on the real server: the funnel shows exactly what
// happened, the chart has the same numbers in a table beside it, and it passes axe, from the
// keyboard and on a phone.

let server: Awaited<ReturnType<typeof engagementServer>>;
test.beforeAll(async () => {
  server = await engagementServer();
  const send = async (events: object[]) => {
    const response = await fetch(`${server.url}/server/data/events`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify(keyed({ events: events as Array<{ visitID: string }> })),
    });
    expect(response.status).toBe(200);
  };
  // Two visitors; one is offered a chat by the page and accepts, the chat opens.
  const ada = visit();
  const ben = visit();
  await send([ada.event('VisitStarted'), ada.event('PageEntered')]);
  await send([ben.event('VisitStarted'), ben.event('PageEntered')]);
  const engage = await fetch(`${server.url}/server/data/gateway/engage`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      visitID: ada.ids.visitID,
      offer: { type: 'chat', title: 'Help?', message: '' },
    }),
  });
  const { engagementID } = (await engage.json()) as { engagementID: string };
  const data = { data: { engagementID } };
  await send([ada.event('InviteShown', data), ada.event('InviteAccepted', data)]);
  await send([ada.event('MediaOpened', { data: { engagementID, adapter: 'gms' } })]);
});
test.afterAll(() => server.dispose());

test('the operator page shows the funnel exactly, a chart with its table, and passes axe', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  await page.goto(`${server.url}/operator/`);
  const funnel = page.locator('#funnel');
  await expect(funnel.locator('li', { hasText: 'Visits' }).locator('strong')).toHaveText('2');
  await expect(funnel.locator('li', { hasText: 'Offered' }).locator('strong')).toHaveText('1');
  await expect(funnel.locator('li', { hasText: 'Offered' })).toContainText(
    '50% of the step before',
  );
  await expect(funnel.locator('li', { hasText: 'Accepted' }).locator('strong')).toHaveText('1');
  await expect(funnel.locator('li', { hasText: 'Media opened' }).locator('strong')).toHaveText('1');
  await expect(page.locator('#now')).toContainText('Visits active2');
  await expect(page.locator('#chart canvas')).toBeVisible();
  await expect(
    page.getByRole('table', { name: 'Offers, answers and media by period' }).locator('tbody tr'),
  ).toHaveCount(await page.locator('#series tbody tr').count());
  await expect(page.locator('#rules tbody tr', { hasText: 'gateway' })).toContainText('100%');
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);

  // From the keyboard: the filters change what is shown.
  await page.locator('#period').focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('#period')).toHaveValue('days');
  // 28 days from now touch 29 calendar days (28 on the stroke of midnight).
  await expect.poll(() => page.locator('#series tbody tr').count()).toBeLessThanOrEqual(29);
  expect(await page.locator('#series tbody tr').count()).toBeGreaterThanOrEqual(28);
  expect(errors).toEqual([]);
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  test('the page fits the screen', async ({ page }) => {
    await page.goto(`${server.url}/operator/`);
    await expect(page.locator('#funnel li').first()).toBeVisible();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
