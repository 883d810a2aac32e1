import pg from 'pg';
import { readVar } from '../config';
import { DatabaseUnavailable } from './errors';
import type { Database, DatabaseReadiness, ListenEvents, Queryable, QueryResult } from './types';
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

/** Socket-level failures: the server is not there (or went away mid-conversation). */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/**
 * Server-side codes that mean "this connection is gone, try again later": class 08 (connection
 * exception), 57P01 admin_shutdown (pg_terminate_backend, fast/immediate shutdown), 57P02
 * crash_shutdown, 57P03 cannot_connect_now (starting up, shutting down, in recovery), 57P05
 * idle_session_timeout, 53300 too_many_connections.
 */
const SERVER_CODES = new Set(['57P01', '57P02', '57P03', '57P05', '53300']);
/** `pg`'s own messages for a lost or unobtainable connection (these carry no code). */
const LOST_CONNECTION =
  /Connection terminated|timeout exceeded when trying to connect|encountered a connection error|Client was closed and is not queryable|Connection closed|read ECONNRESET/i;

/** Whether `e` says the database is away rather than that the statement was wrong. */
export function isConnectionError(e: unknown): boolean {
  if (!e || typeof e !== 'object') return false;
  const { code, message, errors } = e as { code?: unknown; message?: unknown; errors?: unknown };
  if (typeof code === 'string' && (SOCKET_CODES.has(code) || SERVER_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code)))
    return true;
  // Node's happy-eyeballs connect gives an AggregateError of each address's failure.
  if (Array.isArray(errors) && errors.some(isConnectionError)) return true;
  return typeof message === 'string' && LOST_CONNECTION.test(message);
}

/** A short, credential-free description of a connection error, for logs and /readyz. */
function describeError(e: unknown): string {
  const { code, message } = (e ?? {}) as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' && message ? message : String(e);
  return typeof code === 'string' && !text.includes(code) ? `${code}: ${text}` : text;
}

/** The driver's connection errors as DatabaseUnavailable; anything else unchanged. */
function mapError(e: unknown): unknown {
  if (e instanceof DatabaseUnavailable || !isConnectionError(e)) return e;
  return new DatabaseUnavailable(`The database is unavailable (${describeError(e)}).`, e);
}

/** LISTEN reconnects after this long, doubling per failed attempt up to LISTEN_RETRY_MAX_MS. */
const LISTEN_RETRY_FIRST_MS = 100;
const LISTEN_RETRY_MAX_MS = 2000;

const quoteIdent = (channel: string) => `"${channel.replace(/"/g, '')}"`;

interface Subscriber {
  onPayload: (payload: string) => void;
  events: ListenEvents | undefined;
}

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
  const connectionTimeoutMillis = readVar('PG_CONNECT_TIMEOUT_MS');
  const pool = new pg.Pool({
    connectionString: url,
    max: readVar('PG_POOL_MAX'),
    types,
    connectionTimeoutMillis,
    keepAlive: true,
  });
  let lastError: string | undefined;
  // An idle client's connection died (server restart, pg_terminate_backend): the pool drops the client;
  // without this listener the error would be unhandled and end the process.
  pool.on('error', (e) => {
    lastError = describeError(e);
  });
  // Fail at start, with the server's own message, rather than on the first request.
  try {
    const probe = await pool.connect();
    probe.release();
  } catch (e) {
    await pool.end().catch(() => {});
    throw e;
  }
  const wrap = (c: pg.Pool | pg.PoolClient): Queryable => ({
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
  });
  const root = wrap(pool);

  // --- LISTEN: one dedicated connection, re-established after any loss. ---
  const channels = new Map<string, Set<Subscriber>>();
  let listener: pg.Client | null = null;
  let listenState: DatabaseReadiness['listen'] = 'none';
  let closed = false;
  let retryTimer: NodeJS.Timeout | null = null;
  let attempt = 0;
  let connecting: Promise<void> | null = null;

  const everySubscriber = () => [...channels.values()].flatMap((s) => [...s]);

  const lost = (c: pg.Client, e?: unknown) => {
    if (c !== listener || closed) return;
    listener = null;
    listenState = 'down';
    lastError = e ? describeError(e) : 'the LISTEN connection ended';
    c.end().catch(() => {});
    for (const s of everySubscriber()) s.events?.onLost?.();
    scheduleReconnect();
  };

  const connectListener = async () => {
    const c = new pg.Client({ connectionString: url, types, connectionTimeoutMillis, keepAlive: true });
    // Before connect: an error while connecting or later must never go unheard.
    c.on('error', (e) => lost(c, e));
    c.on('end', () => lost(c));
    c.on('notification', (n) => {
      for (const s of channels.get(n.channel) ?? []) s.onPayload(n.payload ?? '');
    });
    try {
      await c.connect();
      for (const channel of channels.keys()) await c.query(`LISTEN ${quoteIdent(channel)}`);
    } catch (e) {
      await c.end().catch(() => {});
      throw mapError(e);
    }
    if (closed) {
      await c.end().catch(() => {});
      return;
    }
    listener = c;
    listenState = 'up';
  };

  const scheduleReconnect = () => {
    if (closed || retryTimer) return;
    const delay = Math.min(LISTEN_RETRY_MAX_MS, LISTEN_RETRY_FIRST_MS * 2 ** attempt);
    attempt++;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      connecting = connectListener().then(
        () => {
          attempt = 0;
          if (!closed) for (const s of everySubscriber()) s.events?.onRestored?.();
        },
        (e) => {
          lastError = describeError(e);
          scheduleReconnect();
        },
      );
      void connecting.finally(() => {
        connecting = null;
      });
    }, delay);
    retryTimer.unref();
  };

  let ended = false;
  return {
    kind: 'postgres',
    query: root.query,
    exec: root.exec,
    background: () => root,
    async tx(fn) {
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
    },
    async listen(channel, onPayload, events) {
      let set = channels.get(channel);
      const fresh = !set;
      if (!set) {
        set = new Set();
        channels.set(channel, set);
      }
      const sub: Subscriber = { onPayload, events };
      set.add(sub);
      if (listenState === 'none') {
        // The first LISTEN connects now (and fails now, at start, if it cannot).
        try {
          connecting ??= connectListener();
          await connecting;
        } catch (e) {
          set.delete(sub);
          if (set.size === 0) channels.delete(channel);
          throw e;
        } finally {
          connecting = null;
        }
      } else if (fresh && listener) {
        // A lost connection here is heard by `lost`, whose reconnect LISTENs every channel, this one too.
        await listener.query(`LISTEN ${quoteIdent(channel)}`).catch(() => {});
      }
      return async () => {
        set.delete(sub);
        if (set.size === 0 && channels.get(channel) === set) {
          channels.delete(channel);
          await listener?.query(`UNLISTEN ${quoteIdent(channel)}`).catch(() => {});
        }
      };
    },
    async readiness() {
      let database: DatabaseReadiness['database'] = 'up';
      let detail: string | undefined;
      try {
        await pool.query('SELECT 1');
      } catch (e) {
        database = 'unavailable';
        detail = describeError(e);
      }
      if (database === 'up' && listenState === 'down') detail = lastError;
      return { database, listen: listenState, ...(detail ? { detail } : {}) };
    },
    async close() {
      if (ended) return;
      ended = true;
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      await connecting?.catch(() => {});
      const l = listener;
      listener = null;
      await l?.end().catch(() => {});
      await pool.end().catch(() => {});
    },
  };
}
