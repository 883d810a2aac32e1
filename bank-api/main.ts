// `npm run api`: the bank API alone (SPEC §5).
import { maskIdentifiers, serializeError } from './http/logging';
import { configFromEnv, type RunningServer, startServer } from './server';

let server: RunningServer | undefined;

// A crash is reported through the same allow-list as every logged error: Node's default report
// prints the whole error object, a driver's bind values included.
const crash = (what: string) => (e: unknown) => {
  if (server) server.app.log.fatal({ err: e }, what);
  else console.error(`Bank API ${what}: ${JSON.stringify(serializeError(e))}`);
  process.exit(1);
};
process.on('uncaughtException', crash('uncaught exception'));
process.on('unhandledRejection', crash('unhandled rejection'));

try {
  const config = configFromEnv();
  server = await startServer(config);
  const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.dataDir}`;
  // Machine-readable: scripts, the launcher and tests that start the API wait for this line.
  console.log(`BANK_API_URL=${server.url}`);
  console.log(`Bank API listening on ${server.url} — database: ${where}; OpenAPI at ${server.url}/openapi.json`);
  const running = server;
  const stop = async () => {
    await running.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (e) {
  // Paths stay readable (the message says which folder to fix); identifiers a seed error quotes do not.
  console.error(`Bank API failed to start: ${maskIdentifiers((e as Error).message)}`);
  process.exit(1);
}
