/**
 * Every environment variable of the browser-mode web host (`npm run web`, electron/web/main.ts) in one
 * place, with its zod schema and default (README.md "## Configuration" lists the same). The variables
 * it shares with main (BANK_API_URL, DATA_DIR, BANK_API_STALL_SECONDS, the seal) use main's schemas
 * (electron/config.ts); a bad value is refused at start-up with an error naming the variable.
 */

import { z } from 'zod';
import { type Env, MAIN_VARIABLES, readVars, wholeNumber } from '../config';

/** The web host's own port when WEB_PORT is unset. */
export const DEFAULT_WEB_PORT = 5199;

export const WEB_HOST_VARIABLES = {
  ...MAIN_VARIABLES,
  /** The web host's port on 127.0.0.1; 0 picks a free one. */
  WEB_PORT: wholeNumber(0, 65535, DEFAULT_WEB_PORT),
  /**
   * The run's secret (default: 24 random bytes per run). It travels in the URL fragment, so only
   * URL-safe characters; long enough not to be guessed.
   */
  WEB_SECRET: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v === '' ? undefined : v))
    .refine((v) => v === undefined || /^[A-Za-z0-9_-]{16,256}$/.test(v), {
      message: 'must be 16 to 256 characters of A-Z, a-z, 0-9, _ and - (it travels in the URL fragment)',
    }),
  /** Set by npm to package.json's version; shown as the app's version. */
  npm_package_version: z
    .string()
    .optional()
    .transform((v) => v || '0.1.0'),
} as const;

export interface WebHostConfig {
  /** A running bank API to use, or undefined to start an embedded one. */
  bankApiUrl: string | undefined;
  /** The data folder as given (default `.data`); the web host resolves it. */
  dataDir: string;
  stallMs: number;
  port: number;
  secret: string | undefined;
  version: string;
  /** The shared desk's idle lock per tab, in minutes (0: off). */
  idleLockMinutes: number;
}

export function readWebHostConfig(env: Env = process.env): WebHostConfig {
  const v = readVars(WEB_HOST_VARIABLES, env);
  return {
    bankApiUrl: v.BANK_API_URL,
    dataDir: v.DATA_DIR ?? '.data',
    stallMs: v.BANK_API_STALL_SECONDS,
    port: v.WEB_PORT,
    secret: v.WEB_SECRET,
    version: v.npm_package_version,
    idleLockMinutes: v.IDLE_LOCK_MINUTES,
  };
}
