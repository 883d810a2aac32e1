/**
 * The database as callers see it, whichever engine is behind it (embedded PGlite or a PostgreSQL
 * server). Types only: the engines (`pglite.ts`, `postgres.ts`) implement these and `database.ts`
 * picks one, so nothing here imports an engine and no engine imports `database.ts`.
 *
 * Row values arrive as `values.ts` maps them, the same on both engines: int8 and numeric as strings,
 * date as `YYYY-MM-DD`, timestamptz as a `Date`.
 *
 * When the database is away (connection refused or lost, server restarting) every call rejects with
 * `DatabaseUnavailable` (`errors.ts`), never the driver's own error, and the process keeps running.
 */
export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<T>>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/** Told to a LISTEN subscriber about its connection (PostgreSQL; PGlite's never breaks). */
export interface ListenEvents {
  /** The LISTEN connection was lost: notifications may be missed until `onRestored`. */
  onLost?(): void;
  /** LISTEN is back after a loss: anything that happened meanwhile was not delivered — read it again. */
  onRestored?(): void;
}

/** Whether this instance can serve: the database answers, and the LISTEN connection is up. */
export interface DatabaseReadiness {
  database: 'up' | 'unavailable';
  /** 'none' while nothing listens (no LISTEN connection is needed yet). */
  listen: 'up' | 'down' | 'none';
  /** The last connection-level error while not ready (for the readiness answer; no credentials). */
  detail?: string;
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction: all of it commits, or none of it. */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  /** LISTEN on a channel; returns an unsubscribe function. The channel is re-LISTENed after a lost connection. */
  listen(channel: string, onPayload: (payload: string) => void, events?: ListenEvents): Promise<() => Promise<void>>;
  /**
   * The same database for work that may wait (dashboards, reports): on the embedded engine, which runs
   * one statement at a time, its statements queue behind the desks' reads and writes instead of ahead
   * of them. On PostgreSQL (a pool of connections) the same as the database itself.
   */
  background?(): Queryable;
  /** Readiness for `/readyz`: asks the database (SELECT 1) and reports the LISTEN connection. */
  readiness?(): Promise<DatabaseReadiness>;
  close(): Promise<void>;
}

export interface DatabaseConfig {
  /** `postgres://…`: a PostgreSQL server. Wins over `dataDir`. */
  databaseUrl?: string | undefined;
  /** The embedded database's folder; undefined keeps it in memory (tests). */
  dataDir?: string | undefined;
}
