import type { Log } from '../monitor/log.ts';
import type { Notifications, NotificationsOptions } from './notifications.ts';

/**
 * The notification stream as the core holds it: its code is a chunk of its own (`chunks/stream.js`),
 * loaded the first time the stream is wanted, so the script every page loads stays small. What is
 * asked before the chunk has come is done once it has; a chunk that failed to load is tried again
 * on the next ask.
 */
export function lateNotifications(
  log: Log,
  load: () => Promise<{ startNotifications(options: NotificationsOptions): Notifications }>,
  options: NotificationsOptions,
): Notifications {
  let real: Notifications | null = null;
  let loading = false;
  /** Asked to follow the visit, and not stopped since. */
  let wanted = false;
  let known = false;
  const ensure = () => {
    if (real || loading) return;
    loading = true;
    load()
      .then(
        (chunk) => {
          real = chunk.startNotifications(options);
          if (wanted) real.update();
          if (known) real.visitKnown();
        },
        (error) => log.error('could not load the notification stream (chunks/stream.js)', error),
      )
      .finally(() => {
        loading = false;
      });
  };
  return {
    update: () => {
      if (real) return real.update();
      wanted = true;
      ensure();
    },
    visitKnown: () => {
      if (real) return real.visitKnown();
      known = true;
    },
    stop: () => {
      if (real) return real.stop();
      wanted = false;
      known = false;
    },
  };
}
