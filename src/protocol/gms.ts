import * as z from 'zod/mini';

/** GMS Chat API v2: the participant a transcript entry comes from. */
export const GmsParticipant = z.object({
  nickname: z.string(),
  participantId: z.int(),
  type: z.enum(['Client', 'Agent', 'External']),
});

/**
 * One transcript entry. `index` starts at 1; 0 is a notice outside the transcript (the answer to
 * `…/file/limits`); `utcTime` is epoch milliseconds.
 */
export const GmsChatMessage = z.object({
  from: GmsParticipant,
  index: z.int().check(z.gte(0)),
  /** Any name GMS uses: a client that meets one it does not know skips it, the chat goes on. */
  type: z.string().check(z.minLength(1), z.maxLength(64)),
  text: z.optional(z.string()),
  /** What a file entry (`FileUploaded`, `FileDeleted`) carries: `file-id`, `file-name`, … */
  userData: z.optional(z.record(z.string(), z.string())),
  utcTime: z.int(),
});
export type GmsChatMessage = z.infer<typeof GmsChatMessage>;

export const GmsError = z.object({ code: z.int(), advice: z.string() });

/**
 * The uniform answer of every Chat API v2 request. `statusCode`: 0 ok, 1 transient (retry, with
 * the latest `alias`), 2 fatal (read `chatEnded`). Clients always resend the latest `alias`.
 * GMS leaves out what a request did not ask for: its request-chat answer has no `chatEnded` or
 * `nextPosition`, a `send` without `transcriptPosition` no `messages`; a refusal may carry no keys.
 */
export const GmsChatResponse = z.object({
  statusCode: z.union([z.literal(0), z.literal(1), z.literal(2)]),
  alias: z.optional(z.string()),
  chatId: z.optional(z.string()),
  userId: z.optional(z.string()),
  secureKey: z.optional(z.string()),
  nextPosition: z.optional(z.int()),
  chatEnded: z.optional(z.boolean()),
  messages: z.optional(z.array(GmsChatMessage)),
  /** A file upload's answer: `{"file-id": …}`. */
  userData: z.optional(z.record(z.string(), z.string())),
  errors: z.optional(z.array(GmsError)),
});
export type GmsChatResponse = z.infer<typeof GmsChatResponse>;

/** Where a callback is: GMS's states. */
export const CallbackState = z.enum(['PROCESSING', 'QUEUED', 'SCHEDULED', 'ROUTING', 'COMPLETED']);

/** The Callback API's record keys that every answer about a callback carries. */
export const CallbackRecord = z.object({
  _id: z.string(),
  _service_name: z.string(),
  _customer_number: z.string(),
  _desired_time: z.nullable(z.string()),
  _callback_state: CallbackState,
  _callback_reason: z.nullable(z.string()),
  _expiration_time: z.nullable(z.string()),
  _url: z.string(),
});
export type CallbackRecord = z.infer<typeof CallbackRecord>;

/** The `_action` dialog protocol of a callback answer. */
export const CallbackAction = z.discriminatedUnion('_action', [
  z.object({
    _id: z.string(),
    _action: z.literal('DialNumber'),
    _tel_url: z.string(),
    _label: z.string(),
  }),
  z.object({
    _id: z.string(),
    _action: z.literal('StartChat'),
    _start_chat_url: z.string(),
    _comet_url: z.optional(z.string()),
    _chat_parameters: z.object({ subject: z.string() }),
  }),
  z.object({ _id: z.string(), _action: z.literal('ConfirmationDialog'), _text: z.string() }),
  z.object({
    _id: z.string(),
    _action: z.literal('DisplayMenu'),
    _label: z.string(),
    _content: z.array(
      z.object({
        _group_name: z.string(),
        _group_content: z.array(z.object({ _label: z.string(), _user_action_url: z.string() })),
      }),
    ),
  }),
]);
export type CallbackAction = z.infer<typeof CallbackAction>;
