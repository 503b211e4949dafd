// Runs generated requests against the real app over real HTTP on loopback and counts what must never
// happen: a 5xx, a request left unanswered, an answer that is not the JSON error shape on a 4xx.
import { buildApp } from '../../server/app.ts';
import { buildSocialHubMock } from '../../server/inbox/socialhub-mock.ts';
import type { Db } from '../../server/store/db.ts';
import { CATEGORIES, GMS, id, RULES, visitKeyFor } from '../server/helpers.ts';
import { type FuzzWorld, fuzzRequests } from './requests.ts';

export interface FuzzReport {
  requests: number;
  byStatus: Record<string, number>;
  /** 5xx answers and requests that threw, with what was sent: each one is a bug. */
  failures: Array<{ method: string; url: string; status: number | 'threw'; body: string }>;
  /** 4xx answers whose body is not `{error, message}`: the caller is told nothing. */
  shapeless: Array<{ method: string; url: string; status: number; body: string }>;
}

/**
 * The server as the fuzzer meets it: every credential known, limits out of the way, and a SocialHub
 * that answers (a down one is a 503 with Retry-After, rightly, which would hide real 5xx).
 */
export async function fuzzApp(db: Db) {
  const inbox = await buildSocialHubMock({ accessToken: 'fuzz-channel' });
  const inboxUrl = await inbox.app.listen({ port: 0, host: '127.0.0.1' });
  const world: FuzzWorld = {
    visitID: id(),
    globalVisitID: id(),
    pageID: id(),
    visitKey: '',
    chatId: '',
    secureKey: '',
    userId: '',
    callbackId: '',
    agentToken: 'fuzz-agent-token',
    operatorToken: 'fuzz-operator-token',
  };
  const server = await buildApp({
    db,
    categories: CATEGORIES,
    rules: RULES,
    gms: GMS,
    allowedOrigins: ['https://shop.example'],
    agentToken: world.agentToken,
    notifyToken: world.operatorToken,
    rateLimits: { perAddress: 1e9, perVisit: 1e9 },
    inbox: {
      baseUrl: inboxUrl,
      accessToken: 'fuzz-channel',
      duplicateWindowMs: 1000,
      keepPersonalData: true,
      sleep: async () => {},
    },
  });
  const { visitID, globalVisitID, pageID } = world;
  world.visitKey = await visitKeyFor(server, { visitID, globalVisitID, pageID });
  const chat = (
    await server.inject({
      method: 'POST',
      url: '/genesys/2/chat/customer-support',
      payload: { nickname: 'Ada' },
    })
  ).json();
  const callback = (
    await server.inject({
      method: 'POST',
      url: '/genesys/1/service/callback/callback',
      payload: { _customer_number: '+49 30 1234567', _call_direction: 'USERTERMINATED' },
    })
  ).json();
  Object.assign(world, {
    chatId: chat.chatId,
    secureKey: chat.secureKey,
    userId: chat.userId,
    callbackId: callback._id,
  });
  const close = async () => {
    await server.close();
    await inbox.app.close();
  };
  return { server, world, close };
}

/** How long an answer may take; a stream counts as answered once its headers are in. */
const ANSWER_MS = 10_000;

export async function fuzzServer(
  base: string,
  world: FuzzWorld,
  runs: number,
  seed: number,
): Promise<FuzzReport> {
  const report: FuzzReport = { requests: 0, byStatus: {}, failures: [], shapeless: [] };
  for (const request of fuzzRequests(world, runs, seed)) {
    report.requests++;
    const sent = {
      method: String(request.method),
      url: String(request.url).slice(0, 200),
      body: String(request.payload ?? '').slice(0, 300),
    };
    try {
      const response = await fetch(`${base}${request.url}`, {
        method: request.method as string,
        headers: request.headers as Record<string, string>,
        ...(request.payload === undefined ? {} : { body: request.payload as BodyInit }),
        signal: AbortSignal.timeout(ANSWER_MS),
      });
      const status = response.status;
      report.byStatus[status] = (report.byStatus[status] ?? 0) + 1;
      if ((response.headers.get('content-type') ?? '').includes('text/event-stream')) {
        await response.body?.cancel();
        continue;
      }
      const text = await response.text();
      if (status >= 500)
        report.failures.push({ ...sent, status, body: `${sent.body} → ${text.slice(0, 300)}` });
      // 414 and 431 come from Node's HTTP parser, before any code of ours: bare by design. Pages for
      // people (the channel-creation callback) answer in HTML.
      else if (
        status >= 400 &&
        status !== 414 &&
        status !== 431 &&
        !(response.headers.get('content-type') ?? '').startsWith('text/html')
      ) {
        const body = (() => {
          try {
            return JSON.parse(text) as { error?: unknown; message?: unknown };
          } catch {
            return null;
          }
        })();
        if (typeof body?.error !== 'string' || typeof body.message !== 'string')
          report.shapeless.push({ ...sent, status, body: text.slice(0, 200) });
      }
    } catch (error) {
      report.failures.push({ ...sent, status: 'threw', body: String(error) });
    }
  }
  return report;
}
