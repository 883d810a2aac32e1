/**
 * Queue events. A change is NOTIFYed inside the transaction that makes it, so PostgreSQL delivers it
 * only on commit — to every API instance LISTENing on the channel, each of which fans it out to its
 * own server-sent-event clients.
 */
import { z } from 'zod';
import type { Database, Queryable } from '../db/database';

export const QUEUE_CHANNEL = 'queue_events';

export const QueueEventSchema = z.object({
  type: z.string(),
  id: z.string(),
  status: z.string(),
  tier: z.string(),
  branchId: z.string(),
  version: z.number().int(),
  /**
   * The case's enterprise, added by publishQueueEvent from the row itself: its service officer (首席服务官)
   * reads the case wherever it is booked (workflow/scope.ts), so the stream needs it to apply the same rule.
   */
  enterpriseId: z.string().optional(),
});
export type QueueEvent = z.infer<typeof QueueEventSchema>;

/**
 * NOTIFYs `e` inside the caller's transaction, with the case's enterpriseId read from its row in the same
 * statement (no extra round trip; every publisher gets it without knowing about it).
 */
export async function publishQueueEvent(q: Queryable, e: Omit<QueueEvent, 'enterpriseId'>): Promise<void> {
  await q.query(
    `SELECT pg_notify($1, ($2::jsonb || jsonb_strip_nulls(jsonb_build_object('enterpriseId',
       (SELECT enterprise_id FROM applications WHERE id = $3))))::text)`,
    [QUEUE_CHANNEL, JSON.stringify(e), e.id],
  );
}

/**
 * The same NOTIFY as a SQL expression for a statement that writes the case (workflow/applications-repo.ts
 * insertSubmission): `idSql` and `enterpriseIdSql` name the case's columns in that statement, so the event
 * carries the id the statement gave the case. `p` adds a parameter and returns its placeholder.
 */
export function queueNotifySql(
  p: (v: unknown) => string,
  e: Omit<QueueEvent, 'enterpriseId' | 'id'>,
  idSql: string,
  enterpriseIdSql: string,
): string {
  return `pg_notify(${p(QUEUE_CHANNEL)}, (${p(JSON.stringify(e))}::jsonb || jsonb_strip_nulls(jsonb_build_object('id', ${idSql}, 'enterpriseId', ${enterpriseIdSql})))::text)`;
}

/**
 * One per API instance: listens once, hands each event to the subscribers of this instance.
 *
 * When the database connection that LISTENs is lost (PostgreSQL restarted, backend terminated), the
 * adapter reconnects by itself; events committed meanwhile were never delivered, so once LISTEN is back
 * the hub tells its resync subscribers (`onResync`) that whatever they show may be stale and should be
 * read again — the SSE route closes its streams, whose clients reconnect and refetch.
 */
export class EventHub {
  private readonly subscribers = new Set<(e: QueueEvent) => void>();
  private readonly resyncs = new Set<() => void>();
  private unlisten: (() => Promise<void>) | null = null;
  private up = false;
  /** How many times LISTEN came back after a loss (tests, logs). */
  resyncCount = 0;

  async start(db: Database) {
    this.unlisten = await db.listen(
      QUEUE_CHANNEL,
      (payload) => {
        const parsed = QueueEventSchema.safeParse(safeJson(payload));
        if (!parsed.success) return;
        for (const s of this.subscribers) s(parsed.data);
      },
      {
        onLost: () => {
          this.up = false;
        },
        onRestored: () => {
          this.up = true;
          this.resyncCount++;
          for (const fn of this.resyncs) fn();
        },
      },
    );
    this.up = true;
  }

  subscribe(fn: (e: QueueEvent) => void): () => void {
    this.subscribers.add(fn);
    return () => this.subscribers.delete(fn);
  }

  /** `fn` runs each time LISTEN is re-established after a loss: events may have been missed. */
  onResync(fn: () => void): () => void {
    this.resyncs.add(fn);
    return () => this.resyncs.delete(fn);
  }

  /** Whether events are being received (false while the LISTEN connection is re-established). */
  get listening() {
    return this.up;
  }

  get size() {
    return this.subscribers.size;
  }

  async stop() {
    await this.unlisten?.();
    this.up = false;
    this.subscribers.clear();
    this.resyncs.clear();
  }
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
}
