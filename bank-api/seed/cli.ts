// `npm run seed`: migrate and seed a data folder (or DATABASE_URL) without serving — for templates and benches.
import { join, resolve } from 'node:path';
import { openDatabase } from '../db/database';
import { migrate } from '../db/migrate';
import { SANDBOX_SEED, sandboxProfileProvider } from '../workflow/sandbox-provider';
import { seedIfEmpty, seedSizeFromEnv } from './index';

const dataDir = resolve(process.env.DATA_DIR ?? '.data');
const size = seedSizeFromEnv();
const t0 = Date.now();
const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL || undefined, dataDir: join(dataDir, 'db') });
try {
  await migrate(db);
  await seedIfEmpty(db, sandboxProfileProvider(), size, SANDBOX_SEED, (m) => console.log(`[seed] ${m}`));
  console.log(
    `Seeded (${size}) ${process.env.DATABASE_URL ? 'DATABASE_URL' : dataDir} in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
} finally {
  await db.close();
}
