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

/** `/genesys/2/chat/customer-support` → base and service of the Chat API v2 to start. */
export function chatTarget(url: string, baseUrl: string): { baseUrl: string; service: string } {
  const absolute = new URL(url, `${baseUrl}/`);
  const match = /^(.*)\/genesys\/2\/chat\/([^/]+)\/?$/.exec(absolute.pathname);
  if (!match?.[2]) throw new Error(`GMS StartChat URL ${url} is not a Chat API v2 service URL`);
  return { baseUrl: absolute.origin + (match[1] ?? ''), service: decodeURIComponent(match[2]) };
}
