import uPlot from 'uplot';
import type { Funnel, FunnelCounts, OperatorNow } from '../../src/protocol/funnel.ts';

// The operator's page (/operator/): the present, the engagement funnel with its rates, the funnel
// over time as a chart with the same numbers in a table beside it, and each rule's. Built into
// dist/operator/operator.js with uPlot; no other page loads it. With BECKON_NOTIFY_TOKEN set, open
// it as /operator/#token=<token>: the fragment never reaches a server or a log.

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const fromFragment = new URLSearchParams(location.hash.slice(1)).get('token');
if (fromFragment) {
  sessionStorage.setItem('beckon.operatorToken', fromFragment);
  history.replaceState(null, '', location.pathname);
}
const token = sessionStorage.getItem('beckon.operatorToken');

async function api<T>(path: string): Promise<T> {
  const response = await fetch(path, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  if (!response.ok)
    throw new Error(
      response.status === 401
        ? 'This page needs the operator token: open it as /operator/#token=…'
        : `${path} answered ${response.status}`,
    );
  return (await response.json()) as T;
}

const number = new Intl.NumberFormat();
const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });
const rate = (part: number, whole: number) => (whole ? percent.format(part / whole) : '–');

/** A row of cells: the first a header for the row. */
function row(cells: string[]) {
  const tr = document.createElement('tr');
  cells.forEach((text, i) => {
    const cell = document.createElement(i === 0 ? 'th' : 'td');
    if (i === 0) cell.setAttribute('scope', 'row');
    cell.textContent = text;
    tr.append(cell);
  });
  return tr;
}

function showNow(now: OperatorNow) {
  const items: Array<[string, string]> = [
    ['Visits active', number.format(now.visitsActive)],
    ['Streams open', number.format(now.streamsOpen)],
    ['Chats waiting', number.format(now.chatsWaiting)],
    ['Longest wait', now.chatsWaiting ? `${now.longestWaitSeconds} s` : '–'],
    ['Agents available', number.format(now.agentsAvailable)],
  ];
  $('now').replaceChildren(
    ...items.map(([term, value]) => {
      const item = document.createElement('div');
      const dt = document.createElement('dt');
      const dd = document.createElement('dd');
      dt.textContent = term;
      dd.textContent = value;
      item.append(dt, dd);
      return item;
    }),
  );
}

/** Each step of the funnel, its count and what share of the step before it went on. */
function showFunnel(total: FunnelCounts) {
  const steps: Array<[string, number, number | null]> = [
    ['Visits', total.visits, null],
    ['Offered', total.offered, total.visits],
    ['Shown', total.shown, total.offered],
    ['Accepted', total.accepted, total.shown],
    ['Media opened', total.mediaOpened, total.accepted],
    ['Agent joined', total.agentJoined, total.mediaOpened],
    ['Booked', total.booked, total.accepted],
    ['Sent', total.sent, total.accepted],
    ['Chat ended', total.ended, total.agentJoined],
  ];
  $('funnel').replaceChildren(
    ...steps.map(([name, count, before]) => {
      const li = document.createElement('li');
      const strong = document.createElement('strong');
      strong.textContent = number.format(count);
      li.append(name, strong);
      if (before !== null) {
        const share = document.createElement('span');
        share.className = 'rate';
        share.textContent = `${rate(count, before)} of the step before`;
        li.append(share);
      }
      return li;
    }),
  );
  const blocked = Object.entries(total.blocked);
  $('blocked').textContent = blocked.length
    ? `Held back: ${blocked.map(([reason, n]) => `${number.format(n)} ${reason.replaceAll('_', ' ')}`).join(', ')}.`
    : 'Nothing held back.';
}

let chart: uPlot | null = null;
function showSeries(funnel: Funnel) {
  const label = new Intl.DateTimeFormat(undefined, {
    ...(funnel.bucket === 'hour' ? { hour: '2-digit', minute: '2-digit' } : {}),
    month: 'short',
    day: 'numeric',
  });
  $('series')
    .querySelector('tbody')
    ?.replaceChildren(
      ...funnel.series.map((s) =>
        row([
          label.format(s.at),
          ...[s.visits, s.offered, s.shown, s.accepted, s.mediaOpened].map((n) => number.format(n)),
        ]),
      ),
    );
  const data: uPlot.AlignedData = [
    funnel.series.map((s) => s.at / 1000),
    funnel.series.map((s) => s.offered),
    funnel.series.map((s) => s.shown),
    funnel.series.map((s) => s.accepted),
    funnel.series.map((s) => s.mediaOpened),
  ];
  const box = $('chart');
  const width = box.clientWidth || 600;
  if (chart) {
    chart.setData(data);
    chart.setSize({ width, height: 240 });
    return;
  }
  // Colours told apart without hue alone: each line also has its own dash.
  chart = new uPlot(
    {
      width,
      height: 240,
      series: [
        {},
        { label: 'Offered', stroke: '#0b5cad', width: 2 },
        { label: 'Shown', stroke: '#6b4423', width: 2, dash: [6, 3] },
        { label: 'Accepted', stroke: '#1b7f3b', width: 2, dash: [2, 2] },
        { label: 'Media opened', stroke: '#8a3ffc', width: 2, dash: [10, 3, 2, 3] },
      ],
      axes: [{}, { label: 'Offers' }],
    },
    data,
    box,
  );
}

function showRules(funnel: Funnel) {
  $('rules')
    .querySelector('tbody')
    ?.replaceChildren(
      ...funnel.byRule.map((r) =>
        row([
          r.rule,
          number.format(r.offered),
          number.format(Object.values(r.blocked).reduce((sum, n) => sum + n, 0)),
          number.format(r.shown),
          number.format(r.accepted),
          number.format(r.mediaOpened),
          number.format(r.agentJoined),
          rate(r.accepted, r.shown),
        ]),
      ),
    );
  const rule = $<HTMLSelectElement>('rule');
  const chosen = rule.value;
  const names = funnel.byRule.map((r) => r.rule);
  if (chosen && !names.includes(chosen)) names.push(chosen);
  rule.replaceChildren(
    new Option('Every rule', ''),
    ...names.sort().map((name) => new Option(name, name, false, name === chosen)),
  );
}

async function load() {
  try {
    const period = $<HTMLSelectElement>('period').value;
    const to = Date.now();
    const query = new URLSearchParams({
      to: String(to),
      from: String(to - (period === 'days' ? 28 : 2) * 86_400_000),
      bucket: period === 'days' ? 'day' : 'hour',
    });
    const rule = $<HTMLSelectElement>('rule').value;
    const media = $<HTMLSelectElement>('media').value;
    if (rule) query.set('rule', rule);
    if (media) query.set('media', media);
    const [now, funnel] = await Promise.all([
      api<OperatorNow>('/server/data/now'),
      api<Funnel>(`/server/data/engagements/funnel?${query}`),
    ]);
    showNow(now);
    showFunnel(funnel.total);
    showSeries(funnel);
    showRules(funnel);
    $('error').textContent = '';
  } catch (error) {
    $('error').textContent = error instanceof Error ? error.message : String(error);
  }
}

$('filters').addEventListener('change', () => void load());
window.addEventListener('resize', () =>
  chart?.setSize({ width: $('chart').clientWidth, height: 240 }),
);
setInterval(() => void load(), 30_000);
void load();
