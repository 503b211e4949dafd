import { useStore } from '@nanostores/preact';
import type { ReadableAtom } from 'nanostores';
import { useEffect, useRef } from 'preact/hooks';
import { unread } from '../../src/engage/conversation.ts';
import type { Conversation } from '../../src/protocol/conversation.ts';

export interface LauncherProps {
  $conversation: ReadableAtom<Conversation | null>;
  /** An invitation is up: the launcher steps aside for it. */
  $inviting: ReadableAtom<boolean>;
  /** Counts the times the launcher should take the focus (the visitor minimised the panel). */
  $focus: ReadableAtom<number>;
  /** Shown on every page, not only once the visit has had a conversation (config `launcher.show`). */
  always: boolean;
  /** What a click does, in words ("Chat with us", "Back to the conversation"). */
  labelFor(conversation: Conversation | null): string;
  /** `{n} unread`. */
  unreadLabel: string;
  onClick(): void;
}

/**
 * The launcher: hidden while the conversation's panel is open or an invitation is up; otherwise a
 * button that brings back the minimised conversation or starts a new one, with the count of the
 * other side's messages the visitor has not seen, also told to screen readers as it changes.
 */
export function Launcher(props: LauncherProps) {
  const conversation = useStore(props.$conversation);
  const inviting = useStore(props.$inviting);
  const focus = useStore(props.$focus);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (focus) button.current?.focus();
  }, [focus]);
  const shown =
    !inviting && (props.always || conversation !== null) && conversation?.view !== 'open';
  const label = props.labelFor(conversation);
  const count = unread(conversation);
  const news = count ? props.unreadLabel.replace('{n}', String(count)) : '';
  return (
    <>
      {shown && (
        <button
          ref={button}
          type="button"
          class="launcher"
          aria-label={news ? `${label}, ${news}` : label}
          title={label}
          onClick={props.onClick}
        >
          <svg viewBox="0 0 24 24" aria-hidden="true">
            <path d="M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H10l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z" />
          </svg>
          {count > 0 && (
            <span class="unread" aria-hidden="true">
              {count > 99 ? '99+' : count}
            </span>
          )}
        </button>
      )}
      <p class="sr" role="status">
        {shown ? news : ''}
      </p>
    </>
  );
}

/** Its stylesheet: a 56 px round button in the theme's accent, in a corner clear of the notch. */
export const LAUNCHER_CSS = `
.widget { --beckon-accent: #0b5cad; all: initial; position: fixed; z-index: 2147482999; inset: auto max(16px, env(safe-area-inset-right)) max(16px, env(safe-area-inset-bottom)) auto; }
.widget[data-position="bottom-left"] { inset-inline: max(16px, env(safe-area-inset-left)) auto; }
.launcher { all: initial; position: relative; display: grid; place-items: center; inline-size: 56px; block-size: 56px; border-radius: 50%; background: var(--beckon-accent); color: #fff; box-shadow: 0 4px 14px #0006; cursor: pointer; }
.launcher:focus-visible { outline: 3px solid var(--beckon-accent); outline-offset: 3px; }
svg { inline-size: 26px; fill: currentColor; }
.unread { position: absolute; inset: -4px -4px auto auto; min-inline-size: 18px; padding: 0 4px; border-radius: 11px; border: 2px solid #fff; background: #b3261e; color: #fff; font: 700 12px/18px system-ui, sans-serif; }
.sr { position: absolute; inline-size: 1px; block-size: 1px; overflow: hidden; clip-path: inset(50%); }
`;
