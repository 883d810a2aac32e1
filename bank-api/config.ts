/**
 * Every environment variable the bank API reads, in one place: its zod schema, its default and what it
 * means (README.md "## Configuration" lists the same). A bad value is refused with an error naming the
 * variable, what it must be and what it was — at start-up (`readConfig`) or where one variable is read
 * (`readVar`), never by a silent fallback.
 */
import { z } from 'zod';
import { ConfigError, type Env, optionalText, readEnvVar, readEnvVars, wholeNumber } from '../shared/config/env';

export { ConfigError };

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** The variables, each with its schema. Defaults here are the ones documented in the README. */
export const BANK_API_VARIABLES = {
  /** Listening port; 0 picks a free one. */
  PORT: wholeNumber(0, 65535, 8787),
  /** Listening address. */
  HOST: z
    .string()
    .optional()
    .transform((v) => v || '127.0.0.1'),
  /** Data folder: embedded database (DATA_DIR/db), logs, sandbox certificates. */
  DATA_DIR: z
    .string()
    .optional()
    .transform((v) => v || '.data'),
  /** postgres://… — a PostgreSQL server instead of embedded PGlite. */
  DATABASE_URL: optionalText.refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), {
    message: 'must be a postgres:// or postgresql:// URL',
  }),
  /** pino level. */
  LOG_LEVEL: z
    .string()
    .optional()
    .transform((v) => v || 'info')
    .pipe(z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` })),
  /** Sign-in attempts per address and username per minute before 429. */
  LOGIN_ATTEMPTS_PER_MINUTE: wholeNumber(1, 1_000_000, 10),
  /** Failed sign-ins per address, all usernames, per 15 minutes before 429 (bank-api/auth/limits.ts). */
  LOGIN_FAILURES_PER_ADDRESS: wholeNumber(1, 1_000_000, 30),
  /** Sandbox seeded on a first start. */
  SEED_SIZE: z
    .string()
    .optional()
    .transform((v) => v || 'small')
    .pipe(z.enum(['none', 'small', 'large'], { message: 'must be none, small or large' })),
  /** Tests only: sandbox counts, e.g. enterprises=300,loans=1500,applications=1000 (parsed by seed/index.ts). */
  SEED_COUNTS: optionalText,
  /** PostgreSQL connections in the pool. */
  PG_POOL_MAX: wholeNumber(1, 1000, 10),
  /** How long a request waits for a PostgreSQL connection before a 503. */
  PG_CONNECT_TIMEOUT_MS: wholeNumber(1, 600_000, 5000),
  /** Seed of the deterministic sandbox data sources (the same seed gives the same enterprises). */
  SANDBOX_SEED: z
    .string()
    .optional()
    .transform((v) => v || 'sandbox-2026'),
  /** Hours an Idempotency-Key is remembered; after that the same key is a new request. */
  IDEMPOTENCY_KEY_HOURS: wholeNumber(1, 24 * 365, 24),
  /** Distinct full personal ID numbers one user may see per rolling hour (audit/reveals.ts). */
  FULL_ID_REVEALS_PER_HOUR: wholeNumber(1, 10_000, 20),
  /** Working hours (bank calendar) a claim on a case lasts without activity of its holder (workflow/claims.ts). */
  CLAIM_LAPSE_WORKING_HOURS: wholeNumber(1, 1000, 2),
  /** When the post-loan monitoring job runs by itself: off, nightly (02:00 Beijing) or minutes between runs. */
  MONITORING_SCHEDULE: z
    .string()
    .optional()
    .transform((v) => v || 'nightly')
    .refine((v) => /^(off|nightly|[1-9]\d{0,3}|10080)$/.test(v) && (!/^\d+$/.test(v) || Number(v) <= 10_080), {
      message: 'must be off, nightly or minutes between runs (1–10080)',
    }),
  /** Tests only: stands in for the free space the data-folder check reads. */
  DATA_DIR_FREE_BYTES: optionalText.refine((v) => v === undefined || /^\d+$/.test(v), {
    message: 'must be a whole number of bytes',
  }),
} as const;

export type BankApiVariable = keyof typeof BANK_API_VARIABLES;
export type BankApiConfig = { [K in BankApiVariable]: z.output<(typeof BANK_API_VARIABLES)[K]> };

/** One variable, validated (its default when unset). */
export function readVar<K extends BankApiVariable>(name: K, env: Env = process.env): BankApiConfig[K] {
  return readEnvVar(BANK_API_VARIABLES, name, env) as BankApiConfig[K];
}

/** Every variable, validated; the error names each bad one. */
export function readConfig(env: Env = process.env): BankApiConfig {
  return readEnvVars(BANK_API_VARIABLES, env) as BankApiConfig;
}
