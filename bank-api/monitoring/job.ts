/**
 * The post-loan monitoring job (issue 17.1): a run re-reads each active borrower (loans with a balance)
 * through the profile provider the app uses (the source adapters), evaluates the versioned signal rules
 * (shared/monitoring) and keeps `loan_signals` in step — a signal seen now and not open is raised with
 * the figures it saw, an open signal no longer seen is cleared — and `loans.warning_signals`, which the
 * 贷后预警 dashboard reads.
 *
 * One run at a time, whatever the number of API instances: a run is claimed in a transaction that holds
 * the `monitoring_lock` row (FOR UPDATE) and, on PostgreSQL, an advisory transaction lock; the row names
 * the instance holding the lease. Loans are done in batches in id order; each batch's signal writes, the
 * run's cursor (the batch's last loan id), its counters and heartbeat commit in one transaction, which
 * first checks that this instance still holds the lease and that the cursor is where it left it. So a
 * run whose process died (status running, heartbeat older than the stale limit) is taken over by the
 * next claim and resumed after its cursor: no batch is done twice, and the unique open-signal index
 * makes raising idempotent besides. The claim, lease check, release and background tracking are shared
 * with the month-end classification job (bank-api/jobs/run-job.ts). When the API starts (wire.ts), an
 * interrupted run is resumed at once.
 */
import { beijingDate, toBeijingIso } from '../../shared/calendar/business-calendar';
import { formatCivilDate, fromDayNumber, parseCivilDate, toDayNumber } from '../../shared/calendar/civil-date';
import type { EnterpriseProfile } from '../../shared/credit/profile';
import type { MonitoringRun } from '../../shared/monitoring/api';
import { evaluateSignals, lookbackWindows, type SignalFinding } from '../../shared/monitoring/evaluate';
import { SIGNAL_RULES, type SignalRuleSet } from '../../shared/monitoring/rules';
import { appendAudit } from '../audit/chain';
import { refreshLoanSummaries } from '../dashboards/summaries';
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
import { escalateOverdue, openWarningTasks } from '../warnings/tasks';
import type { ProfileProvider } from '../workflow/create';

/** Advisory lock key of the claim (any constant; distinct from the migration lock's). */
const CLAIM_LOCK_KEY = '7311170017000000001';
export const DEFAULT_BATCH_SIZE = 500;
/** A running run whose heartbeat is older than this is taken to have crashed (bank-api/jobs/run-job.ts). */
export { DEFAULT_STALE_AFTER_MS };

/** Profiles fetched at once (the real sources answer over the network). */
const FETCH_CONCURRENCY = 8;

export type MonitoringTrigger = 'schedule' | 'manual';

export interface MonitoringJobOptions {
  db: Database;
  profiles: ProfileProvider;
  rules?: SignalRuleSet;
  batchSize?: number;
  staleAfterMs?: number;
  /** Names this instance in the lock row (default: host pid and a random part). */
  instanceId?: string;
  now?: () => Date;
  log?: (msg: string, extra?: Record<string, unknown>) => void;
  /** Tests: after this many batches the run stops dead, as if its process had died (left 'running'). */
  haltAfterBatches?: number;
}

export type StartOutcome =
  | { kind: 'started'; run: MonitoringRun; resumed: boolean; done: Promise<MonitoringRun | null> }
  | { kind: 'busy'; run: MonitoringRun }
  | { kind: 'skipped'; run: MonitoringRun | null };

/** What the startup resumption did. */
export type ResumeOutcome = JobResumeOutcome<MonitoringRun>;

type Claim =
  | { kind: 'none' }
  | { kind: 'busy' | 'skipped'; row: RunRow }
  | { kind: 'started'; row: RunRow; resumed: boolean };

interface RunRow extends RunRowBase {
  trigger: 'schedule' | 'manual';
  loans_total: number;
  signals_raised: number;
  signals_cleared: number;
}

const RUN_SELECT = `SELECT r.id, r.trigger, r.requested_by, u.display_name AS requested_by_name, r.rule_version, r.status,
    r.started_at, r.finished_at, r.heartbeat_at, r.loans_total, r.loans_done, r.signals_raised, r.signals_cleared,
    r.cursor, r.error
  FROM monitoring_runs r LEFT JOIN users u ON u.id = r.requested_by`;

export function toMonitoringRun(r: RunRow, now: Date, staleAfterMs = DEFAULT_STALE_AFTER_MS): MonitoringRun {
  return {
    ...runViewBase(r, now, staleAfterMs),
    trigger: r.trigger,
    heartbeatAt: r.heartbeat_at ? toBeijingIso(r.heartbeat_at) : null,
    loansTotal: r.loans_total,
    loansDone: r.loans_done,
    signalsRaised: r.signals_raised,
    signalsCleared: r.signals_cleared,
  };
}

export async function runById(q: Queryable, id: string): Promise<RunRow | null> {
  return (await q.query<RunRow>(`${RUN_SELECT} WHERE r.id = $1`, [id])).rows[0] ?? null;
}

export async function latestRuns(q: Queryable, limit: number): Promise<RunRow[]> {
  return (await q.query<RunRow>(`${RUN_SELECT} ORDER BY r.started_at DESC, r.id DESC LIMIT $1`, [limit])).rows;
}

interface BatchLoan {
  id: string;
  enterprise_id: string;
  uscc: string;
  warning_signals: string[] | null;
}

/** Maps `fn` over `items` with at most `limit` calls in flight, keeping the order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export class MonitoringJob extends RunJob<MonitoringRun> {
  private readonly rules: SignalRuleSet;
  private readonly batchSize: number;

  constructor(private readonly opts: MonitoringJobOptions) {
    super('monitoring', opts);
    this.rules = opts.rules ?? SIGNAL_RULES;
    this.batchSize = opts.batchSize ?? DEFAULT_BATCH_SIZE;
  }

  get db(): Database {
    return this.opts.db;
  }

  /** The run as the API shows it. */
  view(r: RunRow): MonitoringRun {
    return toMonitoringRun(r, this.now(), this.staleAfterMs);
  }

  /**
   * Claims the job: starts a new run, or takes over a crashed one (resumed from its cursor), or answers
   * `busy` with the live run. A scheduled claim with `slotStart` is `skipped` when a scheduled run
   * already started in that slot (another instance's timer fired first). The work goes on in the
   * background; `done` settles when this instance stops working on it.
   */
  async start(
    trigger: MonitoringTrigger,
    requestedBy: string | null,
    o: { slotStart?: Date } = {},
  ): Promise<StartOutcome> {
    if (this.closing) throw new Error('the monitoring job is closing');
    const claim = await this.claim(trigger, requestedBy, o.slotStart, this.now());
    if (claim.kind === 'none') throw new Error('a claim with a trigger always starts or finds a run');
    if (claim.kind !== 'started') return { kind: claim.kind, run: this.view(claim.row) } as StartOutcome;
    const done = this.launch(claim.row.id, () => this.execute(claim.row));
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
        const claim = await this.claim(null, null, undefined, this.now());
        if (claim.kind === 'none') return claim;
        if (claim.kind !== 'started') return { kind: 'live', run: this.view(claim.row) };
        const row = claim.row;
        return { kind: 'resumed', run: this.view(row), done: this.launch(row.id, () => this.execute(row)) };
      })(),
    );
  }

  /**
   * The claim, in one transaction holding the `monitoring_lock` row (and on PostgreSQL an advisory lock): the
   * running run read FOR UPDATE; live → `busy`; stale or released → taken over (the resumption audited);
   * none → a new run (`trigger` null: only a resumption, else `none`), unless the schedule's slot already
   * has one (`skipped`).
   */
  private async claim(
    trigger: MonitoringTrigger | null,
    requestedBy: string | null,
    slotStart: Date | undefined,
    now: Date,
  ): Promise<Claim> {
    const o = {
      lockKey: CLAIM_LOCK_KEY,
      before: async (q: Queryable) => {
        await q.query("SELECT holder FROM monitoring_lock WHERE name = 'monitoring' FOR UPDATE");
      },
      selectRunning: `${RUN_SELECT} WHERE r.status = 'running' FOR UPDATE OF r`,
      now,
      staleAfterMs: this.staleAfterMs,
    };
    return claimRun<RunRow, Claim>(this.opts.db, o, async (q, running, live): Promise<Claim> => {
      if (running && live) return { kind: 'busy', row: running };
      if (!running && trigger === null) return { kind: 'none' };
      if (!running && trigger === 'schedule' && slotStart) {
        const done = await q.query<RunRow>(
          `${RUN_SELECT} WHERE r.trigger = 'schedule' AND r.started_at >= $1 ORDER BY r.started_at DESC LIMIT 1`,
          [slotStart],
        );
        if (done.rows[0]) return { kind: 'skipped', row: done.rows[0] };
      }
      let id: string;
      let resumed = false;
      if (running) {
        id = running.id;
        resumed = true;
        await q.query('UPDATE monitoring_runs SET heartbeat_at = $2 WHERE id = $1', [id, now]);
      } else {
        id = newRunId('MR', now);
        const total = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM loans WHERE balance_fen > 0');
        await q.query(
          `INSERT INTO monitoring_runs (id, trigger, requested_by, rule_version, status, started_at, heartbeat_at, loans_total)
           VALUES ($1, $2, $3, $4, 'running', $5, $5, $6)`,
          [id, trigger, requestedBy, this.rules.version, now, total.rows[0]!.n],
        );
      }
      await q.query("UPDATE monitoring_lock SET holder = $1, run_id = $2, expires_at = $3 WHERE name = 'monitoring'", [
        this.instanceId,
        id,
        new Date(now.getTime() + this.staleAfterMs),
      ]);
      await appendAudit(q, {
        actorId: requestedBy,
        action: resumed ? 'monitoring.run_resumed' : 'monitoring.run_started',
        entityType: 'monitoring_run',
        entityId: id,
        payload: resumed
          ? {
              trigger: trigger ?? running!.trigger,
              cursor: running!.cursor,
              loansDone: running!.loans_done,
              instance: this.instanceId,
            }
          : { trigger, ruleVersion: this.rules.version, instance: this.instanceId },
        at: now,
      });
      return { kind: 'started', row: (await runById(q, id))!, resumed };
    });
  }

  private async execute(row: RunRow): Promise<MonitoringRun | null> {
    const runId = row.id;
    let cursor = row.cursor;
    let batches = 0;
    let unreadable = 0;
    // Each borrower's findings for the run's date, read once per run: loans go in id order, so a borrower's
    // loans are spread over many batches (the large seed: ~22 active loans each, read ~22 times before).
    const seen = new Map<string, SignalFinding[]>();
    try {
      for (;;) {
        if (this.closing) {
          await this.release(runId);
          return null;
        }
        if (this.opts.haltAfterBatches !== undefined && batches >= this.opts.haltAfterBatches) return null;
        const loans = (
          await this.opts.db.query<BatchLoan>(
            `SELECT l.id, l.enterprise_id, e.uscc, l.warning_signals
               FROM loans l JOIN enterprises e ON e.id = l.enterprise_id
              WHERE l.balance_fen > 0 AND ($1::text IS NULL OR l.id > $1)
              ORDER BY l.id LIMIT $2`,
            [cursor, this.batchSize],
          )
        ).rows;
        if (loans.length === 0) break;
        const now = this.now();
        const findings = await this.evaluate(loans, beijingDate(now), seen);
        unreadable += loans.filter((l) => !findings.has(l.id)).length;
        cursor = await this.commitBatch(runId, cursor, loans, findings, now);
        batches++;
      }
      // Issue 17.3 (预警处置): a task for each open signal without one, then escalate overdue tasks — before the
      // run is marked done, so a done run's tasks are there. Both are idempotent; a failure here is logged and
      // the next run (or a list read, for escalation) catches up.
      try {
        await openWarningTasks(this.opts.db, { runId, now: this.now() });
        await escalateOverdue(this.opts.db, { now: this.now() });
      } catch (e) {
        this.opts.log?.('warning tasks not opened', { runId, error: String(e) });
      }
      return await this.finish(runId, unreadable);
    } catch (e) {
      if (e instanceof LeaseLost) {
        this.opts.log?.('monitoring run taken over by another instance', { runId });
        return null;
      }
      await this.fail(runId, e).catch(() => {});
      throw e;
    }
  }

  /**
   * Each loan's findings (absent: its borrower's profile could not be read — its signals are kept). A borrower
   * already read in this run for the same date is not read again (`seen`); one not readable is tried again.
   */
  private async evaluate(
    loans: BatchLoan[],
    asOf: string,
    seen: Map<string, SignalFinding[]>,
  ): Promise<Map<string, SignalFinding[]>> {
    const byUscc = new Map<string, SignalFinding[]>();
    const usccs: string[] = [];
    for (const uscc of new Set(loans.map((l) => l.uscc))) {
      const known = seen.get(`${asOf} ${uscc}`);
      if (known) byUscc.set(uscc, known);
      else usccs.push(uscc);
    }
    await mapLimit(usccs, FETCH_CONCURRENCY, async (uscc) => {
      // A source adapter may compute a profile synchronously (the sandbox's generator does): give the event
      // loop a turn before each borrower, so the API's requests are answered while a run goes on.
      await new Promise<void>((resolve) => setImmediate(resolve));
      try {
        const current = await this.opts.profiles.profile(uscc, asOf);
        if (!current) return;
        const earlier = new Map<number, EnterpriseProfile | null>();
        for (const days of lookbackWindows(current, this.rules)) {
          earlier.set(
            days,
            await this.opts.profiles.profile(
              uscc,
              formatCivilDate(fromDayNumber(toDayNumber(parseCivilDate(asOf)) - days)),
            ),
          );
        }
        const found = evaluateSignals(current, (d) => earlier.get(d), this.rules);
        byUscc.set(uscc, found);
        seen.set(`${asOf} ${uscc}`, found);
      } catch (e) {
        this.opts.log?.('monitoring: a borrower could not be read', { uscc, error: String(e) });
      }
    });
    const out = new Map<string, SignalFinding[]>();
    for (const l of loans) {
      const f = byUscc.get(l.uscc);
      if (f) out.set(l.id, f);
    }
    return out;
  }

  /** Checks the lease and the cursor, writes the batch's signals and the run's progress; the new cursor. */
  private async commitBatch(
    runId: string,
    cursor: string | null,
    loans: BatchLoan[],
    findings: Map<string, SignalFinding[]>,
    now: Date,
  ): Promise<string> {
    const last = loans[loans.length - 1]!.id;
    await this.opts.db.tx(async (q) => {
      await this.checkLease(q, runId, cursor);
      const ids = loans.map((l) => l.id);
      const open = (
        await q.query<{ id: string; loan_id: string; code: string }>(
          'SELECT id, loan_id, code FROM loan_signals WHERE loan_id = ANY($1::text[]) AND cleared_at IS NULL',
          [ids],
        )
      ).rows;
      const openKeys = new Set(open.map((s) => `${s.loan_id} ${s.code}`));
      const raise: { loan: BatchLoan; f: SignalFinding }[] = [];
      const clear: string[] = [];
      const changed: { id: string; signals: string }[] = [];
      for (const l of loans) {
        const fs = findings.get(l.id);
        if (!fs) continue; // not read: keep what was there
        const seen = new Set(fs.map((f) => f.code));
        for (const f of fs) if (!openKeys.has(`${l.id} ${f.code}`)) raise.push({ loan: l, f });
        for (const s of open) if (s.loan_id === l.id && !seen.has(s.code)) clear.push(s.id);
        const now = fs.map((f) => f.code).join(',');
        if (now !== (l.warning_signals ?? []).join(',')) changed.push({ id: l.id, signals: now });
      }
      let raised = 0;
      if (raise.length > 0) {
        const r = await q.query(
          `INSERT INTO loan_signals (loan_id, enterprise_id, code, severity, rule_version, observed, observed_at, run_id, raised_at)
           SELECT u.loan_id, u.enterprise_id, u.code, u.severity, $5, u.observed::jsonb, $6, $7, $6
             FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $8::text[])
                  AS u(loan_id, enterprise_id, code, severity, observed)
           ON CONFLICT (loan_id, code) WHERE cleared_at IS NULL DO NOTHING
           RETURNING id`,
          [
            raise.map((x) => x.loan.id),
            raise.map((x) => x.loan.enterprise_id),
            raise.map((x) => x.f.code),
            raise.map((x) => x.f.severity),
            this.rules.version,
            now,
            runId,
            raise.map((x) => JSON.stringify(x.f.observed)),
          ],
        );
        raised = r.rows.length;
      }
      if (clear.length > 0) {
        await q.query(
          'UPDATE loan_signals SET cleared_at = $2, cleared_run_id = $3 WHERE id = ANY($1::bigint[]) AND cleared_at IS NULL',
          [clear, now, runId],
        );
      }
      if (changed.length > 0) {
        await q.query(
          `UPDATE loans l SET warning_signals = string_to_array(u.signals, ',')
             FROM unnest($1::text[], $2::text[]) AS u(id, signals) WHERE l.id = u.id`,
          [changed.map((c) => c.id), changed.map((c) => c.signals)],
        );
      }
      await q.query(
        `UPDATE monitoring_runs SET cursor = $2, loans_done = loans_done + $3, signals_raised = signals_raised + $4,
           signals_cleared = signals_cleared + $5, heartbeat_at = $6 WHERE id = $1`,
        [runId, last, loans.length, raised, clear.length, now],
      );
      await q.query("UPDATE monitoring_lock SET expires_at = $1 WHERE name = 'monitoring'", [
        new Date(now.getTime() + this.staleAfterMs),
      ]);
    });
    return last;
  }

  /** Throws LeaseLost unless this instance holds the lease on the run and its cursor is `cursor`. */
  private async checkLease(q: Queryable, runId: string, cursor: string | null | undefined) {
    const lock = (
      await q.query<{ holder: string | null; run_id: string | null }>(
        "SELECT holder, run_id FROM monitoring_lock WHERE name = 'monitoring' FOR UPDATE",
      )
    ).rows[0];
    if (lock?.holder !== this.instanceId || lock.run_id !== runId) throw new LeaseLost();
    await assertLease(q, 'monitoring_runs', runId, cursor === undefined ? {} : { cursor });
  }

  private async finish(runId: string, unreadable: number): Promise<MonitoringRun> {
    const now = this.now();
    const row = await this.opts.db.tx(async (q) => {
      await this.checkLease(q, runId, undefined);
      // Loans repaid since their signals were raised: nothing left to watch.
      const repaid = await q.query(
        `UPDATE loan_signals s SET cleared_at = $1, cleared_run_id = $2
           FROM loans l WHERE l.id = s.loan_id AND s.cleared_at IS NULL AND l.balance_fen <= 0 RETURNING s.id`,
        [now, runId],
      );
      const stale = await q.query<{ id: string }>(
        'SELECT id FROM loans WHERE balance_fen <= 0 AND cardinality(warning_signals) > 0 LIMIT 1',
      );
      if (stale.rows.length > 0) {
        await q.query(
          "UPDATE loans SET warning_signals = '{}' WHERE balance_fen <= 0 AND cardinality(warning_signals) > 0",
        );
      }
      await q.query(
        `UPDATE monitoring_runs SET status = 'done', finished_at = $2, heartbeat_at = $2,
           signals_cleared = signals_cleared + $3, loans_total = GREATEST(loans_total, loans_done), error = $4
         WHERE id = $1`,
        [
          runId,
          now,
          repaid.rows.length,
          unreadable > 0 ? `${unreadable} loan(s) whose borrower's data could not be read kept their signals` : null,
        ],
      );
      await q.query(
        "UPDATE monitoring_lock SET holder = NULL, run_id = NULL, expires_at = NULL WHERE name = 'monitoring'",
      );
      return (await runById(q, runId))!;
    });
    this.opts.log?.('monitoring run done', { runId, loans: row.loans_done, raised: row.signals_raised });
    // The run changed loans.warning_signals: rebuild the loan summaries the dashboards read (until then
    // they compute from loans directly — same figures, slower). Best effort: a failure leaves them stale.
    try {
      const st = await this.opts.db.query<{ stale: boolean }>('SELECT stale FROM loan_summary_state WHERE id = 1');
      if (st.rows[0]?.stale) await refreshLoanSummaries(this.opts.db, this.now());
    } catch (e) {
      this.opts.log?.('loan summaries not refreshed after the monitoring run', { runId, error: String(e) });
    }
    return this.view(row);
  }

  private async fail(runId: string, e: unknown) {
    await this.opts.db.tx(async (q) => {
      await this.checkLease(q, runId, undefined);
      await q.query("UPDATE monitoring_runs SET status = 'failed', finished_at = $2, error = $3 WHERE id = $1", [
        runId,
        this.now(),
        String((e as Error)?.message ?? e).slice(0, 500),
      ]);
      await q.query(
        "UPDATE monitoring_lock SET holder = NULL, run_id = NULL, expires_at = NULL WHERE name = 'monitoring'",
      );
    });
  }

  /** Shutting down mid-run: the heartbeat is cleared so the next claim (any instance) resumes at once. */
  private async release(runId: string) {
    await this.opts.db
      .tx(async (q) => {
        await this.checkLease(q, runId, undefined);
        await releaseRun(q, 'monitoring_runs', runId);
        await q.query(
          "UPDATE monitoring_lock SET holder = NULL, run_id = NULL, expires_at = NULL WHERE name = 'monitoring'",
        );
      })
      .catch((e) => {
        if (!(e instanceof LeaseLost)) throw e;
      });
  }
}
