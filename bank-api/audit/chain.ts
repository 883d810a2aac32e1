import { createHash } from 'node:crypto';
import { canonicalJson } from '../../shared/canonical-json';
import type { Queryable } from '../db/database';

/** Serialises appends so that each event sees its true predecessor, even across API instances. */
const AUDIT_LOCK_KEY = '7311200000000000001';
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditInput {
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  payload: unknown;
  at?: Date;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Re-exported for bank-api/workflow, which digests request bodies with it; new code imports shared/canonical-json. */
export { canonicalJson };

interface EventFields {
  seq: string | number;
  at: string;
  actor_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  payload_digest: string;
  prev_hash: string;
}

export function eventHash(e: EventFields): string {
  return sha256(
    [String(e.seq), e.at, e.actor_id ?? '', e.action, e.entity_type, e.entity_id, e.payload_digest, e.prev_hash].join(
      '\n',
    ),
  );
}

/** Appends one event; call inside the transaction that makes the change it records. */
export async function appendAudit(q: Queryable, input: AuditInput): Promise<number> {
  return (await appendAuditEvents(q, [input]))[0]!;
}

/**
 * The chain's tail read under its lock (migration 0031, audit_tail_locked): a SQL expression yielding at most
 * one row (last_seq, hash), for a statement that makes a change and appends its events in the same
 * transaction (workflow/applications-repo.ts insertSubmission). `p` adds a parameter, returns its placeholder.
 */
export const auditTailLockedSql = (p: (v: unknown) => string) => `audit_tail_locked(${p(AUDIT_LOCK_KEY)})`;

/** The chain's last event as read under the lock: none on an empty chain. */
export interface AuditTail {
  last_seq: string | null;
  hash: string | null;
}

/** How appendAuditEvents may save round trips on a hot path (the instant channel's submission). */
export interface AppendOptions {
  /** The tail already read under the lock in this transaction (auditTailLockedSql); without it, one statement reads it. */
  tail?: AuditTail | undefined;
  /**
   * A data-modifying statement of the same transaction sent in the same statement as the INSERT (a CTE,
   * e.g. storing the request's idempotent answer: http/idempotency.ts). `p` adds a parameter.
   */
  alongside?: ((p: (v: unknown) => string) => string) | undefined;
}

/** Appends several events in order, with one lock, one read of the tail and one insert. */
export async function appendAuditEvents(
  q: Queryable,
  inputs: readonly AuditInput[],
  opts: AppendOptions = {},
): Promise<number[]> {
  const { tail } = opts;
  // The lock and the tail read in one call (migration 0031): the function reads the tail in a statement of
  // its own that starts after the lock is held, so under READ COMMITTED it sees the latest committed event.
  const last =
    tail ??
    (await q.query<AuditTail>(`SELECT last_seq, hash FROM ${auditTailLockedSql(() => '$1')}`, [AUDIT_LOCK_KEY]))
      .rows[0];
  let seq = last?.last_seq ? Number(last.last_seq) : 0;
  let prev = last?.hash ?? GENESIS_HASH;
  const values: unknown[] = [];
  const tuples: string[] = [];
  const seqs: number[] = [];
  for (const input of inputs) {
    seq++;
    // Millisecond precision, as PostgreSQL stores microseconds and we must re-read exactly what we hashed.
    const fields: EventFields = {
      seq,
      at: (input.at ?? new Date()).toISOString(),
      actor_id: input.actorId,
      action: input.action,
      entity_type: input.entityType,
      entity_id: input.entityId,
      payload_digest: sha256(canonicalJson(input.payload)),
      prev_hash: prev,
    };
    prev = eventHash(fields);
    const b = values.length;
    values.push(
      seq,
      fields.at,
      fields.actor_id,
      fields.action,
      fields.entity_type,
      fields.entity_id,
      fields.payload_digest,
      fields.prev_hash,
      prev,
    );
    tuples.push(`(${Array.from({ length: 9 }, (_, i) => `$${b + i + 1}`).join(', ')})`);
    seqs.push(seq);
  }
  const alongside = opts.alongside?.((v) => `$${values.push(v)}`);
  await q.query(
    `${alongside ? `WITH alongside AS (${alongside}) ` : ''}INSERT INTO audit_events (seq, at, actor_id, action, entity_type, entity_id, payload_digest, prev_hash, hash) VALUES ${tuples.join(', ')}`,
    values,
  );
  return seqs;
}

export interface AuditVerification {
  ok: boolean;
  events: number;
  firstBrokenSeq: number | null;
}

/** Walks the whole chain: every hash recomputes, every link points at its predecessor, no gaps. */
export async function verifyAuditChain(q: Queryable, batch = 5000): Promise<AuditVerification> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let events = 0;
  for (;;) {
    const rows = (
      await q.query<EventFields & { hash: string; at_text: string }>(
        `SELECT seq::text AS seq, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at_text,
                actor_id, action, entity_type, entity_id, payload_digest, prev_hash, hash
         FROM audit_events WHERE audit_events.seq >= $1 ORDER BY audit_events.seq LIMIT $2`,
        [expectedSeq, batch],
      )
    ).rows;
    if (rows.length === 0) return { ok: true, events, firstBrokenSeq: null };
    for (const r of rows) {
      const seq = Number(r.seq);
      const recomputed = eventHash({ ...r, at: r.at_text });
      if (seq !== expectedSeq || r.prev_hash !== prevHash || recomputed !== r.hash) {
        return { ok: false, events, firstBrokenSeq: Math.min(seq, expectedSeq) };
      }
      prevHash = r.hash;
      expectedSeq++;
      events++;
    }
  }
}
