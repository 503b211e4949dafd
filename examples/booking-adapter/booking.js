// The booking service's page: it reads the visit's IDs from its address, and tells the site that
// framed it which slot was booked, addressed to the site's origin only (from its referrer).
const params = new URLSearchParams(location.search);
document.getElementById('visit').textContent = params.get('visitID') ?? '';
document.getElementById('page').textContent = params.get('pageID') ?? '';
const site = document.referrer ? new URL(document.referrer).origin : null;
for (const button of document.querySelectorAll('button[data-slot]')) {
  button.addEventListener('click', () => {
    if (site) window.parent.postMessage({ type: 'booked', slot: button.dataset.slot }, site);
    document.querySelector('main').replaceChildren(`Booked: ${button.dataset.slot}`);
  });
}
