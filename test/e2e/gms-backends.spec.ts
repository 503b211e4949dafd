import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import type { Ids } from '../../src/protocol/ids.ts';
import { gmsDocsFake } from '../support/gms-docs-fake.ts';
import { engagementServer, eventually, hostSite } from './support/servers.ts';

type EngagementServer = Awaited<ReturnType<typeof engagementServer>>;

/** Where the visitor's chat goes, and how the test plays its agent there. */
interface GmsBackend {
  url: string;
  /** The chat's attached data and the nickname it was started with, once it has started. */
  chat(): Promise<{ nickname: string; userData: Record<string, string> } | null>;
  agentJoins(): Promise<void>;
  agentSays(text: string): Promise<void>;
  /** What the visitor has written, as the agent's side sees it. */
  heard(): Promise<string[]>;
  agentSendsFile(name: string, text: string): Promise<void>;
  /** The files the visitor has sent, as the agent's side downloads them. */
  visitorFiles(): Promise<Array<{ name: string; text: string }>>;
  close(): Promise<void>;
}

/** Beckon's own GMS-compatible service, the agent played through its agent routes. */
function beckonGms(server: EngagementServer): GmsBackend {
  const agentApi = async (path: string, body?: unknown) => {
    const response = await fetch(`${server.url}/server/agent${path}`, {
      method: body ? 'POST' : 'GET',
      ...(body
        ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
        : {}),
    });
    return response.json();
  };
  const latest = async () => {
    const { chats } = (await agentApi('/queue')) as {
      chats: Array<{
        chatId: string;
        client: { nickname: string };
        userData: Record<string, string>;
      }>;
    };
    return chats.at(-1) ?? null;
  };
  const id = async () => (await latest())?.chatId ?? '';
  return {
    url: server.url,
    chat: async () => {
      const chat = await latest();
      return chat ? { nickname: chat.client.nickname, userData: chat.userData } : null;
    },
    agentJoins: async () =>
      void (await agentApi(`/chats/${await id()}/accept`, { agent: 'Grace' })),
    agentSays: async (text) => void (await agentApi(`/chats/${await id()}/send`, { text })),
    heard: async () => {
      const { messages } = (await agentApi(`/chats/${await id()}`)) as {
        messages: Array<{ type: string; text?: string; from: { type: string } }>;
      };
      return messages
        .filter((m) => m.type === 'Message' && m.from.type === 'Client')
        .map((m) => m.text ?? '');
    },
    agentSendsFile: async (name, text) => {
      const body = new FormData();
      body.append('file', new Blob([text], { type: 'text/plain' }), name);
      await fetch(`${server.url}/server/agent/chats/${await id()}/files`, { method: 'POST', body });
    },
    visitorFiles: async () => {
      const chatId = await id();
      const { messages } = (await agentApi(`/chats/${chatId}`)) as {
        messages: Array<{
          type: string;
          from: { type: string };
          userData?: Record<string, string>;
        }>;
      };
      const sent = messages.filter((m) => m.type === 'FileUploaded' && m.from.type === 'Client');
      return Promise.all(
        sent.map(async (m) => ({
          name: m.userData?.['file-name'] ?? '',
          text: await (
            await fetch(
              `${server.url}/server/agent/chats/${chatId}/files/${m.userData?.['file-id']}`,
            )
          ).text(),
        })),
      );
    },
    close: async () => {},
  };
}

/** GMS as its documentation describes it (test/support/gms-docs-fake.ts). */
async function documentedGms(): Promise<
  GmsBackend & { fake: Awaited<ReturnType<typeof gmsDocsFake>> }
> {
  const fake = await gmsDocsFake();
  const latest = () => fake.chats.at(-1);
  return {
    fake,
    url: fake.url,
    chat: async () => {
      const chat = latest();
      return chat ? { nickname: chat.nickname, userData: chat.userData } : null;
    },
    agentJoins: async () => fake.agentJoins(),
    agentSays: async (text) => fake.agentSays(text),
    heard: async () =>
      (latest()?.messages ?? [])
        .filter((m) => m.type === 'Message' && m.from.type === 'Client')
        .map((m) => m.text ?? ''),
    agentSendsFile: async (name, text) => fake.agentSendsFile(name, text),
    visitorFiles: async () =>
      (latest()?.files ?? [])
        .filter((f) => f.from === 'Client')
        .map((f) => ({ name: f.name, text: f.content.toString() })),
    close: fake.close,
  };
}

const BACKENDS = {
  "Beckon's GMS-compatible service": async (server: EngagementServer) => beckonGms(server),
  'GMS as its documentation describes it': async () => documentedGms(),
};

/** A site's page whose config points the gms adapter at `gms`, then raises a chat offer itself. */
async function offerChat(
  page: Page,
  server: EngagementServer,
  gms: Record<string, string>,
  scenario?: string,
) {
  const site = await hostSite({
    '/shop.html': `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>
<script>window._gt = [['config', ${JSON.stringify({ endpoint: server.url, gms })}]];</script>
<script async src="${server.url}/beckon.js"></script></head><body><main><h1>Shop</h1></main></body></html>`,
  });
  await page.goto(`${site.url}/shop.html`);
  const ids = await page.evaluate(
    () => new Promise<Ids>((resolve) => window._gt?.push(['getIDs', resolve])),
  );
  await page.evaluate((offer) => window._gt?.push(['invite', offer]), {
    type: 'chat',
    title: 'Questions?',
    message: 'We are here.',
    adapter: 'gms',
    ...(scenario ? { scenario } : {}),
  });
  await page
    .locator('[data-beckon="invitation"]')
    .getByRole('button', { name: /chat/i })
    .click({ timeout: 15_000 });
  const chat = page.locator('[data-beckon="chat"]');
  await chat.getByLabel(/^Your name/).fill('Ada Lovelace');
  await chat.getByRole('button', { name: 'Start chat' }).click();
  return { site, ids, chat };
}

for (const [name, make] of Object.entries(BACKENDS)) {
  for (const [how, scenario, gmsConfig] of [
    ['CHAT-NOW through the callback service', 'CHAT-NOW', {}],
    ['Chat API v2 directly with chatService', undefined, { chatService: 'customer-support' }],
  ] as const) {
    test(`the gms adapter against ${name}: ${how}, messages both ways, the attached data arrives`, async ({
      page,
    }) => {
      const server = await engagementServer();
      const gms = await make(server);
      try {
        const { site, ids, chat } = await offerChat(
          page,
          server,
          { baseUrl: gms.url, ...gmsConfig },
          scenario,
        );
        const started = await eventually(gms.chat, (c) => c !== null);
        expect(started?.nickname).toBe('Ada Lovelace');
        expect(started?.userData).toMatchObject({ visitID: ids.visitID, pageID: ids.pageID });
        // The page raised the offer itself: not proactive, so no webengagement marker.
        expect(started?.userData).not.toHaveProperty('webengagement');
        await gms.agentJoins();
        await expect(chat.getByRole('status')).toHaveText('You are chatting with Grace.', {
          timeout: 15_000,
        });
        await chat.getByLabel('Your message').fill('Is the lamp dimmable?');
        await chat.getByLabel('Your message').press('Enter');
        await expect.poll(gms.heard, { timeout: 15_000 }).toContain('Is the lamp dimmable?');
        await gms.agentSays('Yes, in three steps.');
        await expect(chat.getByRole('log')).toContainText('Yes, in three steps.', {
          timeout: 15_000,
        });
        if ('fake' in gms) {
          const { fake } = gms as Awaited<ReturnType<typeof documentedGms>>;
          // The agent's chat server answered with a new alias: every later request resends it.
          expect(fake.requests.at(-1)?.fields.alias).toBe('118');
          if (scenario) {
            // What GMS's callback service was sent: the scenario, a _customer_number, the IDs
            // plain, and the gms_user GMS keeps the service under.
            expect(fake.callbacks[0]).toMatchObject({
              _media_type: 'chat',
              _customer_number: ids.visitID,
              visitID: ids.visitID,
              pageID: ids.pageID,
            });
            expect(fake.requests[0]?.gmsUser).toBe(ids.globalVisitID);
          }
        }
        await site.close();
      } finally {
        await gms.close();
        await server.dispose();
      }
    });
  }
}

for (const [name, make] of Object.entries(BACKENDS)) {
  test(`files both ways against ${name}: the picker sends, the transcript offers a download`, async ({
    page,
  }) => {
    const server = await engagementServer();
    const gms = await make(server);
    try {
      const { site, chat } = await offerChat(page, server, {
        baseUrl: gms.url,
        chatService: 'customer-support',
      });
      await eventually(gms.chat, (c) => c !== null);
      await gms.agentJoins();
      await expect(chat.getByRole('status')).toHaveText('You are chatting with Grace.', {
        timeout: 15_000,
      });
      const attach = chat.getByRole('button', { name: 'Attach a file' });
      const pick = async (file: { name: string; mimeType: string; buffer: Buffer }) => {
        const chooser = page.waitForEvent('filechooser');
        await attach.click({ timeout: 15_000 });
        await (await chooser).setFiles(file);
      };
      // Refused before it goes: the chat said which types it takes.
      await pick({
        name: 'setup.exe',
        mimeType: 'application/octet-stream',
        buffer: Buffer.from('MZ'),
      });
      await expect(chat.getByRole('alert')).toContainText(
        'setup.exe is not a type this chat takes',
      );
      await pick({ name: 'receipt.txt', mimeType: 'text/plain', buffer: Buffer.from('Order 42') });
      await expect(chat.getByRole('log')).toContainText('receipt.txt', { timeout: 15_000 });
      await expect
        .poll(gms.visitorFiles, { timeout: 15_000 })
        .toEqual([{ name: 'receipt.txt', text: 'Order 42' }]);
      await expect(chat.getByRole('alert')).toHaveCount(0);

      await gms.agentSendsFile('offer.txt', 'Your offer: 3 lamps');
      const offer = chat.getByRole('button', { name: /^offer\.txt/ });
      await expect(offer).toBeVisible({ timeout: 15_000 });
      const download = page.waitForEvent('download');
      await offer.click();
      const saved = await download;
      expect(saved.suggestedFilename()).toBe('offer.txt');
      expect(readFileSync(await saved.path(), 'utf8')).toBe('Your offer: 3 lamps');
      await site.close();
    } finally {
      await gms.close();
      await server.dispose();
    }
  });
}

test('REQUEST-CHAT: followed on Beckon’s service, and refused with what to do instead where GMS answers with Chat API v1', async ({
  page,
}) => {
  const server = await engagementServer();
  const documented = await documentedGms();
  try {
    const beckon = await offerChat(page, server, { baseUrl: server.url }, 'REQUEST-CHAT');
    await expect(beckon.chat.getByRole('status')).toHaveText('Waiting for an agent…', {
      timeout: 15_000,
    });
    await beckon.site.close();

    const other = await page.context().newPage();
    const real = await offerChat(other, server, { baseUrl: documented.url }, 'REQUEST-CHAT');
    await expect(real.chat.getByRole('alert')).toContainText('Chat API v1', { timeout: 15_000 });
    await expect(real.chat.getByRole('alert')).toContainText('gms.chatService');
    expect(documented.fake.chats).toHaveLength(0);
    await real.site.close();
  } finally {
    await documented.close();
    await server.dispose();
  }
});
