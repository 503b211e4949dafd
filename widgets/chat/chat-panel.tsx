import { useEffect, useRef, useState } from 'preact/hooks';
import { formatSize, type SharedFile, sharedFile } from '../../src/protocol/gms-files.ts';
import { AVATAR_KEY } from '../../src/protocol/names.ts';
import { Composer } from '../composer.tsx';
import { checkForm, emailError } from '../form-check.ts';
import type { Registration } from '../gms/chat-client.ts';
import { type ChatSession, isOver } from '../gms/chat-state.ts';
import type { DialogStep } from '../gms/dialog.ts';
import { PanelHeader } from '../panel-header.tsx';
import type { Brand } from '../theme.ts';
import type { ChatStrings } from './strings.ts';

export interface ChatPanelProps {
  /** Null until the chat starts: the registration form shows. */
  session: ChatSession | null;
  /** A GMS dialog step other than a chat (confirmation, a number to dial, a menu). */
  step: DialogStep | null;
  error: string | null;
  /** The site wants the visitor's name before the chat starts (config `gms.requireName`). */
  requireName: boolean;
  /** The name the visitor gave the site (UserInfo, SignIn), filled in for them to keep or change. */
  knownName: string;
  /** The site's name and logo for the header (config `theme`). */
  brand: Brand;
  text: ChatStrings;
  /** What the visitor sent that GMS has not yet shown in the transcript; `failed`: it never will. */
  outgoing: ReadonlyArray<{ id: number; text: string; failed: boolean }>;
  /** What is under way that the visitor should know of ("Sending scan.png…"). */
  notice: string | null;
  onRegister(registration: Registration): void;
  onSend(text: string): void;
  onAttach(file: File): void;
  onDownload(file: SharedFile): void;
  onTyping(on: boolean): void;
  onMenu(url: string): void;
  onEnd(): void;
  onClose(): void;
  /** Hide the panel, the chat going on (the launcher brings it back); absent in the popup. */
  onMinimise?(): void;
  /** After the end: a new chat, from the form. */
  onNewChat(): void;
  /** After the end: the visitor's rating, 1 to 5; absent where nothing records it (the popup). */
  onRate?(rating: number): void;
  /** The rating given, once given. */
  rating: number | null;
  /** After the end, or during: the transcript as a text file. */
  onSaveTranscript(): void;
}

const TYPING_IDLE_MS = 3000;
const clockTime = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
/** Up to two letters for an agent without a picture: "Grace Hopper" is GH. */
const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => word[0]?.toUpperCase())
    .join('');

/** Who wrote a message and when, the agent with their picture (else initials) beside. */
function Byline({
  message,
  who,
  avatar,
}: {
  message: { from: { type: string }; utcTime: number };
  who: string;
  avatar: string | undefined;
}) {
  const at = new Date(message.utcTime);
  return (
    <span class="who">
      {message.from.type === 'Agent' &&
        (avatar ? (
          <img class="avatar" src={avatar} alt="" />
        ) : (
          <span class="avatar" aria-hidden="true">
            {initials(who)}
          </span>
        ))}
      {who}
      {Number.isFinite(at.getTime()) && message.utcTime > 0 && (
        <time dateTime={at.toISOString()}>{clockTime.format(at)}</time>
      )}
    </span>
  );
}
const safeLink = (text: string | undefined) => (text && /^https?:\/\//.test(text) ? text : null);

function RegistrationForm({
  onRegister,
  requireName,
  knownName,
}: Pick<ChatPanelProps, 'onRegister' | 'requireName' | 'knownName'>) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => {
    // Set once, not rendered: a re-render (an error shown) must not undo what the visitor typed.
    if (first.current && knownName) first.current.value = knownName;
    first.current?.focus();
  }, []);
  const field = (
    name: string,
    label: string,
    type: 'text' | 'email' = 'text',
    autocomplete = 'off',
  ) => (
    <label>
      {label}
      <input
        name={name}
        type={type as 'text'}
        autocomplete={autocomplete}
        ref={name === 'name' ? first : undefined}
        aria-invalid={errors[name] ? 'true' : 'false'}
        aria-describedby={errors[name] ? `${name}-error` : undefined}
      />
      {errors[name] && (
        <span class="field-error" id={`${name}-error`}>
          {errors[name]}
        </span>
      )}
    </label>
  );
  return (
    <form
      class="register"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const value = checkForm(
          event.currentTarget,
          (field) => ({
            name: !requireName || field('name') ? null : 'Please enter your name.',
            emailAddress: emailError(field('emailAddress')),
          }),
          setErrors,
        );
        if (!value) return;
        onRegister({
          name: value('name'),
          ...(value('emailAddress') ? { emailAddress: value('emailAddress') } : {}),
          ...(value('subject') ? { subject: value('subject') } : {}),
        });
      }}
    >
      {field('name', requireName ? 'Your name' : 'Your name (optional)', 'text', 'name')}
      {field('emailAddress', 'Email (optional)', 'email', 'email')}
      {field('subject', 'What is it about? (optional)')}
      <button type="submit">Start chat</button>
    </form>
  );
}

/** A file in the transcript: a button that downloads it, until its sender withdraws it. */
function FileEntry({
  file,
  withdrawn,
  onDownload,
}: {
  file: SharedFile;
  withdrawn: boolean;
  onDownload: ChatPanelProps['onDownload'];
}) {
  if (withdrawn) return <>{`withdrew ${file.name}`}</>;
  return (
    <>
      <button type="button" class="file quiet" onClick={() => onDownload(file)}>
        {`${file.name} (${formatSize(file.size)})`}
      </button>
      {file.description && <span class="note">{file.description}</span>}
    </>
  );
}

function Transcript({
  session,
  outgoing,
  text,
  onDownload,
}: Pick<ChatPanelProps, 'outgoing' | 'text' | 'onDownload'> & { session: ChatSession }) {
  const end = useRef<HTMLLIElement>(null);
  useEffect(
    () => end.current?.scrollIntoView?.({ block: 'end' }),
    [session.transcript.length, outgoing.length],
  );
  // The visitor's latest message GMS has shown is marked sent (the earlier ones plainly were).
  const lastSent = outgoing.length
    ? -1
    : ([...session.transcript]
        .reverse()
        .find((m) => m.from.type === 'Client' && m.type === 'Message')?.index ?? -1);
  const agent =
    [...session.transcript].reverse().find((m) => m.from.type === 'Agent')?.from.nickname ??
    'The agent';
  // Each agent's picture, as their joining carried it (Beckon's console sends it; GMS passes it on).
  const avatars = new Map(
    session.transcript.flatMap((m) => {
      const link = safeLink(m.userData?.[AVATAR_KEY]);
      return link ? [[m.from.participantId, link] as const] : [];
    }),
  );
  const withdrawn = new Set(
    session.transcript.flatMap((m) =>
      m.type === 'FileDeleted' && m.userData?.['file-id'] ? [m.userData['file-id']] : [],
    ),
  );
  const status =
    session.status === 'requesting' || session.status === 'waiting-agent'
      ? 'Waiting for an agent…'
      : session.status === 'connected'
        ? `You are chatting with ${agent}.`
        : session.status === 'ended'
          ? 'The chat has ended.'
          : (session.error ?? 'The chat could not continue.');
  return (
    <>
      <p class={session.status === 'failed' ? 'status error' : 'status'} role="status">
        {status}
      </p>
      <div role="log" aria-live="polite" aria-label="Messages">
        <ol class="log">
          {session.transcript.map((message) => {
            if (message.type === 'FileDeleted') return null;
            const who = message.from.type === 'Client' ? 'You' : message.from.nickname;
            if (message.type === 'ParticipantJoined' || message.type === 'ParticipantLeft') {
              if (message.from.type === 'Client') return null;
              return (
                <li key={message.index} class="system">
                  {`${who} ${message.type === 'ParticipantJoined' ? 'joined' : 'left'} the chat`}
                </li>
              );
            }
            if (message.type === 'NicknameUpdated')
              return (
                <li key={message.index} class="system">
                  {message.from.type === 'Client'
                    ? `You are now called ${message.text ?? ''}`
                    : `The agent is now called ${message.text ?? ''}`}
                </li>
              );
            if (message.type === 'CustomNotice' || message.type === 'Notice')
              return (
                <li key={message.index} class="system">
                  {message.text}
                </li>
              );
            const file = sharedFile(message);
            const link = message.type === 'PushUrl' ? safeLink(message.text) : null;
            return (
              <li key={message.index} class={message.from.type === 'Client' ? 'client' : 'agent'}>
                <Byline
                  message={message}
                  who={who}
                  avatar={avatars.get(message.from.participantId)}
                />
                {file ? (
                  <FileEntry
                    file={file}
                    withdrawn={withdrawn.has(file.id)}
                    onDownload={onDownload}
                  />
                ) : message.type === 'PushUrl' ? (
                  link ? (
                    <>
                      {'shared a link: '}
                      <a href={link} target="_blank" rel="noopener noreferrer">
                        {link}
                      </a>
                    </>
                  ) : (
                    'shared a link that was not safe to show'
                  )
                ) : (
                  message.text
                )}
                {message.index === lastSent && <span class="delivery">{text.sent}</span>}
              </li>
            );
          })}
          {outgoing.map((entry) => (
            <li key={`out-${entry.id}`} class="client pending">
              <span class="who">You</span>
              {entry.text}
              <span class={entry.failed ? 'delivery error' : 'delivery'}>
                {entry.failed ? text.notSent : text.sending}
              </span>
            </li>
          ))}
          <li ref={end} aria-hidden="true" class="system" />
        </ol>
      </div>
      <p class="typing">{session.agentTyping ? `${agent} is typing…` : ''}</p>
    </>
  );
}

/** Attach a file: shown while the chat takes files; the native picker keeps it keyboard-ready. */
function AttachFile({
  session,
  onAttach,
}: Pick<ChatPanelProps, 'onAttach'> & { session: ChatSession }) {
  const picker = useRef<HTMLInputElement>(null);
  if (!session.files) return null;
  return (
    <>
      <input
        ref={picker}
        type="file"
        hidden
        accept={session.files.fileTypes.map((type) => `.${type}`).join(',')}
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          event.currentTarget.value = '';
          if (file) onAttach(file);
        }}
      />
      <button
        type="button"
        class="attach quiet"
        aria-label="Attach a file"
        title="Attach a file"
        onClick={() => picker.current?.click()}
      >
        +
      </button>
    </>
  );
}

function ChatComposer({
  session,
  onSend,
  onTyping,
  onAttach,
}: Pick<ChatPanelProps, 'onSend' | 'onTyping' | 'onAttach'> & { session: ChatSession }) {
  const typing = useRef<ReturnType<typeof setTimeout> | null>(null);
  const stopTyping = () => {
    if (typing.current === null) return;
    clearTimeout(typing.current);
    typing.current = null;
    onTyping(false);
  };
  return (
    <Composer
      onSend={onSend}
      before={<AttachFile session={session} onAttach={onAttach} />}
      beforeSend={stopTyping}
      onInput={() => {
        if (typing.current === null) onTyping(true);
        else clearTimeout(typing.current);
        typing.current = setTimeout(stopTyping, TYPING_IDLE_MS);
      }}
    />
  );
}

function Step({ step, onMenu }: { step: DialogStep; onMenu: ChatPanelProps['onMenu'] }) {
  if (step.kind === 'confirm') return <p role="status">{step.text}</p>;
  if (step.kind === 'dial')
    return (
      <p role="status">
        <a href={step.tel}>{step.label}</a>
      </p>
    );
  if (step.kind === 'menu')
    return (
      <fieldset class="menu">
        <legend>{step.label}</legend>
        {step.groups.flatMap((group) =>
          group.options.map((option) => (
            <button key={option.url} type="button" class="quiet" onClick={() => onMenu(option.url)}>
              {option.label}
            </button>
          )),
        )}
      </fieldset>
    );
  return <p role="status">Starting the chat…</p>;
}

/** After the end: a rating (where it is recorded), the transcript to keep, and a new chat. */
function ClosingStep({ text, rating, onRate, onSaveTranscript, onNewChat }: ChatPanelProps) {
  const words = (template: string, n: number) => template.replace('{n}', String(n));
  return (
    <div class="after">
      {onRate &&
        (rating === null ? (
          <fieldset class="rating">
            <legend>{text.rateQuestion}</legend>
            {[1, 2, 3, 4, 5].map((n) => (
              <button key={n} type="button" class="quiet" onClick={() => onRate(n)}>
                {words(text.rate, n)}
              </button>
            ))}
          </fieldset>
        ) : (
          <p role="status">{words(text.rated, rating)}</p>
        ))}
      <div class="actions">
        <button type="button" class="quiet" onClick={onSaveTranscript}>
          {text.transcript}
        </button>
        <button type="button" onClick={onNewChat}>
          {text.newChat}
        </button>
      </div>
    </div>
  );
}

/** The chat: registration, then transcript and composer. It only renders and reports. */
export function ChatPanel(props: ChatPanelProps) {
  const { session, step, error } = props;
  const running = session !== null && session.status !== 'ended' && session.status !== 'failed';
  return (
    <section class="panel" aria-label="Chat">
      <PanelHeader title="Chat" brand={props.brand}>
        <span class="tools">
          {props.onMinimise && (
            <button type="button" onClick={props.onMinimise}>
              {props.text.minimise}
            </button>
          )}
          {running ? (
            <button type="button" onClick={props.onEnd}>
              End chat
            </button>
          ) : (
            <button type="button" onClick={props.onClose}>
              Close
            </button>
          )}
        </span>
      </PanelHeader>
      <div class="body">
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        {props.notice && <p role="status">{props.notice}</p>}
        {session ? (
          <Transcript
            session={session}
            outgoing={props.outgoing}
            text={props.text}
            onDownload={props.onDownload}
          />
        ) : step ? (
          <Step step={step} onMenu={props.onMenu} />
        ) : (
          <RegistrationForm
            onRegister={props.onRegister}
            requireName={props.requireName}
            knownName={props.knownName}
          />
        )}
      </div>
      {session && isOver(session) ? (
        <ClosingStep {...props} />
      ) : (
        session && (
          <ChatComposer
            session={session}
            onSend={props.onSend}
            onTyping={props.onTyping}
            onAttach={props.onAttach}
          />
        )
      )}
    </section>
  );
}
