// `npm run seed`: migrate and seed a data folder (or DATABASE_URL) without serving — for templates and benches.
// The same checks, progress lines and interrupted-seed handling as a first start of the API (server.ts).
import { configFromEnv, prepareDatabase } from '../server';

const t0 = Date.now();
try {
  const config = configFromEnv();
  const db = await prepareDatabase(config);
  await db.close();
  console.log(
    `Seeded (${config.seedSize}) ${config.databaseUrl ? 'DATABASE_URL' : config.dataDir} in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
} catch (e) {
  console.error(`Seeding failed: ${(e as Error).message}`);
  process.exit(1);
}
