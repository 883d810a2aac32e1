import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { DatabaseUnavailable } from './errors';
import type { Database, Queryable, QueryResult } from './types';
import { PARSERS } from './values';

export type Priority = 'desk' | 'background';

/**
 * PGlite runs one statement at a time, first come first served, and runs it on this thread: while a
 * statement runs nothing else does, not even reading the next HTTP request. In front of it, this gate
 * admits one unit of work (a statement, or a whole transaction) at a time and takes the desks' work
 * (reads and writes of people at a case) before background work (dashboards):
 * - desk units queued go first, so a supervisor's dashboard of a dozen statements no longer puts its
 *   whole queue ahead of an approver's read;
 * - before each background unit the gate yields to the event loop for one full turn (its I/O poll
 *   included), so requests that arrived while the last statement ran are read and their statements
 *   queued first. Without it a dashboard's statements follow each other in one chain of promise
 *   callbacks and an approver's request is not even parsed until the whole dashboard is done;
 * - so that background work is not starved by a busy branch, one background unit goes ahead after every
 *   BACKGROUND_EVERY desk units while it waits.
 */
export class PriorityGate {
  private busy = false;
  private readonly desk: (() => void)[] = [];
  private readonly background: (() => void)[] = [];
  private deskInARow = 0;
  static readonly BACKGROUND_EVERY = 16;

  async run<T>(priority: Priority, fn: () => Promise<T>): Promise<T> {
    await this.acquire(priority);
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  /** Units waiting, by priority (tests and benches). */
  get waiting() {
    return { desk: this.desk.length, background: this.background.length };
  }

  private acquire(priority: Priority): Promise<void> {
    return new Promise((resolve) => {
      if (!this.busy && priority === 'desk') {
        this.busy = true;
        resolve();
        return;
      }
      (priority === 'desk' ? this.desk : this.background).push(resolve);
      if (!this.busy) {
        this.busy = true;
        this.yieldThenDispatch();
      }
    });
  }

  private release() {
    const backgroundTurn = this.background.length > 0 && this.deskInARow >= PriorityGate.BACKGROUND_EVERY;
    if (!backgroundTurn && this.desk.length > 0) {
      // Counts desk units run while background work waits.
      this.deskInARow = this.background.length > 0 ? this.deskInARow + 1 : 0;
      this.desk.shift()!();
      return;
    }
    if (this.background.length === 0) {
      this.busy = false;
      return;
    }
    if (backgroundTurn) {
      this.deskInARow = 0;
      this.background.shift()!();
      return;
    }
    this.yieldThenDispatch();
  }

  /**
   * The gate stays busy (newcomers queue) through two `setImmediate`s — one whole event-loop turn,
   * whichever phase we are in — then hands the turn to a desk unit if one arrived, else to background.
   */
  private yieldThenDispatch() {
    setImmediate(() =>
      setImmediate(() => {
        const next = this.desk.shift() ?? this.background.shift();
        this.deskInARow = 0;
        if (next) next();
        else this.busy = false;
      }),
    );
  }
}

/** A closed PGlite is the embedded engine's "database away". */
function mapError(e: unknown): unknown {
  if (e instanceof Error && /PGlite is closed/i.test(e.message))
    return new DatabaseUnavailable('The embedded database is closed.', e);
  return e;
}

/** Embedded PostgreSQL (WASM). `dataDir` undefined keeps the database in memory (tests). */
export async function openPglite(dataDir?: string): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  // PGlite applies these to array elements too (int8[], date[], …).
  const pg = await PGlite.create({ ...(dataDir ? { dataDir } : {}), parsers: PARSERS });
  const gate = new PriorityGate();
  type Q = { query: PGlite['query']; exec: PGlite['exec'] };
  /** Statements of an open transaction run inside the transaction's own turn (not gated again). */
  const wrap = (q: Q, priority: Priority | null): Queryable => {
    const turn = <T>(fn: () => Promise<T>) => (priority ? gate.run(priority, fn) : fn());
    return {
      async exec(sql: string) {
        try {
          await turn(() => q.exec(sql));
        } catch (e) {
          throw mapError(e);
        }
      },
      async query<T>(sql: string, params?: unknown[]): Promise<QueryResult<T>> {
        try {
          const r = await turn(() => q.query<T>(sql, params as unknown[]));
          return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
        } catch (e) {
          throw mapError(e);
        }
      },
    };
  };
  const root = wrap(pg, 'desk');
  const background = wrap(pg, 'background');
  return {
    kind: 'pglite',
    query: root.query,
    exec: root.exec,
    background: () => background,
    tx: async (fn) => {
      try {
        return await gate.run('desk', () => pg.transaction((t) => fn(wrap(t, null))));
      } catch (e) {
        throw mapError(e);
      }
    },
    async listen(channel, onPayload) {
      const unsub = await pg.listen(channel, onPayload);
      return async () => unsub();
    },
    async readiness() {
      try {
        await root.query('SELECT 1');
        return { database: 'up', listen: 'up' };
      } catch (e) {
        return { database: 'unavailable', listen: 'down', detail: (e as Error).message };
      }
    },
    close: () => pg.close(),
  };
}
