/**
 * Every environment variable of main's side in one place: the Electron main process (`readMainConfig`)
 * and its launcher `npm start` (build/start.ts, `readLauncherConfig`), each variable with its zod
 * schema and default (README.md "## Configuration" lists the same). The web host's are in
 * electron/web/config.ts, built from the same schemas. A bad value is refused at start-up with an
 * error naming the variable and what it must be — the value too, unless it is a secret — never by a
 * silent fallback.
 *
 * Plain zod, no Electron and no Node built-ins: main's bundle, the launcher and the web host all load it.
 */
import { z } from 'zod';
import {
  ConfigError,
  type ConfigOf,
  type Env,
  optionalText,
  readEnvVar,
  readEnvVars,
  type Schemas,
  wholeNumber,
} from '../shared/config/env';

export { ConfigError, type ConfigOf, type Env, wholeNumber };

/** The bank API's base URL: http or https, no query or fragment. */
export const bankApiUrl = optionalText.refine(
  (v) => {
    if (v === undefined) return true;
    try {
      const u = new URL(v);
      return (u.protocol === 'http:' || u.protocol === 'https:') && u.search === '' && u.hash === '';
    } catch {
      return false;
    }
  },
  { message: 'must be an http:// or https:// URL (the bank API’s base, e.g. http://127.0.0.1:8787)' },
);

export const DEFAULT_STALL_SECONDS = 180;

/**
 * The variables of main's side, each with its schema. A variable marked secret never appears in an
 * error message.
 */
export const MAIN_VARIABLES = {
  /**
   * The bank API main talks to. Main (Electron) without it: http://127.0.0.1:8787; the launchers
   * (`npm start`, `npm run web`) without it: start an embedded one.
   */
  BANK_API_URL: bankApiUrl,
  /** Data folder: the embedded API's database and log, contract packages, the sandbox seal. */
  DATA_DIR: optionalText,
  /** Give up on the embedded bank API after this many seconds without progress (milliseconds out). */
  BANK_API_STALL_SECONDS: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return DEFAULT_STALL_SECONDS * 1000;
      const n = Number(v);
      if (!Number.isFinite(n) || n <= 0) {
        ctx.addIssue({ code: 'custom', message: 'must be a positive number of seconds' });
        return z.NEVER;
      }
      return n * 1000;
    }),
  /**
   * The bank's seal for contracts (PKCS#12); unset: the sandbox's TEST ONLY seal under DATA_DIR. Checked
   * here with the rest; the contract service reads it where it loads the seal (contracts/certificates.ts).
   */
  SEAL_P12_PATH: optionalText,
  /** The passphrase of SEAL_P12_PATH. */
  SEAL_P12_PASSPHRASE: optionalText,
} as const;

/** Variables whose values are never echoed. */
export const SECRET_VARIABLES: ReadonlySet<string> = new Set(['SEAL_P12_PASSPHRASE', 'WEB_SECRET']);

/** One variable, validated (its default when unset); secrets never echoed. */
export const readVar = <S extends Schemas, K extends keyof S & string>(
  schemas: S,
  name: K,
  env: Env = process.env,
): ConfigOf<S>[K] => readEnvVar(schemas, name, env, SECRET_VARIABLES);

/** Every variable of `schemas`, validated; the error names each bad one. */
export const readVars = <S extends Schemas>(schemas: S, env: Env = process.env): ConfigOf<S> =>
  readEnvVars(schemas, env, SECRET_VARIABLES);

/** The bank API main uses when none is given. */
export const DEFAULT_BANK_API_URL = 'http://127.0.0.1:8787';

export interface MainConfig {
  bankApiUrl: string;
  /** The data folder, or undefined for Electron's per-user folder (app.getPath('userData')). */
  dataDir: string | undefined;
}

/** The Electron main process's configuration. */
export function readMainConfig(env: Env = process.env): MainConfig {
  const { BANK_API_STALL_SECONDS: _launcherOnly, ...schemas } = MAIN_VARIABLES;
  const v = readVars(schemas, env);
  return {
    bankApiUrl: v.BANK_API_URL ?? DEFAULT_BANK_API_URL,
    dataDir: v.DATA_DIR,
  };
}

export interface LauncherConfig {
  /** A running bank API to use, or undefined to start an embedded one. */
  bankApiUrl: string | undefined;
  /** The data folder as given (the launcher resolves it; default `.data`). */
  dataDir: string;
  /** The embedded bank API's stall window. */
  stallMs: number;
}

/** `npm start`'s configuration (build/start.ts); the Electron process it opens reads readMainConfig. */
export function readLauncherConfig(env: Env = process.env): LauncherConfig {
  const v = readVars(MAIN_VARIABLES, env);
  return { bankApiUrl: v.BANK_API_URL, dataDir: v.DATA_DIR ?? '.data', stallMs: v.BANK_API_STALL_SECONDS };
}
