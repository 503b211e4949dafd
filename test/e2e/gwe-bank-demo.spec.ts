import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { expectBankBrand } from './support/gwe-brand.ts';
import { visitorAndAgent } from './support/two-sides.ts';

/** Fills in the chat's form and starts it, as the visitor does. */
async function register(page: Page, first: string, last: string) {
  const chat = page.locator('[data-beckon="chat"]');
  await chat.getByLabel(/^Your name/).fill(`${first} ${last}`);
  await chat.getByRole('button', { name: 'Start chat' }).click();
  return chat;
}

/**
 * The demo's bank page (demo/gwe-bank/), a GWE-era page as it was: GWE's inline snippet and loader,
 * `_gwc` for GWE's native chat widget with `userData` and `onReady` callbacks, and the bank's GWE
 * invitation branding with the rules `npm run port-gwe-css` added to its stylesheet. Served by the
 * demo server under its strict CSP, the page's own inline scripts allowed by hash.
 */
test("the demo bank's GWE page: its DSL event, its invitation brand, and its _gwc callbacks driving the GMS chat", async ({
  browser,
}) => {
  await visitorAndAgent(browser, async ({ server, visitorContext, agentContext }) => {
    const visitor = await visitorContext.newPage();
    const warnings: string[] = [];
    const errors: string[] = [];
    visitor.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
      if (message.type() === 'error') errors.push(message.text());
    });
    visitor.on('pageerror', (error) => errors.push(String(error)));
    await visitor.goto(`${server.url}/gwe-bank/`);

    // GWE's DSL event from the operator's domain-model.xml sets off the demo rule's offer.
    await visitor.getByRole('button', { name: 'Open an account' }).click();
    const invitation = visitor.locator('[data-beckon="invitation"]').getByRole('dialog');
    await expect(invitation).toHaveAccessibleName('Questions about current accounts?', {
      timeout: 15_000,
    });
    await expectBankBrand(invitation);
    // The page names no adapter: `_gwc` means GWE's chat, which is Beckon's gms adapter.
    await invitation.getByRole('button', { name: /chat/i }).click();
    const chat = await register(visitor, 'Ada', 'Lovelace');
    // The page's onSession callback heard the chat start.
    await expect(visitor.locator('#adviser-note')).toHaveText('Your chat has started.');

    const agent = await agentContext.newPage();
    await agent.goto(`${server.url}/agent/`);
    await agent.getByRole('button', { name: /Ada Lovelace \(waiting\)/ }).click();
    // `_gwc.userData` joined the attached data beside Beckon's own keys.
    await expect(agent.locator('dd[data-key="customerSegment"]')).toHaveText('premier');
    await expect(agent.locator('dd[data-key="branch"]')).toHaveText('Leeds');
    await expect(agent.locator('dd[data-key="loggedIn"]')).toHaveText('false');
    await expect(agent.locator('dd[data-key="webengagement"]')).toHaveText('(present: proactive)');
    await agent.getByRole('button', { name: 'Accept' }).click();

    // onAgentConnected fired, and the page's callback sent its message through sendMessage.
    await expect(visitor.locator('#adviser-note')).toHaveText('An adviser has joined your chat.');
    await expect(agent.locator('#transcript')).toContainText(
      'Ada Lovelace: I am looking at current accounts.',
    );
    await expect(chat.getByRole('log')).toContainText('I am looking at current accounts.');

    // The next page of the visit: the chat is taken up, onSession hears it again, and the agent who
    // joined on the page before is not announced a second time.
    await visitor.reload();
    await expect(visitor.locator('#adviser-note')).toHaveText('Your chat has started.');
    await agent.getByLabel('Reply').fill('Happy to help with that.');
    await agent.getByLabel('Reply').press('Enter');
    await expect(visitor.locator('[data-beckon="chat"]').getByRole('log')).toContainText(
      'Happy to help with that.',
    );
    await expect(visitor.locator('#adviser-note')).toHaveText('Your chat has started.');
    await agent.getByRole('button', { name: 'End chat' }).click();
    await visitor.locator('[data-beckon="chat"]').getByRole('button', { name: 'Close' }).click();

    // No chat to restore now: restoreChat fails, so the page binds its button to startChat, whose
    // userData joins the attached data of a chat the visitor asked for (no webengagement marker).
    await visitor.reload();
    // The page binds its button once GWE's chat API is ready (onReady): until then a click does
    // nothing, as on GWE; the visitor clicks again.
    await expect(async () => {
      await visitor.getByRole('button', { name: 'Chat with an adviser' }).click();
      await expect(visitor.locator('[data-beckon="chat"]').getByLabel(/^Your name/)).toBeVisible({
        timeout: 1000,
      });
    }).toPass({ timeout: 15_000 });
    await register(visitor, 'Ada', 'Lovelace');
    await agent.getByRole('button', { name: /Ada Lovelace \(waiting\)/ }).click();
    await expect(agent.locator('dd[data-key="topic"]')).toHaveText('current-accounts');
    await expect(agent.locator('dd[data-key="customerSegment"]')).toHaveText('premier');
    await expect(agent.locator('dd[data-key="webengagement"]')).toHaveCount(0);

    const axe = await new AxeBuilder({ page: visitor }).analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
    // GWE's CometD and widget page settings are named once per page load, with the Beckon way.
    const named = (key: string) => warnings.filter((w) => w.includes(`window._gwc.${key} `));
    expect(named('serverUrl')).toHaveLength(3);
    expect(named('serverUrl')[0]).toContain('gms.baseUrl');
    expect(named('widgetUrl')).toHaveLength(3);
    expect(warnings.filter((w) => w.includes('_gwc.embedded'))).toEqual([]);
    // No CSP refusal, no exception: the page's inline scripts ran under the strict policy.
    expect(errors).toEqual([]);
  });
});
