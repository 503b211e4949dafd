import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { businessSlots } from '../../server/gms/business-hours.ts';
import { CallbackAction, CallbackRecord } from '../../src/protocol/gms.ts';
import { QueuePosition } from '../../src/protocol/gms-queue.ts';
import { app, BACKENDS, closeDatabases, database, GMS } from './helpers.ts';

after(closeDatabases);

// Monday 23 November 2026, 07:00 in Berlin (06:00 UTC): business hours open at 09:00 (08:00 UTC).
const MONDAY_MORNING = Date.parse('2026-11-23T06:00:00.000Z');

describe('business hours', () => {
  it('give slots of the configured length inside opening hours, in the service time zone', () => {
    const winter = businessSlots(
      GMS,
      Date.parse('2026-11-23T00:00:00Z'),
      Date.parse('2026-11-24T00:00:00Z'),
    );
    assert.equal(winter.length, 32);
    assert.equal(new Date(winter[0] ?? 0).toISOString(), '2026-11-23T08:00:00.000Z');
    assert.equal(new Date(winter.at(-1) ?? 0).toISOString(), '2026-11-23T15:45:00.000Z');
    const summer = businessSlots(
      GMS,
      Date.parse('2026-07-06T00:00:00Z'),
      Date.parse('2026-07-07T00:00:00Z'),
    );
    assert.equal(new Date(summer[0] ?? 0).toISOString(), '2026-07-06T07:00:00.000Z');
    const weekend = businessSlots(
      GMS,
      Date.parse('2026-11-28T00:00:00Z'),
      Date.parse('2026-11-30T00:00:00Z'),
    );
    assert.deepEqual(weekend, []);
  });
});

describe('GMS Callback API (contract)', () => {
  let server: FastifyInstance;
  before(async () => {
    server = await app({ now: () => MONDAY_MORNING });
  });
  after(() => server.close());

  const create = (fields: Record<string, string>, service = 'callback') =>
    server.inject({
      method: 'POST',
      url: `/genesys/1/service/callback/${service}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(fields).toString(),
    });
  const scenario = {
    VOICE_NOW_USERTERM: {
      _call_direction: 'USERTERMINATED',
      _wait_for_agent: 'false',
      _wait_for_user_confirm: 'false',
      _media_type: 'voice',
    },
    VOICE_NOW_USERORIG: {
      _call_direction: 'USERORIGINATED',
      _wait_for_agent: 'false',
      _wait_for_user_confirm: 'false',
      _media_type: 'voice',
    },
    CHAT_NOW: {
      _call_direction: 'USERORIGINATED',
      _wait_for_agent: 'false',
      _wait_for_user_confirm: 'false',
      _media_type: 'chat',
    },
    SCHEDULED: {
      _call_direction: 'USERTERMINATED',
      _wait_for_agent: 'true',
      _wait_for_user_confirm: 'true',
      _media_type: 'voice',
    },
  };
  const attached = {
    first_name: 'Ada',
    last_name: 'Lovelace',
    visitID: 'B'.repeat(32),
    pageID: 'C'.repeat(32),
  };

  it('VOICE-NOW-USERTERM: confirms, queues, and is found by _id with every record key', async () => {
    const response = await create({
      _customer_number: '+49 30 5550123',
      ...scenario.VOICE_NOW_USERTERM,
      ...attached,
    });
    assert.equal(response.statusCode, 200);
    const action = CallbackAction.parse(response.json());
    assert.equal(action._action, 'ConfirmationDialog');
    const found = await server.inject(`/genesys/1/service/callback?_id=${action._id}`);
    const [record] = found.json() as unknown[];
    const parsed = CallbackRecord.parse(record);
    assert.equal(parsed._callback_state, 'QUEUED');
    assert.equal(parsed._customer_number, '+49 30 5550123');
    assert.deepEqual(Object.keys(record as object).sort(), [
      '_callback_reason',
      '_callback_state',
      '_customer_number',
      '_desired_time',
      '_expiration_time',
      '_id',
      '_service_name',
      '_url',
    ]);
  });

  it('moves through ROUTING while the agent dials and COMPLETED with the reason, as GMS callbacks do', async () => {
    const { _id: id } = CallbackAction.parse(
      (await create({ _customer_number: '+49 30 5550124', ...scenario.VOICE_NOW_USERTERM })).json(),
    );
    const record = async () =>
      CallbackRecord.parse(
        ((await server.inject(`/genesys/1/service/callback?_id=${id}`)).json() as unknown[])[0],
      );
    const agent = (action: string, payload?: object) =>
      server.inject({
        method: 'POST',
        url: `/server/agent/callbacks/${id}/${action}`,
        ...(payload ? { payload } : {}),
      });
    assert.equal((await agent('dial')).statusCode, 200);
    assert.equal((await record())._callback_state, 'ROUTING');
    assert.equal((await agent('dial')).statusCode, 409);
    const unknownReason = await agent('complete', { reason: 'MAYBE' });
    assert.equal(unknownReason.statusCode, 400);
    assert.equal(unknownReason.json().field, 'reason');
    assert.equal((await agent('complete', { reason: 'AGENT_CONNECTED' })).statusCode, 200);
    const done = await record();
    assert.deepEqual(
      [done._callback_state, done._callback_reason],
      ['COMPLETED', 'AGENT_CONNECTED'],
    );
    assert.equal((await agent('complete', { reason: 'NOT_AVAILABLE' })).statusCode, 409);
    assert.equal(
      (await server.inject({ method: 'POST', url: '/server/agent/callbacks/nope/dial' }))
        .statusCode,
      404,
    );
  });

  it('VOICE-NOW-USERORIG: the visitor calls in (DialNumber); CHAT-NOW: StartChat at the chat service', async () => {
    const dial = CallbackAction.parse(
      (await create({ _customer_number: '+4930555', ...scenario.VOICE_NOW_USERORIG })).json(),
    );
    assert.deepEqual(
      { ...dial, _id: 'x' },
      {
        _id: 'x',
        _action: 'DialNumber',
        _tel_url: 'tel:+49301234567',
        _label: 'Call us at +49 30 1234567',
      },
    );
    // GMS keeps a chat's callback under a _customer_number too: any name for the customer.
    const nameless = await create({ ...scenario.CHAT_NOW, subject: 'Plans' });
    assert.equal(nameless.statusCode, 400);
    assert.equal(nameless.json().field, '_customer_number');
    const chat = CallbackAction.parse(
      (
        await create({ ...scenario.CHAT_NOW, _customer_number: 'B'.repeat(32), subject: 'Plans' })
      ).json(),
    );
    assert.equal(chat._action, 'StartChat');
    assert.equal(
      chat._action === 'StartChat' && chat._start_chat_url,
      '/genesys/2/chat/customer-support',
    );
    assert.deepEqual(chat._action === 'StartChat' && chat._chat_parameters, { subject: 'Plans' });
  });

  it('VOICE-SCHEDULED-USERTERM: offers open slots, books them up to capacity, then refuses', async () => {
    const availability = (
      await server.inject('/genesys/1/service/callback/callback/availability?number-of-days=1')
    ).json() as Record<string, number>;
    const slots = Object.keys(availability);
    assert.equal(slots[0], '2026-11-23T08:00:00.000Z');
    assert.equal(availability[slots[0] ?? ''], GMS.maxPerSlot);
    const slot = slots[1] as string;
    for (let i = 0; i < GMS.maxPerSlot; i++) {
      const booked = CallbackAction.parse(
        (
          await create({
            _customer_number: `+49305550${i}`,
            ...scenario.SCHEDULED,
            _desired_time: slot,
            ...attached,
          })
        ).json(),
      );
      assert.equal(booked._action, 'ConfirmationDialog');
    }
    const full = await create({
      _customer_number: '+493055599',
      ...scenario.SCHEDULED,
      _desired_time: slot,
    });
    assert.equal(full.statusCode, 400);
    assert.equal(full.json().field, '_desired_time');
    assert.match(full.json().message, /fully booked/);
    const after = (
      await server.inject('/genesys/1/service/callback/callback/availability?number-of-days=1')
    ).json() as Record<string, number>;
    assert.equal(after[slot], undefined);

    const queue = (await server.inject('/server/agent/queue')).json() as {
      callbacks: Array<{ desiredTime: number; userData: Record<string, string> }>;
    };
    const mine = queue.callbacks.filter((c) => c.desiredTime === Date.parse(slot));
    assert.equal(mine.length, GMS.maxPerSlot);
    assert.equal(mine[0]?.userData.visitID, 'B'.repeat(32));
  });

  it('refuses times outside business hours, in the past, or without a zone, naming _desired_time', async () => {
    for (const when of [
      '2026-11-23T20:00:00.000Z',
      '2026-11-22T10:00:00.000Z',
      '2026-11-23T10:00:00',
      '2026-11-23T08:07:00.000Z',
    ]) {
      const response = await create({
        _customer_number: '+4930555',
        ...scenario.SCHEDULED,
        _desired_time: when,
      });
      assert.equal(response.statusCode, 400, when);
      assert.equal(response.json().field, '_desired_time');
    }
  });

  it('reschedules and cancels', async () => {
    const action = CallbackAction.parse(
      (
        await create({
          _customer_number: '+4930777',
          ...scenario.SCHEDULED,
          _desired_time: '2026-11-23T12:00:00.000Z',
        })
      ).json(),
    );
    const moved = await server.inject({
      method: 'PUT',
      url: `/genesys/1/service/callback/callback/${action._id}`,
      payload: { _desired_time: '2026-11-24T09:00:00.000Z' },
    });
    assert.equal(moved.json()._desired_time, '2026-11-24T09:00:00.000Z');
    const cancelled = await server.inject({
      method: 'DELETE',
      url: `/genesys/1/service/callback/callback/${action._id}`,
    });
    assert.equal(cancelled.json()._callback_state, 'COMPLETED');
    assert.equal(cancelled.json()._callback_reason, 'CANCELLED');
    const byNumber = (
      await server.inject('/genesys/1/service/callback/callback?_customer_number=%2B4930777')
    ).json() as Array<{ _callback_reason: string }>;
    assert.equal(byNumber[0]?._callback_reason, 'CANCELLED');
  });

  it('names bad input and knows its services', async () => {
    const noNumber = await create({ ...scenario.VOICE_NOW_USERTERM });
    assert.equal(noNumber.statusCode, 400);
    assert.equal(noNumber.json().field, '_customer_number');
    assert.equal((await create({ _customer_number: 'call me' })).json().field, '_customer_number');
    assert.equal(
      (await create({ _customer_number: '+4930555', _call_direction: 'SIDEWAYS' })).json().field,
      '_call_direction',
    );
    assert.equal((await create({ _customer_number: '+4930555' }, 'nope')).statusCode, 404);
    assert.equal(
      (
        await server.inject({
          method: 'DELETE',
          url: '/genesys/1/service/callback/callback/unknown',
        })
      ).statusCode,
      404,
    );
  });

  it('has the builtin request-chat and request-interaction services', async () => {
    const chat = (
      await server.inject({ method: 'POST', url: '/genesys/1/service/request-chat' })
    ).json();
    assert.ok(chat._id);
    assert.equal(chat['_chatIxnAPI-CREATE-URL'], '/genesys/2/chat/customer-support');
    const interaction = (
      await server.inject({ method: 'POST', url: '/genesys/1/service/request-interaction' })
    ).json();
    assert.equal(interaction._action, 'DialNumber');
    assert.match(interaction._tel_url, /^tel:\+49301234567,\d{4}$/);
    assert.equal(interaction._label, `Call +49 30 1234567 and enter ${interaction._access_code}`);
  });
});

for (const backend of BACKENDS) {
  describe(`callback bookings under load (${backend.name})`, () => {
    let server: FastifyInstance;
    let base: string;
    before(async () => {
      // A PostgreSQL server keeps what an earlier run booked in these afternoon slots.
      await (await database(backend)).query(
        'DELETE FROM gms_callbacks WHERE desired_time >= $1 AND desired_time < $2',
        [Date.parse('2026-11-23T14:00:00.000Z'), Date.parse('2026-11-23T16:00:00.000Z')],
      );
      server = await app({ now: () => MONDAY_MORNING, backend });
      base = await server.listen({ port: 0, host: '127.0.0.1' });
    });
    after(() => server.close());

    /** Over real HTTP, so the requests truly overlap in the server. */
    const form = async (method: string, path: string, fields: Record<string, string>) => {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      });
      return { statusCode: response.status, json: await response.json() };
    };
    const book = (slot: string, number: string) =>
      form('POST', '/genesys/1/service/callback/callback', {
        _customer_number: number,
        _call_direction: 'USERTERMINATED',
        _media_type: 'voice',
        _desired_time: slot,
      });

    it('never lets two visitors take the last place of a slot, however many book at once', async () => {
      // Twelve visitors at once for one slot of capacity GMS.maxPerSlot, across several slots.
      for (const slot of ['2026-11-23T14:00:00.000Z', '2026-11-23T14:15:00.000Z']) {
        const answers = await Promise.all(
          Array.from({ length: 12 }, (_, n) =>
            book(slot, `+49 30 55500${String(n).padStart(2, '0')}`),
          ),
        );
        const booked = answers.filter((a) => a.statusCode === 200);
        assert.equal(booked.length, GMS.maxPerSlot, slot);
        for (const refused of answers.filter((a) => a.statusCode !== 200)) {
          assert.equal(refused.statusCode, 400);
          assert.equal(refused.json.field, '_desired_time');
        }
        const records = (await (
          await fetch(`${base}/genesys/1/service/callback/callback?_callback_state=SCHEDULED`)
        ).json()) as Array<{ _desired_time: string }>;
        assert.equal(records.filter((r) => r._desired_time === slot).length, GMS.maxPerSlot);
      }
    });

    it('lets a reschedule into a full slot fail, and into a free one succeed, at once too', async () => {
      const slot = '2026-11-23T15:00:00.000Z';
      const ids: string[] = [];
      for (const [n, from] of ['15:15', '15:15', '15:30'].entries())
        ids.push((await book(`2026-11-23T${from}:00.000Z`, `+49 30 5551${n}`)).json._id);
      assert.equal(new Set(ids).size, 3);
      const moves = await Promise.all(
        ids.map((id) =>
          form('PUT', `/genesys/1/service/callback/callback/${id}`, { _desired_time: slot }),
        ),
      );
      assert.deepEqual(
        moves.map((m) => m.statusCode).sort(),
        [...Array(GMS.maxPerSlot).fill(200), ...Array(3 - GMS.maxPerSlot).fill(400)].sort(),
      );
    });
  });
}

for (const backend of BACKENDS) {
  describe(`a callback that waits for its visitor: queue position, ask, confirm (${backend.name})`, () => {
    let server: FastifyInstance;
    // Now, not a fixed day: a database kept from an earlier run holds only older callbacks.
    let clock = Date.now();
    before(async () => {
      server = await app({ backend, now: () => clock });
    });
    after(() => server.close());

    // VOICE-WAIT-USERTERM: GMS calls once an agent is free, after the visitor says they can talk.
    // Each booking a second after the last: the queue is in the order callbacks came.
    const book = async (number: string) => {
      clock += 1000;
      return CallbackAction.parse(
        (
          await server.inject({
            method: 'POST',
            url: '/genesys/1/service/callback/callback',
            payload: {
              _customer_number: number,
              _call_direction: 'USERTERMINATED',
              _wait_for_agent: 'true',
              _wait_for_user_confirm: 'true',
              _media_type: 'voice',
            },
          })
        ).json(),
      )._id;
    };
    const position = async (id: string, method: 'GET' | 'POST' = 'GET') => {
      const response = await server.inject({
        method,
        url: `/genesys/1/service/${id}/check-queue-position`,
      });
      return QueuePosition.parse(response.json());
    };
    const dial = (id: string) =>
      server.inject({ method: 'POST', url: `/server/agent/callbacks/${id}/dial` });
    const confirm = (url: string) => server.inject({ method: 'POST', url });

    it('tells the visitor their place, asks them when an agent is ready, and calls once they say yes', async () => {
      const [first, second] = [await book('+49 30 5550201'), await book('+49 30 5550202')];
      const before = [await position(first), await position(second, 'POST')];
      assert.equal(before[1]?.position, (before[0]?.position ?? 0) + 1);
      assert.equal(before[0]?.total_waiting, before[1]?.total_waiting);
      assert.equal(before[0]?._user_confirm_url, undefined);

      const asked = await dial(first);
      assert.equal(asked.statusCode, 200);
      assert.deepEqual(asked.json(), {
        callbackId: first,
        state: 'QUEUED',
        confirmBy: clock + 30_000,
      });
      const waiting = await position(first);
      assert.equal(waiting._user_confirm_expires, new Date(clock + 30_000).toISOString());
      assert.equal((await dial(first)).statusCode, 409);

      clock += 29_000;
      const yes = await confirm(waiting._user_confirm_url ?? '');
      assert.equal(yes.statusCode, 200);
      assert.equal(CallbackRecord.parse(yes.json())._callback_state, 'ROUTING');
      assert.equal((await confirm(waiting._user_confirm_url ?? '')).statusCode, 409);
      const after = await position(second);
      assert.deepEqual(
        [after.position, after.total_waiting],
        [(before[1]?.position ?? 0) - 1, (before[1]?.total_waiting ?? 0) - 1],
      );
      assert.equal((await position(first)).position, undefined);
    });

    it('puts an unanswered ask back in the queue, and gives up after three (FAIL_USER_NO_CONFIRM)', async () => {
      const id = await book('+49 30 5550203');
      for (let ask = 1; ask <= 3; ask++) {
        assert.equal((await dial(id)).statusCode, 200, `ask ${ask}`);
        const { _user_confirm_url: url } = await position(id);
        clock += 31_000;
        assert.equal((await confirm(url ?? '')).statusCode, 409, `late answer ${ask}`);
        const now = await position(id);
        assert.equal(now._user_confirm_url, undefined);
        assert.equal(now._callback_state, ask < 3 ? 'QUEUED' : 'COMPLETED');
      }
      const [record] = (await server.inject(`/genesys/1/service/callback?_id=${id}`)).json();
      assert.equal(record._callback_reason, 'FAIL_USER_NO_CONFIRM');
      assert.equal((await dial(id)).statusCode, 409);
    });

    it('asks once when two agents dial at the same moment', async () => {
      const id = await book('+49 30 5550204');
      const answers = await Promise.all([dial(id), dial(id), dial(id)]);
      assert.deepEqual(answers.map((a) => a.statusCode).sort(), [200, 409, 409]);
      const unknown = await server.inject('/genesys/1/service/nope/check-queue-position');
      assert.deepEqual([unknown.statusCode, unknown.json().field], [404, '_id']);
    });
  });
}
