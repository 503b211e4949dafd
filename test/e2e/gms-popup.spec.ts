import { expect, test } from '@playwright/test';
import type { Ids } from '../../src/protocol/ids.ts';
import { engagementServer } from './support/servers.ts';

test('popup mode: the chat opens chat.html with the IDs in its address, hears the nudges the page passes on, and a reload goes on with it', async ({
  context,
}) => {
  const server = await engagementServer();
  try {
    await context.addInitScript(() => {
      // Polling once a minute: what arrives sooner was passed on by the opener, from the stream.
      (window as unknown as { _gt: unknown[] })._gt = [
        [
          'config',
          {
            gms: { mode: 'popup', pollSeconds: 60 },
            theme: {
              name: 'Lamps & Light',
              logo: '/assets/favicon.svg',
              colors: { accent: 'rgb(122, 31, 61)' },
            },
          },
        ],
      ];
    });
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    const ids = await page.evaluate(
      () => new Promise<Ids>((resolve) => window._gt?.push(['getIDs', resolve])),
    );
    await page.evaluate(() =>
      window._gt?.push([
        'invite',
        {
          type: 'chat',
          title: 'Chat with us?',
          message: 'We are here.',
          adapter: 'gms',
          scenario: 'CHAT-NOW',
        },
      ]),
    );
    const opened = context.waitForEvent('page');
    await page
      .locator('[data-beckon="invitation"]')
      .getByRole('button', { name: 'Start chat' })
      .click();
    const popup = await opened;
    await popup.waitForLoadState();
    const url = new URL(popup.url());
    expect(url.pathname).toBe('/chat.html');
    expect(url.searchParams.get('visitID')).toBe(ids.visitID);
    expect(url.searchParams.get('pageID')).toBe(ids.pageID);
    expect(url.searchParams.get('gmsScenario')).toBe('CHAT-NOW');
    expect(url.searchParams.has('webengagement')).toBe(false);
    expect(url.searchParams.get('opener')).toBe(server.url);

    const chat = popup.locator('[data-beckon="chat"]');
    // The page's theme goes with it in the address.
    const header = chat.locator('header');
    await expect(header.getByRole('heading')).toHaveText('Lamps & Light');
    await expect(header.locator('img.logo')).toHaveAttribute(
      'src',
      `${server.url}/assets/favicon.svg`,
    );
    await expect(header).toHaveCSS('background-color', 'rgb(122, 31, 61)');
    await chat.getByLabel(/^Your name/).fill('Ada Lovelace');
    await chat.getByRole('button', { name: 'Start chat' }).click();
    await expect(chat.getByRole('status')).toHaveText('Waiting for an agent…');
    const queue = (await (await fetch(`${server.url}/server/agent/queue`)).json()) as {
      chats: Array<{ chatId: string; userData: Record<string, string> }>;
    };
    expect(queue.chats[0]?.userData).toEqual({ visitID: ids.visitID, pageID: ids.pageID });
    const chatId = queue.chats[0]?.chatId;
    await fetch(`${server.url}/server/agent/chats/${chatId}/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ agent: 'Grace' }),
    });
    await expect(chat.getByRole('status')).toHaveText('You are chatting with Grace.');

    await popup.reload();
    const again = popup.locator('[data-beckon="chat"]');
    await expect(again.getByRole('status')).toHaveText('You are chatting with Grace.');
    await again.getByLabel('Your message').fill('Still here after a reload');
    await again.getByLabel('Your message').press('Enter');
    await expect
      .poll(async () =>
        JSON.stringify(await (await fetch(`${server.url}/server/agent/chats/${chatId}`)).json()),
      )
      .toContain('Still here after a reload');
  } finally {
    await server.dispose();
  }
});
