import type { Browser, BrowserContext } from '@playwright/test';
import { engagementServer } from './servers.ts';

/**
 * A fresh engagement server with a visitor's browser and an agent's beside it, all closed when `run`
 * ends, whether it passed or not.
 */
export async function visitorAndAgent(
  browser: Browser,
  run: (sides: {
    server: Awaited<ReturnType<typeof engagementServer>>;
    visitorContext: BrowserContext;
    agentContext: BrowserContext;
  }) => Promise<void>,
) {
  const server = await engagementServer();
  const visitorContext = await browser.newContext();
  const agentContext = await browser.newContext();
  try {
    await run({ server, visitorContext, agentContext });
  } finally {
    await visitorContext.close();
    await agentContext.close();
    await server.dispose();
  }
}
