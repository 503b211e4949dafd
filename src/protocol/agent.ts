import * as z from 'zod/mini';
import { CallbackState, GmsChatMessage } from './gms.ts';

// The agent's side of GMS chats and callbacks (server/agent/routes.ts), as the console reads it.

/** Who the visitor said they are on the chat's registration form. */
export const ChatClient = z.object({
  nickname: z.string(),
  firstName: z.nullable(z.string()),
  lastName: z.nullable(z.string()),
  emailAddress: z.nullable(z.string()),
  subject: z.nullable(z.string()),
});
export type ChatClient = z.infer<typeof ChatClient>;

/** A chat as agents see it: everything but the visitor's secureKey and userId. */
export const AgentChat = z.object({
  chatId: z.string(),
  service: z.string(),
  alias: z.string(),
  client: ChatClient,
  /** Attached data: `userData[key]=value` from the request (visitID, pageID, webengagement…). */
  userData: z.record(z.string(), z.string()),
  state: z.enum(['waiting', 'connected', 'ended']),
  agentName: z.nullable(z.string()),
  createdAt: z.int(),
  endedAt: z.nullable(z.int()),
});
export type AgentChat = z.infer<typeof AgentChat>;

/** A callback as agents see it. */
export const AgentCallback = z.object({
  callbackId: z.string(),
  service: z.string(),
  customerNumber: z.string(),
  desiredTime: z.nullable(z.int()),
  state: CallbackState,
  reason: z.nullable(z.string()),
  /** The scenario fields and any other `_`-options the request carried. */
  options: z.record(z.string(), z.string()),
  userData: z.record(z.string(), z.string()),
  /** While the visitor is asked to confirm they can take the call: until when (epoch ms). */
  confirmBy: z.nullable(z.int()),
  /** How often the visitor has been asked (GMS's availability confirmation attempts). */
  confirmAttempts: z.int(),
  createdAt: z.int(),
  updatedAt: z.int(),
});
export type AgentCallback = z.infer<typeof AgentCallback>;

export const AgentQueue = z.object({
  chats: z.array(AgentChat),
  /** Callbacks not completed; chat scenarios pass through the callback service too, and are chats. */
  callbacks: z.array(AgentCallback),
});
export const AgentChatView = z.object({ chat: AgentChat, messages: z.array(GmsChatMessage) });

/**
 * The agent who takes a chat, as their console's profile says: their name, and their picture's
 * address (https, or http on a local server), which the visitor's chat shows beside their messages.
 */
export const AgentAccept = z.object({
  agent: z.string().check(z.minLength(1), z.maxLength(64)),
  avatar: z.optional(
    z.string().check(z.maxLength(2000), z.regex(/^https?:\/\/[^\s]+$/, 'must be an http(s) URL')),
  ),
});

export const AgentSend = z.object({ text: z.string().check(z.minLength(1), z.maxLength(4000)) });
export const AgentTyping = z.object({ typing: z.boolean() });
/** Multipart: `file` holds the file's name here (its bytes travel beside), and what it is. */
export const AgentFileUpload = z.object({
  file: z.string().check(z.minLength(1), z.maxLength(255)),
  description: z.optional(z.string().check(z.maxLength(500))),
});
export const AgentPushUrl = z.object({
  url: z
    .string()
    .check(z.maxLength(2048), z.regex(/^https?:\/\//, 'must be an absolute http(s) URL')),
});
/** How an agent's call back ended, in GMS's completion reasons. */
export const CallbackCompletion = z.object({
  reason: z.enum([
    'AGENT_CONNECTED',
    'FAIL_CALL_TO_CUSTOMER',
    'FAIL_AGENT_CONNECT',
    'NOT_AVAILABLE',
  ]),
});
export const CallbackStep = z.object({
  callbackId: z.string(),
  state: CallbackState,
  reason: z.optional(z.string()),
  /** The visitor was asked to confirm first (`_wait_for_user_confirm`): the answer is due by then. */
  confirmBy: z.optional(z.int()),
});
export const ChatEnded = z.object({ chatId: z.string(), state: z.literal('ended') });

/**
 * What the agents' event stream (`GET /server/agent/events`) says changed, so the console reads it
 * again: a chat (a message, typing, a join or leave, its state), a callback, or everything (the
 * server lost its database's notifications for a moment).
 */
export const AgentChange = z.union([
  z.object({ chatId: z.string() }),
  z.object({ callbackId: z.string() }),
  z.object({ everything: z.literal(true) }),
]);
export type AgentChange = z.infer<typeof AgentChange>;
