// bench/results/latest.md from latest.json: each figure, and Beckon against the peer as a ratio.
import type { hostBench } from './host/run.ts';
import type { latencyBench } from './latency/run.ts';
import type { packageBench } from './package/run.ts';
import type { serverBench } from './server/run.ts';
import type { sizeBench } from './size/run.ts';

export interface Results {
  machine: string;
  peer: string;
  size?: Awaited<ReturnType<typeof sizeBench>> & { date: string };
  host?: Awaited<ReturnType<typeof hostBench>> & { date: string };
  latency?: Awaited<ReturnType<typeof latencyBench>> & { date: string };
  server?: Awaited<ReturnType<typeof serverBench>> & { date: string };
  package?: Awaited<ReturnType<typeof packageBench>> & { date: string };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ratio = (ours: number, theirs: number) =>
  theirs > 0 && Number.isFinite(ours / theirs) ? `${(ours / theirs).toFixed(2)}` : '–';
const row = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;

function hostTable(host: NonNullable<Results['host']>, cpu: 'cpu1x' | 'cpu4x') {
  const m = host.medians[cpu];
  if (!m) return [];
  const { none, script, beckon, peer } = m;
  const invited = m['beckon-invited'];
  const lines = [
    row([
      'figure (median)',
      'no widget',
      'an empty script',
      'Beckon',
      'Beckon, invitation shown',
      'Rocket.Chat',
      'Beckon / peer',
    ]),
    row(['---', '---:', '---:', '---:', '---:', '---:', '---:']),
  ];
  type Key = keyof typeof none;
  /**
   * `added`: the ratio of what each widget adds to the bare page (bytes, time, heap the bare page
   * has too); otherwise the ratio of the figures themselves.
   */
  const figure = (label: string, key: Key, show: (v: number) => string, added: boolean) =>
    lines.push(
      row([
        label,
        show(none[key]),
        show(script[key]),
        show(beckon[key]),
        show(invited[key]),
        show(peer[key]),
        added
          ? `${ratio(beckon[key] - none[key], peer[key] - none[key])} (added)`
          : ratio(beckon[key], peer[key]),
      ]),
    );
  const ms = (digits: number) => (v: number) => `${v.toFixed(digits)} ms`;
  figure('bytes transferred', 'bytes', kb, true);
  figure('script evaluation, main thread', 'scriptMs', ms(1), true);
  figure('all tasks, main thread', 'taskMs', ms(0), true);
  figure(
    'JS heap after load (after GC)',
    'heapBytes',
    (v) => `${(v / 1024 / 1024).toFixed(2)} MB`,
    true,
  );
  figure('long tasks (> 50 ms)', 'longTasks', String, false);
  figure('time in long tasks', 'longTaskMs', ms(0), false);
  figure('layout shift', 'layoutShift', (v) => v.toFixed(4), false);
  figure("page's load event", 'loadMs', ms(0), false);
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
  const { host, size, latency, server, package: npm } = results;
  if (host) {
    out.push(
      `## Host-page cost (${host.date}; ${host.runsPerVariant} runs per variant, alternating)`,
      '',
    );
    out.push('### CPU at full speed', '', ...hostTable(host, 'cpu1x'), '');
    out.push('### CPU throttled 4x', '', ...hostTable(host, 'cpu4x'), '');
    const later = (cpu: 'cpu1x' | 'cpu4x', variant: 'script' | 'beckon') => {
      const m = host.medians[cpu];
      if (!m) return '–';
      const ms = Math.round(m[variant].loadMs - m.none.loadMs);
      return `${ms < 0 ? '−' : '+'}${Math.abs(ms)} ms`;
    };
    out.push(
      `The page's load event after the bare page's: an empty script ${later('cpu1x', 'script')}, Beckon ${later('cpu1x', 'beckon')} at full speed; ${later('cpu4x', 'script')} and ${later('cpu4x', 'beckon')} at 4x.`,
      '',
    );
  }
  if (size) {
    out.push(`## Sizes, gzip -9 (${size.date})`, '');
    out.push(
      row(['', 'Beckon', 'Rocket.Chat', 'Beckon / peer']),
      row(['---', '---:', '---:', '---:']),
    );
    const against = (label: string, ours: number, theirs: number) =>
      out.push(row([label, kb(ours), kb(theirs), ratio(ours, theirs)]));
    against("loader (the snippet's script)", size.beckon.loader, size.peer.loader);
    against('page load to an open chat', size.beckon.firstOpenChat, size.peer.firstOpen);
    against('page load to an open contact form', size.beckon.firstOpenContact, size.peer.firstOpen);
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
  if (npm) {
    const [beckon] = npm.rows;
    out.push(
      `## npm packages for bundled sites (${npm.date})`,
      '',
      'What the few lines that start each widget add to a site bundled and minified by esbuild',
      "(gzip -9, less the same site's bundle without them), and what installing it brings.",
      '',
      row([
        'package',
        'added to the bundle',
        'tarball',
        'files',
        'packages installed',
        'typed',
        'Beckon / it (bundle)',
      ]),
      row(['---', '---:', '---:', '---:', '---:', '---', '---:']),
    );
    for (const pkg of npm.rows)
      out.push(
        row([
          pkg.spec,
          `${pkg.bundleGzip - pkg.baselineGzip} B`,
          kb(pkg.tarball),
          pkg.files,
          pkg.packages,
          pkg.typed ? 'yes' : 'no',
          pkg === beckon || !beckon
            ? ''
            : ratio(beckon.bundleGzip - beckon.baselineGzip, pkg.bundleGzip - pkg.baselineGzip),
        ]),
      );
    out.push(
      '',
      "Beckon's tarball also holds its browser files, for sites that host them; the others' widgets",
      'always load from their vendor.',
      '',
    );
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
      row([
        'ingest',
        'database',
        'events/s',
        'requests/s',
        'p50',
        'p99',
        'errors',
        'bare route events/s (p99)',
        'Beckon / bare',
        'stored / acknowledged (sent)',
      ]),
      row(['---', '---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:']),
    );
    for (const i of server.ingest)
      out.push(
        row([
          `batches of ${i.batch}`,
          // Figures from before the database was named were PGlite's.
          i.database ?? 'PGlite',
          i.eventsPerSecond,
          i.requestsPerSecond,
          `${i.p50Ms} ms`,
          `${i.p99Ms} ms`,
          i.errors,
          // Runs from before the bare route stood beside Beckon's have no such figures.
          i.bare ? `${i.bare.eventsPerSecond} (${i.bare.p99Ms} ms)` : '–',
          i.bare ? ratio(i.eventsPerSecond, i.bare.eventsPerSecond) : '–',
          i.stored === undefined ? '–' : `${i.stored} / ${i.acknowledged} (${i.sent} sent)`,
        ]),
      );
    if (server.fanout) {
      out.push(
        '',
        row([
          'notify fan-out (PostgreSQL)',
          'streams',
          'one by one p50 / p99',
          '16 at a time: messages/s',
          'p50 / p99',
        ]),
        row(['---', '---:', '---:', '---:', '---:']),
      );
      for (const f of server.fanout)
        out.push(
          row([
            f.nodes,
            f.streams,
            `${f.latency.p50Ms} / ${f.latency.p99Ms} ms`,
            f.burst.messagesPerSecond,
            `${f.burst.p50Ms} / ${f.burst.p99Ms} ms`,
          ]),
        );
    }
    // Runs from before the purge and the funnel were measured have neither.
    if (server.purge) {
      const p = server.purge;
      out.push(
        '',
        row(['retention purge (PostgreSQL)', 'figure']),
        row(['---', '---:']),
        row(['old rows purged', `${p.removed} of ${p.rows} in ${p.purgeSeconds} s`]),
        row([
          'ingest before → during the purge',
          `${p.before.eventsPerSecond} → ${p.during.eventsPerSecond} events/s (${ratio(p.during.eventsPerSecond, p.before.eventsPerSecond)})`,
        ]),
        row(['p99 before → during', `${p.before.p99Ms} → ${p.during.p99Ms} ms`]),
      );
    }
    if (server.funnel?.length) {
      out.push(
        '',
        row(['funnel query', 'events', '28 days by day', '2 days by hour']),
        row(['---', '---:', '---:', '---:']),
      );
      for (const f of server.funnel)
        out.push(row([f.database, f.events, `${f.days28ByDayMs} ms`, `${f.days2ByHourMs} ms`]));
    }
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
