import type { FastifyInstance, FastifyRequest, preValidationHookHandler } from 'fastify';
import type { Access } from './access.ts';

/**
 * Who may call a route:
 * - `visitor`: the site's pages, from the origins in BECKON_ALLOWED_ORIGINS; a route that names a
 *   visit also wants that visit's key (checked where the visit is named), and is rate limited.
 * - `agent`: the agent console (BECKON_AGENT_TOKEN); same origin only.
 * - `operator`: operators and orchestrators (BECKON_NOTIFY_TOKEN); same origin only.
 * - `socialhub`: SocialHub calling back, proven by its webhook signature or channel-creation token.
 */
export type RouteClass = 'visitor' | 'agent' | 'operator' | 'socialhub';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set on every route as it registers (`classifyRoutes`). */
    routeClass?: RouteClass;
  }
}

/** Every route of the server. A route missing here stops the server from starting. */
export const ROUTE_CLASSES: Readonly<Record<string, RouteClass>> = {
  'POST /server/data/events': 'visitor',
  'GET /server/notifications/:visitID': 'visitor',
  /** The visitor's own journey with the visit key; agents read any visit's. */
  'GET /server/data/visits/:visitID': 'visitor',
  'GET /server/data/visits/:visitID/engagements': 'visitor',
  /** The visitor erases themselves (`['forget']`), with the visit's key. */
  'DELETE /server/data/visits/:visitID/visitor': 'visitor',
  'POST /server/inbox/messages': 'visitor',
  'POST /genesys/2/chat/:service': 'visitor',
  'POST /genesys/2/chat/:service/:chatId/:op': 'visitor',
  'POST /genesys/2/chat/:service/:chatId/file': 'visitor',
  'POST /genesys/2/chat/:service/:chatId/file/limits': 'visitor',
  'POST /genesys/2/chat/:service/:chatId/file/:fileId/download': 'visitor',
  'POST /genesys/2/chat/:service/:chatId/file/:fileId/delete': 'visitor',
  'POST /genesys/1/service/callback/:service': 'visitor',
  'GET /genesys/1/service/callback/:service/availability': 'visitor',
  /** By `_id` for whoever holds it; listings and searches by number want the agent (callback-routes.ts). */
  'GET /genesys/1/service/callback': 'visitor',
  'GET /genesys/1/service/callback/:service': 'visitor',
  /** The callback's `_id` is its capability, as GMS's own. */
  'PUT /genesys/1/service/callback/:service/:id': 'visitor',
  'DELETE /genesys/1/service/callback/:service/:id': 'visitor',
  'POST /genesys/1/service/callback/:service/:id/confirm': 'visitor',
  'GET /genesys/1/service/:id/check-queue-position': 'visitor',
  'POST /genesys/1/service/:id/check-queue-position': 'visitor',
  'POST /genesys/1/service/request-chat': 'visitor',
  'POST /genesys/1/service/request-interaction': 'visitor',
  'GET /*': 'visitor',
  /** GWE's paths: its loader's script and what loads beside it, the operator's resources. */
  'GET /server/resources/js/build/GPE.min.js': 'visitor',
  'GET /server/resources/js/build/GPE.js': 'visitor',
  'GET /server/resources/js/build/*': 'visitor',
  'GET /server/resources/*': 'visitor',
  'GET /server/api/resources/v1/*': 'visitor',
  'OPTIONS *': 'visitor',

  'GET /server/agent/queue': 'agent',
  /** What changed for agents, pushed (Server-Sent Events), so the console need not poll. */
  'GET /server/agent/events': 'agent',
  'GET /server/agent/chats/:chatId': 'agent',
  'POST /server/agent/chats/:chatId/accept': 'agent',
  'POST /server/agent/chats/:chatId/send': 'agent',
  'POST /server/agent/chats/:chatId/typing': 'agent',
  'POST /server/agent/chats/:chatId/push-url': 'agent',
  'POST /server/agent/chats/:chatId/end': 'agent',
  /** Files in a chat: the agent sends one, or downloads one either side sent. */
  'POST /server/agent/chats/:chatId/files': 'agent',
  'GET /server/agent/chats/:chatId/files/:fileId': 'agent',
  /** The agent works a callback: dials it (ROUTING), then says how it ended (COMPLETED). */
  'POST /server/agent/callbacks/:callbackId/dial': 'agent',
  'POST /server/agent/callbacks/:callbackId/complete': 'agent',
  /** Agents say whether they are free; the engagement policy paces offers by it. */
  'GET /server/data/agents/availability': 'agent',
  'PUT /server/data/agents/availability': 'agent',

  'POST /server/data/notification/notify/:visitID': 'operator',
  'POST /frontend/data/notification/notify/:visitID': 'operator',
  'POST /server/data/gateway/engage': 'operator',
  'POST /server/data/gateway/noengage': 'operator',
  'POST /backend/data/gateway/engage': 'operator',
  'POST /backend/data/gateway/noengage': 'operator',
  'GET /server/data/engagements/stats': 'operator',
  /** The funnel by rule and over time (server/engagement/funnel-routes.ts). */
  'GET /server/data/engagements/funnel': 'operator',
  /** What is going on now, for the operator page. */
  'GET /server/data/now': 'operator',
  /** Prometheus' scrape (server/metrics/routes.ts). */
  'GET /metrics': 'operator',
  /** Data protection: what is held on a visitor, and its erasure (server/visitors/routes.ts). */
  'GET /server/data/visitors/:globalVisitID': 'operator',
  'DELETE /server/data/visitors/:globalVisitID': 'operator',
  'GET /server/data/visitors': 'operator',
  'DELETE /server/data/visitors': 'operator',

  /** Probes for load balancers and orchestrators (server/health/routes.ts): no credential. */
  'GET /server/health/live': 'visitor',
  'GET /server/health/ready': 'visitor',

  /** The server's own description of its routes, from their contracts (http/contracts.ts). */
  'GET /server/openapi.json': 'visitor',
  'GET /server/docs': 'visitor',
  'GET /server/docs.js': 'visitor',

  'POST /server/inbox/webhook': 'socialhub',
  'GET /server/inbox/channel': 'socialhub',
};

/** `:name` and `*` segments as patterns, for requests (CORS preflights) that matched no route yet. */
const PATTERNS = Object.entries(ROUTE_CLASSES).map(([key, routeClass]) => {
  const [method, path] = key.split(' ') as [string, string];
  const source = path
    .split('/')
    .map((part) =>
      part === '*'
        ? '.*'
        : part.startsWith(':')
          ? '[^/]+'
          : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('/');
  return { method, pattern: new RegExp(`^${source}$`), routeClass };
});

/**
 * The class of a request for `path` with `method`, found by its path: the most specific route's
 * (static files last). Only for requests that matched no route of their own (CORS preflights).
 */
export function classOf(method: string, given: string): RouteClass | null {
  const wanted = method === 'HEAD' ? 'GET' : method;
  // A trailing slash names the same route (app.ts, ignoreTrailingSlash).
  const path = given.length > 1 ? given.replace(/\/+$/, '') : given;
  const exact = ROUTE_CLASSES[`${wanted} ${path}`];
  if (exact) return exact;
  const matches = PATTERNS.filter((p) => p.method === wanted && p.pattern.test(path));
  return (matches.find((p) => !p.pattern.source.endsWith('.*$')) ?? matches[0])?.routeClass ?? null;
}

/** The class of the route a request matched, as `classifyRoutes` put it there; by path otherwise. */
export function requestClass(request: FastifyRequest): RouteClass | null {
  return (
    request.routeOptions.config?.routeClass ??
    classOf(request.method, request.url.split('?')[0] ?? '/')
  );
}

/**
 * Puts every route in its class as it is registered: agent and operator routes get their guard, and
 * a route in no class is an error at start, so no route is ever open by omission.
 */
export function classifyRoutes(app: FastifyInstance, access: Access) {
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      const key = `${method === 'HEAD' ? 'GET' : method} ${route.url}`;
      const routeClass = ROUTE_CLASSES[key];
      if (!routeClass)
        throw new Error(`route ${key} is in no class: add it to server/auth/route-classes.ts`);
      route.config = { ...route.config, routeClass };
      if (routeClass !== 'agent' && routeClass !== 'operator') continue;
      // Before the route's contract checks the request: who may ask comes before what they asked.
      const guard: preValidationHookHandler = access[routeClass];
      route.preValidation = [guard, ...[route.preValidation ?? []].flat()];
    }
  });
}
