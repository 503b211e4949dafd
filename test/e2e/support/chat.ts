import { expect, type Page } from '@playwright/test';

/**
 * In the chat panel open on `visitor`, Ada Lovelace registers and waits; on `agent`, the console at
 * `server` takes her chat. Returns the panel.
 */
export async function chatTakenByAgent(visitor: Page, agent: Page, server: string) {
  const chat = visitor.locator('[data-beckon="chat"]');
  await chat.getByLabel(/^Your name/).fill('Ada Lovelace');
  await chat.getByRole('button', { name: 'Start chat' }).click();
  await expect(chat.getByRole('status')).toHaveText('Waiting for an agent…');
  await agent.goto(`${server}/agent/`);
  await agent.getByRole('button', { name: /Ada Lovelace \(waiting\)/ }).click();
  await agent.getByRole('button', { name: 'Accept' }).click();
  return chat;
}
