import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

export interface ComposerProps {
  onSend(text: string): void;
  maxLength?: number;
  /** Why a text cannot go, or null; shown under the box and tied to it. */
  check?(text: string): string | null;
  /** Every keystroke (the chat reports typing from it). */
  onInput?(): void;
  /** Just before a text goes (the chat stops its typing notice). */
  beforeSend?(): void;
  /** Controls before the message box (the chat's "attach a file"). */
  before?: ComponentChildren;
}

/** The message box of the chat and contact panels: Enter sends, Shift+Enter breaks the line. */
export function Composer(props: ComposerProps) {
  const box = useRef<HTMLTextAreaElement>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => box.current?.focus(), []);
  const send = () => {
    const text = box.current?.value.trim() ?? '';
    if (!text) return;
    const problem = props.check?.(text) ?? null;
    setError(problem);
    if (problem) return;
    props.beforeSend?.();
    props.onSend(text);
    if (box.current) box.current.value = '';
  };
  return (
    <form
      class="composer"
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      {props.before}
      <textarea
        ref={box}
        aria-label="Your message"
        placeholder="Write a message"
        maxLength={props.maxLength}
        aria-invalid={error ? 'true' : 'false'}
        aria-describedby={error ? 'composer-error' : undefined}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && !event.shiftKey) {
            event.preventDefault();
            send();
          }
        }}
        onInput={props.onInput}
      />
      <button type="submit">Send</button>
      {error && (
        <span class="field-error" id="composer-error">
          {error}
        </span>
      )}
    </form>
  );
}
