/**
 * The monitoring job and 预警处置 together, on a small seeded sandbox bank (PGlite and PostgreSQL): at the
 * end of a run every open signal has exactly one task, for its enterprise's service officer, due on the
 * bank calendar by severity; a second run opens none; each opening is in the task's history and the audit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingDate } from '../../shared/calendar';
import { dispositionDueOn, type WarningSeverity } from '../../shared/credit/warning-disposition';
import { createTestDatabase, type TestDatabase, testEngines } from '../../test/helpers/test-db';
import { verifyAuditChain } from '../audit/chain';
import { MonitoringJob } from '../monitoring/job';
import { seedSandbox } from '../seed/sandbox';
import { sandboxProfileProvider } from '../workflow/sandbox-provider';

describe.each(testEngines())('warning tasks from the monitoring job on %s', (engine) => {
  let tdb: TestDatabase;
  const today = beijingDate(Date.now());

  beforeAll(async () => {
    tdb = await createTestDatabase(engine);
    await seedSandbox(tdb.db, { size: 'small', asOf: today, counts: { enterprises: 40, loans: 120, applications: 0 } });
  }, 180_000);
  afterAll(async () => {
    await tdb?.drop();
  });

  const run = async () => {
    const r = await new MonitoringJob({ db: tdb.db, profiles: sandboxProfileProvider(), batchSize: 25 }).start(
      'manual',
      'u-supervisor1',
    );
    expect(r.kind).toBe('started');
    if (r.kind !== 'started') throw new Error('not started');
    const done = await r.done;
    expect(done?.status).toBe('done');
    return done!;
  };

  const tasks = async () =>
    (
      await tdb.db.query<{
        signal_id: string;
        n: number;
        officer_id: string | null;
        service_officer_id: string | null;
        due_on: string | null;
        severity: WarningSeverity;
        raised_at: Date | string;
        status: string | null;
        run_id: string | null;
      }>(
        `SELECT s.id::text AS signal_id, count(t.id)::int AS n, min(t.officer_id) AS officer_id,
           min(e.service_officer_id) AS service_officer_id, min(t.due_on)::text AS due_on, s.severity, s.raised_at,
           min(t.status) AS status, min(t.run_id) AS run_id
         FROM loan_signals s JOIN loans l ON l.id = s.loan_id JOIN enterprises e ON e.id = l.enterprise_id
           LEFT JOIN warning_tasks t ON t.signal_id = s.id
         WHERE s.cleared_at IS NULL GROUP BY s.id, s.severity, s.raised_at ORDER BY s.id`,
      )
    ).rows;

  it('opens exactly one task per open signal at the end of a run, and none on the next run', async () => {
    const first = await run();
    const rows = await tasks();
    expect(rows.length, 'the seed has loans with signals').toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.n, `signal ${r.signal_id}`).toBe(1);
      expect(r.officer_id).toBe(r.service_officer_id);
      expect(r.due_on).toBe(dispositionDueOn(new Date(r.raised_at), r.severity));
      expect(r.run_id).toBe(first.id);
    }
    const opened = (
      await tdb.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM audit_events WHERE action = 'warning_task.opened'",
      )
    ).rows[0]!.n;
    expect(opened).toBe(rows.length);
    await run();
    const again = await tasks();
    expect(again.map((r) => [r.signal_id, r.n])).toEqual(rows.map((r) => [r.signal_id, 1]));
    expect(
      (
        await tdb.db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM audit_events WHERE action = 'warning_task.opened'",
        )
      ).rows[0]!.n,
    ).toBe(opened);
    expect((await verifyAuditChain(tdb.db)).ok).toBe(true);
  }, 300_000);
});
