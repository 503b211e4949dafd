// The snippet's config as a file of its own, for pages whose CSP forbids inline scripts.
window._gt = window._gt || [];
window._gt.push([
  'config',
  { dslResource: '/dsl/shop.json', frame: { url: `${location.origin}/partner/chat.html` } },
]);
