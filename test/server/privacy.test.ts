import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../server/store/db.ts';
import { createRetention } from '../../server/store/retention.ts';
import {
  app,
  BACKENDS,
  bearer,
  closeDatabases,
  database,
  injectForm,
  keyed,
  visit,
} from './helpers.ts';

// What a visitor leaves behind, handed over and erased on request, and purged after the retention:
// checked against every table of the schema, so a table added later that holds a visit and is not
// erased fails here.

after(closeDatabases);

/** A visitor who browsed, said who they are, was offered a chat, chatted, booked a call and wrote. */
async function footprint(server: FastifyInstance, db: Db, email: string) {
  const v = visit();
  const events = [
    v.event('PageEntered'),
    v.event('UserInfo', { data: { email, name: 'Ada Lovelace' } }),
    v.event('Search'),
  ];
  const sent = await server.inject({
    method: 'POST',
    url: '/server/data/events',
    payload: keyed({ events }),
  });
  assert.equal(sent.statusCode, 200, sent.body);
  const { visitID, globalVisitID } = v.ids;
  const engage = await server.inject({
    method: 'POST',
    url: '/server/data/gateway/engage',
    payload: { visitID, offer: { type: 'chat', title: 'Help?', message: '' } },
  });
  // Offered, or held back by the policy (a rule offered already): recorded with the visit either way.
  assert.ok([200, 409].includes(engage.statusCode), engage.body);
  const notify = await server.inject({
    method: 'POST',
    url: `/server/data/notification/notify/${visitID}`,
    payload: [{ channel: 'beckon.message', data: { text: 'Hello Ada' } }],
  });
  assert.equal(notify.statusCode, 200, notify.body);
  const chat = await injectForm(server, '/genesys/2/chat/customer-support', {
    firstName: 'Ada',
    lastName: 'Lovelace',
    emailAddress: email,
    'userData[visitID]': visitID,
    text: 'Which lamp?',
  });
  assert.equal(chat.statusCode, 200, chat.body);
  const callback = await injectForm(server, '/genesys/1/service/callback/callback', {
    _customer_number: '+441234567890',
    visitID,
  });
  assert.ok(callback.statusCode < 300, callback.body);
  // The inbox relay's mapping of a ticket to the visit, as the relay writes it.
  await db.query(
    `INSERT INTO inbox_messages (network_item_id, visit_id, ticket_id, name, email, text, created_at)
     VALUES ($1, $2, 'T1', 'Ada', $3, 'A question', $4)`,
    [`item-${visitID}`, visitID, email, Date.now()],
  );
  return { visitID, globalVisitID, v };
}

/** Rows anywhere in the schema that mention one of `ids`, by table. */
async function mentions(db: Db, ids: string[]) {
  const { rows: tables } = await db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables
     WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
  );
  const found: Record<string, number> = {};
  for (const { table_name } of tables) {
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "${table_name}" t
       WHERE ${ids.map((_, i) => `row_to_json(t)::text LIKE $${i + 1}`).join(' OR ')}`,
      ids.map((id) => `%${id}%`),
    );
    if (rows[0]?.n) found[table_name] = rows[0].n;
  }
  return found;
}

for (const backend of BACKENDS)
  describe(`a visitor's data on ${backend.name}`, () => {
    it('is handed over whole, by visitor or by what they said of themselves, and erased from every table', async () => {
      const db = await database(backend);
      const server = await app({ db });
      try {
        const ada = await footprint(server, db, 'ada@example.com');
        const grace = await footprint(server, db, 'grace@example.com');
        const ids = [ada.visitID, ada.globalVisitID];
        const before = await mentions(db, ids);
        for (const table of [
          'visits',
          'events',
          'page_views',
          'engagements',
          'notifications',
          'gms_chats',
          'gms_callbacks',
          'inbox_messages',
        ])
          assert.ok(before[table], `the footprint reaches ${table}`);

        const byVisitor = await server.inject({
          url: `/server/data/visitors/${ada.globalVisitID}`,
        });
        assert.equal(byVisitor.statusCode, 200);
        const held = byVisitor.json();
        assert.deepEqual(
          held.events.map((e: { event_name: string }) => e.event_name),
          ['PageEntered', 'UserInfo', 'Search'],
        );
        assert.equal(held.chats.length, 1);
        assert.equal('secure_key' in held.chats[0], false, 'no chat credential in an export');
        assert.equal(
          held.chatMessages.find((m: { type: string }) => m.type === 'Message')?.text,
          'Which lamp?',
        );
        assert.equal(held.callbacks.length, 1);
        assert.equal(held.inboxMessages[0].email, 'ada@example.com');
        const byIdentity = await server.inject({
          url: '/server/data/visitors?field=email&value=ada%40example.com',
        });
        assert.deepEqual(byIdentity.json().globalVisitIDs, [ada.globalVisitID]);
        const nobody = await server.inject({
          url: '/server/data/visitors?field=email&value=x%40y.z',
        });
        assert.equal(nobody.statusCode, 404);
        assert.equal(nobody.json().field, 'value');
        const bad = await server.inject({ url: '/server/data/visitors/not-an-id' });
        assert.equal(bad.statusCode, 400);
        assert.equal(bad.json().field, 'globalVisitID');

        const erased = await server.inject({
          method: 'DELETE',
          url: '/server/data/visitors?field=email&value=ada%40example.com',
        });
        assert.equal(erased.statusCode, 200, erased.body);
        assert.ok(erased.json().removed.events >= 3);
        assert.deepEqual(await mentions(db, ids), {}, 'nothing of her remains, in any table');
        const others = await mentions(db, [grace.visitID]);
        assert.ok(others.events && others.gms_chats, 'the other visitor is untouched');
      } finally {
        await server.close();
      }
    });

    it('lets the visitor erase themselves with their visit key, and nobody else', async () => {
      const db = await database(backend);
      const server = await app({ db });
      try {
        const ada = await footprint(server, db, 'ada.self@example.com');
        const url = `/server/data/visits/${ada.visitID}/visitor`;
        const stranger = await server.inject({ method: 'DELETE', url });
        assert.equal(stranger.statusCode, 401);
        const wrongKey = await server.inject({
          method: 'DELETE',
          url,
          headers: { authorization: `Bearer ${'0'.repeat(32)}` },
        });
        assert.equal(wrongKey.statusCode, 401);
        assert.ok((await mentions(db, [ada.visitID])).events);
        const own = await server.inject({ method: 'DELETE', url, headers: bearer(ada.visitID) });
        assert.equal(own.statusCode, 200, own.body);
        assert.deepEqual(own.json().globalVisitIDs, [ada.globalVisitID]);
        assert.deepEqual(await mentions(db, [ada.visitID, ada.globalVisitID]), {});
      } finally {
        await server.close();
      }
    });

    it('purges what is past the retention, once across nodes, and keeps the rest', async () => {
      const db = await database(backend);
      const server = await app({ db });
      try {
        const old = await footprint(server, db, 'old@example.com');
        const recent = await footprint(server, db, 'recent@example.com');
        const longAgo = Date.now() - 40 * 86_400_000;
        await db.query('UPDATE events SET received_at = $1 WHERE visit_id = $2', [
          longAgo,
          old.visitID,
        ]);
        await db.query('UPDATE visits SET last_received_at = $1 WHERE visit_id = $2', [
          longAgo,
          old.visitID,
        ]);
        await db.query(
          "UPDATE gms_chats SET created_at = $1, ended_at = $1 WHERE user_data->>'visitID' = $2",
          [longAgo, old.visitID],
        );
        await db.query(
          "UPDATE gms_callbacks SET updated_at = $1 WHERE user_data->>'visitID' = $2",
          [longAgo, old.visitID],
        );
        const before = await mentions(db, [old.visitID]);
        // Two nodes purge at once, in steps of a row or two: between them each row goes once.
        const node = () =>
          createRetention(db, { days: 28, step: { events: 2, others: 1 }, pause: async () => {} });
        const [a, b] = await Promise.all([node().purge(), node().purge()]);
        const total = (table: string) => (a[table] ?? 0) + (b[table] ?? 0);
        assert.equal(total('events'), before.events);
        assert.equal(total('visits'), 1);
        assert.deepEqual(await mentions(db, [old.visitID]), {});
        const kept = await mentions(db, [recent.visitID]);
        assert.ok(kept.visits && kept.events && kept.gms_chats && kept.gms_callbacks);
      } finally {
        await server.close();
      }
    });
  });

describe('no personal data where it is not needed', () => {
  it('keeps only the first name and the visit context of a chat, the number and context of a callback (BECKON_NO_PERSONAL_DATA)', async () => {
    const db = await database();
    const server = await app({ db, noPersonalData: true });
    try {
      const v = visit();
      const chat = await injectForm(server, '/genesys/2/chat/customer-support', {
        firstName: 'Ada',
        lastName: 'Lovelace',
        emailAddress: 'ada.private@example.com',
        subject: 'My order 1234',
        'userData[visitID]': v.ids.visitID,
        'userData[email]': 'ada.private@example.com',
      });
      assert.equal(chat.statusCode, 200, chat.body);
      const callback = await injectForm(server, '/genesys/1/service/callback/callback', {
        _customer_number: '+441234567890',
        visitID: v.ids.visitID,
        firstName: 'Ada',
        'userData[email]': 'ada.private@example.com',
      });
      assert.ok(callback.statusCode < 300, callback.body);
      const { rows: chats } = await db.query<{ client: unknown; user_data: unknown }>(
        "SELECT client, user_data FROM gms_chats WHERE user_data->>'visitID' = $1",
        [v.ids.visitID],
      );
      assert.deepEqual(chats[0]?.client, {
        nickname: 'Ada',
        firstName: null,
        lastName: null,
        emailAddress: null,
        subject: null,
      });
      assert.deepEqual(chats[0]?.user_data, { visitID: v.ids.visitID });
      const { rows: callbacks } = await db.query<{ customer_number: string; user_data: unknown }>(
        "SELECT customer_number, user_data FROM gms_callbacks WHERE user_data->>'visitID' = $1",
        [v.ids.visitID],
      );
      assert.equal(callbacks[0]?.customer_number, '+441234567890');
      assert.deepEqual(callbacks[0]?.user_data, { visitID: v.ids.visitID });
    } finally {
      await server.close();
    }
  });

  it('writes no name, email, subject, number or address into the log, whatever the level', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const server = await app({ logger: { level: 'trace', stream } });
    try {
      const v = visit();
      await injectForm(server, '/genesys/2/chat/customer-support', {
        firstName: 'Ada',
        lastName: 'Lovelace',
        emailAddress: 'ada.log@example.com',
        subject: 'Order 98765',
        'userData[visitID]': v.ids.visitID,
      });
      await server.inject({
        method: 'POST',
        url: '/genesys/1/service/callback/callback',
        payload: new URLSearchParams({ _customer_number: '+449876543210' }).toString(),
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-forwarded-for': '203.0.113.7',
        },
        remoteAddress: '198.51.100.9',
      });
      const log = lines.join('');
      assert.match(log, /chat requested/);
      for (const personal of [
        'Lovelace',
        'ada.log@example.com',
        '98765',
        '+449876543210',
        '203.0.113.7',
        '198.51.100.9',
      ])
        assert.equal(log.includes(personal), false, `${personal} is in the log`);
    } finally {
      await server.close();
    }
  });
});
