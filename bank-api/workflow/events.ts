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
});
export type QueueEvent = z.infer<typeof QueueEventSchema>;

export async function publishQueueEvent(q: Queryable, e: QueueEvent): Promise<void> {
  await q.query('SELECT pg_notify($1, $2)', [QUEUE_CHANNEL, JSON.stringify(e)]);
}

/** One per API instance: listens once, hands each event to the subscribers of this instance. */
export class EventHub {
  private readonly subscribers = new Set<(e: QueueEvent) => void>();
  private unlisten: (() => Promise<void>) | null = null;

  async start(db: Database) {
    this.unlisten = await db.listen(QUEUE_CHANNEL, (payload) => {
      const parsed = QueueEventSchema.safeParse(safeJson(payload));
      if (!parsed.success) return;
      for (const s of this.subscribers) s(parsed.data);
    });
  }

  subscribe(fn: (e: QueueEvent) => void): () => void {
    this.subscribers.add(fn);
    return () => this.subscribers.delete(fn);
  }

  get size() {
    return this.subscribers.size;
  }

  async stop() {
    await this.unlisten?.();
    this.subscribers.clear();
  }
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
}
