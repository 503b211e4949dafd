// The load process of the stream benchmark: holds idle notification streams open against the
// server and times notify fan-out, on the parent's orders over IPC:
//   {open: n}        open streams until n are open, then answer {open: n}
//   {fanout: count}  notify `count` random streams one after another, answer {fanoutMs: [...]}
//   {churn: n}       close the n oldest streams and open n new ones, answer {open: total}
import http from 'node:http';
import { newVisitor, startVisits, type Visitor } from './events.ts';

const engine = process.argv[2] ?? '';
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

async function fanout(count: number) {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const { visitor } = open[Math.floor(Math.random() * open.length)] ?? {};
    if (!visitor) break;
    const text = `bench-${i}-${Math.random()}`;
    const delivered = new Promise<number>((resolve) => waiting.set(text, resolve));
    const started = performance.now();
    await fetch(`${engine}/server/data/notification/notify/${visitor.visitID}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ channel: 'beckon.message', data: { text } }]),
    });
    times.push((await delivered) - started);
  }
  return times;
}

/** Visitors leave and others arrive: as many streams as before, on new visits. */
async function churn(n: number) {
  for (const { request } of open.splice(0, n)) request.destroy();
  await openUpTo(open.length + n);
}

process.on('message', (order: { open?: number; fanout?: number; churn?: number; stop?: true }) => {
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
    fanout(order.fanout).then(
      (fanoutMs) => answer({ fanoutMs }),
      (error: Error) => answer({ error: error.message }),
    );
  else if (order.stop) {
    for (const { request } of open) request.destroy();
    agent.destroy();
    process.exit(0);
  }
});
process.send?.({ ready: true });
