import type { FastifyInstance } from 'fastify';

/**
 * `/server/docs`: the routes as /server/openapi.json describes them, for people. A page of its own
 * (no third-party UI to trust, nothing inline, so the server's strict CSP holds): its script reads
 * the description and writes it out as text, never as HTML.
 */
const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Beckon engagement server: routes</title><link rel="icon" href="data:,"><script defer src="/server/docs.js"></script></head>
<body><main><h1>Beckon engagement server: routes</h1>
<p>From the routes' own contracts: <a href="/server/openapi.json">/server/openapi.json</a> (OpenAPI 3.1).
Who may call each route: the README's <em>Security</em>.</p><div id="routes" aria-live="polite">Loading…</div></main></body></html>
`;

const SCRIPT = `(async () => {
  const spec = await (await fetch('/server/openapi.json')).json();
  const root = document.getElementById('routes');
  const el = (tag, text) => { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; return e; };
  root.replaceChildren();
  for (const [path, operations] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(operations)) {
      const section = el('section');
      section.append(el('h2', method.toUpperCase() + ' ' + path));
      if (op.summary) section.append(el('p', op.summary));
      const parts = [['Parameters', op.parameters], ['Body', op.requestBody], ['Answers', op.responses]];
      for (const [name, part] of parts) {
        if (!part || (Array.isArray(part) && part.length === 0)) continue;
        const details = el('details');
        details.append(el('summary', name), el('pre', JSON.stringify(part, null, 2)));
        section.append(details);
      }
      root.append(section);
    }
  }
})().catch((error) => { document.getElementById('routes').textContent = 'The description could not be loaded: ' + error; });
`;

export async function apiDocsRoutes(app: FastifyInstance) {
  app.get('/server/docs', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(PAGE),
  );
  app.get('/server/docs.js', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').send(SCRIPT),
  );
}
