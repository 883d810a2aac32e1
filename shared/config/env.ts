/**
 * Reading environment variables through zod, for every process (bank API, Electron main, the web host,
 * the launchers): each process declares its variables as a table of schemas (bank-api/config.ts,
 * electron/config.ts, electron/web/config.ts) and reads them here. A bad value is refused with an error
 * naming the variable, what it must be and — unless it is a secret — what it was; never a silent fallback.
 * Pure: the caller passes the environment (`process.env`).
 */
import { z } from 'zod';

export type Env = Record<string, string | undefined>;

/** Unset and empty both mean "not set". */
export const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v === '' ? undefined : v));

/** A whole number within bounds (its default when unset). */
export const wholeNumber = (min: number, max: number, def: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return def;
      const n = Number(v);
      if (!/^\d+$/.test(v) || !Number.isSafeInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `must be a whole number from ${min} to ${max}` });
        return z.NEVER;
      }
      return n;
    });

/** A refused value: the message names the variable and what it must be. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

export type Schemas = Record<string, z.ZodType<unknown, string | undefined>>;
export type ConfigOf<S extends Schemas> = { [K in keyof S]: z.output<S[K]> };

/** One variable, validated (its default when unset). Values of `secrets` are never echoed. */
export function readEnvVar<S extends Schemas, K extends keyof S & string>(
  schemas: S,
  name: K,
  env: Env,
  secrets: ReadonlySet<string> = new Set(),
): ConfigOf<S>[K] {
  const raw = env[name];
  const r = schemas[name]!.safeParse(raw);
  if (!r.success) {
    const why = r.error.issues.map((i) => i.message).join('; ');
    const got = secrets.has(name) ? '' : `, got "${raw}"`;
    throw new ConfigError(name, `${name} ${why}${got}`);
  }
  return r.data as ConfigOf<S>[K];
}

/** Every variable of `schemas`, validated; the error names each bad one. */
export function readEnvVars<S extends Schemas>(
  schemas: S,
  env: Env,
  secrets: ReadonlySet<string> = new Set(),
): ConfigOf<S> {
  const out: Record<string, unknown> = {};
  const errors: ConfigError[] = [];
  for (const name of Object.keys(schemas)) {
    try {
      out[name] = readEnvVar(schemas, name, env, secrets);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      errors.push(e);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1)
    throw new ConfigError(errors.map((e) => e.variable).join(', '), errors.map((e) => e.message).join('\n'));
  return out as ConfigOf<S>;
}
