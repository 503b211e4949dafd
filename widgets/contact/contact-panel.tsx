import { useEffect, useRef, useState } from 'preact/hooks';
import { MAX_INBOX_TEXT } from '../../src/protocol/inbox.ts';
import { Composer } from '../composer.tsx';
import { checkForm, emailError } from '../form-check.ts';
import type { Contact, Conversation, Entry } from '../inbox/conversation.ts';
import { PanelHeader } from '../panel-header.tsx';
import type { Brand } from '../theme.ts';

export interface ContactPanelProps {
  /** The site's name and logo for the header (config `theme`). */
  brand: Brand;
  conversation: Conversation;
  /** Messages that failed to go out at least once and are being tried again. */
  retrying: ReadonlySet<string>;
  /** The first message, with who writes it. */
  onWrite(contact: Contact, text: string): void;
  onSend(text: string): void;
  onRetry(id: string): void;
  onClose(): void;
}

const TOO_LONG = `Please keep the message under ${MAX_INBOX_TEXT.toLocaleString('en')} characters.`;

/** A labelled field whose error is tied to it and announced. */
function Field(props: {
  name: string;
  label: string;
  error: string | undefined;
  multiline?: boolean;
  type?: 'text' | 'email';
  autocomplete?: string;
  inputRef?: { current: HTMLInputElement | null };
}) {
  const common = {
    name: props.name,
    'aria-invalid': props.error ? ('true' as const) : ('false' as const),
    'aria-describedby': props.error ? `${props.name}-error` : undefined,
  };
  const error = props.error && (
    <span class="field-error" id={`${props.name}-error`}>
      {props.error}
    </span>
  );
  return props.multiline ? (
    <label>
      {props.label}
      <textarea {...common} rows={5} maxLength={MAX_INBOX_TEXT} />
      {error}
    </label>
  ) : (
    <label>
      {props.label}
      <input
        {...common}
        ref={props.inputRef}
        type={(props.type ?? 'text') as 'text'}
        autocomplete={props.autocomplete ?? 'off'}
      />
      {error}
    </label>
  );
}

function ContactForm({ onWrite }: Pick<ContactPanelProps, 'onWrite'>) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  return (
    <form
      class="register"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const value = checkForm(
          event.currentTarget,
          (field) => ({
            name: field('name') ? null : 'Please enter your name.',
            email: emailError(field('email')),
            text: !field('text')
              ? 'Please write your message.'
              : field('text').length > MAX_INBOX_TEXT
                ? TOO_LONG
                : null,
          }),
          setErrors,
        );
        if (!value) return;
        onWrite(
          { name: value('name'), ...(value('email') ? { email: value('email') } : {}) },
          value('text'),
        );
      }}
    >
      <p>Leave us a message. We answer here while you are on the site.</p>
      <Field name="name" label="Name" error={errors.name} autocomplete="name" inputRef={first} />
      <Field
        name="email"
        label="Email (optional, for an answer after you leave)"
        error={errors.email}
        type="email"
        autocomplete="email"
      />
      <Field name="text" label="Message" error={errors.text} multiline />
      <button type="submit">Send message</button>
    </form>
  );
}

function deliveryText(entry: Extract<Entry, { kind: 'visitor' }>, retrying: boolean) {
  if (entry.status === 'sent') return 'Sent';
  if (entry.status === 'held') return 'Not sent again: you sent the same message a moment ago';
  if (entry.status === 'failed') return `Not sent: ${entry.reason}`;
  return retrying ? 'Not sent yet: waiting for the connection, we keep trying' : 'Sending…';
}

function Thread({
  conversation,
  retrying,
  onRetry,
}: Pick<ContactPanelProps, 'conversation' | 'retrying' | 'onRetry'>) {
  const end = useRef<HTMLLIElement>(null);
  const count = conversation.entries.length;
  useEffect(() => end.current?.scrollIntoView?.({ block: 'end' }), [count]);
  return (
    <>
      <p class="status">
        {conversation.contact?.email
          ? `We answer here while you are on the site, and by email to ${conversation.contact.email}.`
          : 'We answer here while you are on the site.'}
      </p>
      <div role="log" aria-live="polite" aria-label="Messages">
        <ol class="log">
          {conversation.entries.map((entry) =>
            entry.kind === 'agent' ? (
              <li key={entry.id} class="agent">
                <span class="who">{entry.from}</span>
                {entry.text}
              </li>
            ) : (
              <li key={entry.id} class="client">
                <span class="who">You</span>
                {entry.text}
                <span class={entry.status === 'failed' ? 'delivery error' : 'delivery'}>
                  {deliveryText(entry, retrying.has(entry.id))}
                </span>
                {entry.status === 'failed' && (
                  <button type="button" class="quiet" onClick={() => onRetry(entry.id)}>
                    Try again
                  </button>
                )}
              </li>
            ),
          )}
          <li ref={end} aria-hidden="true" class="system" />
        </ol>
      </div>
    </>
  );
}

/** The contact form, then the conversation with the inbox. It only renders and reports. */
export function ContactPanel(props: ContactPanelProps) {
  const started = props.conversation.contact !== null && props.conversation.entries.length > 0;
  return (
    <section class="panel" aria-label="Message us">
      <PanelHeader title="Message us" brand={props.brand}>
        <button type="button" onClick={props.onClose}>
          Close
        </button>
      </PanelHeader>
      <div class="body">
        {started ? (
          <Thread
            conversation={props.conversation}
            retrying={props.retrying}
            onRetry={props.onRetry}
          />
        ) : (
          <ContactForm onWrite={props.onWrite} />
        )}
      </div>
      {started && (
        <Composer
          onSend={props.onSend}
          maxLength={MAX_INBOX_TEXT}
          check={(text) => (text.length > MAX_INBOX_TEXT ? TOO_LONG : null)}
        />
      )}
    </section>
  );
}
