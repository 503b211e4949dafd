import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';
import { scriptSourcesFor } from './inline-scripts.ts';

/**
 * Helmet on every answer, with a CSP as strict as the demo pages, the agent console and Beckon's
 * own pages allow: their own origin only, nothing inline. Three of helmet's defaults would break
 * what Beckon is for: beckon.js and its chunks load on other sites (cross-origin resource policy),
 * custom invitation pages are framed by the site's pages (frame-ancestors, not X-Frame-Options),
 * and chat.html runs as a popup its opener watches (no opener policy). A served page's own inline
 * scripts (`inlineScripts`, by path; a GWE-era page keeps GWE's snippet inline) are allowed by hash.
 * Helmet's middleware is built once: @fastify/helmet builds it anew for every request, a cost
 * ingest's profile showed beside the request's own work.
 */
export function securityHeaders(
  app: FastifyInstance,
  allowedOrigins: readonly string[],
  inlineScripts: ReadonlyMap<string, string> = new Map(),
) {
  const framers = allowedOrigins.includes('*') ? ['*'] : allowedOrigins;
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", scriptSourcesFor(inlineScripts)],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameSrc: ["'self'"],
        frameAncestors: ["'self'", ...framers],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
      },
    },
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    crossOriginOpenerPolicy: false,
    frameguard: false,
  });
  app.addHook('onRequest', (request, reply, done) =>
    headers(request.raw, reply.raw, (error) => done(error instanceof Error ? error : undefined)),
  );
}
