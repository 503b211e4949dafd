import type { FastifyHelmetOptions } from '@fastify/helmet';

/**
 * Helmet on every answer, with a CSP as strict as the demo pages, the agent console and Beckon's
 * own pages allow: their own origin only, nothing inline. Three of helmet's defaults would break
 * what Beckon is for: beckon.js and its chunks load on other sites (cross-origin resource policy),
 * custom invitation pages are framed by the site's pages (frame-ancestors, not X-Frame-Options),
 * and chat.html runs as a popup its opener watches (no opener policy).
 */
export function securityHeaders(allowedOrigins: readonly string[]): FastifyHelmetOptions {
  const framers = allowedOrigins.includes('*') ? ['*'] : allowedOrigins;
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
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
  };
}
