// The demo's live panel: what the engagement server stored for this visit and the offers it made or
// held back (with why), fetched again each time the server acknowledges events (the tracker's
// `delivered` hook); a switch for agent availability, which the engagement policy needs before it
// offers a chat; and a button that starts a new visit, so the walkthrough can be taken again. It
// sits at the bottom left, clear of Beckon's widgets, and folds away (folded on a phone). Text
// only, never HTML.
(() => {
  const REASONS = {
    engagement_in_progress: 'an invitation is open already',
    rejected_in_visit: 'you declined an invitation in this visit',
    chat_in_visit: 'you have chatted in this visit already',
    min_gap: 'too soon after the last offer',
    no_agents: 'no agent is available',
    not_delivered: 'this page did not receive it in time',
  };
  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };

  const panel = el('aside', 'beckon-panel');
  panel.setAttribute('aria-label', 'What the server received for this visit');
  const fold = el('details');
  fold.open = window.matchMedia('(min-width: 600px)').matches;
  const summary = el('summary', '', 'Server received');
  const ids = el('span', 'ids');
  summary.append(' ', ids);
  const body = el('div', 'body');

  const agents = el('button', 'agents');
  agents.type = 'button';
  agents.setAttribute('aria-pressed', 'false');
  const showAgents = (available) => {
    agents.textContent = available > 0 ? 'Agent available' : 'No agent available';
    agents.setAttribute('aria-pressed', String(available > 0));
  };
  const availability = async (method, available) => {
    const response = await fetch('/server/data/agents/availability', {
      method,
      headers: method === 'PUT' ? { 'content-type': 'application/json' } : {},
      body: method === 'PUT' ? JSON.stringify({ available }) : undefined,
    });
    if (response.ok) showAgents((await response.json()).available);
  };
  agents.addEventListener('click', () =>
    availability('PUT', agents.getAttribute('aria-pressed') === 'true' ? 0 : 1).catch(() => {}),
  );
  availability('GET').catch(() => {});

  // A new visit: Beckon's record of this one goes (the browser's globalVisitID stays), and the page
  // loads again; the tracker starts a visit of its own, which the policy has offered nothing yet.
  const fresh = el('button', 'quiet', 'New visit');
  fresh.type = 'button';
  fresh.addEventListener('click', () => {
    for (const key of [
      'beckon.visit',
      'beckon.media',
      'beckon.lastEventId',
      'beckon.recentMessages',
    ])
      localStorage.removeItem(key);
    location.reload();
  });

  const offersHeading = el('h2', '', 'Offers');
  const offers = el('ol', 'offers');
  const eventsHeading = el('h2', '', 'Events');
  const list = el('ol', 'events');
  const controls = el('div', 'controls');
  controls.append(agents, fresh);
  body.append(controls, offersHeading, offers, eventsHeading, list);
  fold.append(summary, body);
  panel.append(fold);
  document.addEventListener('DOMContentLoaded', () => document.body.append(panel));

  const eventRow = (event) => {
    const li = el('li');
    const { pathname, search } = new URL(event.url);
    li.append(
      el('strong', '', event.eventName),
      el('span', '', ` ${pathname}${search}${event.category ? ` [${event.category}]` : ''}`),
    );
    if (event.data && Object.keys(event.data).length)
      li.append(el('code', '', ` ${JSON.stringify(event.data)}`));
    return li;
  };
  const offerRow = (offer) => {
    const li = el('li', offer.status === 'blocked' ? 'blocked' : '');
    li.append(el('strong', '', `${offer.type}: ${offer.title}`), ` (${offer.source}) `);
    li.append(
      offer.status === 'blocked'
        ? el('span', '', `not offered: ${REASONS[offer.reason] ?? offer.reason}`)
        : el('span', '', offer.status.replace('_', ' ')),
    );
    return li;
  };

  let visitID = null;
  const refresh = async () => {
    if (!visitID) return;
    // The journey holds personal data, so the server shows it to the visit's own browser only: the
    // panel shows the visit key Beckon keeps for the visit (a demo may look inside; a site need not).
    const key = JSON.parse(localStorage.getItem('beckon.visit') ?? '{}').key;
    const headers = { authorization: `Bearer ${key}` };
    const [visit, made] = await Promise.all([
      fetch(`/server/data/visits/${visitID}`, { headers }),
      fetch(`/server/data/visits/${visitID}/engagements`, { headers }),
    ]);
    // New rows come in at the bottom: follow them, unless the reader has scrolled up.
    const atEnd = body.scrollHeight - body.scrollTop - body.clientHeight < 24;
    if (visit.ok) list.replaceChildren(...(await visit.json()).events.map(eventRow));
    if (made.ok) {
      const rows = (await made.json()).map(offerRow);
      offers.replaceChildren(...(rows.length ? rows : [el('li', 'none', 'none yet')]));
    }
    if (atEnd) body.scrollTop = body.scrollHeight;
  };

  window._gt = window._gt || [];
  window._gt.push(
    ['on', 'delivered', () => refresh().catch(() => {})],
    [
      'getIDs',
      (current) => {
        visitID = current.visitID;
        ids.textContent = `(visit ${visitID.slice(0, 8)}…)`;
      },
    ],
  );
})();
