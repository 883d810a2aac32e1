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
import { type NetworkConfigResult, type ReadText, readNetworkConfig } from './network/config';
import { insecureBankUrl } from './network/https-rule';

export { ConfigError, type ConfigOf, type Env, wholeNumber };

/**
 * The bank API's base URL: https, no query or fragment; plain http only for this machine (the https
 * rule, electron/network/https-rule.ts).
 */
export const bankApiUrl = optionalText
  .refine(
    (v) => {
      if (v === undefined) return true;
      try {
        const u = new URL(v);
        return (u.protocol === 'http:' || u.protocol === 'https:') && u.search === '' && u.hash === '';
      } catch {
        return false;
      }
    },
    { message: 'must be an http:// or https:// URL (the bank API’s base, e.g. http://127.0.0.1:8787)', abort: true },
  )
  .superRefine((v, ctx) => {
    const why = v === undefined ? null : insecureBankUrl(v);
    if (why) ctx.addIssue({ code: 'custom', message: why });
  });

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
  /**
   * The machine config file an administrator manages (electron/network/config.ts), instead of the
   * platform's place; its settings are overridden by the variables below and BANK_API_URL.
   */
  WORKSTATION_CONFIG: optionalText,
  /** A PEM file of CA certificates trusted for the bank API in addition to the system's. */
  BANK_CA_BUNDLE: optionalText,
  /** A client certificate (PKCS#12, .pfx/.p12) main presents to the bank API (mutual TLS). */
  BANK_CLIENT_CERT: optionalText,
  /** The passphrase of BANK_CLIENT_CERT. */
  BANK_CLIENT_CERT_PASSPHRASE: optionalText,
  /** Minutes without input before the screen locks (0: never); default 10. */
  IDLE_LOCK_MINUTES: wholeNumber(0, 240, 10),
} as const;

/** Variables whose values are never echoed. */
export const SECRET_VARIABLES: ReadonlySet<string> = new Set([
  'SEAL_P12_PASSPHRASE',
  'WEB_SECRET',
  'BANK_CLIENT_CERT_PASSPHRASE',
]);

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

/** The bank network variables: read with the machine file by readNetworkConfig, never fatal at start. */
export const NETWORK_VARIABLES = [
  'BANK_API_URL',
  'WORKSTATION_CONFIG',
  'BANK_CA_BUNDLE',
  'BANK_CLIENT_CERT',
  'BANK_CLIENT_CERT_PASSPHRASE',
  'IDLE_LOCK_MINUTES',
] as const;

export interface MainConfig {
  /**
   * The bank network settings (machine file, then the environment over it). A problem there does not
   * stop main: the window opens and says what is wrong and where to fix it.
   */
  network: NetworkConfigResult;
  /** The data folder, or undefined for Electron's per-user folder (app.getPath('userData')). */
  dataDir: string | undefined;
}

/** The Electron main process's configuration. */
export function readMainConfig(
  env: Env = process.env,
  opts: { platform?: NodeJS.Platform; readText?: ReadText } = {},
): MainConfig {
  const { BANK_API_STALL_SECONDS: _launcherOnly, ...all } = MAIN_VARIABLES;
  const schemas: Schemas = { ...all };
  for (const name of NETWORK_VARIABLES) delete schemas[name];
  const v = readVars(schemas, env) as { DATA_DIR: string | undefined };
  return { network: readNetworkConfig(env, opts), dataDir: v.DATA_DIR };
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
