import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ApiError } from '../../src/protocol/ingest.ts';
import { databaseAway } from '../store/db.ts';

/** `['events', 2, 'visitID']` → `events.2.visitID`: the field named in every 4xx body. */
export function issueField(path: readonly PropertyKey[]): string {
  return path.map(String).join('.') || '(body)';
}

export function apiError(error: string, message: string, field?: string): ApiError {
  return field === undefined ? { error, message } : { error, message, field };
}

/** The 4xx body for input a schema refused: its first issue, with the field named. */
export function invalidBody(
  error: string,
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): ApiError {
  const issue = issues[0];
  const field = issueField(issue?.path ?? []);
  return apiError(error, `${field}: ${issue?.message ?? 'invalid'}`, field);
}

/** PostgreSQL's "data exception" class: a value the database refuses, which is the caller's doing. */
const refusedByDatabase = (error: FastifyError) =>
  typeof error.code === 'string' && /^22[0-9A-Z]{3}$/.test(error.code);

/** How long a caller should wait before trying again while the database is away. */
export const RETRY_AFTER_S = 2;

/** What a route contract (contracts.ts) refused: its first issue, the field named. */
export function contractRefusal(error: FastifyError): { field: string; message: string } | null {
  if (!hasZodFastifySchemaValidationErrors(error)) return null;
  const [first] = error.validation;
  const field = issueField(first?.instancePath.split('/').filter(Boolean) ?? []);
  return { field, message: `${field}: ${first?.message ?? 'is invalid'}` };
}

/**
 * Fastify's own failures (bad JSON, body too large, unknown media type) and values the database
 * refuses, as the same JSON shape; anything else is the server's fault, a 500.
 */
export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const refused = contractRefusal(error);
  if (refused)
    return reply.status(400).send(apiError('invalid_request', refused.message, refused.field));
  if (refusedByDatabase(error)) {
    request.server.metrics?.databaseErrors.inc({ kind: 'refused' });
    request.log.warn({ err: error }, 'input refused by the database');
    return reply
      .status(400)
      .send(apiError('invalid_value', 'a value is outside what the server can store'));
  }
  if (databaseAway(error)) {
    request.server.metrics?.databaseErrors.inc({ kind: 'away' });
    request.log.warn({ err: error }, 'the database is away');
    return reply
      .status(503)
      .header('retry-after', String(RETRY_AFTER_S))
      .send(apiError('unavailable', 'the database is unavailable; try again in a moment'));
  }
  const status = error.statusCode ?? 500;
  if (status >= 500) {
    request.log.error(error);
    return reply
      .status(status)
      .send(apiError('internal', 'the server failed; the request can be retried'));
  }
  const code: Record<number, string> = {
    413: 'payload_too_large',
    415: 'unsupported_media_type',
    429: 'rate_limited',
  };
  const name =
    code[status] ??
    (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError
      ? 'invalid_json'
      : 'bad_request');
  return reply.status(status).send(apiError(name, error.message));
}

export const unknownVisit = (visitID: string) =>
  apiError('not_found', `no visit ${visitID}`, 'visitID');
