// The snippet's config for every demo page, in a file of its own: one place to change it, and what a
// page whose CSP forbids inline scripts needs (the README shows the inline form to paste).
window._gt = window._gt || [];
window._gt.push([
  'config',
  { dslResource: '/dsl/shop.json', frame: { url: `${location.origin}/partner/chat.html` } },
]);
