import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { categorize, loadCategories } from '../../server/engagement/categories.ts';

describe('categories', () => {
  const categories = [
    { name: 'Shop', tags: ['/shop'] },
    { name: 'Support', tags: ['Help', 'contact'] },
  ];

  it('match tags in the URL or the title, case-insensitively, joined with ";"', () => {
    assert.equal(
      categorize({ url: 'https://x.example/shop/help', title: 'Lamp' }, categories),
      'Shop;Support',
    );
    assert.equal(
      categorize({ url: 'https://x.example/', title: 'CONTACT us' }, categories),
      'Support',
    );
    assert.equal(categorize({ url: 'https://x.example/', title: 'Home' }, categories), undefined);
  });

  it('stop start-up with a message naming the bad field', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'beckon-categories-'));
    const file = join(dir, 'categories.json');
    await writeFile(file, JSON.stringify({ categories: [{ name: 'Shop', tags: [] }] }));
    await assert.rejects(loadCategories(file), /categories\.0\.tags/);
    await writeFile(file, '{ not json');
    await assert.rejects(loadCategories(file), /categories file .*categories\.json/);
  });

  it('load the demo file', async () => {
    const loaded = await loadCategories(
      new URL('../../demo/config/categories.json', import.meta.url).pathname,
    );
    assert.ok(loaded.length > 0);
  });
});
