import { useEffect, useRef, useState } from 'preact/hooks';
import { PHONE_NUMBER } from '../../src/protocol/gms-scenarios.ts';
import type { DialogStep } from '../gms/dialog.ts';

export interface CallbackPanelProps {
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
  busy: boolean;
  error: string | null;
  onSubmit(request: { phone: string; slot?: string }): void;
  onCancel(): void;
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

function Answer({
  step,
  booked,
  cancelled,
  busy,
  onCancel,
}: Pick<CallbackPanelProps, 'step' | 'booked' | 'cancelled' | 'busy' | 'onCancel'> & {
  step: DialogStep;
}) {
  if (cancelled) return <p role="status">Your call back is cancelled.</p>;
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
      <header>
        <h2>Call back</h2>
        <button type="button" onClick={props.onClose}>
          Close
        </button>
      </header>
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
