/**
 * The monitoring job on a seeded sandbox bank, on PGlite and PostgreSQL: it reproduces the seed's signals
 * with the figures it saw, is idempotent, raises a signal when a source's data changes and clears it when
 * the change goes away, resumes a crashed run after its cursor without redoing a batch, and runs once
 * when two instances claim it at the same time. The routes: supervisors only, 202 / 409, the list.
 * The profiles come from the sandbox sources through the ProfileProvider interface the app uses; a
 * wrapper changes one enterprise's data, as a source would.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingDate } from '../../shared/calendar/business-calendar';
import { parseSignalRules, SIGNAL_RULES_VERSION, SignalRulesError } from '../../shared/monitoring/rules';
import { signIn } from '../../test/helpers/api';
import { sandboxSourcesWithChanges } from '../../test/helpers/profiles';
import { createTestDatabase, type Engine, type TestDatabase, testEngines } from '../../test/helpers/test-db';
import { buildApp } from '../app';
import { type Database, openDatabase } from '../db/database';
import { seedSandbox } from '../seed/sandbox';
import { MonitoringJob } from './job';
import { nextSlot, parseSchedule } from './schedule';

interface LoanRow {
  id: string;
  enterprise_id: string;
  uscc: string;
  warning_signals: string[];
}

const activeLoans = async (db: Database) =>
  (
    await db.query<LoanRow>(
      `SELECT l.id, l.enterprise_id, e.uscc, l.warning_signals FROM loans l JOIN enterprises e ON e.id = l.enterprise_id
        WHERE l.balance_fen > 0 ORDER BY l.id`,
    )
  ).rows;

const openSignals = async (db: Database) =>
  (
    await db.query<{ loan_id: string; code: string; observed: Record<string, unknown>; run_id: string }>(
      'SELECT loan_id, code, observed, run_id FROM loan_signals WHERE cleared_at IS NULL ORDER BY loan_id, id',
    )
  ).rows;

describe('signal rules as data', () => {
  it('refuses a rule with an unknown field, naming it', () => {
    const rule = { code: 'x_drop', severity: 'low', kind: 'count_above', field: 'bureau.inquiries6m', threshold: 3 };
    expect(parseSignalRules({ version: 'SR-2026.9', rules: [rule] }).rules[0]).toEqual(rule);
    expect(() => parseSignalRules({ version: 'SR-2026.9', rules: [{ ...rule, treshold: 3 }] })).toThrow(
      SignalRulesError,
    );
    expect(() => parseSignalRules({ version: 'SR-2026.9', rules: [{ ...rule, treshold: 3 }] })).toThrow(
      /rules\.0: unknown field\(s\): treshold/,
    );
    expect(() => parseSignalRules({ version: 'SR-2026.9', rules: [rule, rule] })).toThrow(/duplicate code/);
    expect(() => parseSignalRules({ version: 'SR-2026.9', rules: [{ ...rule, field: 'profile.name' }] })).toThrow(
      SignalRulesError,
    );
  });

  it('schedules: off, nightly at 02:00 Beijing, every n minutes', () => {
    expect(parseSchedule('off')).toEqual({ kind: 'off' });
    expect(parseSchedule('15')).toEqual({ kind: 'every', minutes: 15 });
    expect(() => parseSchedule('hourly')).toThrow(/MONITORING_SCHEDULE/);
    // 2026-11-30 12:00 UTC is 20:00 Beijing: the next 02:00 Beijing is 2026-11-30 18:00 UTC.
    const noon = Date.UTC(2026, 10, 30, 12);
    expect(new Date(nextSlot({ kind: 'nightly', hour: 2 }, noon)).toISOString()).toBe('2026-11-30T18:00:00.000Z');
    expect(new Date(nextSlot({ kind: 'every', minutes: 15 }, noon + 60_000)).toISOString()).toBe(
      '2026-11-30T12:15:00.000Z',
    );
  });
});

describe.each(testEngines())('monitoring job on %s', (engine: Engine) => {
  let tdb: TestDatabase;
  const today = beijingDate(Date.now());
  const src = sandboxSourcesWithChanges();
  const job = (o: Partial<ConstructorParameters<typeof MonitoringJob>[0]> = {}) =>
    new MonitoringJob({ db: tdb.db, profiles: src.provider, batchSize: 25, ...o });

  beforeAll(async () => {
    tdb = await createTestDatabase(engine);
    await seedSandbox(tdb.db, { size: 'small', asOf: today, counts: { enterprises: 40, loans: 120, applications: 0 } });
  }, 180_000);
  afterAll(async () => {
    await tdb?.drop();
  });

  it("a first run finds the seed's signals, each stored with the figures it saw", async () => {
    const before = await activeLoans(tdb.db);
    expect(before.length).toBeGreaterThan(50);
    const seeded = before.filter((l) => l.warning_signals.length > 0);
    expect(seeded.length).toBeGreaterThan(0);
    const r = await job().start('manual', 'u-supervisor1');
    expect(r.kind).toBe('started');
    if (r.kind !== 'started') return;
    const run = await r.done;
    expect(run).toMatchObject({
      status: 'done',
      loansTotal: before.length,
      loansDone: before.length,
      ruleVersion: SIGNAL_RULES_VERSION,
      requestedBy: { id: 'u-supervisor1' },
    });
    const open = await openSignals(tdb.db);
    expect(run!.signalsRaised).toBe(open.length);
    // The same signals the seed computed (same sources, same day, same rules), per loan.
    const byLoan = new Map<string, string[]>();
    for (const s of open) byLoan.set(s.loan_id, [...(byLoan.get(s.loan_id) ?? []), s.code]);
    for (const l of before) expect(byLoan.get(l.id) ?? [], l.id).toEqual(l.warning_signals);
    expect(await activeLoans(tdb.db)).toEqual(before);
    for (const s of open) {
      expect(s.run_id).toBe(run!.id);
      expect(s.observed).toHaveProperty('field');
      if (s.code === 'sales_drop' || s.code === 'overdue_elsewhere') expect(s.observed).toHaveProperty('threshold');
    }
    const audit = await tdb.db.query<{ actor_id: string }>(
      "SELECT actor_id FROM audit_events WHERE action = 'monitoring.run_started' AND entity_id = $1",
      [run!.id],
    );
    expect(audit.rows).toEqual([{ actor_id: 'u-supervisor1' }]);
  });

  it('run twice: no duplicate signals, nothing raised or cleared', async () => {
    const before = await tdb.db.query('SELECT * FROM loan_signals ORDER BY id');
    const r = await job().start('manual', null);
    if (r.kind !== 'started') throw new Error(r.kind);
    const run = await r.done;
    expect(run).toMatchObject({ status: 'done', signalsRaised: 0, signalsCleared: 0 });
    expect((await tdb.db.query('SELECT * FROM loan_signals ORDER BY id')).rows).toEqual(before.rows);
  });

  it("a signal appears after a source's data changes, and clears when it no longer holds", async () => {
    const loans = await activeLoans(tdb.db);
    const target = loans.find((l) => !l.warning_signals.includes('overdue_elsewhere'))!;
    const sameBorrower = loans.filter((l) => l.uscc === target.uscc);
    // The credit bureau now reports 3 overdue instalments at other lenders.
    src.changes.set(target.uscc, (p) => ({ ...p, bureau: { ...p.bureau, overdueCount12m: 3 } }));
    const r1 = await job().start('manual', 'u-supervisor2');
    if (r1.kind !== 'started') throw new Error(r1.kind);
    const run1 = (await r1.done)!;
    expect(run1.signalsRaised).toBe(sameBorrower.length);
    const raised = await tdb.db.query<{ loan_id: string; severity: string; observed: unknown; run_id: string }>(
      "SELECT loan_id, severity, observed, run_id FROM loan_signals WHERE code = 'overdue_elsewhere' AND loan_id = $1",
      [target.id],
    );
    expect(raised.rows).toEqual([
      {
        loan_id: target.id,
        severity: 'high',
        run_id: run1.id,
        observed: { kind: 'count_above', field: 'bureau.overdueCount12m', value: 3, threshold: 0 },
      },
    ]);
    const after1 = await tdb.db.query<{ warning_signals: string[] }>(
      'SELECT warning_signals FROM loans WHERE id = $1',
      [target.id],
    );
    expect(after1.rows[0]!.warning_signals).toContain('overdue_elsewhere');
    // The dashboards' loan summaries were rebuilt after the run changed loans (not left stale).
    const summary = await tdb.db.query<{ stale: boolean }>('SELECT stale FROM loan_summary_state WHERE id = 1');
    expect(summary.rows).toEqual([{ stale: false }]);
    const inSummary = await tdb.db.query<{ n: number }>(
      "SELECT coalesce(sum(n), 0)::int AS n FROM loan_book_summary WHERE 'overdue_elsewhere' = ANY(warning_signals)",
    );
    const inLoans = await tdb.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM loans WHERE 'overdue_elsewhere' = ANY(warning_signals)",
    );
    expect(inSummary.rows[0]!.n).toBe(inLoans.rows[0]!.n);
    expect(inLoans.rows[0]!.n).toBe(
      loans.filter((l) => l.warning_signals.includes('overdue_elsewhere')).length + sameBorrower.length,
    );

    // The bureau's record is clean again: the next run clears the signal (kept, with when it cleared).
    src.changes.delete(target.uscc);
    const r2 = await job().start('manual', null);
    if (r2.kind !== 'started') throw new Error(r2.kind);
    const run2 = (await r2.done)!;
    expect(run2).toMatchObject({ signalsRaised: 0, signalsCleared: sameBorrower.length });
    const cleared = await tdb.db.query<{ cleared_run_id: string | null; open: boolean }>(
      "SELECT cleared_run_id, cleared_at IS NULL AS open FROM loan_signals WHERE code = 'overdue_elsewhere' AND loan_id = $1",
      [target.id],
    );
    expect(cleared.rows).toEqual([{ cleared_run_id: run2.id, open: false }]);
    const after2 = await tdb.db.query<{ warning_signals: string[] }>(
      'SELECT warning_signals FROM loans WHERE id = $1',
      [target.id],
    );
    expect(after2.rows[0]!.warning_signals).toEqual(target.warning_signals);
  });

  it('a crashed run is resumed from its cursor: no batch done twice; a live run makes others busy', async () => {
    const loans = await activeLoans(tdb.db);
    // The process dies after two batches of 25 (the run stays 'running', its heartbeat stops).
    const first = job({ instanceId: 'instance-a', haltAfterBatches: 2 });
    const r = await first.start('manual', 'u-supervisor1');
    if (r.kind !== 'started') throw new Error(r.kind);
    expect(await r.done).toBeNull();
    const mid = await tdb.db.query<{ status: string; loans_done: number; cursor: string }>(
      'SELECT status, loans_done, cursor FROM monitoring_runs WHERE id = $1',
      [r.run.id],
    );
    expect(mid.rows[0]).toEqual({ status: 'running', loans_done: 50, cursor: loans[49]!.id });

    // While its heartbeat is fresh, nobody else starts a run.
    const early = await job({ instanceId: 'instance-b' }).start('manual', 'u-supervisor2');
    expect(early).toMatchObject({ kind: 'busy', run: { id: r.run.id, loansDone: 50, stale: false } });

    // Eleven minutes later it is stale: the next claim resumes it after its cursor.
    const later = () => new Date(Date.now() + 11 * 60_000);
    src.asked.length = 0;
    const second = job({ instanceId: 'instance-b', now: later });
    const resumed = await second.start('manual', 'u-supervisor2');
    expect(resumed).toMatchObject({ kind: 'started', resumed: true, run: { id: r.run.id } });
    if (resumed.kind !== 'started') return;
    const run = (await resumed.done)!;
    expect(run).toMatchObject({ status: 'done', loansDone: loans.length, loansTotal: loans.length });
    // Only the borrowers after the cursor were read again (and the earlier profile of a court listing).
    const rest = new Set(loans.slice(50).map((l) => l.uscc));
    expect(src.asked.length).toBeGreaterThan(0);
    expect(src.asked.filter((u) => !rest.has(u))).toEqual([]);
    const dup = await tdb.db.query(
      'SELECT loan_id, code FROM loan_signals WHERE cleared_at IS NULL GROUP BY 1, 2 HAVING count(*) > 1',
    );
    expect(dup.rows).toEqual([]);
    const audit = await tdb.db.query<{ actor_id: string }>(
      "SELECT actor_id FROM audit_events WHERE action = 'monitoring.run_resumed' AND entity_id = $1",
      [r.run.id],
    );
    expect(audit.rows).toEqual([{ actor_id: 'u-supervisor2' }]);
    // The instance that crashed cannot write to the run any more (its lease went to instance-b).
    const lock = await tdb.db.query<{ holder: string | null }>('SELECT holder FROM monitoring_lock');
    expect(lock.rows).toEqual([{ holder: null }]);
  });

  it('two instances claiming the same scheduled slot at once: one run does the work', async () => {
    // Each instance has its own connection(s): a pool of its own on PostgreSQL, the one PGlite otherwise.
    const other = tdb.url ? await openDatabase({ databaseUrl: tdb.url }) : tdb.db;
    try {
      const slotStart = new Date(Date.now() - 1000);
      const runsBefore = (await tdb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM monitoring_runs')).rows[0]!
        .n;
      src.asked.length = 0;
      const a = job({ instanceId: 'instance-a' });
      const b = new MonitoringJob({ db: other, profiles: src.provider, batchSize: 25, instanceId: 'instance-b' });
      const [ra, rb] = await Promise.all([
        a.start('schedule', null, { slotStart }),
        b.start('schedule', null, { slotStart }),
      ]);
      const kinds = [ra.kind, rb.kind].sort();
      expect(kinds[1]).toBe('started');
      expect(['busy', 'skipped']).toContain(kinds[0]);
      const winner = ra.kind === 'started' ? ra : rb;
      if (winner.kind !== 'started') return;
      const run = (await winner.done)!;
      expect(run.status).toBe('done');
      // After it finished, a late timer of either instance for the same slot skips.
      expect((await a.start('schedule', null, { slotStart })).kind).toBe('skipped');
      expect((await b.start('schedule', null, { slotStart })).kind).toBe('skipped');
      const runsAfter = (await tdb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM monitoring_runs')).rows[0]!
        .n;
      expect(runsAfter).toBe(runsBefore + 1);
      // Each borrower read once (plus the earlier profile where a court listing needs one).
      const loans = await activeLoans(tdb.db);
      const borrowers = new Set(loans.map((l) => l.uscc));
      expect(new Set(src.asked)).toEqual(borrowers);
      // (A borrower whose loans fall in two batches is read in each.)
      const batchesOf = new Map<string, number>();
      for (let i = 0; i < loans.length; i += 25) {
        for (const u of new Set(loans.slice(i, i + 25).map((l) => l.uscc)))
          batchesOf.set(u, (batchesOf.get(u) ?? 0) + 1);
      }
      const counts = new Map<string, number>();
      for (const u of src.asked) counts.set(u, (counts.get(u) ?? 0) + 1);
      for (const [u, n] of counts) expect(n, u).toBeLessThanOrEqual(2 * batchesOf.get(u)!);
    } finally {
      if (other !== tdb.db) await other.close();
    }
  });

  describe('routes', () => {
    let app: FastifyInstance;
    let as: Awaited<ReturnType<typeof signIn>>;
    beforeAll(async () => {
      app = await buildApp({ db: tdb.db, logLevel: 'silent', profiles: src.provider });
      as = await signIn(app, ['supervisor1', 'rm1', 'approver1']);
    });
    afterAll(async () => {
      await app?.close();
    });

    it('only supervisors start runs; a second start while one runs is 409 with the run; GET lists latest first', async () => {
      const countRuns = async () =>
        (await tdb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM monitoring_runs')).rows[0]!.n;
      const n0 = await countRuns();
      for (const u of ['rm1', 'approver1']) {
        const r = await app.inject({ method: 'POST', url: '/api/v1/monitoring/runs', headers: as(u) });
        expect(r.statusCode, r.body).toBe(403);
        expect(r.headers['content-type']).toContain('application/problem+json');
        const g = await app.inject({ method: 'GET', url: '/api/v1/monitoring/runs', headers: as(u) });
        expect(g.statusCode).toBe(403);
      }
      expect(await countRuns()).toBe(n0);

      const open = src.hold(); // the sources answer only when released: the run stays in progress
      const first = await app.inject({ method: 'POST', url: '/api/v1/monitoring/runs', headers: as('supervisor1') });
      expect(first.statusCode, first.body).toBe(202);
      const run = first.json();
      expect(run).toMatchObject({ status: 'running', trigger: 'manual', requestedBy: { id: 'u-supervisor1' } });
      expect(first.headers.location).toBe(`/api/v1/monitoring/runs/${run.id}`);
      const second = await app.inject({ method: 'POST', url: '/api/v1/monitoring/runs', headers: as('supervisor1') });
      expect(second.statusCode, second.body).toBe(409);
      expect(second.headers['content-type']).toContain('application/problem+json');
      expect(second.json()).toMatchObject({
        code: 'monitoring.run_in_progress',
        run: { id: run.id, status: 'running' },
      });
      expect(await countRuns()).toBe(n0 + 1);
      open();

      let got = run;
      for (let i = 0; got.status === 'running' && i < 1200; i++) {
        await new Promise((r) => setTimeout(r, 50));
        got = (
          await app.inject({ method: 'GET', url: `/api/v1/monitoring/runs/${run.id}`, headers: as('supervisor1') })
        ).json();
      }
      expect(got).toMatchObject({ id: run.id, status: 'done', loansDone: got.loansTotal });
      const list = await app.inject({
        method: 'GET',
        url: '/api/v1/monitoring/runs?limit=3',
        headers: as('supervisor1'),
      });
      expect(list.statusCode).toBe(200);
      expect(list.json().runs[0].id).toBe(run.id);
      expect(list.json().runs).toHaveLength(3);
      const missing = await app.inject({
        method: 'GET',
        url: '/api/v1/monitoring/runs/MR-20260101000000-aaaaaa',
        headers: as('supervisor1'),
      });
      expect(missing.statusCode).toBe(404);
    });

    it('a proposed rule with an unknown field is a 400 naming it; the rules in force are readable', async () => {
      const rules = (
        await app.inject({ method: 'GET', url: '/api/v1/monitoring/rules', headers: as('supervisor1') })
      ).json().rules;
      expect(rules.version).toBe(SIGNAL_RULES_VERSION);
      const ok = await app.inject({
        method: 'POST',
        url: '/api/v1/monitoring/rules/check',
        headers: as('supervisor1'),
        payload: rules,
      });
      expect(ok.statusCode, ok.body).toBe(200);
      const bad = structuredClone(rules);
      bad.rules[3].treshold = 1;
      const r = await app.inject({
        method: 'POST',
        url: '/api/v1/monitoring/rules/check',
        headers: as('supervisor1'),
        payload: bad,
      });
      expect(r.statusCode).toBe(400);
      expect(r.json()).toMatchObject({
        code: 'validation_failed',
        errors: [{ path: 'body.rules.3', message: 'unknown field(s): treshold' }],
      });
    });
  });
});
