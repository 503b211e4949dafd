import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { engagementServer } from './support/servers.ts';

/** The page offers a call back with `scenario`; the visitor accepts; the callback panel. */
async function offerCallback(page: Page, url: string, scenario: string) {
  await page.goto(`${url}/`);
  await page.evaluate(
    (scenario) =>
      window._gt?.push([
        'invite',
        { type: 'callback', title: 'Shall we call you?', message: '', adapter: 'gms', scenario },
      ]),
    scenario,
  );
  await page
    .locator('[data-beckon="invitation"]')
    .getByRole('button', { name: 'Call me back' })
    .click();
  return page.locator('[data-beckon="callback"]');
}

test('a scheduled GMS callback: the visitor books a slot in their own time zone, the agent sees it and dials, the visitor confirms they can talk', async ({
  browser,
}) => {
  const server = await engagementServer();
  const visitorContext = await browser.newContext({
    timezoneId: 'America/New_York',
    locale: 'en-US',
  });
  const agentContext = await browser.newContext();
  try {
    const visitor = await visitorContext.newPage();
    const panel = await offerCallback(visitor, server.url, 'VOICE-SCHEDULED-USERTERM');
    await expect(panel.getByLabel('Your phone number')).toBeFocused();
    const slots = panel.getByLabel(/When should we call\? \(your time, America\/New_York\)/);
    await expect(slots).toBeVisible();
    const firstSlot = (await slots.locator('option').first().getAttribute('value')) ?? '';
    const local = new Intl.DateTimeFormat('en-US', {
      timeZone: 'America/New_York',
      hour: '2-digit',
      minute: '2-digit',
    }).format(new Date(firstSlot));
    await expect(slots.locator('option').first()).toHaveText(local);
    const axe = await new AxeBuilder({ page: visitor })
      .include('[data-beckon="callback"]')
      .analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);

    await panel.getByLabel('Your phone number').fill('call me maybe');
    await panel.getByRole('button', { name: 'Book the call' }).click();
    await expect(panel.getByText('Enter a phone number with its country code')).toBeVisible();
    await panel.getByLabel('Your phone number').fill('+1 212 555 0199');
    await panel.getByRole('button', { name: 'Book the call' }).click();
    const booked = new Intl.DateTimeFormat('en-US', {
      timeZone: 'America/New_York',
      dateStyle: 'full',
      timeStyle: 'short',
    }).format(new Date(firstSlot));
    await expect(panel.getByRole('status')).toHaveText(`We will call you on ${booked}.`);
    const afterBooking = await new AxeBuilder({ page: visitor })
      .include('[data-beckon="callback"]')
      .analyze();
    expect(afterBooking.violations.map((v) => v.id)).toEqual([]);

    const { visitID } = await visitor.evaluate(
      () => new Promise<{ visitID: string }>((resolve) => window._gt?.push(['getIDs', resolve])),
    );
    const agent = await agentContext.newPage();
    await agent.goto(`${server.url}/agent/`);
    const entry = agent.locator('#callbacks li', { hasText: '+1 212 555 0199' });
    await expect(entry).toContainText('SCHEDULED');
    await expect(entry).toContainText(visitID.slice(0, 8));
    await entry.getByRole('button').click();
    await expect(agent.locator('dd[data-key="visitID"]')).toHaveText(visitID);
    await expect(agent.locator('dd[data-key="Phone"]')).toHaveText('+1 212 555 0199');
    await expect(agent.locator('#journey li[aria-current="page"]')).toContainText('(/)');
    // The agent dials: this scenario waits for the visitor, who is asked first
    // (_wait_for_user_confirm) and says yes; then the callback is ROUTING for whoever asks.
    await expect(agent.locator('#callback-state')).toHaveText('Waiting (SCHEDULED)');
    await agent.getByRole('button', { name: 'Call now' }).click();
    await expect(agent.locator('#callback-state')).toContainText('Asking the visitor to confirm');
    await expect(agent.getByRole('button', { name: 'Call now' })).toBeDisabled();
    const ask = panel.getByRole('alert');
    await expect(ask).toContainText('An agent is ready to call you', { timeout: 15_000 });
    const asking = await new AxeBuilder({ page: visitor })
      .include('[data-beckon="callback"]')
      .analyze();
    expect(asking.violations.map((v) => v.id)).toEqual([]);
    await ask.getByRole('button', { name: 'Yes, call me now' }).click();
    await expect(panel.getByRole('status')).toHaveText('An agent is calling you now.', {
      timeout: 15_000,
    });
    await expect(agent.locator('#callback-state')).toHaveText('Calling…', { timeout: 15_000 });
    await expect(entry).toContainText('ROUTING', { timeout: 15_000 });

    await agent.getByRole('button', { name: 'Connected' }).click();
    await expect(panel.getByRole('status')).toHaveText('This call back has ended.', {
      timeout: 15_000,
    });
    await expect(entry).toHaveCount(0, { timeout: 15_000 });
  } finally {
    await visitorContext.close();
    await agentContext.close();
    await server.dispose();
  }
});

test('call me now: the visitor sees their place in the queue, and can cancel', async ({ page }) => {
  const server = await engagementServer();
  try {
    const panel = await offerCallback(page, server.url, 'VOICE-WAIT-USERTERM');
    await panel.getByLabel('Your phone number').fill('+49 30 5550199');
    await panel.getByRole('button', { name: 'Call me' }).click();
    await expect(panel.getByText('You are next in the queue.')).toBeVisible({ timeout: 15_000 });
    await panel.getByRole('button', { name: 'Cancel the call back' }).click();
    await expect(panel.getByText('Your call back is cancelled.')).toBeVisible({ timeout: 15_000 });
    const { callbacks } = await (await fetch(`${server.url}/server/agent/queue`)).json();
    expect(callbacks).toEqual([]);
  } finally {
    await server.dispose();
  }
});
