/**
 * One PostgreSQL dialect, two engines: embedded PGlite (a folder under DATA_DIR) or a PostgreSQL
 * server (DATABASE_URL). Callers see only the interface in `types.ts` (re-exported here), and both
 * engines return values as `values.ts` maps them, so every query and migration runs unchanged on both.
 */
import type { Database, DatabaseConfig, Queryable } from './types';

export { DatabaseUnavailable, isDatabaseUnavailable } from './errors';
export type {
  Database,
  DatabaseConfig,
  DatabaseReadiness,
  ListenEvents,
  Queryable,
  QueryResult,
} from './types';

/**
 * `q` for work that may wait behind the desks' (dashboards, reports): the database's background view
 * where it has one (see `Database.background`), else `q` itself (a transaction, a test double).
 */
export function inBackground(q: Queryable): Queryable {
  const b = (q as Partial<Database>).background;
  return typeof b === 'function' ? b.call(q) : q;
}

/**
 * Each engine is imported only when chosen: a process runs on one, so it loads one driver. The
 * embedded default never imports `pg` (350–700 ms of module loading, measured on a busy machine — on
 * every start, for nothing); a server deployment never imports PGlite. The engines import only
 * `types.ts` and `values.ts`, never this file, so there is no cycle to keep lazy.
 */
export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  if (config.databaseUrl) {
    const { openPostgres } = await import('./postgres');
    return openPostgres(config.databaseUrl);
  }
  const { openPglite } = await import('./pglite');
  return openPglite(config.dataDir);
}
