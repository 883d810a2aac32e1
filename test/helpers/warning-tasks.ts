/**
 * 预警处置 test set-up, shared by bank-api/routes/warning-tasks.test.ts and bank-api/warnings/reassign.test.ts:
 * a bank API on a fresh database (PGlite or PostgreSQL) with demo users signed in, clients with one loan
 * booked at SH-PD, signals inserted into loan_signals (the real table the monitoring job writes), and the
 * service officer's disposition request.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { buildApp } from '../../bank-api/app';
import type { Database } from '../../bank-api/db/database';
import { beijingDate } from '../../shared/calendar';
import { signIn } from './api';
import { testProfileProvider } from './profiles';
import { createTestDatabase, type Engine, type TestDatabase } from './test-db';

/** Today in Beijing, when the test file loads. */
export const TODAY = beijingDate(new Date());

let keyN = 0;
/** A fresh Idempotency-Key. */
export const idempotencyKey = (prefix = 'wt') => `${prefix}-${Date.now()}-${keyN++}`;

export interface WarningTaskEnv {
  tdb: TestDatabase;
  app: FastifyInstance;
  as: Awaited<ReturnType<typeof signIn>>;
}

/**
 * Registers the suite's beforeAll/afterAll: a database on `engine`, the bank API on it, `prepare` (e.g.
 * extra users) and `users` signed in. The returned object is filled in by beforeAll; read it inside tests.
 */
export function warningTaskEnv(
  engine: Engine,
  users: readonly string[],
  prepare?: (db: Database) => Promise<void>,
): WarningTaskEnv {
  const env = {} as WarningTaskEnv;
  beforeAll(async () => {
    env.tdb = await createTestDatabase(engine);
    env.app = await buildApp({
      db: env.tdb.db,
      logLevel: process.env.TEST_LOG ?? 'silent',
      profiles: testProfileProvider(),
    });
    if (prepare) await prepare(env.tdb.db);
    env.as = await signIn(env.app, users);
  });
  afterAll(async () => {
    await env.app?.close();
    await env.tdb?.drop();
  });
  return env;
}

export interface TestClient {
  enterpriseId: string;
  loanId: string;
}

/**
 * Client number `i` of series `tag` (two capital letters): an enterprise booked at SH-PD, served by
 * `officer` (rm1 unless named), with one loan. Its id reads E + the unified social credit code, as the
 * API's enterprise ids do.
 */
export async function insertClient(
  db: Database,
  o: { tag: string; i: number; name: string; officer?: string | null },
): Promise<TestClient> {
  const uscc = `91310000${o.tag}${String(o.i).padStart(8, '0')}`;
  const enterpriseId = `E${uscc}`;
  const loanId = `LN-${o.tag}-${o.i}`;
  await db.query(
    `INSERT INTO enterprises (id, uscc, name, legal_rep_name, legal_rep_id, industry_code, size_class, region,
       branch_id, established_date, tax_rating, annual_sales_fen, profile, data_as_of, source, service_officer_id)
     VALUES ($1, $2, $3, '张三', '310101198001010011', 'C', 'small', '上海市浦东新区', 'SH-PD', '2015-01-01', 'A',
       500000000, '{}', $4, 'test', $5)`,
    [enterpriseId, uscc, o.name, TODAY, o.officer === undefined ? 'u-rm1' : o.officer],
  );
  await db.query(
    `INSERT INTO loans (id, enterprise_id, branch_id, product_code, industry_code, principal_fen, balance_fen,
       annual_rate, disbursed_on, maturity_date, classification)
     VALUES ($1, $2, 'SH-PD', 'LDD', 'C', 30000000, 25000000, 4.35, '2026-03-02', '2027-03-02', 'normal')`,
    [loanId, enterpriseId],
  );
  return { enterpriseId, loanId };
}

export interface SignalOptions {
  code?: string;
  severity?: string;
  /** ISO time; now unless given (observed at the same time). */
  raisedAt?: string;
  cleared?: boolean;
}

/** An open (or cleared) signal on the client's loan; returns its id. */
export async function insertSignal(db: Database, c: TestClient, o: SignalOptions = {}): Promise<string> {
  const r = await db.query<{ id: string }>(
    `INSERT INTO loan_signals (loan_id, enterprise_id, code, severity, rule_version, observed, observed_at,
       raised_at, cleared_at)
     VALUES ($1, $2, $3, $4, 'test-1', '{"field":"salesDropPct","value":42,"threshold":30}', $5, $5, $6)
     RETURNING id::text AS id`,
    [
      c.loanId,
      c.enterpriseId,
      o.code ?? 'sales_drop',
      o.severity ?? 'high',
      o.raisedAt ?? new Date().toISOString(),
      o.cleared ? new Date().toISOString() : null,
    ],
  );
  return r.rows[0]!.id;
}

/** POST /api/v1/warning-tasks/{id}/disposition as `user`, with If-Match `version` and a key (fresh unless given). */
export function disposeRequest(
  env: WarningTaskEnv,
  id: string,
  version: number,
  payload: object,
  user: string,
  key = idempotencyKey(),
) {
  return env.app.inject({
    method: 'POST',
    url: `/api/v1/warning-tasks/${id}/disposition`,
    headers: env.as(user, { 'if-match': `"${version}"`, 'idempotency-key': key }),
    payload,
  });
}
