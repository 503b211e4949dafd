import type { CallbackAction } from '../../src/protocol/gms.ts';

/** What the visitor sees next in GMS's `_action` dialog. */
export type DialogStep =
  | { kind: 'start-chat'; url: string; subject: string }
  | { kind: 'confirm'; text: string }
  | { kind: 'dial'; tel: string; label: string }
  | {
      kind: 'menu';
      label: string;
      groups: Array<{ name: string; options: Array<{ label: string; url: string }> }>;
    };

export function stepFor(action: CallbackAction): DialogStep {
  switch (action._action) {
    case 'StartChat':
      return {
        kind: 'start-chat',
        url: action._start_chat_url,
        subject: action._chat_parameters.subject,
      };
    case 'ConfirmationDialog':
      return { kind: 'confirm', text: action._text };
    case 'DialNumber':
      return { kind: 'dial', tel: action._tel_url, label: action._label };
    case 'DisplayMenu':
      return {
        kind: 'menu',
        label: action._label,
        groups: action._content.map((group) => ({
          name: group._group_name,
          options: group._group_content.map((option) => ({
            label: option._label,
            url: option._user_action_url,
          })),
        })),
      };
  }
}

/**
 * `/genesys/2/chat/customer-support` → base and service of the Chat API v2 to start. GMS may also
 * answer with a Chat API v1 address (request-chat's `…/ixn/chat`) or CometD's: each is refused
 * with what to do instead, never read as something else.
 */
export function chatTarget(url: string, baseUrl: string): { baseUrl: string; service: string } {
  const absolute = new URL(url, `${baseUrl}/`);
  const match = /^(.*)\/genesys\/2\/chat\/([^/]+)\/?$/.exec(absolute.pathname);
  if (match?.[2])
    return { baseUrl: absolute.origin + (match[1] ?? ''), service: decodeURIComponent(match[2]) };
  if (/\/ixn\/chat\/?$/.test(absolute.pathname))
    throw new Error(
      `GMS answered with a Chat API v1 address (${url}), which Genesys deprecated and Beckon does not speak: offer CHAT-NOW (its StartChat names a Chat API v2 service), or set gms.chatService to start Chat API v2 chats directly`,
    );
  if (/cometd/i.test(absolute.pathname))
    throw new Error(
      `GMS offered the chat over CometD only (${url}); Beckon speaks Chat API v2 over REST: set gms.chatService to the service's name`,
    );
  throw new Error(
    `GMS's chat address ${url} is not a Chat API v2 service (…/genesys/2/chat/{service})`,
  );
}
