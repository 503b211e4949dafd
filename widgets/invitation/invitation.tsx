import { useEffect, useRef, useState } from 'preact/hooks';
import type { ShownInvite } from '../../src/protocol/notification.ts';
import type { StringKey } from './strings.ts';

export interface InvitationProps {
  invite: ShownInvite;
  text: (key: StringKey) => string;
  onAnswer: (answer: 'accept' | 'reject' | 'timeout') => void;
}

/**
 * The native invitation: a labelled, non-modal dialog that does not take focus from what the visitor
 * is doing, is announced politely, answers Escape with a decline, and waits longer while hovered or
 * focused. It only renders and reports; the engagement decides what an answer means. Its parts carry
 * GWE's invitation class names (`gpe-dialog`, `gpe-dialog-titlebar`, …, and the buttons' types), so
 * a site brands it with `beckon-invitation::part(…)` rules ported from its GWE stylesheet.
 */
export function Invitation({ invite, text, onAnswer }: InvitationProps) {
  const [paused, setPaused] = useState({ hover: false, focus: false });
  const [announcement, setAnnouncement] = useState('');
  const remaining = useRef(invite.timeoutMs);
  const id = `beckon-${invite.engagementID}`;

  useEffect(() => {
    // Filled after mounting so screen readers hear it as a change of the polite live region.
    const timer = setTimeout(() => setAnnouncement(`${invite.title}. ${invite.message}`), 100);
    return () => clearTimeout(timer);
  }, [invite]);

  useEffect(() => {
    if (paused.hover || paused.focus) return;
    const started = Date.now();
    const timer = setTimeout(() => onAnswer('timeout'), remaining.current);
    return () => {
      clearTimeout(timer);
      remaining.current -= Date.now() - started;
    };
  }, [paused.hover, paused.focus, onAnswer]);

  return (
    <div
      class="dialog"
      part="gpe-dialog"
      role="dialog"
      aria-modal="false"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-message`}
      onMouseEnter={() => setPaused((p) => ({ ...p, hover: true }))}
      onMouseLeave={() => setPaused((p) => ({ ...p, hover: false }))}
      onFocusIn={() => setPaused((p) => ({ ...p, focus: true }))}
      onFocusOut={() => setPaused((p) => ({ ...p, focus: false }))}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          onAnswer('reject');
        }
      }}
    >
      <div part="gpe-dialog-titlebar">
        <h2 id={`${id}-title`} part="gpe-dialog-title">
          {invite.title}
        </h2>
      </div>
      <p id={`${id}-message`} part="gpe-dialog-content">
        {invite.message}
      </p>
      <div class="actions" part="gpe-dialog-buttonpane gpe-dialog-buttonset">
        <button
          type="button"
          class="decline"
          part="gpe-button cancel"
          onClick={() => onAnswer('reject')}
        >
          {text('decline')}
        </button>
        <button
          type="button"
          class="accept"
          part={`gpe-button ${invite.type}`}
          onClick={() => onAnswer('accept')}
        >
          {text(`${invite.type}.accept`)}
        </button>
      </div>
      <div class="sr-only" aria-live="polite" role="status">
        {announcement}
      </div>
    </div>
  );
}
