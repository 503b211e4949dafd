// `npm run screenshots`: the README's pictures, taken from the running demo so they stay current.
// The built server (npm run build) on loopback, headless Chromium: the invitation, a chat with an
// agent, the chat minimised to the launcher with a reply unread, the same chat on a phone, and the
// agent console and the operator page; PNGs in docs/screenshots/. The demo shop wears its own theme.
import { mkdirSync } from 'node:fs';
import { chromium, type Page } from '@playwright/test';
import { chatTakenByAgent } from '../test/e2e/support/chat.ts';
import { pageOffers } from '../test/e2e/support/invite.ts';
import { engagementServer } from '../test/e2e/support/servers.ts';
import { chromiumArgs, executablePath } from '../test/support/chromium.mjs';

const OUT = 'docs/screenshots';

/** The demo shop, Ada chatting with Grace, who has answered. */
async function chatWithAgent(visitor: Page, agent: Page, url: string) {
  const invitation = await pageOffers(visitor, `${url}/`, {
    type: 'chat',
    title: 'Questions about the lamp?',
    message: 'An advisor is free now and can help you choose.',
    adapter: 'gms',
  });
  await invitation.getByRole('button', { name: 'Start chat' }).click();
  const chat = await chatTakenByAgent(visitor, agent, url);
  await chat.getByLabel('Your message').fill('Is the walnut lamp dimmable?');
  await chat.getByLabel('Your message').press('Enter');
  await agent.locator('#transcript').getByText('Is the walnut lamp dimmable?').waitFor();
  await agent
    .getByLabel('Reply')
    .fill('It is: the bulb is dimmable, and the switch on the cable dims it.');
  await agent.getByLabel('Reply').press('Enter');
  await chat.getByRole('log').getByText('the switch on the cable dims it').waitFor();
  return chat;
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  const server = await engagementServer();
  const browser = await chromium.launch({ executablePath, args: chromiumArgs });
  try {
    const desktop = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await desktop.newPage();
    const invitation = await pageOffers(page, `${server.url}/product.html`, {
      type: 'chat',
      title: 'Questions about the lamp?',
      message: 'An advisor is free now and can help you choose.',
      adapter: 'gms',
    });
    await invitation.getByRole('dialog').waitFor();
    await page.screenshot({ path: `${OUT}/invitation.png`, animations: 'disabled' });
    await desktop.close();

    const visitorContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const agentContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const visitor = await visitorContext.newPage();
    const agent = await agentContext.newPage();
    const chat = await chatWithAgent(visitor, agent, server.url);
    await visitor.screenshot({ path: `${OUT}/chat.png`, animations: 'disabled' });
    await agent.screenshot({ path: `${OUT}/agent-console.png`, animations: 'disabled' });
    await chat.getByRole('button', { name: 'Minimise' }).click();
    await agent.getByLabel('Reply').fill('I can also send you a photo of it lit.');
    await agent.getByLabel('Reply').press('Enter');
    await visitor
      .locator('[data-beckon="launcher"]')
      .getByRole('button', { name: 'Back to the conversation, 1 unread' })
      .waitFor();
    await visitor.screenshot({ path: `${OUT}/launcher.png`, animations: 'disabled' });
    await visitorContext.close();
    // The operator page once the chat and the offers above are in it.
    await agent.goto(`${server.url}/operator/`);
    await agent.locator('#chart canvas').waitFor();
    await agent.screenshot({ path: `${OUT}/operator.png`, animations: 'disabled' });
    await agentContext.close();

    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
    });
    const staff = await browser.newContext();
    await chatWithAgent(await phone.newPage(), await staff.newPage(), server.url);
    await phone.pages()[0]?.screenshot({ path: `${OUT}/phone-chat.png`, animations: 'disabled' });
    await phone.close();
    await staff.close();
    for (const name of [
      'invitation',
      'chat',
      'launcher',
      'phone-chat',
      'agent-console',
      'operator',
    ])
      console.log(`${OUT}/${name}.png`);
  } finally {
    await browser.close();
    await server.dispose();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
