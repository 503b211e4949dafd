import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { pageOffers } from './support/invite.ts';
import { engagementServer } from './support/servers.ts';

// The demo's agent console as an agent uses it: a new chat shows in the tab's title and the queue
// and chimes (unless the agent turned the sound off); an ended chat takes no more replies; a reply
// the server refuses stays in the box with a reason.

let server: Awaited<ReturnType<typeof engagementServer>>;
test.beforeAll(async () => {
  server = await engagementServer();
});
test.afterAll(() => server.dispose());

/** A visitor in a browser of their own who starts a chat as `name`. */
async function visitorChats(page: Page, name: string) {
  const invitation = await pageOffers(page, `${server.url}/`, {
    type: 'chat',
    title: 'Hi',
    message: '',
    adapter: 'gms',
  });
  await invitation.getByRole('button', { name: 'Start chat' }).click();
  const chat = page.locator('[data-beckon="chat"]');
  await chat.getByLabel(/^Your name/).fill(name);
  await chat.getByRole('button', { name: 'Start chat' }).click();
  await expect(chat.getByRole('status')).toHaveText('Waiting for an agent…');
  return chat;
}

test('new chats show in the title and the queue and chime; an ended chat takes no replies; a refused reply is kept', async ({
  browser,
}) => {
  const agentContext = await browser.newContext();
  const visitors = [await browser.newContext(), await browser.newContext()];
  try {
    const agent = await agentContext.newPage();
    // The chime is Web Audio: count the tones started.
    await agent.addInitScript(() => {
      const chimes = { count: 0 };
      (window as unknown as { chimes: typeof chimes }).chimes = chimes;
      const start = OscillatorNode.prototype.start;
      OscillatorNode.prototype.start = function (...args) {
        chimes.count++;
        return start.apply(this, args);
      };
    });
    await agent.goto(`${server.url}/agent/`);
    const chimes = () =>
      agent.evaluate(() => (window as unknown as { chimes: { count: number } }).chimes.count);
    await expect(agent).toHaveTitle('Agent console - Beckon demo');
    const axe = await new AxeBuilder({ page: agent }).analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);

    const ada = await visitorChats(
      await (visitors[0] as typeof agentContext).newPage(),
      'Ada Lovelace',
    );
    await expect(agent).toHaveTitle('(1) Agent console - Beckon demo');
    await expect(agent.locator('#waiting')).toHaveText('1 waiting');
    await expect.poll(chimes).toBe(1);

    await agent.getByRole('button', { name: 'Sound on new chats' }).click();
    await expect(agent.getByRole('button', { name: 'Sound on new chats' })).toHaveAttribute(
      'aria-pressed',
      'false',
    );
    await visitorChats(await (visitors[1] as typeof agentContext).newPage(), 'Alan Turing');
    await expect(agent).toHaveTitle('(2) Agent console - Beckon demo');
    expect(await chimes()).toBe(1);

    await agent.getByRole('button', { name: /Ada Lovelace \(waiting\)/ }).click();
    await agent.getByRole('button', { name: 'Accept' }).click();
    await expect(agent).toHaveTitle('(1) Agent console - Beckon demo');

    // The server refuses a reply: it stays in the box, and the agent is told.
    await agent.route('**/server/agent/chats/*/send', (route) =>
      route.fulfill({ status: 503, body: '{}', contentType: 'application/json' }),
    );
    await agent.getByLabel('Reply').fill('Are you there?');
    await agent.getByLabel('Reply').press('Enter');
    await expect(agent.locator('#reply-error')).toHaveText(/Not sent/);
    await expect(agent.getByLabel('Reply')).toHaveValue('Are you there?');
    await agent.unroute('**/server/agent/chats/*/send');
    await agent.getByLabel('Reply').press('Enter');
    await expect(ada.getByRole('log')).toContainText('Are you there?');
    await expect(agent.getByLabel('Reply')).toHaveValue('');
    await expect(agent.locator('#reply-error')).toHaveText('');

    // The visitor ends the chat: nothing more can be sent into it.
    await ada.getByRole('button', { name: 'End chat' }).click();
    await expect(agent.locator('#chat-state')).toHaveText(/^Ended/);
    await expect(agent.getByLabel('Reply')).toBeDisabled();
    await expect(agent.getByRole('button', { name: 'Send', exact: true })).toBeDisabled();
    await expect(agent.getByLabel('Push a URL')).toBeDisabled();
  } finally {
    for (const context of [agentContext, ...visitors]) await context.close();
  }
});
