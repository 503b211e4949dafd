import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { chatTakenByAgent } from './support/chat.ts';
import { visitorAndAgent } from './support/two-sides.ts';

test('the launcher: a minimised chat goes on, counts the agent’s replies on the button and in the title, comes back in every tab of the visit, and starts a new chat once closed', async ({
  browser,
}) => {
  await visitorAndAgent(browser, async ({ server, visitorContext, agentContext }) => {
    const visitor = await visitorContext.newPage();
    await visitor.goto(`${server.url}/support.html`);
    const invitation = visitor.locator('[data-beckon="invitation"]').getByRole('dialog');
    await invitation.getByRole('button', { name: 'Start chat' }).click({ timeout: 15_000 });
    const agent = await agentContext.newPage();
    const chat = await chatTakenByAgent(visitor, agent, server.url);
    await expect(chat.getByRole('status')).toHaveText('You are chatting with Grace.');
    const launcher = visitor.locator('[data-beckon="launcher"]').getByRole('button');
    await expect(launcher).toBeHidden();

    // Minimised, the panel steps aside and the focus goes to the launcher.
    await chat.getByRole('button', { name: 'Minimise' }).click();
    await expect(chat.getByRole('log')).toBeHidden();
    await expect(launcher).toBeFocused();
    await expect(launcher).toHaveAccessibleName('Back to the conversation');
    const title = await visitor.title();

    // The agent writes twice: the launcher and the title count it, a screen reader hears it.
    await agent.getByLabel('Reply').fill('Are you still there?');
    await agent.getByLabel('Reply').press('Enter');
    await expect(launcher).toHaveAccessibleName('Back to the conversation, 1 unread');
    await agent.getByLabel('Reply').fill('I can hold the Studio plan for you.');
    await agent.getByLabel('Reply').press('Enter');
    await expect(launcher).toHaveAccessibleName('Back to the conversation, 2 unread');
    await expect(launcher).toHaveText('2');
    // The agent's picture, from the console's profile, is beside their messages (not yet seen).
    await expect(
      chat.locator('li.agent', { hasText: 'Are you still there?' }).locator('img.avatar'),
    ).toHaveAttribute('src', `${server.url}/assets/agents/grace.svg`);
    await expect(visitor.locator('[data-beckon="launcher"]').getByRole('status')).toHaveText(
      '2 unread',
    );
    await expect(visitor).toHaveTitle(`(2) ${title}`);
    const axe = await new AxeBuilder({ page: visitor })
      .include('[data-beckon="launcher"]')
      .analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);

    // Another page of the visit, in a second tab: the chat is there, minimised, as it was left.
    const second = await visitorContext.newPage();
    await second.goto(`${server.url}/pricing.html`);
    const secondLauncher = second.locator('[data-beckon="launcher"]').getByRole('button');
    const secondChat = second.locator('[data-beckon="chat"]');
    await expect(secondLauncher).toHaveAccessibleName('Back to the conversation, 2 unread');
    // Hidden elements are out of the accessibility tree: the panel is found by its element.
    await expect(secondChat.locator('section')).toBeAttached();
    await expect(secondChat.locator('section')).toBeHidden();

    // Brought back from the keyboard there: both tabs show the chat, read, and the titles lose the count.
    await secondLauncher.focus();
    await second.keyboard.press('Enter');
    await expect(secondChat.getByRole('log')).toContainText('I can hold the Studio plan for you.');
    await expect(secondChat.getByLabel('Your message')).toBeFocused();
    await expect(chat.getByRole('log')).toBeVisible();
    await expect(visitor).toHaveTitle(title);
    await expect(launcher).toBeHidden();

    // The visitor ends the chat and closes it: the launcher offers a new one, in both tabs.
    await chat.getByRole('button', { name: 'End chat' }).click();
    await chat.getByRole('button', { name: 'Close' }).click();
    await expect(launcher).toHaveAccessibleName('Chat with us');
    await expect(secondLauncher).toHaveAccessibleName('Chat with us');
    await expect(secondChat).toHaveCount(0);
    await launcher.click();
    await expect(chat.getByLabel('Your name (optional)')).toBeFocused();
    await expect(launcher).toBeHidden();
  });
});

test('a site that always shows the launcher: it is there before any conversation, in the theme’s colour and corner, and opens the configured media', async ({
  browser,
}) => {
  await visitorAndAgent(browser, async ({ server, visitorContext }) => {
    const visitor = await visitorContext.newPage();
    await visitor.addInitScript(() => {
      window._gt = window._gt ?? [];
      window._gt.push([
        'config',
        {
          adapter: 'gms',
          theme: { colors: { accent: 'rgb(120, 20, 60)' } },
          launcher: { show: 'always', position: 'bottom-left', label: 'Questions? Ask us' },
          languageCode: 'de',
        },
      ]);
    });
    await visitor.goto(`${server.url}/index.html`);
    const launcher = visitor.locator('[data-beckon="launcher"]').getByRole('button');
    await expect(launcher).toHaveAccessibleName('Questions? Ask us');
    await expect(launcher).toHaveCSS('background-color', 'rgb(120, 20, 60)');
    const box = await launcher.boundingBox();
    const width = visitor.viewportSize()?.width ?? 0;
    expect(box && box.x < width / 2).toBe(true);
    await launcher.click();
    const chat = visitor.locator('[data-beckon="chat"]');
    await expect(chat.getByLabel('Your name (optional)')).toBeFocused();
    await expect(chat.getByRole('button', { name: 'Minimieren' })).toBeVisible();
  });
});

test('a hostile page’s CSS neither hides nor moves the launcher', async ({ browser }) => {
  await visitorAndAgent(browser, async ({ server }) => {
    // The demo's CSP forbids the inline stylesheet a hostile site would have: bypassed for it.
    const hostile = await browser.newContext({ bypassCSP: true });
    const visitor = await hostile.newPage();
    await visitor.addInitScript(() => {
      window._gt = window._gt ?? [];
      window._gt.push(['config', { adapter: 'gms', launcher: { show: 'always' } }]);
    });
    await visitor.goto(`${server.url}/index.html`);
    await visitor.addStyleTag({
      content: `body > *, [class], button, svg { display: none !important; opacity: 0 !important;
        position: static !important; transform: scale(0) !important; pointer-events: none !important; }
        beckon-launcher { display: none !important; visibility: hidden !important; }`,
    });
    const launcher = visitor.locator('[data-beckon="launcher"]').getByRole('button');
    await expect(launcher).toBeVisible();
    const box = await launcher.boundingBox();
    expect(box?.width).toBe(56);
    await launcher.click();
    await expect(
      visitor.locator('[data-beckon="chat"]').getByLabel('Your name (optional)'),
    ).toBeFocused();
    await hostile.close();
  });
});
