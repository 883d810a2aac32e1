import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app';
import { type Database, openDatabase } from './db/database';
import { migrate } from './db/migrate';
import { type SeedSize, seedIfEmpty, seedSizeFromEnv } from './seed/index';
import { SANDBOX_SEED, sandboxProfileProvider } from './workflow/sandbox-provider';

export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string | undefined;
  logLevel?: string | undefined;
  /** Sandbox data on a first start: none, small (default) or large. */
  seedSize?: SeedSize;
}

export function configFromEnv(env = process.env): ServerConfig {
  const port = Number(env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    dataDir: resolve(env.DATA_DIR ?? '.data'),
    databaseUrl: env.DATABASE_URL || undefined,
    logLevel: env.LOG_LEVEL,
    seedSize: seedSizeFromEnv(env.SEED_SIZE),
  };
}

export interface RunningServer {
  app: FastifyInstance;
  db: Database;
  url: string;
  close(): Promise<void>;
}

/** Opens the database, migrates, seeds a fresh sandbox, listens. */
export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: join(config.dataDir, 'db') });
  await migrate(db);
  const profiles = sandboxProfileProvider();
  await seedIfEmpty(db, profiles, config.seedSize ?? 'small', SANDBOX_SEED, (m) => console.log(`[seed] ${m}`));
  const app = await buildApp({ db, logLevel: config.logLevel, profiles });
  await app.listen({ port: config.port, host: config.host });
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
