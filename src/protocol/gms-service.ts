import * as z from 'zod/mini';
import { CallbackState, GmsChatMessage, GmsChatResponse, GmsError } from './gms.ts';
import { PHONE_NUMBER } from './gms-scenarios.ts';

// The GMS-compatible service's requests and answers (server/gms/), beside the shapes both sides
// share (gms.ts): the browser's adapter needs none of these, so none of them ships to it.

/** A refusal from the GMS-compatible service: Beckon's `{error, message, field}` and GMS's `errors`. */
export const GmsRefusal = z.object({
  error: z.string(),
  message: z.string(),
  field: z.optional(z.string()),
  errors: z.optional(z.array(GmsError)),
});

/** `GET /genesys/1/service/callback/{service}`: its callbacks, by `_id`, number or state. */
export const ServiceCallbackQuery = z.object({
  _id: z.optional(z.string().check(z.maxLength(64))),
  _customer_number: z.optional(z.string().check(z.maxLength(64))),
  _callback_state: z.optional(CallbackState),
});
/** `GET /genesys/1/service/callback`: across services, by `_id` or by number (and state). */
export const CallbackQuery = ServiceCallbackQuery.check(
  z.refine((query) => Boolean(query._id || query._customer_number), {
    message: 'query by _id, or by _customer_number (and _callback_state)',
    path: ['_id'],
  }),
);

const Instant = z
  .string()
  .check(z.refine((value) => !Number.isNaN(Date.parse(value)), 'must be an ISO-8601 time'));
const Count = z.string().check(z.regex(/^\d{1,4}$/, 'must be a whole number'));

/** `GET …/callback/{service}/availability`: the window to list open slots in (GMS iOS's names). */
export const AvailabilityQuery = z.object({
  start: z.optional(Instant),
  end: z.optional(Instant),
  'number-of-days': z.optional(Count),
  'max-time-slots': z.optional(Count),
});
/** `{"<ISO slot start>": places left}`. */
export const Availability = z.record(z.string(), z.int());

/** GMS's builtin services take any form fields: they become the session's data. */
export const ServiceFields = z.nullish(z.record(z.string(), z.string()));
export const RequestChatAnswer = z.object({
  _id: z.string(),
  '_chatIxnAPI-CREATE-URL': z.string(),
});
export const RequestInteractionAnswer = z.object({
  _id: z.string(),
  _action: z.literal('DialNumber'),
  _tel_url: z.string(),
  _label: z.string(),
  _access_code: z.string(),
});

/**
 * `POST /genesys/1/service/callback/{service}`: GMS's fields (form-urlencoded or multipart); any
 * other field is the callback's attached data. Every callback needs a `_customer_number`: a phone
 * number to dial for a call, any name for the customer for a chat.
 */
export const CallbackRequest = z
  .catchall(
    z.object({
      _customer_number: z.string().check(z.minLength(1), z.maxLength(64)),
      _media_type: z.optional(z.enum(['voice', 'chat'])),
      _call_direction: z.optional(z.enum(['USERORIGINATED', 'USERTERMINATED'])),
      _desired_time: z.optional(z.string().check(z.maxLength(64))),
      _wait_for_agent: z.optional(z.enum(['true', 'false'])),
      _wait_for_user_confirm: z.optional(z.enum(['true', 'false'])),
    }),
    z.string().check(z.maxLength(4000)),
  )
  .check(
    z.refine(
      (fields) => fields._media_type === 'chat' || PHONE_NUMBER.test(fields._customer_number),
      { message: 'must be a phone number, e.g. +49 30 1234567', path: ['_customer_number'] },
    ),
  );
/** `PUT …/callback/{service}/{id}`: reschedule. */
export const CallbackReschedule = z.object({ _desired_time: z.string().check(z.maxLength(64)) });

const ChatName = z.string().check(z.minLength(1), z.maxLength(64));
/** A field a form sends empty when the customer left it blank: empty is absent. */
const blankOr = <T extends z.ZodMiniType<string>>(field: T) =>
  z.optional(z.union([z.literal(''), field]));
/**
 * `POST /genesys/2/chat/{service}`: `nickname`, or `firstName` and `lastName`; the attached data
 * as `userData[key]`; any other field (the empty `alias`, `secureKey` and `userId` some clients
 * send with it) is kept out of the chat.
 */
export const GmsChatRequest = z
  .catchall(
    z.object({
      nickname: blankOr(ChatName),
      firstName: blankOr(ChatName),
      lastName: blankOr(ChatName),
      emailAddress: blankOr(
        z.string().check(z.regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'must be an email address')),
      ),
      subject: z.optional(z.string().check(z.maxLength(200))),
      text: z.optional(z.string().check(z.maxLength(4000))),
    }),
    z.string().check(z.maxLength(4000)),
  )
  .check(
    z.refine((fields) => Boolean(fields.nickname || (fields.firstName && fields.lastName)), {
      message: 'nickname, or firstName and lastName, are required',
      path: ['nickname'],
    }),
  );

/** What every follow-up of a chat carries: the keys its request was answered with. */
export const GmsChatKeys = z.object({
  alias: z.string().check(z.maxLength(64)),
  secureKey: z.string().check(z.maxLength(128)),
  userId: z.string().check(z.maxLength(128)),
});

/** `POST /genesys/2/chat/{service}/{chatId}/{operation}`: the chat's keys, and the operation's field. */
export const GmsChatOperation = z.catchall(
  z.extend(GmsChatKeys, {
    transcriptPosition: z.optional(
      z.string().check(z.regex(/^\d{1,9}$/, 'must be a whole number')),
    ),
    message: z.optional(z.string()),
    messageType: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be a name'))),
    nickname: z.optional(ChatName),
  }),
  z.string().check(z.maxLength(4000)),
);

/**
 * `POST …/{chatId}/file` (multipart): the chat's keys, the file (its field holds the file's name
 * here; its bytes travel beside) and what the visitor says it is.
 */
export const GmsFileUpload = z.extend(GmsChatKeys, {
  file: z.string().check(z.minLength(1), z.maxLength(255)),
  'userData[file-description]': z.optional(z.string().check(z.maxLength(500))),
});

/**
 * Chat API v2's answer as Beckon's service gives it: the chat's keys always, the transcript when
 * the request asked for it, with Beckon's `{error, message, field}` beside it on a refusal.
 */
export const GmsChatAnswer = z.extend(GmsChatResponse, {
  alias: z.string(),
  chatId: z.string(),
  userId: z.string(),
  secureKey: z.string(),
  nextPosition: z.optional(z.int()),
  chatEnded: z.boolean(),
  messages: z.optional(z.array(GmsChatMessage)),
  error: z.optional(z.string()),
  message: z.optional(z.string()),
  field: z.optional(z.string()),
});
