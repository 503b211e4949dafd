import { expect, type Locator } from '@playwright/test';

/** The bank's GWE colours (navy dialog, cyan title, amber chat button) on Beckon's invitation. */
export async function expectBankBrand(dialog: Locator) {
  await expect(dialog).toHaveCSS('background-color', 'rgb(0, 43, 92)');
  await expect(dialog.getByRole('heading')).toHaveCSS('color', 'rgb(0, 163, 224)');
  await expect(dialog.getByRole('button', { name: /chat/i })).toHaveCSS(
    'background-color',
    'rgb(255, 184, 28)',
  );
}
