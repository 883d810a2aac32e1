/**
 * The month-end run as a background job, on PGlite and PostgreSQL: a run that dies mid-way (left
 * 'running' after two batches) is answered as the live run while its heartbeat is fresh, refused for
 * another period (409 classification.run_in_progress, nothing written), then taken over once stale and
 * resumed after its cursor — every loan proposed exactly once, the counters those of the whole book, one
 * resumption and one completion in the audit chain. A job that is closed mid-run releases the run, and the
 * next claim resumes it at once.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../test/helpers/api';
import { testProfileProvider } from '../../test/helpers/profiles';
import { createTestDatabase, type TestDatabase, testEngines } from '../../test/helpers/test-db';
import { buildApp } from '../app';
import { verifyAuditChain } from '../audit/chain';
import { insertEnterprises, insertLoans, setDataDate } from '../dashboards/accuracy-fixture';
import { ClassificationJob, classificationRunById } from './job';

const OCT = '2026-10-31';
const NOV = '2026-11-30';
const base = { principal: '1000000.00', disbursedOn: '2026-01-15', maturityDate: '2027-01-15' };
const ENTERPRISES = ['E-J1', 'E-J2', 'E-J3', 'E-J4', 'E-J5'];

describe.each(testEngines())('month-end run as a background job on %s', (engine) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let as: Awaited<ReturnType<typeof signIn>>;
  // The app's own job reads the real clock: the test's clock starts there (the run is fresh to the app).
  let clock = new Date();
  const now = () => clock;

  const proposals = async (period: string) =>
    (
      await tdb.db.query<{ loan_id: string; n: number }>(
        'SELECT loan_id, count(*)::int AS n FROM loan_classifications WHERE period = $1 GROUP BY loan_id ORDER BY loan_id',
        [period],
      )
    ).rows;
  const post = (period: string) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/classifications/runs',
      headers: as('supervisor1'),
      payload: { period },
    });

  beforeAll(async () => {
    tdb = await createTestDatabase(engine);
    app = await buildApp({ db: tdb.db, logLevel: 'silent', profiles: testProfileProvider() });
    await insertEnterprises(
      tdb.db,
      ENTERPRISES.map((id) => ({ id, branch: 'SH-PD', officer: 'u-rm1' })),
    );
    // Two loans per debtor (one past due for E-J2), and a paid-off loan that gets no proposal.
    await insertLoans(tdb.db, [
      ...ENTERPRISES.flatMap((e, i) => [
        { ...base, id: `L-${e}-a`, enterprise: e, branch: 'SH-PD', balance: `${100000 + i}.00` },
        { ...base, id: `L-${e}-b`, enterprise: e, branch: 'SH-PD', balance: '5000.50', dpd: e === 'E-J2' ? 120 : 0 },
      ]),
      { ...base, id: 'L-E-J1-paid', enterprise: 'E-J1', branch: 'SH-PD', balance: '0.00' },
    ]);
    await setDataDate(tdb.db, NOV);
    as = await signIn(app, ['supervisor1']);
  });
  afterAll(async () => {
    await app.close();
    await tdb.drop();
  });

  it('a run that dies mid-way is the live run while fresh, then is resumed after its cursor without double work', async () => {
    const first = new ClassificationJob({
      db: tdb.db,
      instanceId: 'api-first',
      debtorsPerBatch: 1,
      haltAfterBatches: 2,
      staleAfterMs: 60_000,
      now,
    });
    const started = await first.start({ id: 'u-supervisor1' } as never, NOV);
    expect(started.kind).toBe('started');
    if (started.kind !== 'started') return;
    expect(started.run).toMatchObject({ period: NOV, status: 'running', loansTotal: 10, loansDone: 0 });
    expect(await started.done).toBeNull(); // stopped dead after two batches, as if its process had died
    const dead = (await classificationRunById(tdb.db, started.run.id))!;
    expect(dead).toMatchObject({ status: 'running', holder: 'api-first', loans_done: 4, proposed: 4, cursor: 'E-J2' });
    expect((await proposals(NOV)).map((r) => r.loan_id)).toEqual(['L-E-J1-a', 'L-E-J1-b', 'L-E-J2-a', 'L-E-J2-b']);

    // While its heartbeat is fresh: the same period answers that run; another period is refused, changing nothing.
    const same = await post(NOV);
    expect(same.statusCode, same.body).toBe(202);
    expect(same.json()).toMatchObject({ id: started.run.id, status: 'running', loansDone: 4, stale: false });
    const other = await post(OCT);
    expect(other.statusCode).toBe(409);
    expect(other.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(other.json()).toMatchObject({ code: 'classification.run_in_progress', run: { id: started.run.id } });
    expect(await proposals(OCT)).toEqual([]);
    expect((await tdb.db.query('SELECT id FROM classification_runs')).rows).toHaveLength(1);

    // Stale: the next claim takes it over and goes on after E-J2.
    clock = new Date(clock.getTime() + 61_000);
    const second = new ClassificationJob({
      db: tdb.db,
      instanceId: 'api-second',
      debtorsPerBatch: 1,
      staleAfterMs: 60_000,
      now,
    });
    const resumed = await second.start({ id: 'u-supervisor1' } as never, NOV);
    expect(resumed).toMatchObject({ kind: 'started', resumed: true, run: { id: started.run.id } });
    if (resumed.kind !== 'started') return;
    const done = await resumed.done;
    expect(done).toMatchObject({ status: 'done', loansTotal: 10, loansDone: 10, proposed: 10, existing: 0 });
    const rows = await proposals(NOV);
    expect(rows).toHaveLength(10);
    expect(rows.every((r) => r.n === 1)).toBe(true);
    expect(rows.map((r) => r.loan_id)).not.toContain('L-E-J1-paid');
    expect((await classificationRunById(tdb.db, started.run.id))!).toMatchObject({ holder: null, cursor: 'E-J5' });

    const events = await tdb.db.query<{ action: string; entity_id: string; actor_id: string | null }>(
      `SELECT action, entity_id, actor_id FROM audit_events WHERE action LIKE 'classification.run%' ORDER BY seq`,
    );
    expect(events.rows).toEqual([
      { action: 'classification.run_resumed', entity_id: started.run.id, actor_id: 'u-supervisor1' },
      { action: 'classification.run', entity_id: NOV, actor_id: 'u-supervisor1' },
    ]);
    expect((await verifyAuditChain(tdb.db)).ok).toBe(true);
  });

  it('a job closed mid-run releases it; the next claim resumes it at once', async () => {
    const job = new ClassificationJob({ db: tdb.db, instanceId: 'api-closing', debtorsPerBatch: 1, now });
    const started = await job.start(null, OCT);
    if (started.kind !== 'started') throw new Error(`not started: ${started.kind}`);
    await job.close();
    const left = (await classificationRunById(tdb.db, started.run.id))!;
    // Either it finished before the close took effect, or it is released (no holder, no heartbeat).
    if (left.status === 'running') {
      expect(left).toMatchObject({ holder: null, heartbeat_at: null });
      const next = new ClassificationJob({ db: tdb.db, instanceId: 'api-next', now });
      const again = await next.start(null, OCT);
      expect(again).toMatchObject({ kind: 'started', resumed: true });
      if (again.kind === 'started') await again.done;
    }
    const finished = (await classificationRunById(tdb.db, started.run.id))!;
    expect(finished).toMatchObject({ status: 'done', loans_done: 10, proposed: 10 });
    const rows = await proposals(OCT);
    expect(rows).toHaveLength(10);
    expect(rows.every((r) => r.n === 1)).toBe(true);
  });
});
