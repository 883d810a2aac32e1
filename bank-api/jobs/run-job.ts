/**
 * The run-job mechanics the month-end classification job (bank-api/classification/job.ts) and the
 * post-loan monitoring job (bank-api/monitoring/job.ts) share: one run at a time, whatever the number of
 * API instances, worked in batches from a cursor and resumed after it when its process dies or shuts down.
 *
 * - **Claim**: one transaction that, on PostgreSQL, first takes an advisory transaction lock, then reads the
 *   running run FOR UPDATE (a partial unique index makes a second 'running' row impossible besides). A run
 *   whose heartbeat is fresh is live; one whose heartbeat is older than the stale limit (its process died)
 *   or cleared (released on shutdown) is taken over by the claim.
 * - **Batch commit**: each batch's writes, the run's cursor, counters and heartbeat commit in one
 *   transaction that first checks (`assertLease`) that the run is still running, held by this instance,
 *   and that its cursor is where this instance left it; otherwise `LeaseLost` and the batch writes nothing.
 * - **Background work and shutdown** (`RunJob`): the run goes on after the claim answers; `close` stops the
 *   run before its next batch, and the job releases it (heartbeat cleared) so the next claim — another
 *   instance's, or this API's at its next start (`resumeInterrupted`) — resumes it at once.
 */
import { randomBytes } from 'node:crypto';
import { toBeijingIso } from '../../shared/calendar/business-calendar';
import type { Database, Queryable } from '../db/database';

/** A running run whose heartbeat is older than this is taken to have crashed. */
export const DEFAULT_STALE_AFTER_MS = 10 * 60_000;

export type JobLog = (msg: string, extra?: Record<string, unknown>) => void;

/** The columns every run table has. */
export interface RunRowBase {
  id: string;
  requested_by: string | null;
  requested_by_name: string | null;
  rule_version: string;
  status: 'running' | 'done' | 'failed';
  started_at: Date;
  finished_at: Date | null;
  heartbeat_at: Date | null;
  loans_done: number;
  cursor: string | null;
  error: string | null;
}

/** The run is no longer this instance's (taken over, or stopped here): the batch in hand writes nothing. */
export class LeaseLost extends Error {}

export function isStale(r: Pick<RunRowBase, 'heartbeat_at'>, now: Date, staleAfterMs: number): boolean {
  return !r.heartbeat_at || r.heartbeat_at.getTime() < now.getTime() - staleAfterMs;
}

/** <prefix>-<Beijing yyyymmddhhmmss>-<6 random>. */
export function newRunId(prefix: string, now: Date): string {
  const digits = toBeijingIso(now).slice(0, 19).replace(/\D/g, '');
  const rand = Array.from(randomBytes(6), (b) => 'abcdefghijklmnopqrstuvwxyz0123456789'[b % 36]).join('');
  return `${prefix}-${digits}-${rand}`;
}

/** The fields of a run as the API shows it that do not depend on the job. */
export function runViewBase(r: RunRowBase, now: Date, staleAfterMs: number) {
  const end = r.finished_at ?? now;
  return {
    id: r.id,
    requestedBy: r.requested_by ? { id: r.requested_by, name: r.requested_by_name ?? r.requested_by } : null,
    ruleVersion: r.rule_version,
    status: r.status,
    startedAt: toBeijingIso(r.started_at),
    finishedAt: r.finished_at ? toBeijingIso(r.finished_at) : null,
    durationSeconds: Math.max(0, Math.round((end.getTime() - r.started_at.getTime()) / 1000)),
    stale: r.status === 'running' && isStale(r, now, staleAfterMs),
    error: r.error,
  };
}

/**
 * The claim's transaction: on PostgreSQL the advisory lock `lockKey` first, then `before` (further locks),
 * then the running run (`selectRunning`, which reads it FOR UPDATE) — `decide` gets it, and whether it is
 * live (running with a fresh heartbeat).
 */
export async function claimRun<Row extends RunRowBase, C>(
  db: Database,
  o: {
    lockKey: string;
    selectRunning: string;
    now: Date;
    staleAfterMs: number;
    before?: (q: Queryable) => Promise<void>;
  },
  decide: (q: Queryable, running: Row | undefined, live: boolean) => Promise<C>,
): Promise<C> {
  return db.tx(async (q) => {
    if (db.kind === 'postgres') await q.query('SELECT pg_advisory_xact_lock($1)', [o.lockKey]);
    await o.before?.(q);
    const running = (await q.query<Row>(o.selectRunning)).rows[0];
    return decide(q, running, Boolean(running && !isStale(running, o.now, o.staleAfterMs)));
  });
}

/**
 * Throws LeaseLost unless the run (row locked FOR UPDATE) is running, held by `holder` when the table names
 * its holder on the run row, and — when `cursor` is given — its cursor is `cursor` (no cursor and '' alike).
 */
export async function assertLease(
  q: Queryable,
  table: 'classification_runs' | 'monitoring_runs',
  runId: string,
  o: { holder?: string; cursor?: string | null },
): Promise<void> {
  const run = (
    await q.query<{ status: string; cursor: string | null; holder?: string | null }>(
      `SELECT status, cursor${o.holder !== undefined ? ', holder' : ''} FROM ${table} WHERE id = $1 FOR UPDATE`,
      [runId],
    )
  ).rows[0];
  if (run?.status !== 'running') throw new LeaseLost();
  if (o.holder !== undefined && run.holder !== o.holder) throw new LeaseLost();
  if (o.cursor !== undefined && (run.cursor ?? '') !== (o.cursor ?? '')) throw new LeaseLost();
}

/**
 * Shutting down mid-run: the heartbeat (and the holder, where the run row names it) cleared so the next
 * claim — any instance's — resumes the run at once. Only a run still running (and held by `holder`).
 */
export async function releaseRun(
  q: Queryable,
  table: 'classification_runs' | 'monitoring_runs',
  runId: string,
  holder?: string,
): Promise<void> {
  if (holder === undefined) {
    await q.query(`UPDATE ${table} SET heartbeat_at = NULL WHERE id = $1 AND status = 'running'`, [runId]);
  } else {
    await q.query(
      `UPDATE ${table} SET holder = NULL, heartbeat_at = NULL WHERE id = $1 AND holder = $2 AND status = 'running'`,
      [runId, holder],
    );
  }
}

/** What resuming an interrupted run at the API's start did. */
export type ResumeOutcome<View> =
  | { kind: 'none' }
  /** A run in progress with a fresh heartbeat: another live instance works on it. */
  | { kind: 'live'; run: View }
  | { kind: 'resumed'; run: View; done: Promise<View | null> };

export interface RunJobOptions {
  staleAfterMs?: number;
  /** Names this instance on the run (default: pid and a random part). */
  instanceId?: string;
  now?: () => Date;
  log?: JobLog;
}

/**
 * A job's life in one API process: its instance id, stale limit and clock; the run in hand going on in
 * the background (`launch`); the startup claim (`trackClaim`); and `close`, which waits for both.
 */
export abstract class RunJob<View> {
  readonly instanceId: string;
  readonly staleAfterMs: number;
  protected readonly now: () => Date;
  protected readonly log: JobLog | undefined;
  protected closing = false;
  private current: Promise<View | null> | null = null;
  /** The startup resumption's claim while it is under way (close waits for it). */
  private claiming: Promise<unknown> | null = null;

  constructor(
    /** Names the job in log lines ("classification", "monitoring"). */
    private readonly jobName: string,
    o: RunJobOptions,
  ) {
    this.staleAfterMs = o.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
    this.now = o.now ?? (() => new Date());
    this.instanceId = o.instanceId ?? `api-${process.pid}-${randomBytes(4).toString('hex')}`;
    this.log = o.log;
  }

  /** The run's work in the background: an error is logged and settles `null`; `close` waits for it. */
  protected launch(runId: string, work: () => Promise<View | null>): Promise<View | null> {
    const done = work().catch((e) => {
      this.log?.(`${this.jobName} run stopped by an error`, { runId, error: String(e) });
      return null;
    });
    const tracked: Promise<View | null> = done.finally(() => {
      if (this.current === tracked) this.current = null;
    });
    this.current = tracked;
    return done;
  }

  /** The startup claim, which `close` waits for. */
  protected trackClaim<T>(claim: Promise<T>): Promise<T> {
    this.claiming = claim.catch(() => undefined);
    return claim;
  }

  /** Stops before the next batch; a run left unfinished is released for any instance to resume at once. */
  async close(): Promise<void> {
    this.closing = true;
    await this.claiming;
    await this.current;
  }
}
