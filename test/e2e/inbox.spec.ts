import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import type { Ids } from '../../src/protocol/ids.ts';
import { visitorAndAgent } from './support/two-sides.ts';

const idsOf = (page: Page) =>
  page.evaluate(() => new Promise<Ids>((resolve) => window._gt?.push(['getIDs', resolve])));

test('an inbox offer while nobody is free: the message becomes a ticket with the visit IDs, a person replies in the inbox, and the visitor sees it, also after a reload', async ({
  browser,
}) => {
  await visitorAndAgent(browser, async ({ server, visitorContext, agentContext: inboxContext }) => {
    const none = await fetch(`${server.url}/server/data/agents/availability`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ available: 0 }),
    });
    expect(none.ok).toBe(true);

    const visitor = await visitorContext.newPage();
    await visitor.goto(`${server.url}/support.html`);
    const invitation = visitor.locator('[data-beckon="invitation"]').getByRole('dialog');
    await expect(invitation).toContainText('Leave us a message?', { timeout: 15_000 });
    await invitation.getByRole('button', { name: 'Write to us' }).click();
    const { visitID, pageID } = await idsOf(visitor);

    const contact = visitor.locator('[data-beckon="contact"]');
    await expect(contact.getByLabel('Name')).toBeFocused();
    await contact.getByRole('button', { name: 'Send message' }).click();
    await expect(contact.getByText('Please enter your name.')).toBeVisible();
    await expect(contact.getByText('Please write your message.')).toBeVisible();
    await contact.getByLabel('Name').fill('Ada Lovelace');
    await contact.getByLabel(/^Email/).fill('ada@example');
    await contact
      .getByRole('textbox', { name: /^Message/ })
      .fill('Can I return a lamp <b>after</b> 30 days?');
    await contact.getByRole('button', { name: 'Send message' }).click();
    await expect(contact.getByText(/Please enter an email address/)).toBeVisible();
    await expect(contact.getByLabel(/^Email/)).toBeFocused();
    await contact.getByLabel(/^Email/).fill('ada@example.com');
    await contact.getByRole('button', { name: 'Send message' }).click();
    const log = contact.getByRole('log');
    await expect(log).toContainText('Can I return a lamp <b>after</b> 30 days?');
    await expect(log.getByText('Sent', { exact: true })).toBeVisible();
    const axe = await new AxeBuilder({ page: visitor })
      .include('[data-beckon="contact"]')
      .analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);

    // The person at the inbox: the ticket carries the visit's IDs, the reply goes back.
    const inbox = await inboxContext.newPage();
    await inbox.goto(server.inboxPage);
    const thread = inbox.getByRole('region', { name: 'Thread with Ada Lovelace' });
    await expect(thread).toContainText('Can I return a lamp <b>after</b> 30 days?');
    await expect(thread).toContainText(`visitID: ${visitID}`);
    await expect(thread).toContainText(`pageID: ${pageID}`);
    await expect(thread).toContainText('webengagement: (proactive)');
    await expect(thread).toContainText('/support.html');
    await thread.getByLabel('Reply to Ada Lovelace').fill('Yes, within 60 days, free of charge.');
    await thread.getByRole('button', { name: 'Send reply' }).click();
    await expect(thread).toContainText('delivered to the visitor');

    await expect(log).toContainText('Yes, within 60 days, free of charge.');

    // A reload within the visit shows the whole conversation, and it goes on.
    await visitor.reload();
    const again = visitor.locator('[data-beckon="contact"]').getByRole('log');
    await expect(again).toContainText('Can I return a lamp <b>after</b> 30 days?');
    await expect(again).toContainText('Yes, within 60 days, free of charge.');
    await visitor.locator('[data-beckon="contact"]').getByLabel('Your message').fill('Thank you!');
    await visitor.locator('[data-beckon="contact"]').getByLabel('Your message').press('Enter');
    await expect(thread).toContainText('Thank you!');
    await expect(inbox.getByRole('region')).toHaveCount(1);
  });
});
