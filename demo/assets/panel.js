// The demo's live panel: what the engagement server stored for this visit, fetched again each time
// the server acknowledges events (the tracker's `delivered` hook), and a switch for agent
// availability, which the engagement policy needs before it offers a chat. Text only, never HTML.
(() => {
  const panel = document.createElement('aside');
  panel.className = 'beckon-panel';
  panel.setAttribute('aria-label', 'What the server received for this visit');
  const heading = document.createElement('h2');
  heading.textContent = 'Server received';
  const ids = document.createElement('p');
  ids.className = 'ids';
  const list = document.createElement('ol');
  const agents = document.createElement('button');
  agents.type = 'button';
  agents.className = 'agents';
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
  panel.append(heading, agents, ids, list);
  document.addEventListener('DOMContentLoaded', () => document.body.append(panel));

  const row = (event) => {
    const li = document.createElement('li');
    const name = document.createElement('strong');
    name.textContent = event.eventName;
    const where = document.createElement('span');
    const { pathname, search } = new URL(event.url);
    where.textContent = ` ${pathname}${search}${event.category ? ` [${event.category}]` : ''}`;
    li.append(name, where);
    if (event.data && Object.keys(event.data).length) {
      const data = document.createElement('code');
      data.textContent = ` ${JSON.stringify(event.data)}`;
      li.append(data);
    }
    return li;
  };

  let visitID = null;
  const refresh = async () => {
    if (!visitID) return;
    // The journey holds personal data, so the server shows it to the visit's own browser only: the
    // panel shows the visit key Beckon keeps for the visit (a demo may look inside; a site need not).
    const key = JSON.parse(localStorage.getItem('beckon.visit') ?? '{}').key;
    const response = await fetch(`/server/data/visits/${visitID}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    if (response.ok) list.replaceChildren(...(await response.json()).events.map(row));
  };

  window._gt = window._gt || [];
  window._gt.push(
    ['on', 'delivered', () => refresh().catch(() => {})],
    [
      'getIDs',
      (current) => {
        visitID = current.visitID;
        ids.textContent = `visit ${visitID.slice(0, 8)}…`;
      },
    ],
  );
})();
