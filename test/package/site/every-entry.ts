// A site's use of every entry point, type-checked against the installed tarball.
import { type Command, type Config, type Ids, type LoadOptions, load, push } from 'beckon';
import {
  contextUrl,
  type MediaAdapter,
  type MediaContext,
  openPanel,
  type Placement,
  sessionEvents,
  whenPopupCloses,
} from 'beckon/adapter';
import type {} from 'beckon/global';
import type { InviteData, NotifyBody, TrackedEvent, VisitReport } from 'beckon/protocol';

const config: Config = { trackHash: true, invitation: { position: 'bottom-left' } };
const options: LoadOptions = { endpoint: 'https://engage.example', config, nonce: 'abc' };
void load(options).then(() => push(['page', { title: 'Loaded' }]));

push(['event', 'AddToCart', { data: { sku: 'LAMP-042', price: 49 } }]);
push(['event', { eventName: 'CartChange', action: 'add' }]);
push(['sendSignIn', { data: { email: 'ann@example.com' } }], ['consent', true], ['debug']);
push(['getIDs', (ids: Ids) => ids.visitID.toLowerCase()]);
push(['on', 'event:*', (event) => event.eventName.toLowerCase()]);
push(['on', 'invite:accepted', (invite) => invite.engagementID.toLowerCase()]);
push(['on', 'media:closed', ({ adapter, context }) => `${adapter}${context.pageID}`]);
push(['on', 'notification:acme.offers', (data) => data]);
push(['on', 'delivered', (eventIDs) => eventIDs.length]);
push(['on', 'message', (reply) => reply.text]);
push(['invite', { type: 'callback', title: 'Call you back?', message: '', adapter: 'gms' }]);

const placement: Placement = 'center';
const adapter: MediaAdapter = {
  name: 'every-entry',
  party: 'third',
  open: async (context: MediaContext) => {
    const events = sessionEvents();
    const panel = openPanel({
      title: 'Hello',
      placement,
      css: 'p { margin: 0 }',
      onClose: () => events.emit('closed'),
    });
    const popup = window.open(contextUrl('https://partner.example/chat', context));
    if (popup) whenPopupCloses(popup, panel.close);
    return { close: panel.close, on: events.on };
  },
};
push(['adapter', adapter]);

// A snippet-only site, typed by beckon/global.
window._gt = window._gt ?? [];
window._gt.push(['event', 'Subscribed'], ['consent', true]);
window._gt.push(['on', 'invite:shown', (invite) => invite.title]);

const commands: Command[] = [['page'], ['consent', false]];
push(...commands);

const invite: InviteData = {
  engagementID: '9A1AD4389AC34F0A86D3EB04E50D6137',
  type: 'chat',
  title: 'Hi',
  message: '',
};
const body: NotifyBody = [
  { channel: 'beckon.invite', data: invite },
  { channel: 'acme.offers', data: { percent: 10 } },
];
const eventsOf = (report: VisitReport): TrackedEvent[] => report.events;

export { body, eventsOf };
