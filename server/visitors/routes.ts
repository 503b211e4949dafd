import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as z from 'zod/mini';
import { Id } from '../../src/protocol/ids.ts';
import { ApiError } from '../../src/protocol/ingest.ts';
import { Erased, IdentityQuery, VisitorExport } from '../../src/protocol/visitor-data.ts';
import type { VisitGate } from '../auth/visit-key.ts';
import { apiError } from '../http/errors.ts';
import type { VisitStore } from '../store/visit-store.ts';
import type { VisitorData } from '../store/visitor-data.ts';

/**
 * Data protection's two requests, for the site's operators (operator token): what is held on a
 * visitor, and erase it, by globalVisitID or by what the visitor said of themselves (`SignIn`,
 * `UserInfo`); and the visitor's own erasure from their browser (`['forget']`, with the visit key).
 */
export async function visitorRoutes(
  app: FastifyInstance,
  options: { data: VisitorData; visits: Pick<VisitStore, 'credential'>; visitGate: VisitGate },
) {
  const { data } = options;
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const Params = z.object({ globalVisitID: Id });
  const noneFound = apiError('not_found', 'no visitor said so of themselves', 'value');

  typed.get(
    '/server/data/visitors/:globalVisitID',
    {
      schema: {
        summary: 'Everything held on a visitor (a browser), table by table',
        params: Params,
        response: { 200: VisitorExport },
      },
    },
    async (request) => data.export([request.params.globalVisitID]),
  );
  typed.delete(
    '/server/data/visitors/:globalVisitID',
    {
      schema: {
        summary: 'Erase a visitor: their visits and all that holds them',
        params: Params,
        response: { 200: Erased },
      },
    },
    async (request) => {
      const globalVisitIDs = [request.params.globalVisitID];
      return { globalVisitIDs, removed: await data.erase(globalVisitIDs) };
    },
  );
  typed.get(
    '/server/data/visitors',
    {
      schema: {
        summary:
          'Everything held on the visitors who said field = value of themselves (SignIn, UserInfo)',
        querystring: IdentityQuery,
        response: { 200: VisitorExport, 404: ApiError },
      },
    },
    async (request, reply) => {
      const found = await data.byIdentity(request.query.field, request.query.value);
      return found.length ? data.export(found) : reply.status(404).send(noneFound);
    },
  );
  typed.delete(
    '/server/data/visitors',
    {
      schema: {
        summary: 'Erase the visitors who said field = value of themselves (SignIn, UserInfo)',
        querystring: IdentityQuery,
        response: { 200: Erased, 404: ApiError },
      },
    },
    async (request, reply) => {
      const found = await data.byIdentity(request.query.field, request.query.value);
      if (!found.length) return reply.status(404).send(noneFound);
      return { globalVisitIDs: found, removed: await data.erase(found) };
    },
  );
  typed.delete(
    '/server/data/visits/:visitID/visitor',
    {
      schema: {
        summary: "The visitor erases themselves (['forget']): with the visit's key",
        params: z.object({ visitID: Id }),
        response: { 200: Erased, 400: ApiError, 401: ApiError },
      },
    },
    async (request, reply) => {
      const { visitID } = request.params;
      if (!(await options.visitGate(request, reply, visitID))) return reply;
      const credential = await options.visits.credential(visitID);
      const globalVisitIDs = credential ? [credential.globalVisitID] : [];
      return { globalVisitIDs, removed: await data.erase(globalVisitIDs) };
    },
  );
}
