/**
 * Idempotency keys: a write sent with an Idempotency-Key runs at most once per (user, key) while the key
 * is remembered, and a retry gets the first answer back. Keys are remembered for IDEMPOTENCY_KEY_HOURS
 * (default 24, bank-api/config.ts). A key reused after the window is a new request: the claim itself
 * takes over an expired row (one statement). A user's other expired keys are deleted when that user next
 * writes with a key, at most once per PURGE_EVERY_MS per process (a primary-key range delete in the same
 * transaction), so the table holds each user's last window of keys plus at most a few minutes — and a
 * burst of writes (the instant channel at 100/s) does not pay for a purge on every one.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../audit/chain';
import { readVar } from '../config';
import type { Database, Queryable } from '../db/database';
import { unprocessable } from './problems';

const HOUR_MS = 3_600_000;
/** How often (per user, per process) the user's expired keys are purged. */
export const PURGE_EVERY_MS = 5 * 60_000;
/** Per database (a process may serve more than one: tests), per user: when their keys were last purged. */
const lastPurges = new WeakMap<Database, Map<string, number>>();

/** How long a key is remembered unless the caller says otherwise. */
export const idempotencyKeyHours = (): number => readVar('IDEMPOTENCY_KEY_HOURS');

const hashBody = (v: unknown) => createHash('sha256').update(canonicalJson(v)).digest('hex');

/**
 * Lets `fn` store its own answer in the statement it sends last (one round trip fewer on a hot path: the
 * instant channel's submission sends it with its audit events). `sql(body, p)` is the UPDATE that stores
 * `body`, for `fn` to send within that statement (as a CTE); `p` adds a parameter to that statement. If `fn`
 * answers anything else than what it stored this way, or never asks, idempotent() stores the answer itself.
 */
export interface AnswerStore {
  sql(body: unknown, p: (v: unknown) => string): string;
}

export interface IdempotencyOptions {
  /** Status of the first answer, replayed with it (default 200). */
  status?: number;
  /** The request's instant (tests move it; default now). */
  now?: Date;
  /** How long keys are remembered (default IDEMPOTENCY_KEY_HOURS). */
  windowHours?: number;
}

/**
 * Runs `fn` at most once per (user, key) within the window: the key is claimed first in the same
 * transaction, so a concurrent retry waits on it and then replays the stored answer; the same key with
 * another body is 422. A key older than the window is forgotten first, so its reuse runs `fn` anew.
 */
export async function idempotent<T>(
  db: Database,
  userId: string,
  key: string,
  request: unknown,
  fn: (q: Queryable, answer: AnswerStore) => Promise<T>,
  opts: IdempotencyOptions = {},
): Promise<{ status: number; body: T; replayed: boolean }> {
  const status = opts.status ?? 200;
  const now = opts.now ?? new Date();
  const expiredBefore = new Date(now.getTime() - (opts.windowHours ?? idempotencyKeyHours()) * HOUR_MS);
  const requestHash = hashBody(request);
  const lastPurge = lastPurges.get(db) ?? new Map<string, number>();
  lastPurges.set(db, lastPurge);
  const purge = now.getTime() - (lastPurge.get(userId) ?? Number.NEGATIVE_INFINITY) >= PURGE_EVERY_MS;
  return db.tx(async (q) => {
    if (purge) {
      await q.query('DELETE FROM idempotency_keys WHERE user_id = $1 AND created_at < $2', [
        userId,
        expiredBefore.toISOString(),
      ]);
      if (lastPurge.size > 10_000) lastPurge.clear();
      lastPurge.set(userId, now.getTime());
    }
    // Claims the key; an expired row for it is taken over (its window is over: a new request).
    const claimed = await q.query(
      `INSERT INTO idempotency_keys (user_id, key, request_hash, status, response, created_at)
       VALUES ($1, $2, $3, 0, '{}', $4)
       ON CONFLICT (user_id, key) DO UPDATE
         SET request_hash = EXCLUDED.request_hash, status = 0, response = '{}', created_at = EXCLUDED.created_at
         WHERE idempotency_keys.created_at < $5
       RETURNING key`,
      [userId, key, requestHash, now.toISOString(), expiredBefore.toISOString()],
    );
    if (claimed.rowCount === 0) {
      const prior = (
        await q.query<{ request_hash: string; status: number; response: T }>(
          'SELECT request_hash, status, response FROM idempotency_keys WHERE user_id = $1 AND key = $2',
          [userId, key],
        )
      ).rows[0]!;
      if (prior.request_hash !== requestHash) {
        throw unprocessable(
          'idempotency_key_reused',
          'This Idempotency-Key was already used for a different request; use a fresh key for a new one.',
        );
      }
      return { status: prior.status, body: prior.response, replayed: true };
    }
    let storedByFn: string | null = null;
    const answer: AnswerStore = {
      sql(b, p) {
        storedByFn = JSON.stringify(b);
        return `UPDATE idempotency_keys SET status = ${p(status)}, response = ${p(storedByFn)} WHERE user_id = ${p(userId)} AND key = ${p(key)}`;
      },
    };
    const body = await fn(q, answer);
    const json = JSON.stringify(body);
    if (storedByFn !== json) {
      await q.query('UPDATE idempotency_keys SET status = $3, response = $4 WHERE user_id = $1 AND key = $2', [
        userId,
        key,
        status,
        json,
      ]);
    }
    return { status, body, replayed: false };
  });
}
