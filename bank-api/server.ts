import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app';
import { readConfig } from './config';
import {
  checkDataFolder,
  checkSchemaVersion,
  DataFolderError,
  discardEmbeddedDatabase,
  explainFsError,
} from './db/data-folder';
import { type Database, openDatabase } from './db/database';
import { loadMigrations, migrate } from './db/migrate';
import { InterruptedSeedError, readSeedState, type SeedSize, seedCountsFromEnv, seedIfEmpty } from './seed/index';
import { SEED_PLAN_WORD, seedProgressPrinter } from './seed/progress';
import type { SandboxCounts } from './seed/sandbox';
import { SANDBOX_SEED, sandboxProfileProvider } from './workflow/sandbox-provider';

export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string | undefined;
  logLevel?: string | undefined;
  /** Sandbox data on a first start: none, small (default) or large. */
  seedSize?: SeedSize;
  /** SEED_COUNTS (tests only): overrides the size's counts. */
  seedCounts?: Partial<SandboxCounts> | undefined;
  /** LOGIN_ATTEMPTS_PER_MINUTE: sign-in attempts per address and name per minute. */
  loginAttemptsPerMinute?: number | undefined;
  /** LOGIN_FAILURES_PER_ADDRESS: failed sign-ins per address, all names, per 15 minutes. */
  loginFailuresPerAddress?: number | undefined;
  /** MONITORING_SCHEDULE: off, nightly or minutes between runs of the post-loan monitoring job. */
  monitoringSchedule?: string | undefined;
}

/** The server's settings from the environment, each variable validated by bank-api/config.ts. */
export function configFromEnv(env: Record<string, string | undefined> = process.env): ServerConfig {
  const c = readConfig(env);
  return {
    port: c.PORT,
    host: c.HOST,
    dataDir: resolve(c.DATA_DIR),
    databaseUrl: c.DATABASE_URL,
    logLevel: c.LOG_LEVEL,
    seedSize: c.SEED_SIZE,
    seedCounts: seedCountsFromEnv(c.SEED_COUNTS),
    loginAttemptsPerMinute: c.LOGIN_ATTEMPTS_PER_MINUTE,
    loginFailuresPerAddress: c.LOGIN_FAILURES_PER_ADDRESS,
    monitoringSchedule: c.MONITORING_SCHEDULE,
  };
}

export interface RunningServer {
  app: FastifyInstance;
  db: Database;
  url: string;
  close(): Promise<void>;
}

/** Where start-up says what it does: machine lines (SEED_PLAN, SEED_PROGRESS) and lines for people. */
export interface StartupOutput {
  line(text: string): void;
  /** True when a person watches the output directly (a terminal): readable progress lines too. */
  human: boolean;
}

const consoleOutput = (): StartupOutput => ({
  line: (t) => console.log(t),
  human: Boolean(process.stdout.isTTY),
});

/**
 * Opens the database ready to serve: checks the data folder (embedded PGlite), opens it, refuses a
 * schema from a newer version, migrates, and seeds a first start — redoing an interrupted first start
 * from a clean database (PGlite: the folder's `db/` is discarded and recreated; PostgreSQL: refused,
 * as the API does not wipe a server database by itself). Every refusal is a DataFolderError naming the
 * folder (or DATABASE_URL) and what to do.
 */
export async function prepareDatabase(config: ServerConfig, out: StartupOutput = consoleOutput()): Promise<Database> {
  const size = config.seedSize ?? 'small';
  const embedded = !config.databaseUrl;
  const where = embedded ? join(config.dataDir, 'db') : 'DATABASE_URL';
  const known = loadMigrations();
  const open = async () => {
    if (embedded) checkDataFolder(config.dataDir);
    let db: Database;
    try {
      db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: join(config.dataDir, 'db') });
    } catch (e) {
      const explained = embedded ? explainFsError(e, config.dataDir) : e;
      if (explained instanceof DataFolderError) throw explained;
      if (!embedded) throw e;
      throw new DataFolderError(
        'unknown_format',
        where,
        `The embedded database in ${where} could not be opened (${(e as Error).message}). It may have been left by another version of the workstation, or be damaged: move it aside (e.g. \`mv ${where} ${where}.old\`) or set DATA_DIR to another folder; a new sandbox is seeded there on first start.`,
      );
    }
    try {
      await checkSchemaVersion(db, known, where);
      await migrate(db, known);
    } catch (e) {
      await db.close().catch(() => {});
      throw embedded ? explainFsError(e, config.dataDir) : e;
    }
    return db;
  };

  let db = await open();
  try {
    if (size !== 'none') {
      const state = await readSeedState(db);
      if (state.kind === 'interrupted') {
        const what = `The previous seed was interrupted at stage ${state.stage} (${state.detail})`;
        if (!embedded) {
          throw new DataFolderError(
            'interrupted_seed',
            where,
            `${what} in the database at DATABASE_URL. The bank API does not wipe a PostgreSQL database by itself: drop and recreate that database (or point DATABASE_URL at an empty one) and start again. If another instance is seeding it right now, wait for that to finish and start again.`,
          );
        }
        await db.close();
        const removed = discardEmbeddedDatabase(config.dataDir);
        out.line(`[seed] ${what}; starting over: discarded ${removed} and seeding a clean database.`);
        db = await open();
      }
    }
    const printer = seedProgressPrinter(out.line, { human: out.human });
    await seedIfEmpty(db, sandboxProfileProvider(), size, SANDBOX_SEED, (m) => out.line(`[seed] ${m}`), {
      counts: config.seedCounts,
      onProgress: printer,
      onPlan: (plan) => {
        out.line(`${SEED_PLAN_WORD} ${JSON.stringify(plan)}`);
        out.line(
          `[seed] First start: seeding the sandbox bank (${plan.stages
            .filter((s) => s.total > 1)
            .map((s) => `${s.total.toLocaleString('en-US')} ${s.stage}`)
            .join(', ')}) into ${where}.`,
        );
      },
    });
    return db;
  } catch (e) {
    await db.close().catch(() => {});
    if (e instanceof InterruptedSeedError || e instanceof DataFolderError) throw e;
    throw embedded ? explainFsError(e, config.dataDir) : e;
  }
}

/** Opens the database (prepareDatabase: checks, migrations, first-start seed), then listens. */
export async function startServer(config: ServerConfig, out?: StartupOutput): Promise<RunningServer> {
  const db = await prepareDatabase(config, out);
  const profiles = sandboxProfileProvider();
  let app: FastifyInstance;
  try {
    app = await buildApp({
      db,
      logLevel: config.logLevel,
      profiles,
      loginAttemptsPerMinute: config.loginAttemptsPerMinute,
      loginLimits: { failuresPerAddress: config.loginFailuresPerAddress },
      ...(config.monitoringSchedule ? { monitoringSchedule: config.monitoringSchedule } : {}),
    });
    await app.listen({ port: config.port, host: config.host });
  } catch (e) {
    await db.close().catch(() => {});
    throw e;
  }
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  return {
    app,
    db,
    url: `http://${config.host}:${port}`,
    async close() {
      await app.close();
      await db.close();
    },
  };
}
