// The demo's single-page app: routes are /app.html?topic=<name>, rendered without a page load.
(() => {
  const topics = {
    '': ['Welcome', 'Pick a topic above.'],
    shipping: ['Shipping', 'Orders leave our workshop within two working days.'],
    returns: ['Returns', 'Return anything within 30 days, in its box.'],
    contact: ['Contact', 'Write to us, or wait a moment: we may offer to chat.'],
  };
  const render = () => {
    const topic = new URLSearchParams(location.search).get('topic') ?? '';
    const [heading, text] = topics[topic] ?? ['Not found', 'No such topic.'];
    document.title = `${heading} - Help centre - Lamps & Light`;
    const section = document.getElementById('route');
    const h2 = document.createElement('h2');
    h2.textContent = heading;
    const p = document.createElement('p');
    p.textContent = text;
    section.replaceChildren(h2, p);
  };
  document.addEventListener('click', (event) => {
    const link = event.target instanceof Element ? event.target.closest('.routes a') : null;
    if (!link) return;
    event.preventDefault();
    history.pushState(null, '', link.getAttribute('href'));
    render();
  });
  addEventListener('popstate', render);
  render();
})();
