import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { decide, type PastEngagement } from '../../server/engagement/policy.ts';
import { eventMatches, globToRegExp, loadRules } from '../../server/engagement/rules.ts';
import type { Rule } from '../../src/protocol/engagement.ts';

const policy = { minGapSeconds: 60, deliveryTimeoutSeconds: 30, requireAgent: true };
const now = 1_000_000_000;
const context = { now, agentsAvailable: 2, policy, offerType: 'chat' as const };
const past = (
  status: PastEngagement['status'],
  minutesAgo = 10,
  type: PastEngagement['type'] = 'chat',
): PastEngagement => ({
  status,
  type,
  createdAt: now - minutesAgo * 60_000,
});

describe('the engagement policy', () => {
  it('allows a first offer when an agent is free', () => {
    assert.deepEqual(decide([], context), { allowed: true });
  });

  it('allows one engagement at a time per visit', () => {
    assert.deepEqual(decide([past('offered')], context), {
      allowed: false,
      reason: 'engagement_in_progress',
    });
    assert.deepEqual(decide([past('shown')], context), {
      allowed: false,
      reason: 'engagement_in_progress',
    });
  });

  it('makes no offer after a rejection in the visit', () => {
    assert.deepEqual(decide([past('rejected', 30)], context), {
      allowed: false,
      reason: 'rejected_in_visit',
    });
  });

  it('makes no offer after a chat in the visit, but does after a callback', () => {
    assert.deepEqual(decide([past('accepted', 30)], context), {
      allowed: false,
      reason: 'chat_in_visit',
    });
    assert.deepEqual(decide([past('accepted', 30, 'callback')], context), { allowed: true });
  });

  it('keeps the minimum gap between offers', () => {
    assert.deepEqual(decide([past('timed_out', 0.5)], context), {
      allowed: false,
      reason: 'min_gap',
    });
    assert.deepEqual(decide([past('timed_out', 2)], context), { allowed: true });
  });

  it('needs an available agent unless the policy says otherwise', () => {
    assert.deepEqual(decide([], { ...context, agentsAvailable: 0 }), {
      allowed: false,
      reason: 'no_agents',
    });
    assert.deepEqual(
      decide([], { ...context, agentsAvailable: 0, policy: { ...policy, requireAgent: false } }),
      { allowed: true },
    );
    assert.deepEqual(
      decide([], { ...context, agentsAvailable: 0, offerType: 'message' }),
      { allowed: true },
      'a message to the inbox waits for whoever answers later',
    );
  });

  it('does not count offers the visitor never saw (blocked, dropped)', () => {
    assert.deepEqual(decide([past('blocked', 0.1), past('dropped', 0.1)], context), {
      allowed: true,
    });
  });
});

describe('rules', () => {
  const rule: Rule = {
    name: 'r',
    when: { event: 'Search', category: 'Lamps', url: '*/shop/*' },
    offer: { type: 'chat', title: 't', message: 'm' },
  };

  it('match the event name, a category among several, and the URL glob', () => {
    const event = {
      eventName: 'Search',
      category: 'Shop;Lamps',
      url: 'https://x.example/shop/lamp',
    };
    assert.equal(eventMatches(rule, event), true);
    assert.equal(eventMatches(rule, { ...event, eventName: 'Other' }), false);
    assert.equal(eventMatches(rule, { ...event, category: 'Shop;Lampshades' }), false);
    assert.equal(eventMatches(rule, { ...event, url: 'https://x.example/help' }), false);
  });

  it('treat only * as special in URL globs', () => {
    assert.equal(globToRegExp('*/a.b?c=1*').test('https://x/a.b?c=1&d'), true);
    assert.equal(globToRegExp('*/a.b?c=1*').test('https://x/aXb?c=1'), false);
  });
});

describe('the rules file', () => {
  it('stops start-up with a message naming the bad field', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'beckon-rules-')), 'rules.json');
    const policy = { minGapSeconds: 60, deliveryTimeoutSeconds: 30, requireAgent: true };
    const offer = { type: 'chat', title: 'Hi', message: 'Chat?' };
    await writeFile(
      file,
      JSON.stringify({
        policy,
        rules: [{ name: 'r', when: { event: 'X' }, offer: { ...offer, type: 'fax' } }],
      }),
    );
    await assert.rejects(loadRules(file), /rules\.0\.offer\.type/);
    await writeFile(
      file,
      JSON.stringify({ policy: { ...policy, deliveryTimeoutSeconds: 0 }, rules: [] }),
    );
    await assert.rejects(loadRules(file), /policy\.deliveryTimeoutSeconds/);
    await writeFile(
      file,
      JSON.stringify({ policy, rules: [{ name: 'r', when: { event: 'X' }, offer }] }),
    );
    assert.equal((await loadRules(file)).rules.length, 1);
    const demo = await loadRules(new URL('../../demo/config/rules.json', import.meta.url).pathname);
    assert.ok(demo.rules.length > 0);
  });
});
