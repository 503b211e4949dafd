import { atom } from 'nanostores';
import type { EngageHost } from '../../src/engage/host.ts';
import type { MediaSession } from '../../src/media/adapter.ts';
import { sessionEvents } from '../../src/media/session-events.ts';
import type { GmsAdapterConfig } from '../../src/protocol/config.ts';
import { SCENARIOS, type ScenarioName } from '../../src/protocol/gms-scenarios.ts';
import type { MediaContext } from '../../src/protocol/media.ts';
import { whenOf } from '../callback/callback-panel.tsx';
import { type CallbackState, mountCallbackPanel } from '../callback/index.tsx';
import { type DialogStep, stepFor } from './dialog.ts';
import { positionOf, postService, recordOf, serviceHeaders } from './gms-api.ts';

const SLOT_DAYS = 7;
/** How often a waiting visitor's place is asked for: often enough to answer a 30 s ask in time. */
export const QUEUE_POLL_MS = 5000;

/**
 * Voice scenarios: the callback panel asks for a phone number (and, for VOICE-SCHEDULED-USERTERM,
 * one of the service's open slots, shown in the visitor's time zone), posts the scenario with the
 * attached data, shows the `_action` answer, and can cancel the booking. REQUEST-INTERACTION asks
 * the builtin service for a number (and code) to dial.
 */
export async function runCallback(
  host: Pick<EngageHost, 'win' | 'log' | 'config'>,
  context: MediaContext,
  scenario: ScenarioName | 'REQUEST-INTERACTION',
  gms: { baseUrl: string; config: GmsAdapterConfig },
): Promise<MediaSession> {
  const fetchFn = host.win.fetch.bind(host.win);
  const headers = serviceHeaders(gms.config, context);
  const service = encodeURIComponent(gms.config.callbackService ?? 'callback');
  const serviceUrl = `${gms.baseUrl}/genesys/1/service/callback/${service}`;
  const preset = scenario === 'REQUEST-INTERACTION' ? null : SCENARIOS[scenario];
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const events = sessionEvents();

  /** What the panel shows: it subscribes, and every change below is a change of this store. */
  const $callback = atom<CallbackState>({
    mode: !preset
      ? 'dial-in'
      : 'scheduled' in preset
        ? 'scheduled'
        : preset._call_direction === 'USERORIGINATED'
          ? 'dial-in'
          : 'now',
    slots: null,
    timeZone,
    step: null as DialogStep | null,
    booked: null,
    cancelled: false,
    queue: null,
    busy: false,
    error: null,
  });
  const put = (changes: Partial<CallbackState>) =>
    $callback.set({ ...$callback.get(), ...changes });
  let callbackId: string | null = null;
  let closed = false;

  /**
   * Asks where the callback stands while the panel is open and it may still change; a service
   * without check-queue-position (or any failure) just leaves the place unshown.
   */
  const watchQueue = async () => {
    if (closed || $callback.get().cancelled || !callbackId) return;
    const response = await fetchFn(
      `${gms.baseUrl}/genesys/1/service/${encodeURIComponent(callbackId)}/check-queue-position`,
      { headers, credentials: 'omit' },
    ).catch(() => null);
    const queue = positionOf(await response?.json().catch(() => null));
    if (!response?.ok || !queue) return;
    put({ queue });
    if (queue._callback_state !== 'COMPLETED')
      host.win.setTimeout(() => void watchQueue(), QUEUE_POLL_MS);
  };

  const fail = (message: string) => {
    host.log.error(`gms callback: ${message}`);
    put({ error: message, busy: false });
  };
  const close = () => {
    closed = true;
    panel.close();
    events.emit('closed');
  };
  const panel = mountCallbackPanel(host.win.document, host.config.theme, $callback, {
    onSubmit: ({ phone, slot }) => {
      put({ busy: true, error: null });
      // As GMS's own samples do, the attached data goes as plain parameters.
      const attached = context.attachedData;
      const request = preset
        ? postService(
            fetchFn,
            serviceUrl,
            {
              ...Object.fromEntries(
                Object.entries(preset)
                  .filter(([key]) => key.startsWith('_'))
                  .map(([k, v]) => [k, String(v)]),
              ),
              _customer_number: phone,
              ...(slot ? { _desired_time: slot } : {}),
              ...attached,
            },
            headers,
          )
        : postService(
            fetchFn,
            `${gms.baseUrl}/genesys/1/service/request-interaction`,
            { _phone_number: phone, ...attached },
            headers,
          );
      request
        .then((answer) => {
          if ('_chatIxnAPI-CREATE-URL' in answer)
            throw new Error('the service answered with a chat, not a call');
          callbackId = answer._id;
          put({
            step: stepFor(answer),
            booked: slot ? whenOf(slot, timeZone) : null,
            busy: false,
          });
          if ($callback.get().mode !== 'dial-in') void watchQueue();
        })
        .catch((reason: Error) => fail(reason.message));
    },
    onCancel: () => {
      if (!callbackId) return;
      put({ busy: true });
      fetchFn(`${serviceUrl}/${encodeURIComponent(callbackId)}`, {
        method: 'DELETE',
        headers,
        credentials: 'omit',
      })
        .then((response) => {
          if (!response.ok) throw new Error(`cancelling answered ${response.status}`);
          put({ cancelled: true, busy: false });
        })
        .catch((reason: Error) => fail(reason.message));
    },
    onConfirm: () => {
      const url = $callback.get().queue?._user_confirm_url;
      if (!url) return;
      put({ busy: true, error: null });
      fetchFn(new URL(url, `${gms.baseUrl}/`).href, {
        method: 'POST',
        headers,
        credentials: 'omit',
      })
        .then(async (response) => {
          const record = recordOf(await response.json().catch(() => null));
          if (!response.ok || !record)
            throw new Error('the time to answer has passed; you keep your place in the queue');
          const { queue } = $callback.get();
          put({
            busy: false,
            ...(queue ? { queue: { ...queue, _callback_state: record._callback_state } } : {}),
          });
        })
        .catch((reason: Error) => fail(reason.message));
    },
    onClose: () => close(),
  });

  if ($callback.get().mode === 'scheduled') {
    fetchFn(`${serviceUrl}/availability?number-of-days=${SLOT_DAYS}&max-time-slots=200`, {
      headers,
      credentials: 'omit',
    })
      .then(async (response) => {
        if (!response.ok)
          throw new Error(`the free times could not be loaded (${response.status})`);
        put({ slots: Object.keys((await response.json()) as Record<string, number>) });
      })
      .catch((reason: Error) => {
        put({ slots: [] });
        fail(reason.message);
      });
  }
  return { close, on: events.on };
}
