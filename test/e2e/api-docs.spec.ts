import { expect, test } from '@playwright/test';
import { engagementServer } from './support/servers.ts';

test('the routes page reads the OpenAPI description under the strict CSP and shows each route', async ({
  page,
}) => {
  const server = await engagementServer();
  try {
    const errors: string[] = [];
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    await page.goto(`${server.url}/server/docs`);
    await expect(
      page.getByRole('heading', { name: 'GET /server/data/visits/{visitID}', exact: true }),
    ).toBeVisible();
    await expect(
      page.getByRole('heading', { name: 'POST /server/agent/chats/{chatId}/accept' }),
    ).toBeVisible();
    const availability = page.locator('section', {
      has: page.getByRole('heading', { name: 'PUT /server/data/agents/availability' }),
    });
    await availability.getByText('Body', { exact: true }).click();
    await expect(availability.locator('pre').first()).toContainText('"available"');
    expect(errors).toEqual([]);
  } finally {
    await server.dispose();
  }
});
