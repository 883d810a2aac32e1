/**
 * The month-end classification run as a background job (issue 17). POST /api/v1/classifications/runs
 * checks the period, claims the run and answers 202 at once; the run (runMonthEnd in ./service.ts) then
 * goes on in batches of debtors, and GET /api/v1/classifications/runs/{id} shows its progress.
 *
 * One run at a time, whatever the number of API instances: the claim runs in a transaction that, on
 * PostgreSQL, first takes an advisory transaction lock, and reads the running run FOR UPDATE; the partial
 * unique index of migration 0030 makes a second 'running' row impossible anyway. The run row names the
 * instance working on it (holder). Each batch's proposals, the run's cursor (the batch's last enterprise
 * id), its counters and heartbeat commit in one transaction that first checks that this instance still
 * holds the run and that the cursor is where it left it. A run whose process died (running, heartbeat
 * older than the stale limit) or that was released on shutdown (heartbeat cleared) is taken over by the
 * next claim and resumed after its cursor: no batch is done twice ((loan, period) is unique besides).
 *
 * The claim, lease check, release and background tracking are shared with the monitoring job
 * (bank-api/jobs/run-job.ts). When the API starts (wire.ts), an interrupted run is resumed at once.
 *
 * A second POST of the same period while its run goes on answers that run (202, the same id); a POST of
 * another period while a run goes on is refused: 409 classification.run_in_progress with the live run.
 */
import type { User } from '../../shared/api/auth';
import type { ClassificationRun } from '../../shared/api/classifications';
import { CLASSIFICATION_RULES, type ClassificationRules } from '../../shared/credit/classification';
import { appendAudit } from '../audit/chain';
import type { Database, Queryable } from '../db/database';
import {
  assertLease,
  claimRun,
  DEFAULT_STALE_AFTER_MS,
  type ResumeOutcome as JobResumeOutcome,
  LeaseLost,
  newRunId,
  RunJob,
  type RunRowBase,
  releaseRun,
  runViewBase,
} from '../jobs/run-job';
import { activeLoansAt, checkRunPeriod, type MonthEndProgress, runMonthEnd } from './service';

/** Advisory lock key of the claim (any constant; distinct from the monitoring job's and the migrations'). */
const CLAIM_LOCK_KEY = '7311170017000000004';

/** A running run whose heartbeat is older than this is taken to have crashed (bank-api/jobs/run-job.ts). */
export { DEFAULT_STALE_AFTER_MS };

export interface ClassificationJobOptions {
  db: Database;
  rules?: ClassificationRules;
  staleAfterMs?: number;
  /** Names this instance on the run row (default: pid and a random part). */
  instanceId?: string;
  now?: () => Date;
  log?: (msg: string, extra?: Record<string, unknown>) => void;
  /** Debtors per batch (default: the service's). */
  debtorsPerBatch?: number;
  /** Tests: after this many batches the run stops dead, as if its process had died (left 'running'). */
  haltAfterBatches?: number;
}

export type StartOutcome =
  | { kind: 'started'; run: ClassificationRun; resumed: boolean; done: Promise<ClassificationRun | null> }
  /** A run of the same period is going on: this is it. */
  | { kind: 'same'; run: ClassificationRun }
  /** A run of another period is going on. */
  | { kind: 'busy'; run: ClassificationRun };

/** What the startup resumption did. */
export type ResumeOutcome = JobResumeOutcome<ClassificationRun>;

type Claim =
  | { kind: 'none' }
  | { kind: 'same' | 'busy'; row: RunRow }
  | { kind: 'started'; row: RunRow; resumed: boolean };

export interface RunRow extends RunRowBase {
  period: string;
  holder: string | null;
  loans_total: number;
  proposed: number;
}

const RUN_SELECT = `SELECT r.id, to_char(r.period, 'YYYY-MM-DD') AS period, r.requested_by,
    u.display_name AS requested_by_name, r.rule_version, r.status, r.holder, r.started_at, r.finished_at,
    r.heartbeat_at, r.loans_total, r.loans_done, r.proposed, r.cursor, r.error
  FROM classification_runs r LEFT JOIN users u ON u.id = r.requested_by`;

export function toClassificationRun(r: RunRow, now: Date, staleAfterMs = DEFAULT_STALE_AFTER_MS): ClassificationRun {
  return {
    ...runViewBase(r, now, staleAfterMs),
    period: r.period,
    loansTotal: Math.max(r.loans_total, r.loans_done),
    loansDone: r.loans_done,
    proposed: r.proposed,
    existing: r.loans_done - r.proposed,
  };
}

export async function classificationRunById(q: Queryable, id: string): Promise<RunRow | null> {
  return (await q.query<RunRow>(`${RUN_SELECT} WHERE r.id = $1`, [id])).rows[0] ?? null;
}

export async function latestClassificationRuns(
  q: Queryable,
  o: { period?: string | undefined; limit: number },
): Promise<RunRow[]> {
  return (
    await q.query<RunRow>(
      `${RUN_SELECT} WHERE ($1::date IS NULL OR r.period = $1::date) ORDER BY r.started_at DESC, r.id DESC LIMIT $2`,
      [o.period ?? null, o.limit],
    )
  ).rows;
}

class Stopped extends Error {}

export class ClassificationJob extends RunJob<ClassificationRun> {
  private readonly rules: ClassificationRules;

  constructor(private readonly opts: ClassificationJobOptions) {
    super('classification', opts);
    this.rules = opts.rules ?? CLASSIFICATION_RULES;
  }

  view(r: RunRow): ClassificationRun {
    return toClassificationRun(r, this.now(), this.staleAfterMs);
  }

  /**
   * Checks the period (4xx problems, nothing written), then claims the job: a new run, or a crashed or
   * released run taken over (resumed from its cursor), or `same` / `busy` with the live run. The work goes
   * on in the background; `done` settles when this instance stops working on it.
   */
  async start(user: User | null, period: string): Promise<StartOutcome> {
    if (this.closing) throw new Error('the classification job is closing');
    const now = this.now();
    await checkRunPeriod(this.opts.db, period, now);
    const claim = await this.claim(user, period, now);
    if (claim.kind === 'none') throw new Error('a claim with a period always starts or finds a run');
    // A crashed run of another period is resumed first; the request is answered as when that run is live.
    if (claim.kind !== 'started') return { kind: claim.kind, run: this.view(claim.row) };
    // A taken-over run goes on as its requester's (the audit of the run names who asked for it).
    const done = this.work(claim.row, claim.resumed ? null : user);
    if (claim.row.period !== period) return { kind: 'busy', run: this.view(claim.row) };
    return { kind: 'started', run: this.view(claim.row), resumed: claim.resumed, done };
  }

  /**
   * At the API's start: an interrupted run — released on shutdown (heartbeat cleared) or whose process died
   * (heartbeat older than the stale limit) — is taken over and goes on from its cursor in the background,
   * audited as a resumption without an actor. A run with a fresh heartbeat (another live instance works on
   * it) is left alone (`live`); `none` when no run is in progress.
   */
  resumeInterrupted(): Promise<ResumeOutcome> {
    return this.trackClaim(
      (async (): Promise<ResumeOutcome> => {
        if (this.closing) return { kind: 'none' };
        const claim = await this.claim(null, null, this.now());
        if (claim.kind === 'none') return claim;
        if (claim.kind !== 'started') return { kind: 'live', run: this.view(claim.row) };
        return { kind: 'resumed', run: this.view(claim.row), done: this.work(claim.row, null) };
      })(),
    );
  }

  /**
   * The claim, in one transaction (on PostgreSQL behind an advisory lock): the running run read FOR UPDATE;
   * live → `same` / `busy`; stale or released → taken over (holder, heartbeat, the resumption audited);
   * none → a new run of `period` (`period` null: only a resumption, else `none`).
   */
  private async claim(user: User | null, period: string | null, now: Date): Promise<Claim> {
    const selectRunning = `${RUN_SELECT} WHERE r.status = 'running' FOR UPDATE OF r`;
    const o = { lockKey: CLAIM_LOCK_KEY, selectRunning, now, staleAfterMs: this.staleAfterMs };
    return claimRun<RunRow, Claim>(this.opts.db, o, async (q, running, live): Promise<Claim> => {
      if (running && live) return { kind: running.period === period ? 'same' : 'busy', row: running };
      if (!running && period === null) return { kind: 'none' };
      let id: string;
      if (running) {
        id = running.id;
        await q.query('UPDATE classification_runs SET holder = $2, heartbeat_at = $3 WHERE id = $1', [
          id,
          this.instanceId,
          now,
        ]);
        await appendAudit(q, {
          actorId: user?.id ?? null,
          action: 'classification.run_resumed',
          entityType: 'classification_run',
          entityId: id,
          payload: {
            period: running.period,
            cursor: running.cursor,
            loansDone: running.loans_done,
            previousHolder: running.holder,
            instance: this.instanceId,
          },
          at: now,
        });
      } else {
        id = newRunId('CR', now);
        await q.query(
          `INSERT INTO classification_runs (id, period, requested_by, rule_version, status, holder, started_at,
             heartbeat_at, loans_total)
           VALUES ($1, $2, $3, $4, 'running', $5, $6, $6, $7)`,
          [id, period, user?.id ?? null, this.rules.version, this.instanceId, now, await activeLoansAt(q, period!)],
        );
      }
      return { kind: 'started', row: (await classificationRunById(q, id))!, resumed: Boolean(running) };
    });
  }

  /** The run's work in the background (`requester`: who the run's audit names; a taken-over run: its own). */
  private work(row: RunRow, requester: Pick<User, 'id'> | null): Promise<ClassificationRun | null> {
    const user = requester ?? (row.requested_by ? { id: row.requested_by } : null);
    return this.launch(row.id, () => this.execute(row, user));
  }

  private async execute(row: RunRow, user: Pick<User, 'id'> | null): Promise<ClassificationRun | null> {
    const runId = row.id;
    let batches = 0;
    const start: MonthEndProgress = { cursor: row.cursor ?? '', loans: row.loans_done, proposed: row.proposed };
    try {
      await runMonthEnd(this.opts.db, user, row.period, this.now(), this.rules, {
        start,
        audit: { runId },
        ...(this.opts.debtorsPerBatch ? { debtorsPerBatch: this.opts.debtorsPerBatch } : {}),
        batch: async (q, before, after) => {
          if (this.closing) throw new Stopped();
          if (this.opts.haltAfterBatches !== undefined && batches >= this.opts.haltAfterBatches) throw new Stopped();
          await assertLease(q, 'classification_runs', runId, { holder: this.instanceId, cursor: before.cursor });
          await q.query(
            `UPDATE classification_runs SET cursor = $2, loans_done = $3, proposed = $4, heartbeat_at = $5
             WHERE id = $1`,
            [runId, after.cursor, after.loans, after.proposed, this.now()],
          );
          batches++;
          // The rules run synchronously: give the API's requests a turn between batches.
          await new Promise<void>((resolve) => setImmediate(resolve));
        },
        finish: async (q, totals) => {
          await assertLease(q, 'classification_runs', runId, { holder: this.instanceId, cursor: totals.cursor });
          const now = this.now();
          await q.query(
            `UPDATE classification_runs SET status = 'done', holder = NULL, finished_at = $2, heartbeat_at = $2,
               loans_done = $3, proposed = $4, loans_total = GREATEST(loans_total, $3)
             WHERE id = $1`,
            [runId, now, totals.loans, totals.proposed],
          );
        },
      });
      const done = (await classificationRunById(this.opts.db, runId))!;
      this.opts.log?.('classification run done', { runId, loans: done.loans_done, proposed: done.proposed });
      return this.view(done);
    } catch (e) {
      if (e instanceof LeaseLost) {
        this.opts.log?.('classification run taken over by another instance', { runId });
        return null;
      }
      if (e instanceof Stopped) {
        if (this.closing) await this.release(runId);
        return null; // halted (tests): left running, as after a crash
      }
      await this.fail(runId, e).catch(() => {});
      throw e;
    }
  }

  private async fail(runId: string, e: unknown) {
    await this.opts.db.query(
      `UPDATE classification_runs SET status = 'failed', holder = NULL, finished_at = $3, error = $4
       WHERE id = $1 AND holder = $2 AND status = 'running'`,
      [runId, this.instanceId, this.now(), String((e as Error)?.message ?? e).slice(0, 500)],
    );
  }

  /** Shutting down mid-run: holder and heartbeat cleared so the next claim (any instance) resumes at once. */
  private async release(runId: string) {
    await releaseRun(this.opts.db, 'classification_runs', runId, this.instanceId);
  }
}

const jobs = new WeakMap<Database, ClassificationJob>();

/** The API process's job over `db` (one per database handle). */
export function classificationJobFor(db: Database): ClassificationJob {
  let job = jobs.get(db);
  if (!job) {
    job = new ClassificationJob({ db });
    jobs.set(db, job);
  }
  return job;
}

/** On the app's close: the run in hand stops before its next batch and is released. */
export async function closeClassificationJob(db: Database): Promise<void> {
  const job = jobs.get(db);
  if (!job) return;
  jobs.delete(db);
  await job.close();
}
