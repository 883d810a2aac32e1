/**
 * The session lookup runs on every request; since issue 14 item 8 it also reads the authority in force
 * (authority_grants, migration 0015). This compares it with the lookup as migration 0008 had it (the
 * same function without the grant), on a fresh bank and after a long grant history (200 confirmed
 * grants per holder), on PGlite and — when TEST_DATABASE_URL is set — PostgreSQL. Ratios, not times:
 * the machine's speed cancels out.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { SessionService } from '../bank-api/auth/sessions';
import { type Database, openDatabase } from '../bank-api/db/database';
import { migrate } from '../bank-api/db/migrate';
import { seedOrganisation } from '../bank-api/seed/organisation';
import type { BenchFigure, BenchModule } from './run';
import { ms, percentile, sample } from './stats';

const SAMPLES = Number(process.env.BENCH_SESSION_SAMPLES ?? 2000);
const here = dirname(fileURLToPath(import.meta.url));

async function measure(db: Database, engine: string): Promise<BenchFigure[]> {
  await migrate(db);
  await db.tx((q) => seedOrganisation(q).then(() => undefined));
  // The 0008 lookup, side by side under another name, as the reference.
  const old = readFileSync(join(here, '../bank-api/db/migrations/0008_session_lookup.sql'), 'utf8').replace(
    /session_user_row/g,
    'session_user_row_0008',
  );
  await db.exec(old);
  const signedIn = await new SessionService(db).login('approver2', 'demo-pass');
  if (!signedIn) throw new Error('approver2 could not sign in');
  const hash = (await db.query<{ token_hash: string }>('SELECT token_hash FROM sessions LIMIT 1')).rows[0]!.token_hash;
  const lookup = (fn: string) => () => db.query(`SELECT * FROM ${fn}($1)`, [hash]);
  const p = async (fn: string) => {
    await sample(200, lookup(fn));
    const s = await sample(SAMPLES, lookup(fn));
    return { p50: percentile(s, 50), p99: percentile(s, 99) };
  };
  const before = await p('session_user_row_0008');
  const after = await p('session_user_row');
  await db.query(`INSERT INTO authority_grants (user_id, authority, kind, effective_from, document_ref, status, decided_at)
    SELECT u.id, u.authority, 'change', DATE '2001-01-01' + g, 'BENCH', 'confirmed', now()
    FROM users u, generate_series(1, 200) g WHERE u.authority IS NOT NULL`);
  await db.query('ANALYZE authority_grants');
  const long = await p('session_user_row');
  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
  return [
    {
      name: `${engine}: session lookup p50 with the authority in force`,
      value: ms(after.p50),
      reference: `${ms(before.p50)} without (0008)`,
      ratio: ratio(after.p50, before.p50),
      target: '≤ 1.5×',
    },
    { name: `${engine}: session lookup p99`, value: ms(after.p99), reference: ms(before.p99) },
    {
      name: `${engine}: p50 after 200 grants per holder`,
      value: ms(long.p50),
      reference: ms(before.p50),
      ratio: ratio(long.p50, before.p50),
      target: '≤ 1.5× (one index probe)',
    },
  ];
}

const bench: BenchModule = {
  title: 'Session lookup with the authority in force (authority_grants)',
  async run() {
    const figures: BenchFigure[] = [];
    const lite = await openDatabase({});
    try {
      figures.push(...(await measure(lite, 'PGlite')));
    } finally {
      await lite.close();
    }
    const url = process.env.TEST_DATABASE_URL;
    if (url) {
      const name = `ws_bench_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      const u = new URL(url);
      u.pathname = `/${name}`;
      const db = await openDatabase({ databaseUrl: u.toString() });
      try {
        figures.push(...(await measure(db, 'PostgreSQL')));
      } finally {
        await db.close();
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      }
    } else {
      figures.push({ name: 'PostgreSQL', value: 'skipped: TEST_DATABASE_URL is not set' });
    }
    return figures;
  },
};
export default bench;
