import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { groupCommit } from '../../server/store/group-commit.ts';
import { createVisitStore } from '../../server/store/visit-store.ts';
import { BACKENDS, closeDatabases, database, keyOf, visit } from './helpers.ts';

after(closeDatabases);

describe('group commit', () => {
  it('puts what arrives together in one round, what arrives while it runs in the next, and answers each caller', async () => {
    const rounds: number[][] = [];
    let release = () => {};
    const firstRoundHeld = new Promise<void>((resolve) => {
      release = resolve;
    });
    const save = groupCommit(
      async (items: number[]) => {
        rounds.push(items);
        if (rounds.length === 1) await firstRoundHeld;
        return items.map((item) => item * 10);
      },
      { rounds: 1, max: 3 },
    );
    const together = [1, 2, 3, 4].map((n) => save(n));
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(rounds, [[1, 2, 3]], 'one round for what arrived together, up to max');
    const meanwhile = [5, 6].map((n) => save(n));
    release();
    assert.deepEqual(await Promise.all([...together, ...meanwhile]), [10, 20, 30, 40, 50, 60]);
    assert.deepEqual(rounds, [
      [1, 2, 3],
      [4, 5, 6],
    ]);
  });

  it('runs each item of a failed round alone, so only the failing one fails', async () => {
    const save = groupCommit(
      async (items: number[]) => {
        if (items.includes(13)) throw new Error('refused by the database');
        return items;
      },
      { rounds: 1, max: 10 },
    );
    const settled = await Promise.allSettled([1, 13, 2, 3].map((n) => save(n)));
    assert.deepEqual(
      settled.map((s) => (s.status === 'fulfilled' ? s.value : 'rejected')),
      [1, 'rejected', 2, 3],
    );
  });
});

for (const backend of BACKENDS) {
  describe(`batches written together (${backend.name})`, () => {
    it('a refused visit, a duplicate across batches and a value the database refuses each fail only their own batch', async () => {
      const store = createVisitStore(await database(backend));
      const visits = Array.from({ length: 12 }, () => visit());
      const shared = visits[0]?.event('Shared');
      const poison = visits[1]?.event('TooLate', { timestamp: 2 ** 70 });
      assert.ok(shared && poison);
      const batches = visits.map((v, i) => {
        const events = [v.event('PageEntered'), v.event('Search')];
        if (i === 0 || i === 2) events.push({ ...shared, ...v.ids });
        if (i === 1) events.push(poison);
        // Visit 3 comes with another visit's key: its batch is refused.
        const key = i === 3 ? keyOf(visits[4]?.ids.visitID ?? '') : keyOf(v.ids.visitID);
        return { events, keys: { [v.ids.visitID]: key } };
      });
      // Visit 3 exists already, with its own key.
      const own = visits[3];
      assert.ok(own);
      await store.saveEvents(
        [own.event('PageEntered')],
        { [own.ids.visitID]: keyOf(own.ids.visitID) },
        1,
      );

      const outcomes = await Promise.allSettled(
        batches.map((b) => store.saveEvents(b.events, b.keys, Date.now())),
      );
      const value = (i: number) => {
        const outcome = outcomes[i];
        return outcome?.status === 'fulfilled' ? outcome.value : 'rejected';
      };
      assert.equal(value(1), 'rejected', 'the value the database refuses fails its own batch');
      assert.deepEqual(value(3), { refused: [visits[3]?.ids.visitID] });
      const first = value(0) as { accepted: string[]; duplicates: string[] };
      const third = value(2) as { accepted: string[]; duplicates: string[] };
      assert.ok(first.accepted.includes(shared.eventID));
      assert.ok(third.duplicates.includes(shared.eventID), 'stored once, across batches');
      for (const i of [4, 5, 6, 7, 8, 9, 10, 11]) {
        const result = value(i) as { accepted: string[] };
        assert.equal(result.accepted.length, 2, `batch ${i}`);
        const stored = await store.getVisit(visits[i]?.ids.visitID ?? '');
        assert.deepEqual(
          stored?.events.map((e) => e.eventName),
          ['PageEntered', 'Search'],
        );
      }
      const refusedVisit = await store.getVisit(visits[3]?.ids.visitID ?? '');
      assert.deepEqual(
        refusedVisit?.events.map((e) => e.eventName),
        ['PageEntered'],
        'nothing of the refused batch is stored',
      );
    });

    it('batches that disagree on a visit in one round: what is stored decides, and a batch of several visits is refused whole', async () => {
      const store = createVisitStore(await database(backend));
      const [known, fresh, other, twice] = Array.from({ length: 4 }, () => visit());
      assert.ok(known && fresh && other && twice);
      const keys = (...visits: Array<typeof known>) =>
        Object.fromEntries(visits.map((v) => [v.ids.visitID, keyOf(v.ids.visitID)]));
      await store.saveEvents([known.event('PageEntered')], keys(known), 1);

      const [stale, right, claimed, late] = await Promise.all(
        [
          // A page still sending for `known` with a key it never had, beside one with the right key.
          { events: [known.event('Stale')], keys: { [known.ids.visitID]: 'not its key' } },
          { events: [known.event('Search')], keys: keys(known) },
          // A new visit claimed by two batches with two keys: the first to name it has it.
          { events: [twice.event('PageEntered')], keys: keys(twice) },
          { events: [twice.event('Search')], keys: { [twice.ids.visitID]: 'a second key' } },
        ].map((b) => store.saveEvents(b.events, b.keys, Date.now())),
      );
      // A new visit and `known` with a wrong key in one batch: nothing of it is written.
      const mixed = await store.saveEvents(
        [fresh.event('PageEntered'), known.event('Sneaky')],
        { ...keys(fresh), [known.ids.visitID]: keyOf(other.ids.visitID) },
        Date.now(),
      );

      assert.deepEqual(stale, { refused: [known.ids.visitID] });
      assert.equal((right as { accepted: string[] }).accepted.length, 1);
      assert.deepEqual(mixed, { refused: [known.ids.visitID] });
      assert.equal((claimed as { accepted: string[] }).accepted.length, 1);
      assert.deepEqual(late, { refused: [twice.ids.visitID] });
      assert.deepEqual(
        (await store.getVisit(known.ids.visitID))?.events.map((e) => e.eventName),
        ['PageEntered', 'Search'],
      );
      assert.equal(await store.exists(fresh.ids.visitID), false, 'the refused batch made no visit');
      assert.deepEqual(
        (await store.getVisit(twice.ids.visitID))?.events.map((e) => e.eventName),
        ['PageEntered'],
      );
    });
  });
}
