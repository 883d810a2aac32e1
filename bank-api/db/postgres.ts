import pg from 'pg';
import type { Database, Queryable, QueryResult } from './types';
import { ARRAY_ELEMENTS, mapArray, OID, PARSERS, type Parser } from './values';

// pg-types declares only scalar OIDs; arrays (text[] here) have parsers too.
const builtin = pg.types.getTypeParser as (oid: number, format?: 'text' | 'binary') => Parser;
const textArray = builtin(OID.text_array, 'text');

/**
 * `values.ts`'s mapping for this pool's connections only (not `pg.types.setTypeParser`, which would
 * change every `pg` client in the process). `pg` does not derive array parsers from element parsers,
 * so arrays of the mapped types are read as text[] and each element parsed.
 */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format: 'text' | 'binary' = 'text') => {
    if (format === 'binary') return builtin(oid, format);
    const scalar = PARSERS[oid];
    if (scalar) return scalar;
    const element = ARRAY_ELEMENTS[oid];
    if (element === undefined) return builtin(oid, format);
    const parse = PARSERS[element]!;
    return (text: string) => mapArray(textArray(text), parse);
  }) as pg.CustomTypesConfig['getTypeParser'],
};

export async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: Number(process.env.PG_POOL_MAX ?? 10), types });
  // Fail at start, with the server's own message, rather than on the first request.
  const probe = await pool.connect();
  probe.release();
  const wrap = (c: pg.Pool | pg.PoolClient): Queryable => ({
    async exec(sql: string) {
      await c.query(sql);
    },
    async query<T>(sql: string, params?: unknown[]): Promise<QueryResult<T>> {
      const r = await c.query(sql, params as unknown[]);
      return { rows: r.rows as T[], rowCount: r.rowCount ?? r.rows.length };
    },
  });
  const root = wrap(pool);
  let listener: pg.Client | null = null;
  const handlers = new Map<string, Set<(p: string) => void>>();
  return {
    kind: 'postgres',
    query: root.query,
    exec: root.exec,
    async tx(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const out = await fn(wrap(client));
        await client.query('COMMIT');
        return out;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    },
    async listen(channel, onPayload) {
      if (!listener) {
        listener = new pg.Client({ connectionString: url, types });
        await listener.connect();
        listener.on('notification', (n) => {
          for (const h of handlers.get(n.channel) ?? []) h(n.payload ?? '');
        });
      }
      let set = handlers.get(channel);
      if (!set) {
        set = new Set();
        handlers.set(channel, set);
        await listener.query(`LISTEN "${channel.replace(/"/g, '')}"`);
      }
      set.add(onPayload);
      return async () => {
        set.delete(onPayload);
      };
    },
    async close() {
      await listener?.end().catch(() => {});
      await pool.end();
    },
  };
}
