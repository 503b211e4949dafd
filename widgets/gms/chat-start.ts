import type { GmsAdapterConfig } from '../../src/protocol/config.ts';
import { SCENARIOS, type ScenarioName } from '../../src/protocol/gms-scenarios.ts';
import type { MediaContext } from '../../src/protocol/media.ts';
import type { Registration } from './chat-client.ts';

/** How a chat starts at GMS: its own Chat API v2 service directly, or through a GMS service. */
export type ChatStart =
  | { kind: 'direct'; service: string }
  | { kind: 'service'; url: string; fields: Record<string, string> };

/**
 * The scenario the offer (else the config) names decides. None named and `chatService` set: the
 * chat starts on that Chat API v2 service at once. REQUEST-CHAT: GMS's builtin request-chat.
 * Otherwise (CHAT-NOW by default) the callback service with the scenario's options, as GMS's
 * samples do: the person, the attached data as plain fields, and a `_customer_number`, which GMS
 * requires of every callback, chats included (FAIL_NO_CUSTOMER_NUMBER): the phone the visitor's
 * UserInfo or SignIn gave (`phoneNumber` or `phone`), else the visitID, which names the visitor
 * without asking them for a number to chat.
 */
export function chatStart(
  context: MediaContext,
  config: GmsAdapterConfig,
  baseUrl: string,
  given: Registration,
): ChatStart {
  const named = context.scenario ?? config.scenario;
  if (!named && config.chatService) return { kind: 'direct', service: config.chatService };
  const person = {
    ...splitName(given.name),
    ...(given.emailAddress ? { email: given.emailAddress } : {}),
  };
  const scenario = (named ?? 'CHAT-NOW') as ScenarioName | 'REQUEST-CHAT';
  if (scenario === 'REQUEST-CHAT')
    return {
      kind: 'service',
      url: `${baseUrl}/genesys/1/service/request-chat`,
      fields: { ...person, ...context.attachedData },
    };
  const options = Object.entries(SCENARIOS[scenario]).filter(([key]) => key.startsWith('_'));
  return {
    kind: 'service',
    url: `${baseUrl}/genesys/1/service/callback/${encodeURIComponent(config.callbackService ?? 'callback')}`,
    fields: {
      ...Object.fromEntries(options.map(([key, value]) => [key, String(value)])),
      _customer_number: context.user?.phoneNumber ?? context.user?.phone ?? context.visitID,
      ...person,
      ...(given.subject ? { subject: given.subject } : {}),
      ...context.attachedData,
    },
  };
}

/**
 * GMS's callback service keeps a person as `first_name` and `last_name`; the visitor gave one name,
 * or none. The last word is taken for the family name, as address books do.
 */
function splitName(name: string): Record<string, string> {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length < 2) return words.length ? { first_name: words[0] as string } : {};
  return { first_name: words.slice(0, -1).join(' '), last_name: words.at(-1) as string };
}
