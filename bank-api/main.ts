// `npm run api`: the bank API alone (SPEC §5).
import { configFromEnv, startServer } from './server';

try {
  const config = configFromEnv();
  const server = await startServer(config);
  const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.dataDir}`;
  // Machine-readable: scripts, the launcher and tests that start the API wait for this line.
  console.log(`BANK_API_URL=${server.url}`);
  console.log(`Bank API listening on ${server.url} — database: ${where}; OpenAPI at ${server.url}/openapi.json`);
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (e) {
  console.error(`Bank API failed to start: ${(e as Error).message}`);
  process.exit(1);
}
