import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { pageOffers } from './support/invite.ts';
import { engagementServer } from './support/servers.ts';

// A visitor on a 390 x 844 phone: every panel Beckon opens is the screen, its fields are 16 px (iOS
// zooms into smaller ones), and when the visible part of the page shrinks (the on-screen keyboard
// does that) the panel shrinks with it, its last control still in view.

let server: Awaited<ReturnType<typeof engagementServer>>;
test.beforeAll(async () => {
  server = await engagementServer();
});
test.afterAll(() => server.dispose());
test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

/** The page invites with `offer`; the visitor accepts with `accept`; the panel it opens. */
async function openPanel(page: Page, offer: Record<string, unknown>, accept: string, name: string) {
  const invitation = await pageOffers(page, `${server.url}/`, offer);
  await invitation.getByRole('button', { name: accept }).click();
  const panel = page.locator(`[data-beckon="${name}"]`);
  await expect(panel.locator('.panel')).toBeVisible();
  return panel;
}

/** A GMS chat, offered and accepted. */
const openChat = (page: Page) =>
  openPanel(
    page,
    { type: 'chat', title: 'Questions?', message: '', adapter: 'gms' },
    'Start chat',
    'chat',
  );

async function expectFillsTheScreen(page: Page, panel: Locator) {
  const box = await panel.locator('.widget').boundingBox();
  expect(box).toEqual({ x: 0, y: 0, width: 390, height: 844 });
  const sizes = await panel
    .locator('input:not([type="hidden"]):not([hidden]), textarea, select')
    .evaluateAll((fields) => fields.map((field) => getComputedStyle(field).fontSize));
  expect(sizes.length).toBeGreaterThan(0);
  for (const size of sizes) expect(Number.parseFloat(size)).toBeGreaterThanOrEqual(16);
  const axe = await new AxeBuilder({ page }).include(`[data-beckon]`).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
}

/** Zooms the page in, as the keyboard would shrink what is visible: the panel follows. */
async function expectFollowsTheVisiblePart(page: Page, panel: Locator, last: Locator) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setPageScaleFactor', { pageScaleFactor: 2 });
  const visible = await page.evaluate(() => ({
    top: window.visualViewport?.offsetTop ?? 0,
    height: window.visualViewport?.height ?? 0,
  }));
  expect(visible.height).toBeLessThan(844);
  await expect
    .poll(async () => (await panel.locator('.widget').boundingBox())?.height)
    .toBeCloseTo(visible.height, 0);
  const control = await last.boundingBox();
  expect((control?.y ?? 0) + (control?.height ?? 0)).toBeLessThanOrEqual(
    visible.top + visible.height + 1,
  );
  await cdp.send('Emulation.setPageScaleFactor', { pageScaleFactor: 1 });
}

test('the chat fills a phone and keeps its button in view when the visible part shrinks', async ({
  page,
}) => {
  const chat = await openChat(page);
  await expectFillsTheScreen(page, chat);
  await expectFollowsTheVisiblePart(page, chat, chat.getByRole('button', { name: 'Start chat' }));
});

for (const [name, offer, accept] of [
  [
    'callback',
    {
      type: 'callback',
      title: 'Call?',
      message: '',
      adapter: 'gms',
      scenario: 'VOICE-NOW-USERORIG',
    },
    'Call me back',
  ],
  ['contact', { type: 'message', title: 'Write?', message: '', adapter: 'inbox' }, 'Write to us'],
] as const)
  test(`the ${name} form fills a phone`, async ({ page }) => {
    await expectFillsTheScreen(page, await openPanel(page, offer, accept, name));
  });

test("a partner's chat in the frame panel fills a phone", async ({ page }) => {
  const frame = await openPanel(
    page,
    { type: 'chat', title: 'Questions?', message: '', adapter: 'frame' },
    'Start chat',
    'frame',
  );
  const box = await frame.locator('.widget').boundingBox();
  expect(box).toEqual({ x: 0, y: 0, width: 390, height: 844 });
});

test('on a phone the chat minimises to the launcher, in reach of the thumb and clear of the screen’s edges, and comes back filling the screen', async ({
  page,
}) => {
  const chat = await openChat(page);
  await chat.getByRole('button', { name: 'Minimise' }).tap();
  const launcher = page.locator('[data-beckon="launcher"]').getByRole('button');
  await expect(launcher).toBeFocused();
  const box = await launcher.boundingBox();
  expect(box?.width).toBe(56);
  expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(390 - 16);
  expect((box?.y ?? 0) + (box?.height ?? 0)).toBeLessThanOrEqual(844 - 16);
  const axe = await new AxeBuilder({ page }).include('[data-beckon="launcher"]').analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
  await launcher.tap();
  await expect(chat.getByLabel('Your name (optional)')).toBeFocused();
  await expectFillsTheScreen(page, chat);
});
