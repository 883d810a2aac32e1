/**
 * The database as callers see it, whichever engine is behind it (embedded PGlite or a PostgreSQL
 * server). Types only: the engines (`pglite.ts`, `postgres.ts`) implement these and `database.ts`
 * picks one, so nothing here imports an engine and no engine imports `database.ts`.
 *
 * Row values arrive as `values.ts` maps them, the same on both engines: int8 and numeric as strings,
 * date as `YYYY-MM-DD`, timestamptz as a `Date`.
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

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction: all of it commits, or none of it. */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  /** LISTEN on a channel; returns an unsubscribe function. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface DatabaseConfig {
  /** `postgres://…`: a PostgreSQL server. Wins over `dataDir`. */
  databaseUrl?: string | undefined;
  /** The embedded database's folder; undefined keeps it in memory (tests). */
  dataDir?: string | undefined;
}
