import type { Page } from '@playwright/test';

/**
 * Opens `url`, waits for Beckon to start there, and has the page itself offer `offer`
 * (`['invite', offer]`). Returns the invitation.
 */
export async function pageOffers(page: Page, url: string, offer: Record<string, unknown>) {
  await page.goto(url);
  await page.waitForFunction(() => !Array.isArray(window._gt));
  await page.evaluate((offer) => window._gt?.push(['invite', offer]), offer);
  return page.locator('[data-beckon="invitation"]');
}
