/**
 * An interrupted monitoring run resumes when the bank API starts, on PGlite and PostgreSQL, over a seeded
 * sandbox book. Runs stopped dead after two batches are written as the two kinds of interruption: released
 * on shutdown (heartbeat and lease cleared, as the job's close does) and crashed (lease left, heartbeat
 * older than the stale limit). A new app over the database takes each over when it is ready — without
 * waiting for it: the app is ready while the sources hold the run — and completes it after its cursor:
 * only the borrowers after the cursor are read, the counters are those of the whole book, and the signals
 * and figures are those of uninterrupted runs over the same data (a second database). The resumption is
 * audited without an actor. A run with a fresh heartbeat (another instance) is left alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingDate } from '../../shared/calendar/business-calendar';
import type { EnterpriseProfile } from '../../shared/credit/profile';
import type { MonitoringRun } from '../../shared/monitoring/api';
import { signIn } from '../../test/helpers/api';
import { sandboxSourcesWithChanges } from '../../test/helpers/profiles';
import { createTestDatabase, type TestDatabase, testEngines } from '../../test/helpers/test-db';
import { buildApp } from '../app';
import type { Database } from '../db/database';
import { seedSandbox } from '../seed/sandbox';
import { MonitoringJob } from './job';

const BATCH = 5;

const activeLoans = async (db: Database) =>
  (
    await db.query<{ id: string; uscc: string }>(
      `SELECT l.id, e.uscc FROM loans l JOIN enterprises e ON e.id = l.enterprise_id
        WHERE l.balance_fen > 0 ORDER BY l.id`,
    )
  ).rows;

/** Every signal, open or cleared, with the figures it saw; and the loans' current signals. */
const signalState = async (db: Database) => ({
  signals: (
    await db.query(
      `SELECT loan_id, code, severity, observed, cleared_at IS NULL AS open
         FROM loan_signals ORDER BY loan_id, code, raised_at`,
    )
  ).rows,
  loans: (await db.query('SELECT id, warning_signals FROM loans WHERE cardinality(warning_signals) > 0 ORDER BY id'))
    .rows,
});

const figures = (r: MonitoringRun) => ({
  status: r.status,
  loansTotal: r.loansTotal,
  loansDone: r.loansDone,
  signalsRaised: r.signalsRaised,
  signalsCleared: r.signalsCleared,
  error: r.error,
});

describe.each(testEngines())('an interrupted monitoring run resumes at startup on %s', (engine) => {
  let tdb: TestDatabase;
  let ref: TestDatabase;
  const today = beijingDate(Date.now());
  const src = sandboxSourcesWithChanges();
  const refSrc = sandboxSourcesWithChanges();
  /** The uninterrupted runs' figures and the signals after each. */
  const reference: { run: MonitoringRun; state: Awaited<ReturnType<typeof signalState>> }[] = [];

  /** The credit bureau reports overdue instalments elsewhere for every third borrower (both databases). */
  const changeSources = (usccs: string[]) => {
    for (const [i, uscc] of usccs.entries()) {
      if (i % 3 !== 0) continue;
      const change = (p: EnterpriseProfile) => ({ ...p, bureau: { ...p.bureau, overdueCount12m: 3 } });
      src.changes.set(uscc, change);
      refSrc.changes.set(uscc, change);
    }
  };

  /** Stops dead after two batches (left running, with its lease), as if its process had died. */
  const interrupted = async (instanceId: string) => {
    const job = new MonitoringJob({
      db: tdb.db,
      profiles: src.provider,
      batchSize: BATCH,
      instanceId,
      haltAfterBatches: 2,
    });
    const r = await job.start('manual', 'u-supervisor1');
    if (r.kind !== 'started') throw new Error(`not started: ${r.kind}`);
    expect(await r.done).toBeNull();
    const row = (
      await tdb.db.query<{ status: string; loans_done: number; cursor: string }>(
        'SELECT status, loans_done, cursor FROM monitoring_runs WHERE id = $1',
        [r.run.id],
      )
    ).rows[0];
    expect(row).toMatchObject({ status: 'running', loans_done: 2 * BATCH });
    return { runId: r.run.id, cursor: row!.cursor };
  };

  /**
   * A new app over the database with the sources held: it is ready while the run waits on them (the start
   * does not wait for the run); then the sources answer and the run is followed through the API.
   */
  const restartAndFollow = async (runId: string) => {
    const open = src.hold();
    src.asked.length = 0;
    const app = await buildApp({ db: tdb.db, logLevel: 'silent', profiles: src.provider });
    try {
      await app.ready();
      const as = await signIn(app, ['supervisor1']);
      const get = async () => {
        const res = await app.inject({
          method: 'GET',
          url: `/api/v1/monitoring/runs/${runId}`,
          headers: as('supervisor1'),
        });
        expect(res.statusCode, res.body).toBe(200);
        return res.json() as MonitoringRun;
      };
      expect((await get()).status).toBe('running');
      open();
      let run = await get();
      for (let i = 0; run.status === 'running' && i < 600; i++) {
        await new Promise((r) => setTimeout(r, 20));
        run = await get();
      }
      return run;
    } finally {
      open();
      await app.close();
    }
  };

  const resumptions = async (runId: string) =>
    (
      await tdb.db.query<{ actor_id: string | null }>(
        "SELECT actor_id FROM audit_events WHERE action = 'monitoring.run_resumed' AND entity_id = $1",
        [runId],
      )
    ).rows;

  beforeAll(async () => {
    [tdb, ref] = await Promise.all([createTestDatabase(engine), createTestDatabase(engine)]);
    const counts = { enterprises: 10, loans: 60, applications: 0 };
    await seedSandbox(tdb.db, { size: 'small', asOf: today, counts });
    await seedSandbox(ref.db, { size: 'small', asOf: today, counts });
    // The uninterrupted runs: the seed's book as it is, then with the bureau's change.
    for (const change of [false, true]) {
      if (change) changeSources([...new Set((await activeLoans(ref.db)).map((l) => l.uscc))].sort());
      const job = new MonitoringJob({ db: ref.db, profiles: refSrc.provider, batchSize: BATCH, instanceId: 'ref' });
      const r = await job.start('manual', 'u-supervisor1');
      if (r.kind !== 'started') throw new Error(`reference not started: ${r.kind}`);
      const run = await r.done;
      if (!run) throw new Error('reference run did not finish');
      reference.push({ run, state: await signalState(ref.db) });
    }
    src.changes.clear();
  }, 120_000);
  afterAll(async () => {
    await Promise.all([tdb?.drop(), ref?.drop()]);
  });

  it('the book and the reference runs are what the test needs', async () => {
    const loans = await activeLoans(tdb.db);
    expect(loans.length).toBeGreaterThan(3 * BATCH);
    expect(await activeLoans(ref.db)).toEqual(loans);
    expect(reference[0]!.run.signalsRaised).toBeGreaterThan(0);
    expect(reference[1]!.run.signalsRaised).toBeGreaterThan(0);
  });

  it('a run released on shutdown is resumed at once, after its cursor, with the figures of an uninterrupted run', async () => {
    const loans = await activeLoans(tdb.db);
    const { runId, cursor } = await interrupted('instance-stopping');
    // What the job's close writes when the API shuts down mid-run.
    await tdb.db.query('UPDATE monitoring_runs SET heartbeat_at = NULL WHERE id = $1', [runId]);
    await tdb.db.query(
      "UPDATE monitoring_lock SET holder = NULL, run_id = NULL, expires_at = NULL WHERE name = 'monitoring'",
    );

    const run = await restartAndFollow(runId);
    expect(figures(run)).toEqual(figures(reference[0]!.run));
    expect(run.loansDone).toBe(loans.length);
    // Only the borrowers after the cursor were read again: no batch done twice.
    const rest = new Set(loans.filter((l) => l.id > cursor).map((l) => l.uscc));
    expect(src.asked.length).toBeGreaterThan(0);
    expect(src.asked.filter((u) => !rest.has(u))).toEqual([]);
    expect(await signalState(tdb.db)).toEqual(reference[0]!.state);
    expect(await resumptions(runId)).toEqual([{ actor_id: null }]);
  });

  it('a crashed run (stale heartbeat) is resumed at once, after its cursor, with the figures of an uninterrupted run', async () => {
    const loans = await activeLoans(tdb.db);
    changeSources([...new Set(loans.map((l) => l.uscc))].sort());
    const { runId, cursor } = await interrupted('instance-dead');
    // Its process died eleven minutes ago (the stale limit is ten); its lease is still on the lock row.
    await tdb.db.query('UPDATE monitoring_runs SET heartbeat_at = $2 WHERE id = $1', [
      runId,
      new Date(Date.now() - 11 * 60_000),
    ]);

    const run = await restartAndFollow(runId);
    expect(figures(run)).toEqual(figures(reference[1]!.run));
    const rest = new Set(loans.filter((l) => l.id > cursor).map((l) => l.uscc));
    expect(src.asked.filter((u) => !rest.has(u))).toEqual([]);
    expect(await signalState(tdb.db)).toEqual(reference[1]!.state);
    expect(await resumptions(runId)).toEqual([{ actor_id: null }]);
    const lock = await tdb.db.query<{ holder: string | null }>('SELECT holder FROM monitoring_lock');
    expect(lock.rows).toEqual([{ holder: null }]);
  });

  it('a run with a fresh heartbeat (another live instance) is left alone', async () => {
    const { runId } = await interrupted('instance-live');
    const read = async () => ({
      run: (await tdb.db.query('SELECT * FROM monitoring_runs WHERE id = $1', [runId])).rows[0],
      lock: (await tdb.db.query('SELECT holder, run_id FROM monitoring_lock')).rows,
    });
    const before = await read();
    const app = await buildApp({ db: tdb.db, logLevel: 'silent', profiles: src.provider });
    await app.ready();
    // Closing waits for the startup claim: after it, whatever the claim did is written.
    await app.close();
    expect(await read()).toEqual(before);
    expect(before.lock).toEqual([{ holder: 'instance-live', run_id: runId }]);
    expect(await resumptions(runId)).toEqual([]);
  });
});
