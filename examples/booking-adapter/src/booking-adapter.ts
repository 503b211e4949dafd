import type { MediaAdapter, MediaSession } from 'beckon/adapter';

export interface BookingOptions {
  /** The booking page; it gets the visit's IDs in its query string. */
  url: string;
  /** The panel's title; default "Book a visit". */
  title?: string;
  /** Called with the slot the visitor booked. */
  onBooked?: (slot: string) => void;
}

/** What the booking page posts to its parent once the visitor has booked. */
interface Booked {
  type: 'booked';
  slot: string;
}

const isBooked = (data: unknown): data is Booked =>
  typeof data === 'object' &&
  data !== null &&
  (data as Booked).type === 'booked' &&
  typeof (data as Booked).slot === 'string';

/**
 * A media adapter that opens a booking page in Beckon's panel, with the visit's IDs, and reports
 * the booked slot as a `booked` session event. The kit is imported when the visitor accepts, so it
 * stays out of the site's first bundle.
 */
export function bookingAdapter(options: BookingOptions): MediaAdapter {
  return {
    name: 'booking',
    party: 'third',
    async open(context): Promise<MediaSession> {
      const { contextUrl, openPanel, sessionEvents } = await import('beckon/adapter');
      const events = sessionEvents();
      const origin = new URL(options.url).origin;
      const onMessage = (event: MessageEvent) => {
        // Only the booking page in our own panel may speak: its origin, and its window.
        if (event.origin !== origin || event.source !== frame?.contentWindow) return;
        if (!isBooked(event.data)) return;
        options.onBooked?.(event.data.slot);
        events.emit('booked', event.data.slot);
      };
      const panel = openPanel({
        title: options.title ?? 'Book a visit',
        name: 'booking',
        frame: contextUrl(options.url, context),
        onClose: () => {
          window.removeEventListener('message', onMessage);
          events.emit('closed');
        },
      });
      const frame = panel.body.querySelector('iframe');
      window.addEventListener('message', onMessage);
      return { close: panel.close, on: events.on };
    },
  };
}
