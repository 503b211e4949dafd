import autocannon from 'autocannon';
import { event, eventsBody, newVisitor, type Visitor } from './events.ts';
const [url, batchArg, secondsArg] = process.argv.slice(2);
const batch = Number(batchArg ?? 1);
const visitors = Array.from({ length: 500 }, newVisitor);
let next = 0;
const r = await autocannon({
  url: `${url}/server/data/events`, method: 'POST', headers: { 'content-type': 'text/plain' },
  connections: 16, duration: Number(secondsArg ?? 8),
  requests: [{ setupRequest: (req) => { const v = visitors[next++ % visitors.length] as Visitor;
    return { ...req, body: eventsBody([v], Array.from({ length: batch }, () => event(v))) }; } }],
});
console.log(JSON.stringify({ rps: r.requests.average, eps: r.requests.average * batch, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors }));
