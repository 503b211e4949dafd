// bench/results/latest.md from latest.json: each figure, and Beckon against the peer as a ratio.
import type { hostBench } from './host/run.ts';
import type { latencyBench } from './latency/run.ts';
import type { serverBench } from './server/run.ts';
import type { sizeBench } from './size/run.ts';

export interface Results {
  machine: string;
  peer: string;
  size?: Awaited<ReturnType<typeof sizeBench>> & { date: string };
  host?: Awaited<ReturnType<typeof hostBench>> & { date: string };
  latency?: Awaited<ReturnType<typeof latencyBench>> & { date: string };
  server?: Awaited<ReturnType<typeof serverBench>> & { date: string };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ratio = (ours: number, theirs: number) =>
  theirs > 0 && Number.isFinite(ours / theirs) ? `${(ours / theirs).toFixed(2)}` : '–';
const row = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;

function hostTable(host: NonNullable<Results['host']>, cpu: 'cpu1x' | 'cpu4x') {
  const m = host.medians[cpu];
  if (!m) return [];
  const { none, beckon, peer } = m;
  const invited = m['beckon-invited'];
  // What the widget adds to the bare page, for figures the bare page has too.
  const added = (key: keyof typeof none) =>
    [beckon[key] - none[key], invited[key] - none[key], peer[key] - none[key]] as const;
  const lines = [
    row([
      'figure (median)',
      'no widget',
      'Beckon',
      'Beckon, invitation shown',
      'Rocket.Chat',
      'Beckon / peer',
    ]),
    row(['---', '---:', '---:', '---:', '---:', '---:']),
  ];
  const withAdded = (label: string, key: keyof typeof none, show: (v: number) => string) => {
    const [b, , p] = added(key);
    lines.push(
      row([
        label,
        show(none[key]),
        show(beckon[key]),
        show(invited[key]),
        show(peer[key]),
        `${ratio(b, p)} (added)`,
      ]),
    );
  };
  withAdded('bytes transferred', 'bytes', kb);
  withAdded('script evaluation, main thread', 'scriptMs', (v) => `${v.toFixed(1)} ms`);
  withAdded('all tasks, main thread', 'taskMs', (v) => `${v.toFixed(0)} ms`);
  withAdded(
    'JS heap after load (after GC)',
    'heapBytes',
    (v) => `${(v / 1024 / 1024).toFixed(2)} MB`,
  );
  const plain = (label: string, key: keyof typeof none, show: (v: number) => string) =>
    lines.push(
      row([
        label,
        show(none[key]),
        show(beckon[key]),
        show(invited[key]),
        show(peer[key]),
        ratio(beckon[key], peer[key]),
      ]),
    );
  plain('long tasks (> 50 ms)', 'longTasks', String);
  plain('time in long tasks', 'longTaskMs', (v) => `${v.toFixed(0)} ms`);
  plain('layout shift', 'layoutShift', (v) => v.toFixed(4));
  plain("page's load event", 'loadMs', (v) => `${v.toFixed(0)} ms`);
  return lines;
}

export function renderReport(results: Results): string {
  const out: string[] = [
    '# Benchmarks',
    '',
    `Machine: ${results.machine}. Peer: ${results.peer}. Medians and percentiles from one run of`,
    '`npm run bench`; each part carries its date. Ratios are Beckon / peer (below 1: Beckon costs less);',
    '"added" compares what each widget adds to the bare page. How each figure is taken: bench/README.md.',
    '',
  ];
  const { host, size, latency, server } = results;
  if (host) {
    out.push(
      `## Host-page cost (${host.date}; ${host.runsPerVariant} runs per variant, alternating)`,
      '',
    );
    out.push('### CPU at full speed', '', ...hostTable(host, 'cpu1x'), '');
    out.push('### CPU throttled 4x', '', ...hostTable(host, 'cpu4x'), '');
  }
  if (size) {
    out.push(`## Sizes, gzip -9 (${size.date})`, '');
    out.push(
      row(['', 'Beckon', 'Rocket.Chat', 'Beckon / peer']),
      row(['---', '---:', '---:', '---:']),
    );
    out.push(
      row([
        "loader (the snippet's script)",
        kb(size.beckon.loader),
        kb(size.peer.loader),
        ratio(size.beckon.loader, size.peer.loader),
      ]),
    );
    out.push(
      row([
        'page load to an open chat',
        kb(size.beckon.firstOpenChat),
        kb(size.peer.firstOpen),
        ratio(size.beckon.firstOpenChat, size.peer.firstOpen),
      ]),
    );
    out.push(
      row([
        'page load to an open contact form',
        kb(size.beckon.firstOpenContact),
        kb(size.peer.firstOpen),
        ratio(size.beckon.firstOpenContact, size.peer.firstOpen),
      ]),
    );
    out.push(
      '',
      row(['Beckon chunk', 'gzip', 'standalone', 'budget', '']),
      row(['---', '---:', '---:', '---:', '---']),
    );
    for (const chunk of size.chunks)
      out.push(
        row([
          chunk.file,
          kb(chunk.gzip),
          kb(chunk.standalone),
          kb(chunk.budget),
          chunk.ok ? 'ok' : 'OVER',
        ]),
      );
    out.push('');
  }
  if (latency) {
    out.push(
      `## Latency (${latency.date})`,
      '',
      row(['path', 'runs', 'p50', 'p95', 'p99']),
      row(['---', '---:', '---:', '---:', '---:']),
    );
    const line = (
      label: string,
      l: { runs: number; p50Ms: number; p95Ms: number; p99Ms: number },
    ) => out.push(row([label, l.runs, `${l.p50Ms} ms`, `${l.p95Ms} ms`, `${l.p99Ms} ms`]));
    line('notify REST call → invitation painted', latency.notifyToPainted);
    line('monitoring event meeting a rule → invitation painted', latency.ruleToPainted);
    line('visitor chat message → agent console shows it', latency.chat.visitorToAgent);
    line('agent reply → visitor chat shows it', latency.chat.agentToVisitor);
    out.push('');
  }
  if (server) {
    out.push(
      `## Server (${server.date})`,
      '',
      row(['ingest', 'events/s', 'requests/s', 'p50', 'p99', 'errors']),
      row(['---', '---:', '---:', '---:', '---:', '---:']),
    );
    for (const i of server.ingest)
      out.push(
        row([
          `batches of ${i.batch}`,
          i.eventsPerSecond,
          i.requestsPerSecond,
          `${i.p50Ms} ms`,
          `${i.p99Ms} ms`,
          i.errors,
        ]),
      );
    const s = server.streams;
    out.push('', row(['streams', 'figure']), row(['---', '---:']));
    out.push(row(['idle streams held by one process', s.held]));
    out.push(row(['server RSS per 1,000 streams', `${s.rssMBPer1000} MB`]));
    out.push(row([`RSS at ${s.held} streams`, `${s.steps.at(-1)?.rssMB} MB`]));
    out.push(
      row([
        'notify fan-out p50 / p99 while open',
        `${s.fanoutWhileOpen.p50Ms} / ${s.fanoutWhileOpen.p99Ms} ms`,
      ]),
    );
    const k = server.soak;
    out.push('', row(['soak', 'figure']), row(['---', '---:']));
    out.push(
      row(['duration', `${k.seconds} s`]),
      row(['requests (errors)', `${k.requests} (${k.errors})`]),
    );
    out.push(row(['RSS start → end', `${k.rssStartMB} → ${k.rssEndMB} MB`]));
    out.push(row(['RSS slope after the first minute', `${k.rssSlopeMBPerMinute} MB/min`]), '');
  }
  return `${out.join('\n')}\n`;
}
