import pg from 'pg';
import { readVar } from '../config';
import { DatabaseUnavailable } from './errors';
import { describeError, isConnectionError, mapError } from './postgres-errors';
import { ListenConnection } from './postgres-listen';
import type { Database, DatabaseReadiness, Queryable, QueryResult } from './types';

import { ARRAY_ELEMENTS, mapArray, OID, PARSERS, type Parser } from './values';

export { isConnectionError } from './postgres-errors';

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

/**
 * A PostgreSQL server through a `pg` pool. Survives the server going away: every client has an
 * `error` listener (an unheard one would end the process), connection-level failures reject as
 * `DatabaseUnavailable`, a transaction whose connection is lost rolls back (the server discards it)
 * and its client is discarded, and the LISTEN connection reconnects with backoff by itself.
 *
 * PG_POOL_MAX (default 10) connections; PG_CONNECT_TIMEOUT_MS (default 5000) bounds the wait for one,
 * so requests fail over to a 503 rather than hang while the server is away.
 */
export async function openPostgres(url: string): Promise<Database> {
  const config = {
    connectionString: url,
    types,
    connectionTimeoutMillis: readVar('PG_CONNECT_TIMEOUT_MS'),
    keepAlive: true,
  } satisfies pg.ClientConfig;
  let lastError: string | undefined;
  const noteError = (description: string) => {
    lastError = description;
  };
  const pool = await openPool(config, noteError);
  const root = wrap(pool);
  const listener = new ListenConnection(config, noteError);
  let ended = false;
  return {
    kind: 'postgres',
    query: root.query,
    exec: root.exec,
    background: () => root,
    tx: (fn) => runTransaction(pool, fn),
    listen: (channel, onPayload, events) => listener.listen(channel, onPayload, events),
    async readiness() {
      let database: DatabaseReadiness['database'] = 'up';
      let detail: string | undefined;
      try {
        await pool.query('SELECT 1');
      } catch (e) {
        database = 'unavailable';
        detail = describeError(e);
      }
      if (database === 'up' && listener.state === 'down') detail = lastError;
      return { database, listen: listener.state, ...(detail ? { detail } : {}) };
    },
    async close() {
      if (ended) return;
      ended = true;
      await listener.close();
      await pool.end().catch(() => {});
    },
  };
}

/** The pool, checked with one connection now: fail at start, with the server's own message. */
async function openPool(config: pg.ClientConfig, noteError: (description: string) => void): Promise<pg.Pool> {
  const pool = new pg.Pool({ ...config, max: readVar('PG_POOL_MAX') });
  // An idle client's connection died (server restart, pg_terminate_backend): the pool drops the client;
  // without this listener the error would be unhandled and end the process.
  pool.on('error', (e) => {
    noteError(describeError(e));
  });
  // Fail at start, with the server's own message, rather than on the first request.
  try {
    const probe = await pool.connect();
    probe.release();
  } catch (e) {
    await pool.end().catch(() => {});
    throw e;
  }
  return pool;
}

/** A pool or a checked-out client as a Queryable whose connection failures are DatabaseUnavailable. */
function wrap(c: pg.Pool | pg.PoolClient): Queryable {
  return {
    async exec(sql: string) {
      try {
        await c.query(sql);
      } catch (e) {
        throw mapError(e);
      }
    },
    async query<T>(sql: string, params?: unknown[]): Promise<QueryResult<T>> {
      try {
        const r = await c.query(sql, params as unknown[]);
        return { rows: r.rows as T[], rowCount: r.rowCount ?? r.rows.length };
      } catch (e) {
        throw mapError(e);
      }
    },
  };
}

/** `fn` in BEGIN … COMMIT on one pool client; rolled back on failure, the client discarded if its connection failed. */
async function runTransaction<T>(pool: pg.Pool, fn: (q: Queryable) => Promise<T>): Promise<T> {
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (e) {
    throw mapError(e);
  }
  // A checked-out client has no pool listener: its connection dying between statements would
  // otherwise be an unhandled 'error' event.
  let broken: unknown;
  const onError = (e: unknown) => {
    broken = e;
  };
  client.on('error', onError);
  let failure: unknown;
  try {
    await client.query('BEGIN');
    const out = await fn(wrap(client));
    await client.query('COMMIT');
    return out;
  } catch (e) {
    failure = e;
    // A lost connection has no transaction left to roll back: the server discarded it.
    if (!broken && !isConnectionError(e) && !(e instanceof DatabaseUnavailable))
      await client.query('ROLLBACK').catch((r) => {
        broken = r;
      });
    throw mapError(e);
  } finally {
    client.removeListener('error', onError);
    // A client whose connection failed is destroyed rather than handed to the next request.
    const gone = broken ?? (isConnectionError(failure) || failure instanceof DatabaseUnavailable ? failure : null);
    client.release(gone ? (gone instanceof Error ? gone : new Error(describeError(gone))) : undefined);
  }
}
