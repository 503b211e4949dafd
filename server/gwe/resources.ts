import compress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Where GWE's loader finds its tracker: `<gwe>/server/resources/js/build/GPE.min.js`. */
const GWE_BUILD_PATH = '/server/resources/js/build/';
/** GWE's resource directory (the DSL, custom invitation pages, templates, localisation). */
const GWE_RESOURCES_PATH = '/server/resources/';
/** Where the seed's custom invitation pages live (`/server/api/resources/v1/inviteGMS.html`). */
const GWE_API_RESOURCES_PATH = '/server/api/resources/v1/';

/**
 * What a GWE server served, served by Beckon, so a site moves by its host name alone. The GWE
 * loader's `GPE.min.js` (and `GPE.js`) is Beckon's core; its chunks and the chat popup load beside it,
 * as they do beside `beckon.js`. The operator's resource directory (BECKON_RESOURCES_DIR) answers
 * under GWE's two resource paths, with content types, ETags and gzip, and nothing outside it.
 */
export async function gweResourceRoutes(
  app: FastifyInstance,
  options: { dist: string; resourcesDir: string },
) {
  await app.register(fastifyStatic, {
    root: options.dist,
    prefix: GWE_BUILD_PATH,
    decorateReply: false,
    preCompressed: true,
    // dist/ also holds the built server; only the browser files are public.
    allowedPath: (path) => !path.startsWith('/server/'),
  });
  for (const name of ['GPE.min.js', 'GPE.js'])
    app.get(`${GWE_BUILD_PATH}${name}`, (_request, reply) =>
      reply.sendFile('beckon.js', options.dist),
    );

  // Operator files are not built with a `.gz` beside them: compressed as they are sent.
  await app.register(async (resources) => {
    await resources.register(compress, { global: true, threshold: 1024 });
    for (const prefix of [GWE_RESOURCES_PATH, GWE_API_RESOURCES_PATH])
      await resources.register(fastifyStatic, {
        root: options.resourcesDir,
        prefix,
        decorateReply: false,
        // Only what is there: no directory listings, no dotfiles.
        index: false,
        dotfiles: 'deny',
      });
  });
}
