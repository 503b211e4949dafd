// The origins of the host-page benchmark besides Beckon's engagement server: the host site serving
// the reference page (with one widget's snippet, or none), and the peer's server serving Rocket.Chat
// Livechat's build/ as a Rocket.Chat server would at /livechat.
import { readFileSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import Fastify from 'fastify';

const here = new URL('./', import.meta.url).pathname;

export type Variant = 'none' | 'script' | 'beckon' | 'beckon-invited' | 'peer';

/**
 * Each widget's snippet, as its documentation says to paste it; `script` is the floor any
 * snippet's tag stands on: an empty async script from another origin (the peer's server).
 */
function snippet(variant: Variant, engineUrl: string, peerUrl: string) {
  if (variant === 'script') return `<script async src="${peerUrl}/empty.js"></script>`;
  if (variant === 'beckon' || variant === 'beckon-invited')
    return `<script>var _gt = window._gt || [];</script>
    <script async src="${engineUrl}/beckon.js"></script>`;
  if (variant === 'peer')
    return `<script type="text/javascript">
    (function(w, d, s, u) {
      w.RocketChat = function(c) { w.RocketChat._.push(c) }; w.RocketChat._ = []; w.RocketChat.url = u;
      var h = d.getElementsByTagName(s)[0], j = d.createElement(s);
      j.async = true; j.src = '${peerUrl}/livechat/rocketchat-livechat.min.js?_=' + Math.random();
      h.parentNode.insertBefore(j, h);
    })(window, document, 'script', '${peerUrl}/livechat?serverUrl=${encodeURIComponent(peerUrl)}');
    </script>`;
  return '';
}

export async function hostSite(engineUrl: string, peerUrl: string) {
  const page = readFileSync(`${here}reference.html`, 'utf8');
  const app = Fastify();
  app.get<{ Querystring: { variant?: Variant } }>('/', async (request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(
        page.replace('<!--widget-->', snippet(request.query.variant ?? 'none', engineUrl, peerUrl)),
      ),
  );
  app.get('/reference.css', async (_r, reply) =>
    reply.type('text/css').send(readFileSync(`${here}reference.css`)),
  );
  app.get('/lamp.svg', async (_r, reply) =>
    reply.type('image/svg+xml').send(readFileSync(`${here}lamp.svg`)),
  );
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, close: () => app.close() };
}

/**
 * The peer's files, gzip-compressed as a production server sends them (see peer.ts), and the two Livechat REST
 * routes its widget calls on start (`GET /api/v1/livechat/config`, `POST …/page.visited`), answered
 * in Rocket.Chat's documented shape with an online service, so the widget shows its launcher as on a
 * real site. There is no DDP websocket: its connection attempt fails as it would against a server
 * that is down, which the figures include.
 */
export async function peerServer(build: string) {
  const app = Fastify();
  await app.register(fastifyStatic, { root: build, prefix: '/livechat/', preCompressed: true });
  app.get('/livechat', async (_r, reply) => reply.sendFile('index.html'));
  app.get('/api/v1/livechat/config', async () => ({
    success: true,
    config: {
      enabled: true,
      online: true,
      settings: {
        registrationForm: true,
        nameFieldRegistrationForm: true,
        emailFieldRegistrationForm: true,
        displayOfflineForm: true,
        fileUpload: false,
        showConnecting: false,
        limitTextLength: false,
      },
      theme: {
        title: 'Chat with us',
        color: '#C1272D',
        offlineTitle: 'Leave a message',
        actionLinks: [],
      },
      messages: {},
      survey: {},
      triggers: [],
      departments: [],
      resources: {},
    },
  }));
  app.post('/api/v1/livechat/page.visited', async () => ({ success: true }));
  app.get('/empty.js', async (_r, reply) =>
    reply.type('text/javascript').header('cache-control', 'no-store').send(''),
  );
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, close: () => app.close() };
}
