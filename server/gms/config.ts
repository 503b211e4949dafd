import * as z from 'zod/mini';
import { readConfigFile } from '../http/config-file.ts';

const Time = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM'));

const Count = z.int().check(z.positive());
/** What visitors and agents may share in a chat: GMS's `upload-*` and `download-attempts` options. */
export const ChatFilesConfig = z.object({
  maxFiles: Count,
  maxFileBytes: Count,
  maxTotalBytes: Count,
  /** Extensions, lower case, without the dot. */
  types: z
    .array(z.string().check(z.regex(/^[a-z0-9]{1,10}$/, 'must be an extension like pdf')))
    .check(z.minLength(1)),
  downloadAttempts: Count,
  /** Files only once an agent has joined (GMS's `upload-need-agent`). */
  needAgent: z.boolean(),
});
export type ChatFilesConfig = z.infer<typeof ChatFilesConfig>;

/** The GMS-compatible service: which services exist and when callbacks can be scheduled. */
export const GmsConfig = z.object({
  chatServices: z.array(z.string().check(z.minLength(1))).check(z.minLength(1)),
  callbackServices: z.array(z.string().check(z.minLength(1))).check(z.minLength(1)),
  businessHours: z.object({
    timeZone: z.string().check(z.minLength(1)),
    /** ISO weekdays: 1 Monday … 7 Sunday. */
    days: z.array(z.int().check(z.gte(1), z.lte(7))),
    open: Time,
    close: Time,
  }),
  /** GMS's `_request_time_bucket`. */
  slotMinutes: z.union([
    z.literal(5),
    z.literal(10),
    z.literal(15),
    z.literal(20),
    z.literal(30),
    z.literal(60),
    z.literal(120),
  ]),
  /** GMS's `max_request_by_time_bucket`. */
  maxPerSlot: z.int().check(z.positive()),
  /** The number a visitor dials for USERORIGINATED voice scenarios. */
  dialNumber: z
    .string()
    .check(z.regex(/^\+[0-9 ]{6,20}$/, 'must be an international number like +49 30 1234567')),
  /** GMS's `_user_confirm_timeout`: how long a visitor has to confirm they can take the call. */
  userConfirmTimeoutSeconds: z.optional(z.int().check(z.gte(5), z.lte(600))),
  /** GMS's `_max_number_of_user_availability_confirmation_attempts`. */
  maxConfirmAttempts: z.optional(z.int().check(z.gte(1), z.lte(10))),
  /** Files in chats; without it, chats take none. */
  chatFiles: z.optional(ChatFilesConfig),
});
export type GmsConfig = z.infer<typeof GmsConfig>;

export const loadGmsConfig = (path: string) => readConfigFile(path, GmsConfig, 'GMS');
