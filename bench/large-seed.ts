/**
 * The `large` seed (100,000 applications, 1,000,000 loans) for benchmarks, made once and reused:
 * PGlite in BENCH_LARGE_DATA_DIR (default `.data-bench-large/`), and PostgreSQL in
 * BENCH_LARGE_DATABASE_URL when set. Seeding takes minutes; later runs open what is there.
 */
import { join, resolve } from 'node:path';
import { type Database, openDatabase } from '../bank-api/db/database';
import { migrate } from '../bank-api/db/migrate';
import { seedIfEmpty } from '../bank-api/seed/index';
import { SANDBOX_SEED, sandboxProfileProvider } from '../bank-api/workflow/sandbox-provider';

export const LARGE_DATA_DIR = resolve(process.env.BENCH_LARGE_DATA_DIR ?? '.data-bench-large');

export async function openLargeSeed(engine: 'pglite' | 'postgres'): Promise<Database | null> {
  const url = process.env.BENCH_LARGE_DATABASE_URL;
  if (engine === 'postgres' && !url) return null;
  const db = await openDatabase(engine === 'postgres' ? { databaseUrl: url } : { dataDir: join(LARGE_DATA_DIR, 'db') });
  await migrate(db);
  const t0 = Date.now();
  await seedIfEmpty(db, sandboxProfileProvider(), 'large', SANDBOX_SEED, (m) =>
    console.log(`  [large seed, ${engine}] ${m}`),
  );
  const took = (Date.now() - t0) / 1000;
  if (took > 5) console.log(`  [large seed, ${engine}] ready in ${took.toFixed(0)} s (reused on later runs)`);
  return db;
}
