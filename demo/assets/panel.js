// The demo's live panel: what the engagement server stored for this visit, refreshed every second.
// Text only (textContent), never HTML from the server.
(() => {
  const panel = document.createElement('aside');
  panel.className = 'beckon-panel';
  panel.setAttribute('aria-label', 'What the server received for this visit');
  const heading = document.createElement('h2');
  heading.textContent = 'Server received';
  const ids = document.createElement('p');
  ids.className = 'ids';
  const list = document.createElement('ol');
  panel.append(heading, ids, list);
  document.addEventListener('DOMContentLoaded', () => document.body.append(panel));

  const row = (event) => {
    const li = document.createElement('li');
    const name = document.createElement('strong');
    name.textContent = event.eventName;
    const where = document.createElement('span');
    where.textContent = ` ${new URL(event.url).pathname}${event.category ? ` [${event.category}]` : ''}`;
    li.append(name, where);
    if (event.data && Object.keys(event.data).length) {
      const data = document.createElement('code');
      data.textContent = ` ${JSON.stringify(event.data)}`;
      li.append(data);
    }
    return li;
  };

  window._gt = window._gt || [];
  window._gt.push([
    'getIDs',
    (current) => {
      ids.textContent = `visit ${current.visitID.slice(0, 8)}… page ${current.pageID.slice(0, 8)}…`;
      const refresh = async () => {
        try {
          const response = await fetch(`/server/data/visits/${current.visitID}`);
          if (response.ok) {
            const visit = await response.json();
            list.replaceChildren(...visit.events.map(row));
          }
        } finally {
          setTimeout(refresh, 1000);
        }
      };
      refresh();
    },
  ]);
})();
