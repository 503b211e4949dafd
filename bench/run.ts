// `npm run bench [size] [host] [latency] [server] [package]`: the named parts (default all), each against the
// built files and the built server; writes bench/results/latest.json (parts not run keep their last
// figures) and latest.md. Knobs: HOST_RUNS (25), LATENCY_RUNS (200), INGEST_SECONDS (10),
// STREAMS (10000), SOAK_SECONDS (600), BENCH_DATABASE_URL (also ingest into this PostgreSQL).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostBench } from './host/run.ts';
import { latencyBench } from './latency/run.ts';
import { packageBench } from './package/run.ts';
import { PEER } from './peer.ts';
import { type Results, renderReport } from './report.ts';
import { serverBench } from './server/run.ts';
import { sizeBench } from './size/run.ts';
import { machine } from './stats.ts';

const PARTS = ['size', 'host', 'latency', 'server', 'package'] as const;
const asked = process.argv.slice(2);
const unknown = asked.filter((part) => !(PARTS as readonly string[]).includes(part));
if (unknown.length) {
  console.error(`bench: unknown part(s) ${unknown.join(', ')}; expected ${PARTS.join(', ')}`);
  process.exit(2);
}
const parts = asked.length ? asked : [...PARTS];
const knob = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const log = (line: string) => console.log(line);

const file = 'bench/results/latest.json';
mkdirSync('bench/results', { recursive: true });
const earlier = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Results) : null;
const results: Results = { ...earlier, machine: machine(), peer: PEER.spec };
const date = () => new Date().toISOString();
const save = () => {
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync('bench/results/latest.md', renderReport(results));
};

for (const part of parts) {
  log(`bench: ${part}`);
  if (part === 'size') results.size = { ...(await sizeBench()), date: date() };
  if (part === 'package') results.package = { ...(await packageBench()), date: date() };
  if (part === 'host')
    results.host = { ...(await hostBench(knob('HOST_RUNS', 25), log)), date: date() };
  if (part === 'latency')
    results.latency = { ...(await latencyBench(knob('LATENCY_RUNS', 200), log)), date: date() };
  if (part === 'server')
    results.server = {
      ...(await serverBench(
        {
          ingestSeconds: knob('INGEST_SECONDS', 10),
          streams: knob('STREAMS', 10_000),
          soakSeconds: knob('SOAK_SECONDS', 600),
          databaseUrl: process.env.BENCH_DATABASE_URL,
        },
        log,
      )),
      date: date(),
    };
  // Each part is kept as soon as it is done: a long run stopped halfway loses nothing finished.
  save();
}
log('bench: wrote bench/results/latest.json and bench/results/latest.md');
