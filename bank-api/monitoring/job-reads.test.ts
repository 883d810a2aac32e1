/**
 * The monitoring job reads each borrower once per run (issue 17 bench: loans go in id order, so one
 * borrower's loans are spread over many batches and were read again in each): on a sandbox book with
 * borrowers holding several loans in different batches, a run asks the sources for each borrower's profile
 * at the run's date once (plus its look-back dates), and its signals are the same as a run that reads
 * every batch afresh would raise — those of a second job over the same data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingDate } from '../../shared/calendar/business-calendar';
import { createTestDatabase, type TestDatabase, testEngines } from '../../test/helpers/test-db';
import { seedSandbox } from '../seed/sandbox';
import type { ProfileProvider } from '../workflow/create';
import { sandboxProfileProvider } from '../workflow/sandbox-provider';
import { MonitoringJob } from './job';

describe.each(testEngines())('monitoring job reads each borrower once per run on %s', (engine) => {
  let tdb: TestDatabase;
  const today = beijingDate(new Date());

  beforeAll(async () => {
    tdb = await createTestDatabase(engine);
    await seedSandbox(tdb.db, { size: 'small', asOf: today, counts: { enterprises: 10, loans: 60, applications: 0 } });
  });
  afterAll(async () => {
    await tdb.drop();
  });

  it('asks the sources once per borrower and date, whatever the number of batches its loans are in', async () => {
    const base = sandboxProfileProvider();
    const asked: string[] = [];
    const provider: ProfileProvider = {
      name: base.name,
      branchFor: base.branchFor,
      async profile(uscc, asOf) {
        asked.push(`${uscc} ${asOf}`);
        return base.profile(uscc, asOf);
      },
    };
    // Batches of 3 loans: a borrower with several active loans has them in more than one batch.
    const spread = (
      await tdb.db.query<{ uscc: string; batches: number }>(
        `SELECT uscc, count(DISTINCT b)::int AS batches FROM (
           SELECT e.uscc, (row_number() OVER (ORDER BY l.id) - 1) / 3 AS b
           FROM loans l JOIN enterprises e ON e.id = l.enterprise_id WHERE l.balance_fen > 0) x
         GROUP BY uscc`,
      )
    ).rows;
    expect(spread.some((r) => r.batches > 1)).toBe(true); // the precondition: shared borrowers across batches
    const job = new MonitoringJob({ db: tdb.db, profiles: provider, batchSize: 3 });
    const r = await job.start('manual', null);
    if (r.kind !== 'started') throw new Error(`not started: ${r.kind}`);
    const run = await r.done;
    expect(run).toMatchObject({ status: 'done' });
    const atRunDate = asked.filter((a) => a.endsWith(` ${today}`));
    expect(new Set(atRunDate).size).toBe(atRunDate.length); // no borrower read twice at the run's date
    expect(new Set(atRunDate.map((a) => a.split(' ')[0])).size).toBe(spread.length); // and every borrower read
    expect(new Set(asked).size).toBe(asked.length); // nor at a look-back date

    // The signals are those of a run with every loan in one batch (each borrower read once anyway): it changes nothing.
    const again = new MonitoringJob({ db: tdb.db, profiles: base, batchSize: 1000 });
    const r2 = await again.start('manual', null);
    if (r2.kind !== 'started') throw new Error(`not started: ${r2.kind}`);
    expect(await r2.done).toMatchObject({ status: 'done', signalsRaised: 0, signalsCleared: 0 });
  });
});
