// Sizes: gzip -9 of every Beckon chunk against its budget, what a visitor downloads from page load
// to an open chat or contact form, and the same for the peer: its loader, and everything its widget
// has fetched once it is open (measured in Chromium, then gzipped here the same way as ours).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { chromiumArgs, executablePath } from '../../test/support/chromium.mjs';
import { hostSite, peerServer } from '../host/servers.ts';
import { peerBuild } from '../peer.ts';
import { gzipOf, measureBudgets, withImports } from './budgets.ts';

/** Every file of the peer's build/ its widget fetched from page load until the chat is open. */
async function peerFirstOpen(build: string) {
  const peer = await peerServer(build);
  // The host site needs no engagement server for the peer's page.
  const site = await hostSite('http://127.0.0.1:9', peer.url);
  const browser = await chromium.launch({ executablePath, args: chromiumArgs });
  try {
    const page = await browser.newPage();
    const files = new Set<string>();
    page.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      if (path === '/livechat') files.add('index.html');
      else if (path.startsWith('/livechat/')) files.add(path.slice('/livechat/'.length));
    });
    await page.goto(`${site.url}/?variant=peer`);
    const launcher = page
      .frameLocator('#rocketchat-iframe')
      .locator('button[class*="chat-button"]');
    await launcher.click({ timeout: 15_000 });
    await page.waitForTimeout(3000);
    return [...files].sort();
  } finally {
    await browser.close();
    await site.close();
    await peer.close();
  }
}

const gzip9 = (path: string) => gzipSync(readFileSync(path), { level: 9 }).length;

export async function sizeBench() {
  const chunks = measureBudgets().map(({ file, limit, gzip, standalone, after, ok }) => ({
    file,
    gzip,
    standalone,
    budget: limit,
    chargedAfter: after,
    ok,
  }));
  const path = (entries: string[]) =>
    gzipOf([...new Set(entries.flatMap((entry) => [...withImports(entry)]))]);
  const build = peerBuild();
  const peerFiles = await peerFirstOpen(build);
  return {
    chunks,
    beckon: {
      loader: gzip9('dist/beckon.js'),
      firstOpenChat: path([
        'dist/beckon.js',
        'dist/chunks/engage.js',
        'dist/chunks/invitation.js',
        'dist/chunks/gms.js',
      ]),
      firstOpenContact: path([
        'dist/beckon.js',
        'dist/chunks/engage.js',
        'dist/chunks/invitation.js',
        'dist/chunks/inbox.js',
      ]),
    },
    peer: {
      loader: gzip9(join(build, 'rocketchat-livechat.min.js')),
      // The loader is among the files the page fetched.
      firstOpen: peerFiles.reduce((sum, file) => sum + gzip9(join(build, file)), 0),
      files: peerFiles.length,
    },
  };
}
