import { readFile } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import { type BrowserContext, expect, type Page, test } from '@playwright/test';
import type { Ids } from '../../src/protocol/ids.ts';
import { chatTakenByAgent } from './support/chat.ts';
import { pageOffers } from './support/invite.ts';
import { engagementServer } from './support/servers.ts';
import { visitorAndAgent } from './support/two-sides.ts';

const idsOf = (page: Page) =>
  page.evaluate(() => new Promise<Ids>((resolve) => window._gt?.push(['getIDs', resolve])));

test('a proactive GMS chat: the agent sees who and where, messages and typing go both ways, the chat follows the visitor to the next page', async ({
  browser,
}) => {
  await visitorAndAgent(browser, async ({ server, visitorContext, agentContext }) => {
    const visitor = await visitorContext.newPage();
    await visitor.goto(`${server.url}/support.html`);
    const invitation = visitor.locator('[data-beckon="invitation"]').getByRole('dialog');
    await invitation.getByRole('button', { name: 'Start chat' }).click({ timeout: 15_000 });
    const { visitID, pageID } = await idsOf(visitor);

    const chat = visitor.locator('[data-beckon="chat"]');
    await expect(chat.getByLabel('Your name (optional)')).toBeFocused();
    await chat.getByLabel('Email (optional)').fill('ada@example');
    await chat.getByRole('button', { name: 'Start chat' }).click();
    await expect(
      chat.getByText('Please enter an email address like name@example.com.'),
    ).toBeVisible();
    await expect(chat.getByLabel('Email (optional)')).toBeFocused();
    await chat.getByLabel('Your name (optional)').fill('Ada Lovelace');
    await chat.getByLabel('Email (optional)').fill('ada@example.com');
    await chat.getByRole('button', { name: 'Start chat' }).click();
    await expect(chat.getByRole('status')).toHaveText('Waiting for an agent…');
    const axe = await new AxeBuilder({ page: visitor }).include('[data-beckon="chat"]').analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);

    const agent = await agentContext.newPage();
    await agent.goto(`${server.url}/agent/`);
    await agent.getByRole('button', { name: /Ada Lovelace \(waiting\)/ }).click();
    await expect(agent.locator('dd[data-key="visitID"]')).toHaveText(visitID);
    await expect(agent.locator('dd[data-key="pageID"]')).toHaveText(pageID);
    await expect(agent.locator('dd[data-key="webengagement"]')).toHaveText('(present: proactive)');
    await expect(agent.locator('#journey li[aria-current="page"]')).toContainText('/support.html');
    await agent.getByRole('button', { name: 'Accept' }).click();
    await expect(chat.getByRole('status')).toHaveText('You are chatting with Grace.');

    // Visitor types and writes; the agent sees both.
    await chat.getByLabel('Your message').pressSequentially('Which plan', { delay: 10 });
    await expect(agent.locator('#visitor-typing')).toHaveText('Ada Lovelace is typing…');
    await chat.getByLabel('Your message').pressSequentially(' fits a studio?');
    await chat.getByLabel('Your message').press('Enter');
    await expect(agent.locator('#transcript')).toContainText(
      'Ada Lovelace: Which plan fits a studio?',
    );
    await expect(agent.locator('#visitor-typing')).toHaveText('');

    // Agent types, answers and pushes a link; the visitor sees all three.
    await agent.getByLabel('Reply').pressSequentially('The Studio', { delay: 10 });
    await expect(chat.getByText('Grace is typing…')).toBeVisible();
    await agent.getByLabel('Reply').pressSequentially(' plan, with free repairs.');
    await agent.getByLabel('Reply').press('Enter');
    await expect(chat.getByRole('log')).toContainText('The Studio plan, with free repairs.');
    await expect(chat.getByText('Grace is typing…')).toBeHidden();
    await agent.getByLabel('Push a URL').fill(`${server.url}/pricing.html`);
    await agent.getByRole('button', { name: 'Push' }).click();
    await expect(chat.getByRole('link', { name: `${server.url}/pricing.html` })).toHaveAttribute(
      'rel',
      'noopener noreferrer',
    );

    // Files both ways through the console: the agent's shows in the chat, the visitor's downloads.
    await agent
      .getByLabel('Send a file')
      .setInputFiles({ name: 'plans.txt', mimeType: 'text/plain', buffer: Buffer.from('Studio') });
    await agent.getByRole('button', { name: 'Send file' }).click();
    await expect(chat.getByRole('button', { name: /^plans\.txt/ })).toBeVisible();
    const picked = visitor.waitForEvent('filechooser');
    await chat.getByRole('button', { name: 'Attach a file' }).click();
    await (await picked).setFiles({
      name: 'floor.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.7\n'),
    });
    const fromVisitor = agent.getByRole('button', { name: /^floor\.pdf/ });
    const saved = agent.waitForEvent('download');
    await fromVisitor.click();
    expect((await saved).suggestedFilename()).toBe('floor.pdf');

    // The visitor moves to another page mid-chat: the transcript is back and the chat goes on.
    await visitor.goto(`${server.url}/checkout.html`);
    const again = visitor.locator('[data-beckon="chat"]');
    await expect(again.getByRole('log')).toContainText('The Studio plan, with free repairs.');
    await again.getByLabel('Your message').fill('Great, thanks!');
    await again.getByLabel('Your message').press('Enter');
    await expect(agent.locator('#transcript')).toContainText('Ada Lovelace: Great, thanks!');
    await expect(agent.locator('#journey')).toContainText('/checkout.html');

    await agent.getByRole('button', { name: 'End chat' }).click();
    await expect(again.getByRole('status')).toHaveText('The chat has ended.');
    await expect(again.getByLabel('Your message')).toHaveCount(0);
    await expect(again.getByRole('button', { name: 'Start a new chat' })).toBeVisible();
    await again.getByRole('button', { name: 'Close' }).click();
    await expect(visitor.locator('[data-beckon="chat"]')).toHaveCount(0);
    await visitor.reload();
    await visitor.waitForTimeout(1000);
    await expect(visitor.locator('[data-beckon="chat"]')).toHaveCount(0);
  });
});

test("with the chat's polling set to a minute, the agent's join and reply and the visitor's message still arrive at once: pushed, not polled", async ({
  browser,
}) => {
  await visitorAndAgent(browser, async ({ server, visitorContext, agentContext }) => {
    const visitor = await visitorContext.newPage();
    await visitor.addInitScript(() => {
      window._gt = [['config', { gms: { pollSeconds: 60 } }]];
    });
    await visitor.goto(`${server.url}/support.html`);
    const invitation = visitor.locator('[data-beckon="invitation"]').getByRole('dialog');
    await invitation.getByRole('button', { name: 'Start chat' }).click({ timeout: 15_000 });
    const agent = await agentContext.newPage();
    const chat = await chatTakenByAgent(visitor, agent, server.url);
    // Each wait is far shorter than the minute the chat waits between polls.
    const soon = { timeout: 10_000 };
    await expect(chat.getByRole('status')).toHaveText('You are chatting with Grace.', soon);
    await agent.getByLabel('Reply').fill('Pushed, not polled.');
    await agent.getByLabel('Reply').press('Enter');
    await expect(chat.getByRole('log')).toContainText('Pushed, not polled.', soon);
    await chat.getByLabel('Your message').fill('So quick!');
    await chat.getByLabel('Your message').press('Enter');
    await expect(agent.locator('#transcript')).toContainText('Ada Lovelace: So quick!', soon);
    // The visitor's own message is in their transcript from the send's answer, not a poll.
    const mine = chat.getByRole('log').locator('li.client', { hasText: 'So quick!' });
    await expect(mine.locator('.delivery')).toHaveText('Sent', soon);

    // While GMS has not taken a message it shows as sending, then as sent.
    // Each send waits here until released; a release waits for its send to have arrived (it may
    // queue behind a refresh in the page first).
    const held: Array<() => void> = [];
    await visitor.route('**/send', async (route) => {
      await new Promise<void>((go) => held.push(go));
      await route.continue();
    });
    const release = async () => {
      await expect.poll(() => held.length).toBeGreaterThan(0);
      held.shift()?.();
    };
    await chat.getByLabel('Your message').fill('Held back a moment');
    await chat.getByLabel('Your message').press('Enter');
    const slow = chat.getByRole('log').locator('li.client', { hasText: 'Held back a moment' });
    await expect(slow.locator('.delivery')).toHaveText('Sending…');
    await expect(mine.locator('.delivery')).toHaveCount(0);
    await release();
    await expect(slow.locator('.delivery')).toHaveText('Sent', soon);
    await expect(chat.getByRole('log').locator('li.pending')).toHaveCount(0);

    // A message still on its way when the agent ends the chat never arrives, and says so.
    await chat.getByLabel('Your message').fill('Too late');
    await chat.getByLabel('Your message').press('Enter');
    const late = chat.getByRole('log').locator('li.client', { hasText: 'Too late' });
    await expect(late.locator('.delivery')).toHaveText('Sending…');
    await agent.getByRole('button', { name: 'End chat' }).click();
    await expect(agent.locator('#chat-state')).toHaveText(/^Ended/);
    await release();
    await expect(late.locator('.delivery')).toHaveText('Not sent', soon);
    await expect(agent.locator('#transcript')).not.toContainText('Too late');
  });
});

test('a visitor chats without giving a name, is offered the name the site knows, and a site may require one', async ({
  browser,
}) => {
  const server = await engagementServer();
  const contexts = [
    await browser.newContext(),
    await browser.newContext(),
    await browser.newContext(),
  ];
  const [visitorContext, agentContext, strictContext] = contexts as [
    BrowserContext,
    BrowserContext,
    BrowserContext,
  ];
  try {
    const offerChat = async (page: Page) => {
      const invitation = await pageOffers(page, `${server.url}/`, {
        type: 'chat',
        title: 'Questions?',
        message: '',
        adapter: 'gms',
      });
      await invitation.getByRole('button', { name: 'Start chat' }).click();
      return page.locator('[data-beckon="chat"]');
    };

    const visitor = await visitorContext.newPage();
    await visitor.goto(`${server.url}/`);
    await visitor.waitForFunction(() => !Array.isArray(window._gt));
    await visitor.evaluate(() =>
      window._gt?.push(['event', 'UserInfo', { data: { firstName: 'Ada', lastName: 'Lovelace' } }]),
    );
    let chat = await offerChat(visitor);
    const name = chat.getByLabel('Your name (optional)');
    await expect(name).toHaveValue('Ada Lovelace');
    await name.fill('');
    await chat.getByRole('button', { name: 'Start chat' }).click();
    await expect(chat.getByRole('status')).toHaveText('Waiting for an agent…');
    const agent = await agentContext.newPage();
    await agent.goto(`${server.url}/agent/`);
    await expect(agent.getByRole('button', { name: /^Visitor \(waiting\)/ })).toBeVisible();
    await chat.getByRole('button', { name: 'End chat' }).click();
    await chat.getByRole('button', { name: 'Close' }).click();

    // Another site's visitor (the first has had their invitation); this site asks for names.
    const strict = await strictContext.newPage();
    await strict.addInitScript(() => {
      window._gt = [['config', { gms: { requireName: true } }]];
    });
    chat = await offerChat(strict);
    await chat.getByLabel('Your name').fill(' ');
    await chat.getByRole('button', { name: 'Start chat' }).click();
    await expect(chat.getByText('Please enter your name.')).toBeVisible();
    await expect(chat.getByLabel('Your name')).toBeFocused();
    const axe = await new AxeBuilder({ page: strict }).include('[data-beckon="chat"]').analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
    await chat.getByLabel('Your name').fill('Ada');
    await chat.getByRole('button', { name: 'Start chat' }).click();
    await expect(chat.getByRole('status')).toHaveText('Waiting for an agent…');
  } finally {
    for (const context of contexts) await context.close();
    await server.dispose();
  }
});

test("the chat wears the site's name, logo and colours, the agent's messages carry their initials and time, and after the end a new chat starts from the form", async ({
  browser,
}) => {
  await visitorAndAgent(browser, async ({ server, visitorContext, agentContext }) => {
    const visitor = await visitorContext.newPage();
    await visitor.addInitScript(() => {
      window._gt = [
        [
          'config',
          {
            theme: {
              name: 'Lamps & Light',
              logo: '/assets/favicon.svg',
              colors: { accent: 'rgb(122, 31, 61)' },
            },
          },
        ],
      ];
    });
    const invitation = await pageOffers(visitor, `${server.url}/`, {
      type: 'chat',
      title: 'Questions?',
      message: '',
      adapter: 'gms',
    });
    await expect(invitation.getByRole('button', { name: 'Start chat' })).toHaveCSS(
      'background-color',
      'rgb(122, 31, 61)',
    );
    await invitation.getByRole('button', { name: 'Start chat' }).click();
    const chat = visitor.locator('[data-beckon="chat"]');
    const header = chat.locator('header');
    await expect(header.getByRole('heading')).toHaveText('Lamps & Light');
    await expect(header.locator('.subtitle')).toHaveText('Chat');
    await expect(header.locator('img.logo')).toHaveAttribute(
      'src',
      `${server.url}/assets/favicon.svg`,
    );
    await expect(header).toHaveCSS('background-color', 'rgb(122, 31, 61)');

    const agent = await agentContext.newPage();
    // An agent whose profile has no picture: their initials stand in for it.
    await agent.addInitScript(() =>
      localStorage.setItem('beckon.agentProfile', JSON.stringify({ name: 'Grace', avatar: '' })),
    );
    await chatTakenByAgent(visitor, agent, server.url);
    await agent.getByLabel('Reply').fill('Hello from Grace.');
    await agent.getByLabel('Reply').press('Enter');
    const reply = chat.getByRole('log').locator('li.agent', { hasText: 'Hello from Grace.' });
    await expect(reply.locator('.avatar')).toHaveText('G');
    const time = await reply.locator('time').getAttribute('datetime');
    expect(Math.abs(Date.parse(time ?? '') - Date.now())).toBeLessThan(60_000);
    const axe = await new AxeBuilder({ page: visitor }).include('[data-beckon="chat"]').analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);

    await chat.getByRole('button', { name: 'End chat' }).click();
    await expect(chat.getByRole('status')).toHaveText('The chat has ended.');
    await expect(chat.getByLabel('Your message')).toHaveCount(0);

    // The closing step: a rating, which the visit records as ChatRated, and the transcript to keep.
    await chat
      .getByRole('group', { name: 'How was this chat?' })
      .getByRole('button', { name: '4 of 5' })
      .click();
    await expect(chat.getByText('Thank you: you rated this chat 4 of 5.')).toBeVisible();
    const { visitID } = await idsOf(visitor);
    const key = await visitor.evaluate(
      () => JSON.parse(localStorage.getItem('beckon.visit') ?? '{}').key as string,
    );
    await expect
      .poll(async () => {
        const visit = await fetch(`${server.url}/server/data/visits/${visitID}`, {
          headers: { authorization: `Bearer ${key}` },
        });
        const { events } = (await visit.json()) as {
          events: Array<{ eventName: string; data: unknown }>;
        };
        return events.find((event) => event.eventName === 'ChatRated')?.data;
      })
      .toMatchObject({ rating: 4 });
    const saving = visitor.waitForEvent('download');
    await chat.getByRole('button', { name: 'Download the transcript' }).click();
    const download = await saving;
    expect(download.suggestedFilename()).toMatch(/^chat-\d{4}-\d{2}-\d{2}\.txt$/);
    const kept = await readFile(await download.path(), 'utf8');
    expect(kept).toMatch(/\] Grace: Hello from Grace\.\n/);
    expect(kept).toContain('Grace: joined the chat');

    await chat.getByRole('button', { name: 'Start a new chat' }).click();
    await expect(chat.getByLabel('Your name (optional)')).toBeFocused();
    await chat.getByLabel('Your name (optional)').fill('Ada Lovelace');
    await chat.getByRole('button', { name: 'Start chat' }).click();
    await expect(chat.getByRole('status')).toHaveText('Waiting for an agent…');
    await expect(agent.getByRole('button', { name: /Ada Lovelace \(waiting\)/ })).toBeVisible();
  });
});
