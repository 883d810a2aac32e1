/**
 * Checks on the data folder before and after the embedded database opens, so that a folder this code
 * cannot use stops the start with a message naming the folder and what to do — instead of PGlite's
 * "failed to initialize properly", a WASM abort, or a silently partial sandbox.
 *
 * - not writable (read-only mount, permissions) → DataFolderError 'read_only'
 * - disk full, before (free space) or while writing (ENOSPC) → 'disk_full'
 * - `db/` holding something that is not a PostgreSQL data folder, or one of another major version →
 *   'unknown_format'
 * - a schema with migrations this code does not know (a newer version wrote it) → 'newer_version'
 */
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statfsSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { readVar } from '../config';
import type { Migration } from './migrate';
import type { Database } from './types';

/** PostgreSQL major version of the bundled PGlite (a test checks a fresh folder's PG_VERSION against it). */
export const PGLITE_PG_MAJOR = '18';

/** Free space a first start needs: the small sandbox takes about 210 MB on disk, WAL included. */
export const FIRST_START_FREE_BYTES = 400 * 1024 * 1024;
/** Free space any later start needs (sessions, audit, WAL). */
export const RESTART_FREE_BYTES = 50 * 1024 * 1024;

export type DataFolderProblem =
  | 'read_only'
  | 'disk_full'
  | 'unknown_format'
  | 'newer_version'
  | 'not_a_folder'
  | 'interrupted_seed';

export class DataFolderError extends Error {
  constructor(
    readonly problem: DataFolderProblem,
    readonly folder: string,
    message: string,
  ) {
    super(message);
    this.name = 'DataFolderError';
  }
}

const mb = (n: number) => `${Math.round(n / 1024 / 1024).toLocaleString('en-US')} MB`;
const MOVE_ASIDE = (folder: string) =>
  `move it aside (e.g. \`mv ${folder} ${folder}.old\`) or set DATA_DIR to another folder; a new sandbox is seeded there on first start`;

const errno = (e: unknown) => (e as NodeJS.ErrnoException | null)?.code;

/** Turns a file-system error on `folder` into the message a person can act on; other errors pass through. */
export function explainFsError(e: unknown, folder: string): unknown {
  if (e instanceof DataFolderError) return e;
  const code = errno(e);
  const text = e instanceof Error ? e.message : String(e);
  if (code === 'ENOSPC' || code === 'EDQUOT' || /No space left on device|could not extend file|disk quota/i.test(text))
    return new DataFolderError(
      'disk_full',
      folder,
      `The disk holding the data folder ${folder} is full (${code ?? 'no space left'}). Free some space, or set DATA_DIR to a folder on another disk; a first start that stopped here is redone on the next start.`,
    );
  if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM')
    return new DataFolderError(
      'read_only',
      folder,
      `The data folder ${folder} is not writable (${code}): the bank API keeps its database there. Make it writable (check its permissions and whether its disk is mounted read-only) or set DATA_DIR to a writable folder.`,
    );
  // The embedded database does not always say ENOSPC: a write that fails inside PGlite can surface as
  // an unrelated error ("cannot drop active portal"). A disk left with almost nothing free explains it.
  const free = freeBytes(folder, { real: true });
  if (free !== null && free < RESTART_FREE_BYTES)
    return new DataFolderError(
      'disk_full',
      folder,
      `The disk holding the data folder ${folder} is (almost) full: ${mb(free)} free (the database reported: ${text}). Free some space, or set DATA_DIR to a folder on another disk; a first start that stopped here is redone on the next start.`,
    );
  return e;
}

function probeWrite(folder: string) {
  const probe = join(folder, `.write-probe-${process.pid}`);
  try {
    writeFileSync(probe, 'probe');
    unlinkSync(probe);
  } catch (e) {
    throw explainFsError(e, folder);
  }
}

/**
 * Checks the data folder for embedded PGlite before it opens: creates it if missing, proves it
 * writable, looks at `db/` (empty, or a PostgreSQL data folder of PGlite's major version), and checks
 * free space (more for a first start). Returns whether `db/` already held a database.
 */
export function checkDataFolder(dataDir: string): { existing: boolean } {
  if (existsSync(dataDir) && !statSync(dataDir).isDirectory())
    throw new DataFolderError(
      'not_a_folder',
      dataDir,
      `DATA_DIR ${dataDir} is a file, not a folder. Set DATA_DIR to a folder (it is created if missing).`,
    );
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (e) {
    // Node's recursive mkdir reports ENOENT on a read-only file system: ask the nearest existing parent.
    let parent = dirname(dataDir);
    while (!existsSync(parent) && dirname(parent) !== parent) parent = dirname(parent);
    try {
      const probe = join(parent, `.write-probe-${process.pid}`);
      writeFileSync(probe, 'probe');
      unlinkSync(probe);
    } catch (p) {
      throw explainFsError(p, dataDir);
    }
    throw explainFsError(e, dataDir);
  }
  probeWrite(dataDir);
  const dbDir = join(dataDir, 'db');
  let existing = false;
  if (existsSync(dbDir)) {
    if (!statSync(dbDir).isDirectory())
      throw new DataFolderError(
        'unknown_format',
        dbDir,
        `${dbDir} is a file, not the embedded database folder this version keeps there: ${MOVE_ASIDE(dbDir)}.`,
      );
    const entries = readdirSync(dbDir);
    if (entries.length > 0) {
      const versionFile = join(dbDir, 'PG_VERSION');
      if (!existsSync(versionFile))
        throw new DataFolderError(
          'unknown_format',
          dbDir,
          `The data folder's database ${dbDir} is not an embedded PostgreSQL database (no PG_VERSION; it holds ${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', …' : ''}). It may be from another program or an unfinished copy: ${MOVE_ASIDE(dbDir)}.`,
        );
      const major = readFileSync(versionFile, 'utf8').trim();
      if (major !== PGLITE_PG_MAJOR)
        throw new DataFolderError(
          'unknown_format',
          dbDir,
          `The database in ${dbDir} was written by PostgreSQL ${major}, but this version of the workstation embeds PostgreSQL ${PGLITE_PG_MAJOR} (PGlite), which cannot open it. It was left by ${Number(major) < Number(PGLITE_PG_MAJOR) ? 'an older' : 'a newer'} version: open it with that version, or ${MOVE_ASIDE(dbDir)}.`,
        );
      existing = true;
      probeWrite(dbDir);
    }
  }
  const need = existing ? RESTART_FREE_BYTES : FIRST_START_FREE_BYTES;
  const free = freeBytes(dataDir);
  if (free !== null && free < need)
    throw new DataFolderError(
      'disk_full',
      dataDir,
      `The disk holding the data folder ${dataDir} has ${mb(free)} free; ${existing ? 'the bank API needs' : 'a first start (the sandbox bank) needs'} at least ${mb(need)}. Free some space, or set DATA_DIR to a folder on another disk.`,
    );
  return { existing };
}

function freeBytes(folder: string, opts: { real?: boolean } = {}): number | null {
  // DATA_DIR_FREE_BYTES (tests only) stands in for the file system's answer in the check before opening.
  const forced = readVar('DATA_DIR_FREE_BYTES');
  if (forced && !opts.real) return Number(forced);
  try {
    const s = statfsSync(folder);
    return Number(s.bavail) * Number(s.bsize);
  } catch {
    return null;
  }
}

/**
 * Removes the embedded database folder `dataDir/db` — only that, and only when it is a PostgreSQL data
 * folder (PG_VERSION present): used to redo an interrupted first start from a clean state.
 */
export function discardEmbeddedDatabase(dataDir: string): string {
  const dbDir = join(dataDir, 'db');
  if (!existsSync(join(dbDir, 'PG_VERSION')))
    throw new Error(`refusing to remove ${dbDir}: it does not look like an embedded database folder`);
  try {
    rmSync(dbDir, { recursive: true, force: false });
  } catch (e) {
    throw explainFsError(e, dataDir);
  }
  return dbDir;
}

/**
 * After opening, before migrating: a schema with migrations this code does not know was written by a
 * newer version (or another branch); migrating it, or running on it, could corrupt it.
 */
export async function checkSchemaVersion(db: Database, known: Migration[], where: string): Promise<void> {
  const exists = await db.query<{ t: string | null }>("SELECT to_regclass('schema_migrations')::text AS t");
  if (!exists.rows[0]?.t) return;
  const applied = (
    await db.query<{ version: number; name: string }>('SELECT version, name FROM schema_migrations ORDER BY version')
  ).rows;
  const byVersion = new Map(known.map((m) => [m.version, m.name]));
  const latest = known.at(-1);
  const unknown = applied.filter((a) => byVersion.get(a.version) !== a.name);
  if (unknown.length === 0) return;
  const newer = unknown.filter((a) => !byVersion.has(a.version));
  const names = unknown.map((a) => a.name).join(', ');
  const isFolder = !where.startsWith('DATABASE_URL');
  const action = isFolder ? MOVE_ASIDE(where) : 'point DATABASE_URL at another database, or drop and recreate this one';
  throw new DataFolderError(
    'newer_version',
    where,
    newer.length > 0
      ? `The database in ${where} was written by a newer version of the workstation: it has migration${unknown.length > 1 ? 's' : ''} ${names}, and this version knows only up to ${latest?.name ?? 'none'}. Run that newer version on it, or ${action}.`
      : `The database in ${where} was written by another version of the workstation: its migration${unknown.length > 1 ? 's' : ''} ${names} differ${unknown.length > 1 ? '' : 's'} from this version's. Run that version on it, or ${action}.`,
  );
}
