// The load process of the stream benchmark: holds idle notification streams open against the
// server and times notify fan-out, on the parent's orders over IPC:
//   {open: n}        open streams until n are open, then answer {open: n}
//   {fanout: count, at?: k}
//                    notify `count` random streams, k calls at a time (1: one after another), each
//                    waiting for its message to arrive; answer {fanoutMs: [...], seconds}
//   {churn: n}       close the n oldest streams and open n new ones, answer {open: total}
// Streams open on the first server named; notify calls go to the second, if named (another node
// on the same database), else to the first.
import http from 'node:http';
import { newVisitor, startVisits, type Visitor } from './events.ts';

const engine = process.argv[2] ?? '';
const notifier = process.argv[3] ?? engine;
const agent = new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });
const open: Array<{ visitor: Visitor; request: http.ClientRequest }> = [];
/** Text the next bench message carries → resolves when its stream delivers it. */
const waiting = new Map<string, (at: number) => void>();

function openStream(visitor: Visitor) {
  return new Promise<void>((resolve, reject) => {
    const request = http.get(
      `${engine}/server/notifications/${visitor.visitID}`,
      { agent, headers: { accept: 'text/event-stream', authorization: `Bearer ${visitor.key}` } },
      (response) => {
        if (response.statusCode !== 200) return reject(new Error(`stream ${response.statusCode}`));
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          for (const [text, done] of waiting)
            if (chunk.includes(text)) {
              waiting.delete(text);
              done(performance.now());
            }
        });
        open.push({ visitor, request });
        resolve();
      },
    );
    request.on('error', reject);
  });
}

async function openUpTo(target: number) {
  const visitors = Array.from({ length: target - open.length }, newVisitor);
  await startVisits(engine, visitors);
  // 200 at a time: a burst of thousands of handshakes at once measures the accept queue, not streams.
  for (let at = 0; at < visitors.length; at += 200)
    await Promise.all(visitors.slice(at, at + 200).map((v) => openStream(v)));
}

async function fanout(count: number, at = 1) {
  const times: number[] = [];
  let next = 0;
  const notifyOne = async () => {
    const { visitor } = open[Math.floor(Math.random() * open.length)] ?? {};
    if (!visitor) throw new Error('no stream is open');
    const text = `bench-${next++}-${Math.random()}`;
    const delivered = new Promise<number>((resolve) => waiting.set(text, resolve));
    const started = performance.now();
    const response = await fetch(`${notifier}/server/data/notification/notify/${visitor.visitID}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ channel: 'beckon.message', data: { text } }]),
    });
    if (!response.ok) throw new Error(`notify ${response.status}`);
    times.push((await delivered) - started);
  };
  const started = performance.now();
  await Promise.all(
    Array.from({ length: at }, async () => {
      while (next < count) await notifyOne();
    }),
  );
  return { fanoutMs: times, seconds: (performance.now() - started) / 1000 };
}

/** Visitors leave and others arrive: as many streams as before, on new visits. */
async function churn(n: number) {
  for (const { request } of open.splice(0, n)) request.destroy();
  await openUpTo(open.length + n);
}

process.on(
  'message',
  (order: { open?: number; fanout?: number; at?: number; churn?: number; stop?: true }) => {
    const answer = (message: unknown) => process.send?.(message);
    if (order.churn !== undefined)
      churn(order.churn).then(
        () => answer({ open: open.length }),
        (error: Error) => answer({ error: error.message }),
      );
    else if (order.open !== undefined)
      openUpTo(order.open).then(
        () => answer({ open: open.length }),
        (error: Error) => answer({ error: error.message }),
      );
    else if (order.fanout !== undefined)
      fanout(order.fanout, order.at).then(
        (figures) => answer(figures),
        (error: Error) => answer({ error: error.message }),
      );
    else if (order.stop) {
      for (const { request } of open) request.destroy();
      agent.destroy();
      process.exit(0);
    }
  },
);
process.send?.({ ready: true });
