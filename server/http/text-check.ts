import { isUtf8 } from 'node:buffer';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { apiError } from './errors.ts';

/** NUL, or half a surrogate pair without its other half: text no database stores. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is what this looks for.
const BAD_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const isBadText = (text: string) => BAD_TEXT.test(text);
const MAX_DEPTH = 64;

/** The path (innermost first) of the first string, value or key, that no database stores; or null. */
function badTextIn(value: unknown, depth: number): string[] | null {
  if (typeof value === 'string') return isBadText(value) ? [] : null;
  if (typeof value !== 'object' || value === null) return null;
  if (depth > MAX_DEPTH) return [];
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (isBadText(key)) return ['(a key)'];
    const found = badTextIn((value as Record<string, unknown>)[key], depth + 1);
    if (found !== null) return [...found, key];
  }
  return null;
}

/** The dotted path of the first string (value or key) that no database stores, or null. */
export function badTextAt(value: unknown): string | null {
  const path = badTextIn(value, 0);
  return path === null ? null : path.reverse().join('.') || '(body)';
}

const refuseText = (reply: FastifyReply, field: string) =>
  reply
    .status(400)
    .send(
      apiError(
        'invalid_text',
        `${field}: must not hold NUL or an unpaired surrogate (text that is not UTF-8)`,
        field,
      ),
    );

/**
 * Text is checked once, at the edge, for every route: bodies must be UTF-8 (JSON and the text/plain
 * a beacon sends), and no string in the path, the query or the body may hold what PostgreSQL
 * refuses. The caller gets a 400 naming the field instead of the database's 500. The check runs
 * before the handlers, once every body is read (GMS's multipart forms are read in preValidation).
 */
export function checkText(app: FastifyInstance) {
  const json = app.getDefaultJsonParser('error', 'error');
  const utf8Json = (
    request: FastifyRequest,
    body: Buffer,
    done: (e: Error | null, v?: unknown) => void,
  ) => {
    if (!isUtf8(body))
      return done(
        Object.assign(new Error('the body is not UTF-8 text'), {
          statusCode: 400,
          code: 'BECKON_NOT_UTF8',
        }),
      );
    json(request, body.toString('utf8'), done);
  };
  app.removeContentTypeParser(['application/json', 'text/plain']);
  // text/plain is what `sendBeacon` and CORS-simple fetches send: the same JSON.
  app.addContentTypeParser(['application/json', 'text/plain'], { parseAs: 'buffer' }, utf8Json);

  app.addHook('preValidation', checkRequestText);
}

/**
 * A NUL or an unpaired surrogate anywhere in the request (params, query, body) is the 400 naming
 * it, before any route's contract looks at the request. Plugins whose bodies arrive later (GMS's
 * multipart fields, gms/form.ts) run it again once theirs is read.
 */
export async function checkRequestText(request: FastifyRequest, reply: FastifyReply) {
  for (const [part, value] of [
    ['params', request.params],
    ['query', request.query],
  ] as const) {
    const field = badTextAt(value);
    if (field !== null) return refuseText(reply, `${part}.${field}`);
  }
  const field = badTextAt(request.body);
  if (field !== null) return refuseText(reply, field);
}
