import type { Database, Queryable } from './types';

let n = 0;

/**
 * A Database view of an open transaction whose `tx` uses savepoints: batch work (seeding) commits once
 * per batch while each unit inside can still fail and roll back alone.
 */
export function withinTransaction(q: Queryable, kind: Database['kind']): Database {
  const self: Database = {
    kind,
    query: (sql, params) => q.query(sql, params),
    exec: (sql) => q.exec(sql),
    async tx(fn) {
      const sp = `sp_${++n}`;
      await q.exec(`SAVEPOINT ${sp}`);
      try {
        const out = await fn(self);
        await q.exec(`RELEASE SAVEPOINT ${sp}`);
        return out;
      } catch (e) {
        await q.exec(`ROLLBACK TO SAVEPOINT ${sp}`);
        throw e;
      }
    },
    listen: () => Promise.reject(new Error('LISTEN is not available inside a transaction')),
    close: () => Promise.resolve(),
  };
  return self;
}
