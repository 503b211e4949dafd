// Each line below is a mistake the types must catch. If a type stops catching one, its
// `@ts-expect-error` goes unused and the type check fails.
import { load, push } from 'beckon';
import { type MediaAdapter, openPanel } from 'beckon/adapter';
import type {} from 'beckon/global';
import type { NotifyBody } from 'beckon/protocol';

// @ts-expect-error an unknown command
push(['trackPageView']);
// @ts-expect-error an event name must be a string
push(['event', 42]);
// @ts-expect-error event fields belong inside {data}
push(['event', 'Buy', { sku: 'A1' }]);
// @ts-expect-error consent is true or false
push(['consent', 'yes']);
// @ts-expect-error a config key that does not exist
push(['config', { endpont: 'https://engage.example' }]);
// @ts-expect-error a config value of the wrong type
push(['config', { trackSpa: 'yes' }]);
// @ts-expect-error a listener name Beckon never sends
push(['on', 'invite:show', () => {}]);
// @ts-expect-error an event listener is handed the event, not an invitation
push(['on', 'event:AddToCart', (invite: { engagementID: string }) => invite.engagementID]);
// @ts-expect-error getIDs hands over IDs, which have no such field
push(['getIDs', (ids) => ids.sessionID]);
// @ts-expect-error page takes url and title only
push(['page', { path: '/next' }]);
// @ts-expect-error an invitation needs its type, title and message
push(['invite', { title: 'Hi' }]);
// @ts-expect-error an adapter's party is second or third
push(['adapter', { name: 'x', party: 'first', open: async () => ({ close() {}, on() {} }) }]);
// @ts-expect-error an adapter must open
push(['adapter', { name: 'x', party: 'third' }]);
// @ts-expect-error one argument too many
push(['consent', true, false]);
// @ts-expect-error load needs the endpoint
void load({});
// @ts-expect-error load's config does not take endpoint twice
void load({ endpoint: 'https://engage.example', config: { endpoint: 'https://other.example' } });

const wrongOpen: MediaAdapter = {
  name: 'wrong',
  party: 'third',
  // @ts-expect-error open must resolve to a session with close and on
  open: async () => ({ close() {} }),
};
// @ts-expect-error a panel needs a title
openPanel({ frame: 'https://partner.example' });
// @ts-expect-error placement is a corner or the centre
openPanel({ title: 'x', placement: 'middle' });
// @ts-expect-error the snippet's queue takes commands too
window._gt?.push(['consent', 'no']);
// @ts-expect-error a notification names its channel
const body: NotifyBody = [{ data: { percent: 10 } }];

export { body, wrongOpen };
