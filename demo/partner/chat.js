// Shows the context the frame adapter put in the query string: what a partner would attach to its chat.
const list = document.getElementById('context');
const params = new URLSearchParams(location.search);
for (const key of ['visitID', 'pageID', 'engagementID', 'webengagement', 'scenario']) {
  if (!params.has(key)) continue;
  const term = document.createElement('dt');
  term.textContent = key;
  const value = document.createElement('dd');
  value.textContent = params.get(key) || '(empty: a proactive engagement)';
  value.dataset.key = key;
  list.append(term, value);
}
