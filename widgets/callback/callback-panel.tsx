import { useEffect, useRef, useState } from 'preact/hooks';
import type { QueuePosition } from '../../src/protocol/gms-queue.ts';
import { PHONE_NUMBER } from '../../src/protocol/gms-scenarios.ts';
import type { DialogStep } from '../gms/dialog.ts';
import { PanelHeader } from '../panel-header.tsx';
import type { Brand } from '../theme.ts';

export interface CallbackPanelProps {
  /** The site's name and logo for the header (config `theme`). */
  brand: Brand;
  /** `scheduled`: the visitor picks a slot; `now`: call me now; `dial-in`: we show a number to call. */
  mode: 'now' | 'scheduled' | 'dial-in';
  /** Open slots (ISO times) for scheduled calls; null while loading. */
  slots: string[] | null;
  /** The visitor's time zone, for showing slots. */
  timeZone: string;
  /** The answer once the request went through. */
  step: DialogStep | null;
  /** The booked time, shown in the visitor's time zone, when there is one. */
  booked: string | null;
  cancelled: boolean;
  /** Where the callback stands while the visitor waits (check-queue-position); null if unknown. */
  queue: QueuePosition | null;
  busy: boolean;
  error: string | null;
  onSubmit(request: { phone: string; slot?: string }): void;
  onCancel(): void;
  /** The visitor can take the call now (asked while an agent waits for them). */
  onConfirm(): void;
  onClose(): void;
}

const dayOf = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat(undefined, {
    timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
  }).format(new Date(iso));
const timeOf = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat(undefined, { timeZone, hour: '2-digit', minute: '2-digit' }).format(
    new Date(iso),
  );
export const whenOf = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat(undefined, { timeZone, dateStyle: 'full', timeStyle: 'short' }).format(
    new Date(iso),
  );

function Request({
  mode,
  slots,
  timeZone,
  busy,
  onSubmit,
}: Pick<CallbackPanelProps, 'mode' | 'slots' | 'timeZone' | 'busy' | 'onSubmit'>) {
  const [phoneError, setPhoneError] = useState<string | null>(null);
  const phone = useRef<HTMLInputElement>(null);
  const slot = useRef<HTMLSelectElement>(null);
  useEffect(() => phone.current?.focus(), []);
  const days = new Map<string, string[]>();
  for (const iso of slots ?? [])
    days.set(dayOf(iso, timeZone), [...(days.get(dayOf(iso, timeZone)) ?? []), iso]);
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const number = phone.current?.value.trim() ?? '';
        if (!PHONE_NUMBER.test(number)) {
          setPhoneError('Enter a phone number with its country code, like +49 30 1234567.');
          phone.current?.focus();
          return;
        }
        setPhoneError(null);
        onSubmit({
          phone: number,
          ...(mode === 'scheduled' && slot.current?.value ? { slot: slot.current.value } : {}),
        });
      }}
    >
      <label>
        Your phone number
        <input
          ref={phone}
          type="tel"
          autocomplete="tel"
          aria-invalid={phoneError ? 'true' : 'false'}
          aria-describedby={phoneError ? 'phone-error' : undefined}
        />
        {phoneError && (
          <span class="field-error" id="phone-error">
            {phoneError}
          </span>
        )}
      </label>
      {mode === 'scheduled' &&
        (slots === null ? (
          <p role="status">Looking for free times…</p>
        ) : slots.length === 0 ? (
          <p role="status">There is no free time in the next days. Please try again later.</p>
        ) : (
          <label>
            {`When should we call? (your time, ${timeZone})`}
            <select ref={slot}>
              {[...days].map(([day, times]) => (
                <optgroup key={day} label={day}>
                  {times.map((iso) => (
                    <option key={iso} value={iso}>
                      {timeOf(iso, timeZone)}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </label>
        ))}
      <button type="submit" disabled={busy || (mode === 'scheduled' && !slots?.length)}>
        {mode === 'scheduled'
          ? 'Book the call'
          : mode === 'dial-in'
            ? 'Get the number'
            : 'Call me now'}
      </button>
    </form>
  );
}

/** While the visitor waits: their place, the ask to confirm, or the call under way. */
function Waiting({
  queue,
  busy,
  onConfirm,
}: Pick<CallbackPanelProps, 'busy' | 'onConfirm'> & { queue: QueuePosition }) {
  if (queue._callback_state === 'ROUTING') return <p role="status">An agent is calling you now.</p>;
  if (queue._callback_state === 'COMPLETED') return <p role="status">This call back has ended.</p>;
  if (queue._user_confirm_expires) {
    const seconds = Math.max(
      0,
      Math.round((Date.parse(queue._user_confirm_expires) - Date.now()) / 1000),
    );
    return (
      <div class="ask" role="alert">
        <p>{`An agent is ready to call you. Can you take the call now? Please answer within ${seconds} seconds.`}</p>
        <button type="button" disabled={busy} onClick={onConfirm}>
          Yes, call me now
        </button>
      </div>
    );
  }
  if (queue.position === undefined) return null;
  return (
    <p role="status">
      {queue.position === 1
        ? 'You are next in the queue.'
        : `You are number ${queue.position} in the queue.`}
    </p>
  );
}

function Answer({
  step,
  booked,
  cancelled,
  queue,
  busy,
  onCancel,
  onConfirm,
}: Pick<
  CallbackPanelProps,
  'step' | 'booked' | 'cancelled' | 'queue' | 'busy' | 'onCancel' | 'onConfirm'
> & {
  step: DialogStep;
}) {
  if (cancelled) return <p role="status">Your call back is cancelled.</p>;
  if (queue && queue._callback_state !== 'QUEUED' && queue._callback_state !== 'SCHEDULED')
    return <Waiting queue={queue} busy={busy} onConfirm={onConfirm} />;
  if (step.kind === 'dial')
    return (
      <p role="status">
        <a href={step.tel}>{step.label}</a>
      </p>
    );
  return (
    <>
      <p role="status">
        {booked
          ? `We will call you on ${booked}.`
          : step.kind === 'confirm'
            ? step.text
            : 'Your request is in.'}
      </p>
      {queue && <Waiting queue={queue} busy={busy} onConfirm={onConfirm} />}
      <button type="button" class="quiet" disabled={busy} onClick={onCancel}>
        Cancel the call back
      </button>
    </>
  );
}

/** The call back: a phone number (and a time), then the confirmation, with a way to cancel. */
export function CallbackPanel(props: CallbackPanelProps) {
  return (
    <section class="panel" aria-label="Call back">
      <PanelHeader title="Call back" brand={props.brand}>
        <button type="button" onClick={props.onClose}>
          Close
        </button>
      </PanelHeader>
      <div class="body">
        {props.error && (
          <p class="error" role="alert">
            {props.error}
          </p>
        )}
        {props.step ? <Answer {...props} step={props.step} /> : <Request {...props} />}
      </div>
    </section>
  );
}
