import { buildApp } from './app.ts';
import { loadCategories } from './engagement/categories.ts';
import { loadRules } from './engagement/rules.ts';
import { loadGmsConfig } from './gms/config.ts';
import { readSettings } from './settings.ts';
import { type Db, openPglite, openPostgres } from './store/db.ts';
import { migrate } from './store/migrations.ts';

/** `npm start`: the engagement server with the demo site, on http://127.0.0.1:8080 by default. */
async function main() {
  const settings = readSettings();
  const categories = await loadCategories(settings.categoriesPath);
  const rules = await loadRules(settings.rulesPath);
  const gms = await loadGmsConfig(settings.gmsPath);
  const db: Db = settings.databaseUrl
    ? await openPostgres(settings.databaseUrl)
    : await openPglite(settings.dataDir);
  await migrate(db);
  const app = await buildApp({
    db,
    categories,
    rules,
    gms,
    notifyToken: settings.notifyToken,
    agentToken: settings.agentToken,
    ...(settings.inbox ? { inbox: settings.inbox } : {}),
    agentsAvailable: settings.agentsAvailable,
    allowedOrigins: settings.allowedOrigins,
    root: settings.root,
    logger: { level: settings.logLevel },
  });

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ port: settings.port, host: settings.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : settings.port;
  app.log.info(
    {
      database: db.kind === 'pglite' ? settings.dataDir : 'DATABASE_URL',
      categories: categories.length,
    },
    `Beckon demo and engagement server on http://${settings.host}:${port}`,
  );
}

main().catch((error) => {
  console.error(`beckon server: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
