// The snippet's config for every demo page, in a file of its own: one place to change it, and what a
// page whose CSP forbids inline scripts needs (the README shows the inline form to paste).
window._gt = window._gt || [];
(() => {
  // The shop's look, unless whoever opened the page gave another (the tests and screenshots do).
  const themed = window._gt.some((command) => command[0] === 'config' && command[1]?.theme);
  window._gt.push([
    'config',
    {
      dslResource: '/dsl/shop.json',
      frame: { url: `${location.origin}/partner/chat.html` },
      ...(themed
        ? {}
        : {
            theme: {
              name: 'Lamps & Light',
              logo: '/assets/logo.svg',
              colors: { accent: '#5a3e1b' },
            },
          }),
    },
  ]);
})();
