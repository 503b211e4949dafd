import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as z from 'zod/mini';
import { CallbackAction, CallbackRecord } from '../../src/protocol/gms.ts';
import { QueuePosition } from '../../src/protocol/gms-queue.ts';
import {
  Availability,
  AvailabilityQuery,
  CallbackQuery,
  CallbackRequest,
  CallbackReschedule,
  GmsRefusal,
  RequestChatAnswer,
  RequestInteractionAnswer,
  ServiceCallbackQuery,
  ServiceFields,
} from '../../src/protocol/gms-service.ts';
import type { Access } from '../auth/access.ts';
import type { CallbackRow, GmsStore } from '../store/gms-store.ts';
import { businessSlots, isSlotStart } from './business-hours.ts';
import type { GmsConfig } from './config.ts';
import { acceptForms, userDataOf } from './form.ts';
import { contextOnly } from './personal-data.ts';
import { current, userConfirm } from './user-confirm.ts';

const DAY_MS = 86_400_000;

const newId = () => randomBytes(12).toString('hex');

function refuse(reply: FastifyReply, status: number, field: string, message: string) {
  const error = status === 404 ? 'not_found' : status === 401 ? 'unauthorized' : 'invalid_request';
  return reply
    .status(status)
    .send({ error, message, field, errors: [{ code: status, advice: message }] });
}

export function toRecord(row: CallbackRow): CallbackRecord {
  return {
    _id: row.callbackId,
    _service_name: row.service,
    _customer_number: row.customerNumber,
    _desired_time: row.desiredTime === null ? null : new Date(row.desiredTime).toISOString(),
    _callback_state: row.state,
    _callback_reason: row.reason,
    _expiration_time:
      row.desiredTime === null ? null : new Date(row.desiredTime + 3_600_000).toISOString(),
    _url: `/genesys/1/service/callback/${row.service}/${row.callbackId}`,
  };
}

const FULLY_BOOKED = '_desired_time is fully booked; pick another slot';

/**
 * GMS Callback API: create (`_action` dialog: StartChat for chat scenarios, ConfirmationDialog for
 * scheduled and call-me calls, DialNumber when the visitor calls in), query, reschedule, cancel, the
 * open time slots within business hours, and the builtin `request-chat` and `request-interaction`.
 */
export async function gmsCallbackRoutes(
  app: FastifyInstance,
  options: {
    store: GmsStore;
    config: GmsConfig;
    access: Access;
    /** False with BECKON_NO_PERSONAL_DATA (personal-data.ts). */
    keepPersonalData?: boolean;
    now?: () => number;
  },
) {
  const { store, config, access } = options;
  const keepData =
    options.keepPersonalData === false ? contextOnly : (data: Record<string, string>) => data;
  const now = options.now ?? Date.now;
  const confirm = userConfirm(config);
  await acceptForms(app, (reply, field, message) => refuse(reply, 400, field, message));
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const Service = z.object({ service: z.string().check(z.maxLength(64)) });
  const ServiceCallback = z.extend(Service, { id: z.string().check(z.maxLength(64)) });
  const known = (service: string) => config.callbackServices.includes(service);
  const chatUrl = `/genesys/2/chat/${config.chatServices[0]}`;

  /** Free places per slot, for slots from `from` to `to`. */
  const openSlots = async (service: string, from: number, to: number) => {
    const taken = await store.scheduledBetween(service, from, to);
    return businessSlots(config, from, to)
      .map((slot) => [slot, config.maxPerSlot - taken.filter((t) => t === slot).length] as const)
      .filter(([, free]) => free > 0);
  };

  /** The problem with a desired time, or null. */
  const desiredTimeProblem = async (service: string, value: string) => {
    const instant = Date.parse(value);
    if (Number.isNaN(instant) || !/Z$|[+-]\d\d:?\d\d$/.test(value))
      return '_desired_time must be an ISO-8601 time with a zone, e.g. 2026-11-23T09:00:00.000Z';
    if (instant <= now()) return '_desired_time must be in the future';
    if (!isSlotStart(config, instant))
      return '_desired_time must be the start of an open slot within business hours';
    const free = await openSlots(service, instant, instant + 1);
    return free.length ? null : FULLY_BOOKED;
  };

  typed.post(
    '/genesys/1/service/callback/:service',
    {
      schema: {
        summary: "Book a callback, or start a chat scenario; answers GMS's _action dialog",
        params: Service,
        body: CallbackRequest,
        response: { 200: CallbackAction, 400: GmsRefusal, 404: GmsRefusal },
      },
    },
    async (request, reply) => {
      const { service } = request.params;
      if (!known(service)) return refuse(reply, 404, 'service', `no callback service ${service}`);
      const fields = request.body;
      const media = fields._media_type ?? 'voice';
      const number = fields._customer_number;
      const direction = fields._call_direction ?? 'USERORIGINATED';
      const desired = fields._desired_time;
      if (desired !== undefined) {
        const problem = await desiredTimeProblem(service, desired);
        if (problem) return refuse(reply, 400, '_desired_time', problem);
      }
      const scheduled = desired !== undefined;
      const row: CallbackRow = {
        callbackId: newId(),
        service,
        customerNumber: number,
        desiredTime: scheduled ? Date.parse(desired) : null,
        state: scheduled ? 'SCHEDULED' : media === 'chat' ? 'PROCESSING' : 'QUEUED',
        reason: null,
        options: Object.fromEntries(Object.entries(fields).filter(([key]) => key.startsWith('_'))),
        confirmBy: null,
        confirmAttempts: 0,
        userData: keepData({
          ...Object.fromEntries(
            Object.entries(fields).filter(
              ([key]) => !key.startsWith('_') && !key.startsWith('userData['),
            ),
          ),
          ...userDataOf(fields),
        }),
        createdAt: now(),
        updatedAt: now(),
      };
      if (!scheduled) await store.createCallback(row);
      else if (!(await store.book({ row }, config.maxPerSlot)))
        return refuse(reply, 400, '_desired_time', FULLY_BOOKED);
      // What identifies the callback and the visit, nothing of the person (the number included).
      request.log.info(
        { callbackId: row.callbackId, service, scheduled, visitID: row.userData.visitID },
        'callback requested',
      );
      let action: CallbackAction;
      if (media === 'chat') {
        action = {
          _id: row.callbackId,
          _action: 'StartChat',
          _start_chat_url: chatUrl,
          _chat_parameters: { subject: fields.subject ?? 'Chat' },
        };
      } else if (scheduled) {
        action = {
          _id: row.callbackId,
          _action: 'ConfirmationDialog',
          _text: `Your call back is booked for ${new Date(row.desiredTime ?? 0).toISOString()}.`,
        };
      } else if (direction === 'USERORIGINATED') {
        action = {
          _id: row.callbackId,
          _action: 'DialNumber',
          _tel_url: `tel:${config.dialNumber.replace(/ /g, '')}`,
          _label: `Call us at ${config.dialNumber}`,
        };
      } else {
        action = {
          _id: row.callbackId,
          _action: 'ConfirmationDialog',
          _text: `We will call you at ${number} shortly.`,
        };
      }
      return action;
    },
  );

  /** A callback as it stands now (an unanswered ask to confirm expires as it is read). */
  const fresh = (row: CallbackRow) => current(store, row, now(), confirm);
  /**
   * A callback's `_id` is its capability, as GMS's own: whoever holds it may read it, as GMS's
   * sample apps do; a listing or a search by number is for agents.
   */
  const query = async (
    request: FastifyRequest,
    reply: FastifyReply,
    service: string | undefined,
    q: Record<string, string | undefined>,
  ) => {
    if (q._id) {
      const row = await store.getCallback(q._id);
      return row && (!service || row.service === service) ? [toRecord(await fresh(row))] : [];
    }
    if (!access.isAgent(request))
      return refuse(
        reply,
        401,
        '_id',
        'query by _id; listings and searches by number are for agents',
      );
    const filter = {
      ...(service ? { service } : {}),
      ...(q._customer_number ? { customerNumber: q._customer_number } : {}),
      ...(q._callback_state ? { state: q._callback_state } : {}),
    };
    return Promise.all(
      (await store.findCallbacks(filter)).map(async (r) => toRecord(await fresh(r))),
    );
  };
  typed.get(
    '/genesys/1/service/callback',
    {
      schema: {
        summary: 'Callbacks by _id, or by _customer_number (and _callback_state)',
        querystring: CallbackQuery,
        response: { 200: z.array(CallbackRecord), 400: GmsRefusal, 401: GmsRefusal },
      },
    },
    async (request, reply) => query(request, reply, undefined, request.query),
  );
  typed.get(
    '/genesys/1/service/callback/:service',
    {
      schema: {
        summary: "A service's callbacks by _id, or by _customer_number (and _callback_state)",
        params: Service,
        querystring: ServiceCallbackQuery,
        response: {
          200: z.array(CallbackRecord),
          400: GmsRefusal,
          401: GmsRefusal,
          404: GmsRefusal,
        },
      },
    },
    async (request, reply) => {
      if (!known(request.params.service))
        return refuse(reply, 404, 'service', `no callback service ${request.params.service}`);
      return query(request, reply, request.params.service, request.query);
    },
  );

  typed.get(
    '/genesys/1/service/callback/:service/availability',
    {
      schema: {
        summary: 'Open slots within business hours, with the places left in each',
        params: Service,
        querystring: AvailabilityQuery,
        response: { 200: Availability, 400: GmsRefusal, 404: GmsRefusal },
      },
    },
    async (request, reply) => {
      const { service } = request.params;
      if (!known(service)) return refuse(reply, 404, 'service', `no callback service ${service}`);
      const q = request.query;
      const start = q.start ? Date.parse(q.start) : now();
      const days = Math.min(30, Math.max(1, Number(q['number-of-days'] ?? 7) || 7));
      const end = q.end ? Date.parse(q.end) : start + days * DAY_MS;
      if (end <= start)
        return refuse(reply, 400, 'end', 'end must be an ISO-8601 time after start');
      const max = Math.max(1, Number(q['max-time-slots'] ?? 500) || 500);
      const slots = (await openSlots(service, Math.max(start, now()), end)).slice(0, max);
      return Object.fromEntries(slots.map(([slot, free]) => [new Date(slot).toISOString(), free]));
    },
  );

  typed.put(
    '/genesys/1/service/callback/:service/:id',
    {
      schema: {
        summary: 'Move a scheduled callback to another open slot',
        params: ServiceCallback,
        body: CallbackReschedule,
        response: { 200: CallbackRecord, 400: GmsRefusal, 404: GmsRefusal, 409: GmsRefusal },
      },
    },
    async (request, reply) => {
      const row = await store.getCallback(request.params.id);
      if (!row || row.service !== request.params.service)
        return refuse(reply, 404, '_id', 'no such callback');
      if (row.state === 'COMPLETED') return refuse(reply, 409, '_id', 'the callback is completed');
      const desired = request.body._desired_time;
      const problem = await desiredTimeProblem(row.service, desired);
      if (problem) return refuse(reply, 400, '_desired_time', problem);
      const moved = await store.book(
        {
          callbackId: row.callbackId,
          service: row.service,
          desiredTime: Date.parse(desired),
          at: now(),
        },
        config.maxPerSlot,
      );
      if (!moved) return refuse(reply, 400, '_desired_time', FULLY_BOOKED);
      return toRecord({ ...row, state: 'SCHEDULED', desiredTime: Date.parse(desired) });
    },
  );

  typed.delete(
    '/genesys/1/service/callback/:service/:id',
    {
      schema: {
        summary: 'Cancel a callback: its _id is the capability, as in GMS',
        params: ServiceCallback,
        response: { 200: CallbackRecord, 404: GmsRefusal },
      },
    },
    async (request, reply) => {
      const row = await store.getCallback(request.params.id);
      if (!row || row.service !== request.params.service)
        return refuse(reply, 404, '_id', 'no such callback');
      await store.updateCallback(
        row.callbackId,
        { state: 'COMPLETED', reason: 'CANCELLED' },
        now(),
      );
      return toRecord({ ...row, state: 'COMPLETED', reason: 'CANCELLED' });
    },
  );

  // GMS's check-queue-position: its tests GET it, its Android sample POSTs; both are answered.
  for (const method of ['GET', 'POST'] as const)
    typed.route({
      method,
      url: '/genesys/1/service/:id/check-queue-position',
      schema: {
        summary: "Where a callback stands in its service's queue, and any ask to confirm",
        params: z.object({ id: z.string().check(z.maxLength(64)) }),
        response: { 200: QueuePosition, 404: GmsRefusal },
      },
      handler: async (request, reply) => {
        const found = await store.getCallback(request.params.id);
        if (!found) return refuse(reply, 404, '_id', 'no such callback');
        const row = await fresh(found);
        const { place, total } = await store.queuePlace(row.service, row.callbackId);
        return {
          _id: row.callbackId,
          _callback_state: row.state,
          ...(place === null ? {} : { position: place }),
          total_waiting: total,
          ...(row.confirmBy === null
            ? {}
            : {
                _user_confirm_url: `${toRecord(row)._url}/confirm`,
                _user_confirm_expires: new Date(row.confirmBy).toISOString(),
              }),
        };
      },
    });

  typed.post(
    '/genesys/1/service/callback/:service/:id/confirm',
    {
      schema: {
        summary: 'The visitor can take the call now: in time, the agent dials (ROUTING)',
        params: ServiceCallback,
        response: { 200: CallbackRecord, 404: GmsRefusal, 409: GmsRefusal },
      },
    },
    async (request, reply) => {
      const found = await store.getCallback(request.params.id);
      if (!found || found.service !== request.params.service)
        return refuse(reply, 404, '_id', 'no such callback');
      const confirmed = await store.confirmation(found.callbackId, { confirm: true }, now());
      if (!confirmed) {
        await fresh(found);
        return refuse(
          reply,
          409,
          '_id',
          'nobody is waiting for your confirmation now; you stay in the queue',
        );
      }
      return toRecord(confirmed);
    },
  );

  typed.post(
    '/genesys/1/service/request-chat',
    {
      schema: {
        summary: "GMS's builtin request-chat: where to start the chat (Beckon's: Chat API v2)",
        body: ServiceFields,
        response: { 200: RequestChatAnswer, 400: GmsRefusal },
      },
    },
    async () => ({ _id: newId(), '_chatIxnAPI-CREATE-URL': chatUrl }),
  );
  typed.post(
    '/genesys/1/service/request-interaction',
    {
      schema: {
        summary: "GMS's builtin request-interaction: a number and access code to dial",
        body: ServiceFields,
        response: { 200: RequestInteractionAnswer, 400: GmsRefusal },
      },
    },
    async () => {
      const code = String(1000 + (randomBytes(2).readUInt16BE() % 9000));
      return {
        _id: newId(),
        _action: 'DialNumber' as const,
        _tel_url: `tel:${config.dialNumber.replace(/ /g, '')},${code}`,
        _label: `Call ${config.dialNumber} and enter ${code}`,
        _access_code: code,
      };
    },
  );
}
