import { load, push } from 'beckon';
import { bookingAdapter } from './booking-adapter.ts';

// The site's own code: register the adapter, make it the one an accepted invitation opens, and
// load Beckon from the engagement server the page names.
const setting = (name: string) =>
  document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content ?? '';
// What happened is written on <body> for the page's own scripts (and the repository's tests) to see.
const note = (key: string, value: string) => {
  document.body.dataset[key] = value;
};

push([
  'adapter',
  bookingAdapter({ url: setting('booking-url'), onBooked: (slot) => note('booked', slot) }),
]);
push([
  'on',
  'media:opened',
  ({ adapter, context }) => {
    note('opened', adapter);
    note('attached', JSON.stringify(context.attachedData));
  },
]);
push(['on', 'invite:shown', (invite) => note('invited', invite.title)]);
await load({ endpoint: setting('beckon-endpoint'), config: { adapter: 'booking' } });
push(['getIDs', (ids) => note('visit', ids.visitID)]);
