/**
 * Real databases for tests: embedded PGlite in memory, and — when TEST_DATABASE_URL points at a
 * PostgreSQL server — a fresh database created on it per call and dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, openDatabase } from '../../bank-api/db/database';
import { migrate } from '../../bank-api/db/migrate';
import { seedOrganisation } from '../../bank-api/seed/organisation';
import { syncProducts } from '../../bank-api/seed/products';

export type Engine = 'pglite' | 'postgres';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;

/** The engines to run integration tests on here; says once why PostgreSQL is left out. */
export function testEngines(): Engine[] {
  if (!TEST_DATABASE_URL) {
    if (!(globalThis as { __pgSkipSaid?: boolean }).__pgSkipSaid) {
      console.warn('PostgreSQL integration runs SKIPPED: TEST_DATABASE_URL is not set (.ci/run sets it; see README).');
      (globalThis as { __pgSkipSaid?: boolean }).__pgSkipSaid = true;
    }
    return ['pglite'];
  }
  return ['pglite', 'postgres'];
}

export interface TestDatabase {
  db: Database;
  url?: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(engine: Engine, opts: { seed?: boolean } = {}): Promise<TestDatabase> {
  let db: Database;
  let url: string | undefined;
  let dropDb = async () => {};
  if (engine === 'postgres') {
    if (!TEST_DATABASE_URL) throw new Error('TEST_DATABASE_URL is not set');
    const name = `ws_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(TEST_DATABASE_URL);
    u.pathname = `/${name}`;
    url = u.toString();
    db = await openDatabase({ databaseUrl: url });
    dropDb = async () => {
      const a = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    };
  } else {
    db = await openDatabase({});
  }
  await migrate(db);
  if (opts.seed !== false) {
    await db.tx(async (q) => {
      await seedOrganisation(q);
      await syncProducts(q);
    });
  }
  return {
    db,
    ...(url ? { url } : {}),
    async drop() {
      await db.close();
      await dropDb();
    },
  };
}
