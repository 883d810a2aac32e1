/**
 * An interrupted month-end run resumes when the bank API starts, on PGlite and PostgreSQL. Runs stopped
 * dead after two batches of one debtor are written as the two kinds of interruption: released on shutdown
 * (holder and heartbeat cleared, as the job's close does) and crashed (holder left, heartbeat older than the
 * stale limit). A new app over the database takes each over when it is ready and completes it after its
 * cursor: the counters are those of the whole book (no batch counted twice), every loan has one proposal,
 * and the proposals are those of an uninterrupted run over the same data (a second database); the
 * resumption is audited without an actor. A run with a fresh heartbeat (another instance) is left alone,
 * and an app over a database with nothing to resume starts as before.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClassificationRun } from '../../shared/api/classifications';
import { signIn } from '../../test/helpers/api';
import { testProfileProvider } from '../../test/helpers/profiles';
import { createTestDatabase, type TestDatabase, testEngines } from '../../test/helpers/test-db';
import { buildApp } from '../app';
import { verifyAuditChain } from '../audit/chain';
import { insertEnterprises, insertLoans, setDataDate } from '../dashboards/accuracy-fixture';
import type { Database } from '../db/database';
import { ClassificationJob, classificationRunById } from './job';

const SEP = '2026-09-30';
const OCT = '2026-10-31';
const NOV = '2026-11-30';
const base = { principal: '1000000.00', disbursedOn: '2026-01-15', maturityDate: '2027-01-15' };
const ENTERPRISES = ['E-S1', 'E-S2', 'E-S3', 'E-S4', 'E-S5'];

async function book(db: Database) {
  await insertEnterprises(
    db,
    ENTERPRISES.map((id) => ({ id, branch: 'SH-PD', officer: 'u-rm1' })),
  );
  // Two loans per debtor (past due for E-S2 and E-S4: other classes than normal), and a paid-off loan.
  await insertLoans(db, [
    ...ENTERPRISES.flatMap((e, i) => [
      { ...base, id: `L-${e}-a`, enterprise: e, branch: 'SH-PD', balance: `${100000 + i}.00` },
      {
        ...base,
        id: `L-${e}-b`,
        enterprise: e,
        branch: 'SH-PD',
        balance: '5000.50',
        dpd: e === 'E-S2' ? 120 : e === 'E-S4' ? 45 : 0,
      },
    ]),
    { ...base, id: 'L-E-S1-paid', enterprise: 'E-S1', branch: 'SH-PD', balance: '0.00' },
  ]);
  await setDataDate(db, NOV);
}

/** The period's proposals, as the reviewer sees them (what the rules proposed and why). */
const proposals = async (db: Database, period: string) =>
  (
    await db.query<{ loan_id: string; proposed: string; floor: string; rule_reasons: unknown; n: number }>(
      `SELECT loan_id, proposed, floor, rule_reasons, count(*) OVER (PARTITION BY loan_id)::int AS n
         FROM loan_classifications WHERE period = $1 ORDER BY loan_id`,
      [period],
    )
  ).rows;

describe.each(testEngines())('an interrupted month-end run resumes at startup on %s', (engine) => {
  let tdb: TestDatabase;
  let ref: TestDatabase;
  const reference = new Map<string, ClassificationRun>();

  /** Stops dead after two batches of one debtor (left running, cursor E-S2), as if its process had died. */
  const interrupted = async (period: string, instanceId: string) => {
    const job = new ClassificationJob({ db: tdb.db, instanceId, debtorsPerBatch: 1, haltAfterBatches: 2 });
    const r = await job.start({ id: 'u-supervisor1' } as never, period);
    if (r.kind !== 'started') throw new Error(`not started: ${r.kind}`);
    expect(await r.done).toBeNull();
    expect(await classificationRunById(tdb.db, r.run.id)).toMatchObject({
      status: 'running',
      holder: instanceId,
      loans_done: 4,
      cursor: 'E-S2',
    });
    return r.run.id;
  };

  /** A new app over the database: ready, then followed through its API until the run is no longer running. */
  const restartAndFollow = async (runId: string) => {
    const app = await buildApp({ db: tdb.db, logLevel: 'silent', profiles: testProfileProvider() });
    try {
      await app.ready();
      const as = await signIn(app, ['supervisor1']);
      let run: ClassificationRun | null = null;
      for (let i = 0; i < 500; i++) {
        const res = await app.inject({
          method: 'GET',
          url: `/api/v1/classifications/runs/${runId}`,
          headers: as('supervisor1'),
        });
        expect(res.statusCode, res.body).toBe(200);
        run = res.json();
        if (run?.status !== 'running') break;
        await new Promise((r) => setTimeout(r, 20));
      }
      return run!;
    } finally {
      await app.close();
    }
  };

  const resumptions = async (runId: string) =>
    (
      await tdb.db.query<{ actor_id: string | null }>(
        "SELECT actor_id FROM audit_events WHERE action = 'classification.run_resumed' AND entity_id = $1",
        [runId],
      )
    ).rows;

  beforeAll(async () => {
    [tdb, ref] = await Promise.all([createTestDatabase(engine), createTestDatabase(engine)]);
    await book(tdb.db);
    await book(ref.db);
    // The uninterrupted runs, in the same order as below (a month-end's rules read the one before).
    for (const period of [NOV, OCT]) {
      const job = new ClassificationJob({ db: ref.db, instanceId: 'api-ref', debtorsPerBatch: 1 });
      const r = await job.start({ id: 'u-supervisor1' } as never, period);
      if (r.kind !== 'started') throw new Error(`reference not started: ${r.kind}`);
      const done = await r.done;
      if (!done) throw new Error('reference run did not finish');
      reference.set(period, done);
    }
  }, 60_000);
  afterAll(async () => {
    await Promise.all([tdb?.drop(), ref?.drop()]);
  });

  it('an app over a database with nothing to resume starts and creates no run', async () => {
    const app = await buildApp({ db: ref.db, logLevel: 'silent', profiles: testProfileProvider() });
    try {
      await app.ready();
      const health = await app.inject({ method: 'GET', url: '/healthz' });
      expect(health.statusCode).toBe(200);
    } finally {
      await app.close();
    }
    const runs = await ref.db.query<{ status: string }>('SELECT status FROM classification_runs ORDER BY period');
    expect(runs.rows).toEqual([{ status: 'done' }, { status: 'done' }]);
  });

  it('a run released on shutdown is resumed at once and ends with the figures of an uninterrupted run', async () => {
    const runId = await interrupted(NOV, 'api-stopping');
    // What the job's close writes when the API shuts down mid-run.
    await tdb.db.query('UPDATE classification_runs SET holder = NULL, heartbeat_at = NULL WHERE id = $1', [runId]);

    const run = await restartAndFollow(runId);
    const want = reference.get(NOV)!;
    expect(run).toMatchObject({ id: runId, status: 'done', error: null });
    expect(run).toMatchObject({
      loansTotal: want.loansTotal,
      loansDone: want.loansDone,
      proposed: want.proposed,
      existing: want.existing,
    });
    expect(run).toMatchObject({ loansTotal: 10, loansDone: 10, proposed: 10, existing: 0 });
    const got = await proposals(tdb.db, NOV);
    expect(got.every((p) => p.n === 1)).toBe(true);
    expect(got).toEqual(await proposals(ref.db, NOV));
    expect(new Set(got.map((p) => p.proposed)).size).toBeGreaterThan(1);
    expect(await classificationRunById(tdb.db, runId)).toMatchObject({ holder: null, cursor: 'E-S5' });
    // The resumption is audited once, without an actor (nobody asked: the API started).
    expect(await resumptions(runId)).toEqual([{ actor_id: null }]);
    // The run's completion is audited as its requester's, once.
    const completions = await tdb.db.query<{ actor_id: string | null }>(
      "SELECT actor_id FROM audit_events WHERE action = 'classification.run' AND entity_id = $1",
      [NOV],
    );
    expect(completions.rows).toEqual([{ actor_id: 'u-supervisor1' }]);
  });

  it('a crashed run (stale heartbeat) is resumed at once and ends with the figures of an uninterrupted run', async () => {
    const runId = await interrupted(OCT, 'api-dead');
    // Its process died eleven minutes ago (the stale limit is ten).
    await tdb.db.query('UPDATE classification_runs SET heartbeat_at = $2 WHERE id = $1', [
      runId,
      new Date(Date.now() - 11 * 60_000),
    ]);

    const run = await restartAndFollow(runId);
    const want = reference.get(OCT)!;
    expect(run).toMatchObject({
      id: runId,
      status: 'done',
      loansTotal: want.loansTotal,
      loansDone: want.loansDone,
      proposed: want.proposed,
      existing: want.existing,
    });
    expect(run.loansDone).toBe(10);
    const got = await proposals(tdb.db, OCT);
    expect(got.every((p) => p.n === 1)).toBe(true);
    expect(got).toEqual(await proposals(ref.db, OCT));
    expect(await resumptions(runId)).toEqual([{ actor_id: null }]);
    expect((await verifyAuditChain(tdb.db)).ok).toBe(true);
  });

  it('a run with a fresh heartbeat (another live instance) is left alone', async () => {
    const runId = await interrupted(SEP, 'api-live');
    const before = (await classificationRunById(tdb.db, runId))!;
    const app: FastifyInstance = await buildApp({ db: tdb.db, logLevel: 'silent', profiles: testProfileProvider() });
    await app.ready();
    // Closing waits for the startup claim: after it, whatever the claim did is written.
    await app.close();
    const after = (await classificationRunById(tdb.db, runId))!;
    expect(after).toEqual(before);
    expect(after).toMatchObject({ status: 'running', holder: 'api-live', loans_done: 4 });
    expect(await resumptions(runId)).toEqual([]);
  });
});
