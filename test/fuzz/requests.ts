// Generated requests for every route of the server: a well-formed body for the route, then as often
// as not broken on purpose (a field replaced by a hostile value, removed, or the whole body sent in
// another encoding, truncated, or as bytes that are not UTF-8).
import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { ROUTE_CLASSES } from '../../server/auth/route-classes.ts';

/** What the fuzzer knows, as a caller with every credential would: so 401s do not hide the handlers. */
export interface FuzzWorld {
  visitID: string;
  globalVisitID: string;
  pageID: string;
  visitKey: string;
  chatId: string;
  secureKey: string;
  userId: string;
  callbackId: string;
  agentToken: string;
  operatorToken: string;
}

const hex32 = fc
  .uint8Array({ minLength: 16, maxLength: 16 })
  .map((bytes) => Buffer.from(bytes).toString('hex').toUpperCase());

/** Text that has broken servers: NUL, lone surrogates, controls, markup, paths, huge, or just odd. */
const hostileText = fc.oneof(
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\uD800',
    'x\uDFFFy',
    '\u202Eevil',
    '<img src=x onerror=alert(1)>',
    '../../../../etc/passwd',
    '%00%FF',
    '__proto__',
    'constructor',
    '1e309',
    '-0',
    '',
    ' ',
    '\r\n\r\n',
    'x'.repeat(70_000),
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ maxLength: 300 }),
);
const hostileNumber = fc.constantFrom(
  -1,
  0,
  0.5,
  -0.0001,
  1e308,
  -1e308,
  2 ** 31,
  2 ** 53 + 2,
  2 ** 63,
  Number.MAX_SAFE_INTEGER,
);
const hostileLeaf: fc.Arbitrary<unknown> = fc.oneof(
  hostileText,
  hostileNumber,
  fc.constantFrom(null, true, false, [], {}, [[[[[]]]]], { __proto__: { polluted: 1 } }),
);
/** A JSON value of any shape, hostile at the leaves. */
const anyJson = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileLeaf,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string({ maxLength: 12 }), fc.constant('__proto__')), tie('value'), {
      maxKeys: 4,
    }),
  ),
})).value;

/** A well-formed body for each route (the route's key in ROUTE_CLASSES). */
function validBody(key: string, w: FuzzWorld): fc.Arbitrary<Record<string, unknown> | unknown[]> {
  const event = hex32.map((eventID) => ({
    eventType: 'BUSINESS',
    eventName: 'Fuzz',
    eventID,
    globalVisitID: w.globalVisitID,
    visitID: w.visitID,
    pageID: w.pageID,
    timestamp: 1_900_000_000_000,
    url: 'https://shop.example/',
    title: 'Shop',
    data: { q: 'lamp' },
  }));
  const offer = { type: 'chat', title: 'Hi', message: 'Chat?' };
  switch (key) {
    case 'POST /server/data/events':
      return fc
        .array(event, { minLength: 1, maxLength: 3 })
        .map((events) => ({ events, keys: { [w.visitID]: w.visitKey } }));
    case 'POST /server/inbox/messages':
      return hex32.map((id) => ({
        clientMessageId: `m-${id.slice(0, 12)}`,
        visitID: w.visitID,
        globalVisitID: w.globalVisitID,
        pageID: w.pageID,
        name: 'Ada',
        text: 'Hello',
        url: 'https://shop.example/',
      }));
    case 'POST /server/data/notification/notify/:visitID':
      return hex32.map((engagementID) => [
        { channel: 'beckon.invite', data: { engagementID, ...offer } },
        { channel: 'beckon.message', data: { text: 'hello' } },
        { channel: 'gpe.appendContent', data: { url: 'https://shop.example/invite.html' } },
      ]);
    case 'POST /server/data/gateway/engage':
      return fc.constant({ visitID: w.visitID, offer, page: w.pageID });
    case 'POST /server/data/gateway/noengage':
      return hex32.map((engagementID) => ({ engagementID, reason: 'done' }));
    case 'PUT /server/data/agents/availability':
      return fc.nat(5).map((available) => ({ available }));
    case 'POST /server/agent/chats/:chatId/accept':
      return fc.constant({ agent: 'Grace' });
    case 'POST /server/agent/chats/:chatId/send':
      return fc.constant({ text: 'How can I help?' });
    case 'POST /server/agent/chats/:chatId/typing':
      return fc.boolean().map((typing) => ({ typing }));
    case 'POST /server/agent/chats/:chatId/push-url':
      return fc.constant({ url: 'https://shop.example/help' });
    case 'POST /genesys/2/chat/:service':
      return fc.constant({
        nickname: 'Ada',
        subject: 'Lamps',
        text: 'Hello',
        'userData[visitID]': w.visitID,
      });
    case 'POST /genesys/2/chat/:service/:chatId/:op':
      return fc.constant({
        secureKey: w.secureKey,
        userId: w.userId,
        alias: '117',
        message: 'hi',
        transcriptPosition: '1',
      });
    case 'POST /genesys/1/service/callback/:service':
      return fc.constantFrom(
        { _customer_number: '+49 30 1234567', _call_direction: 'USERTERMINATED' },
        { _media_type: 'chat', _customer_number: 'B'.repeat(32), subject: 'Help' },
        { _customer_number: '+49 30 1234567', _desired_time: '2031-06-02T09:00:00.000Z' },
      );
    case 'PUT /genesys/1/service/callback/:service/:id':
      return fc.constant({ _desired_time: '2031-06-02T09:15:00.000Z' });
    case 'POST /server/inbox/webhook':
      return fc.constant({ type: 'actionTriggered', payload: {} });
    default:
      return fc.constant({});
  }
}

/** The body with one field replaced, removed, or a hostile key added, at any depth. */
function mutate(body: unknown, path: number[], replacement: unknown, mode: number): unknown {
  if (typeof body !== 'object' || body === null) return replacement;
  const entries = Object.entries(body);
  if (entries.length === 0) return mode === 0 ? replacement : body;
  const [key, value] = entries[(path[0] ?? 0) % entries.length] as [string, unknown];
  const copy = (Array.isArray(body) ? [...body] : { ...body }) as Record<string, unknown>;
  if (path.length <= 1 || typeof value !== 'object' || value === null) {
    if (mode === 1) delete copy[key];
    else if (mode === 2)
      Object.defineProperty(copy, '__proto__', { value: replacement, enumerable: true });
    else copy[key] = replacement;
    return copy;
  }
  copy[key] = mutate(value, path.slice(1), replacement, mode);
  return copy;
}

const formEncode = (body: unknown) =>
  typeof body === 'object' && body !== null
    ? new URLSearchParams(
        Object.entries(body).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
      ).toString()
    : String(body);

function multipartEncode(body: unknown, truncate: boolean) {
  const boundary = '----beckonfuzz';
  const fields = typeof body === 'object' && body !== null ? Object.entries(body) : [['x', body]];
  const text = `${fields
    .map(
      ([k, v]) =>
        `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${typeof v === 'string' ? v : JSON.stringify(v)}\r\n`,
    )
    .join('')}--${boundary}--\r\n`;
  return {
    payload: truncate ? text.slice(0, Math.max(1, Math.floor(text.length / 2))) : text,
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

/** Bytes that are not UTF-8: a lone continuation byte, an overlong NUL, a truncated sequence. */
const NOT_UTF8 = [
  Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
  Buffer.from([0x7b, 0x22, 0x74, 0x65, 0x78, 0x74, 0x22, 0x3a, 0x22, 0xc0, 0x80, 0x22, 0x7d]),
  Buffer.from([0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0xe2, 0x82, 0x22, 0x7d]),
];

/** Every byte escaped, so any text makes a path; `%FF` alone stands for bytes that are not UTF-8. */
const percentEncoded = (text: string) =>
  text === '%00%FF'
    ? text
    : [...Buffer.from(text, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

/** The request for `key`: its path with parameters that are right, unknown or hostile. */
function pathFor(key: string, w: FuzzWorld, hostile: string | null, pick: number) {
  const [, pattern] = key.split(' ') as [string, string];
  const param = (right: string, unknown: string) =>
    hostile !== null && pick % 3 === 0
      ? percentEncoded(hostile).slice(0, 3000)
      : pick % 3 === 1
        ? unknown
        : right;
  return pattern
    .replace(':visitID', param(w.visitID, 'F'.repeat(32)))
    .replace(':chatId', param(w.chatId, 'A'.repeat(32)))
    .replace(':id', param(w.callbackId, 'a'.repeat(24)))
    .replace(':service', pattern.includes('/chat/') ? 'customer-support' : 'callback')
    .replace(':op', ['send', 'refresh', 'startTyping', 'disconnect', 'nope'][pick % 5] as string)
    .replace(
      '*',
      ['index.html', 'beckon.js', '..%2f..%2fpackage.json', 'server/main.mjs'][pick % 4] as string,
    );
}

/** Any number of requests over every route, reproducible from `seed`. */
export function fuzzRequests(world: FuzzWorld, runs: number, seed: number): InjectOptions[] {
  const routes = Object.keys(ROUTE_CLASSES).filter((key) => !key.startsWith('OPTIONS'));
  const arbitrary = fc.constantFrom(...routes).chain((key) =>
    fc.record({
      key: fc.constant(key),
      body: validBody(key, world),
      broken: fc.nat(9),
      path: fc.array(fc.nat(8), { minLength: 1, maxLength: 4 }),
      mode: fc.nat(3),
      replacement: anyJson,
      hostile: fc.option(hostileText, { nil: null }),
      pick: fc.nat(59),
      encoding: fc.nat(9),
      query: fc.option(fc.dictionary(fc.string({ maxLength: 10 }), hostileText, { maxKeys: 3 }), {
        nil: null,
      }),
      auth: fc.nat(4),
    }),
  );
  return fc.sample(arbitrary, { numRuns: runs, seed }).map((r) => {
    const [method] = r.key.split(' ') as [InjectOptions['method']];
    const body = r.broken < 5 ? mutate(r.body, r.path, r.replacement, r.mode) : r.body;
    const headers: Record<string, string> = {};
    // Mostly the right credential for the route's class, so the handler itself is what is tried.
    const routeClass = ROUTE_CLASSES[r.key];
    if (r.auth > 0)
      headers.authorization = `Bearer ${
        routeClass === 'agent'
          ? world.agentToken
          : routeClass === 'operator'
            ? world.operatorToken
            : world.visitKey
      }`;
    let payload: string | Buffer | undefined;
    if (method !== 'GET' && method !== 'DELETE') {
      if (r.encoding <= 3) {
        payload = JSON.stringify(body);
        headers['content-type'] = 'application/json';
      } else if (r.encoding === 4) {
        payload = JSON.stringify(body);
        headers['content-type'] = 'text/plain;charset=UTF-8';
      } else if (r.encoding === 5) {
        payload = formEncode(body);
        headers['content-type'] = 'application/x-www-form-urlencoded';
      } else if (r.encoding === 6 || r.encoding === 7) {
        const encoded = multipartEncode(body, r.encoding === 7);
        payload = encoded.payload;
        headers['content-type'] = encoded.contentType;
      } else if (r.encoding === 8) {
        payload = NOT_UTF8[r.pick % NOT_UTF8.length];
        headers['content-type'] = [
          'application/json',
          'text/plain',
          'application/x-www-form-urlencoded',
        ][r.pick % 3] as string;
      } else {
        payload = JSON.stringify(body).slice(0, Math.max(0, r.pick * 3));
        headers['content-type'] = ['application/json', 'application/xml', 'image/png', 'nonsense'][
          r.pick % 4
        ] as string;
      }
    }
    const search = r.query
      ? `?${Object.entries(r.query)
          .map(([k, v]) => `${percentEncoded(k)}=${percentEncoded(v)}`)
          .join('&')}`
      : '';
    return {
      method,
      url: `${pathFor(r.key, world, r.hostile, r.pick)}${search}`,
      headers,
      ...(payload === undefined ? {} : { payload }),
    };
  });
}
