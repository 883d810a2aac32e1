/**
 * The bank network settings of one machine: which bank API main talks to, the extra CA bundle and
 * client certificate it presents, and the shared-desk idle lock. An administrator sets them in a JSON
 * file per machine (`machineConfigPath`); an environment variable overrides the file setting of the
 * same meaning (support staff, tests, `npm start`). Precedence, per setting:
 *
 *   environment variable  >  machine config file  >  built-in default
 *
 * Every value passes the schema of its environment variable (electron/config.ts) whichever way it came,
 * so the https rule (network/https-rule.ts: https, plain http only for this machine) holds for both.
 * Nothing here falls back to an insecure default: a bad setting is a `NetworkConfigProblem` naming the
 * setting and where it came from, and main shows it instead of talking to the bank.
 *
 * Plain Node (fs, path); no Electron. The file's contents are checked with zod.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Env } from '../../shared/config/env';
import { DEFAULT_BANK_API_URL, MAIN_VARIABLES } from '../config';

/** The machine config file: where an administrator puts it on each platform. */
export function machineConfigPath(platform: NodeJS.Platform = process.platform, env: Env = process.env): string {
  if (env.WORKSTATION_CONFIG) return env.WORKSTATION_CONFIG;
  if (platform === 'win32') {
    return join(env.ProgramData ?? env.PROGRAMDATA ?? 'C:\\ProgramData', 'SmeCreditWorkstation', 'config.json');
  }
  if (platform === 'darwin') return '/Library/Application Support/SmeCreditWorkstation/config.json';
  return '/etc/sme-credit-workstation/config.json';
}

export { DEFAULT_BANK_API_URL };
export const DEFAULT_IDLE_LOCK_MINUTES = 10;
export const MAX_IDLE_LOCK_MINUTES = 240;

/** The file's settings (all optional; unknown keys refused, so a typo is not silently ignored). */
export const MachineConfigSchema = z.strictObject({
  bankApiUrl: z.string().min(1).optional(),
  /** PEM file with one or more CA certificates trusted in addition to the system's. */
  caBundlePath: z.string().min(1).optional(),
  /** PKCS#12 (.pfx/.p12) client certificate for mutual TLS. */
  clientCertificatePath: z.string().min(1).optional(),
  clientCertificatePassphrase: z.string().optional(),
  /** Minutes without input before the screen locks; 0 turns the lock off. */
  idleLockMinutes: z.number().int().min(0).max(MAX_IDLE_LOCK_MINUTES).optional(),
});
export type MachineConfig = z.infer<typeof MachineConfigSchema>;

/** Each setting: its key in the file and the environment variable that overrides it. */
export const NETWORK_SETTINGS = {
  bankApiUrl: 'BANK_API_URL',
  caBundlePath: 'BANK_CA_BUNDLE',
  clientCertificatePath: 'BANK_CLIENT_CERT',
  clientCertificatePassphrase: 'BANK_CLIENT_CERT_PASSPHRASE',
  idleLockMinutes: 'IDLE_LOCK_MINUTES',
} as const satisfies Record<keyof MachineConfig, string>;
export type NetworkSetting = keyof typeof NETWORK_SETTINGS;

/** Where a setting's value came from. */
export type Source =
  | { kind: 'env'; variable: string }
  | { kind: 'file'; path: string; key: string }
  | { kind: 'default' };

export const describeSource = (s: Source): string =>
  s.kind === 'env' ? `environment variable ${s.variable}` : s.kind === 'file' ? `"${s.key}" in ${s.path}` : 'default';

/** One thing wrong, with where to fix it. */
export interface NetworkConfigProblem {
  setting: NetworkSetting | 'file';
  /** Where it was set ("environment variable BANK_API_URL", `"bankApiUrl" in /etc/…/config.json`). */
  where: string;
  message: string;
}

export interface Sourced<T> {
  value: T;
  source: Source;
}

export interface NetworkConfig {
  bankApiUrl: Sourced<string>;
  caBundlePath?: Sourced<string>;
  clientCertificate?: { path: Sourced<string>; passphrase: string | undefined };
  idleLockMinutes: Sourced<number>;
  /** The machine file read (or looked for). */
  configFile: { path: string; found: boolean };
}

export type NetworkConfigResult =
  | { ok: true; config: NetworkConfig }
  | { ok: false; problems: NetworkConfigProblem[]; configFile: { path: string; found: boolean } };

/** The file read as text: undefined when it does not exist (a machine without one uses the environment and defaults). */
export type ReadText = (path: string) => string | undefined;
export const readTextIfExists: ReadText = (path) => (existsSync(path) ? readFileSync(path, 'utf8') : undefined);

/**
 * Reads the machine file and the environment and applies the precedence and the https rule. Never
 * throws for bad settings: every problem is listed, each naming its setting and where it was set.
 */
export function readNetworkConfig(
  env: Env = process.env,
  opts: { platform?: NodeJS.Platform; readText?: ReadText } = {},
): NetworkConfigResult {
  const path = machineConfigPath(opts.platform, env);
  const readText = opts.readText ?? readTextIfExists;
  const problems: NetworkConfigProblem[] = [];
  let file: MachineConfig = {};
  let text: string | undefined;
  try {
    text = readText(path);
  } catch (e) {
    problems.push({
      setting: 'file',
      where: path,
      message: `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
    });
  }
  if (text !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      problems.push({ setting: 'file', where: path, message: 'is not valid JSON' });
    }
    if (json !== undefined) {
      const r = MachineConfigSchema.safeParse(json);
      if (r.success) file = r.data;
      else
        for (const i of r.error.issues) {
          const key = i.path.map(String).join('.') || (i.code === 'unrecognized_keys' ? i.keys.join(', ') : '(root)');
          problems.push({ setting: 'file', where: `"${key}" in ${path}`, message: i.message });
        }
    }
  }
  const configFile = { path, found: text !== undefined };

  const pick = <K extends NetworkSetting>(key: K): Sourced<string> | undefined => {
    const variable = NETWORK_SETTINGS[key];
    const fromEnv = env[variable];
    if (fromEnv !== undefined && fromEnv !== '') return { value: fromEnv, source: { kind: 'env', variable } };
    const fromFile = file[key];
    if (fromFile !== undefined) return { value: String(fromFile), source: { kind: 'file', path, key } };
    return undefined;
  };

  // Each value, from the environment or the file, passes the environment variable's own schema
  // (electron/config.ts): one definition of a valid bank URL (the https rule) and of the lock minutes.
  const check = <K extends 'bankApiUrl' | 'idleLockMinutes'>(key: K, raw: Sourced<string> | undefined) => {
    if (!raw) return undefined;
    const r = MAIN_VARIABLES[NETWORK_SETTINGS[key]].safeParse(raw.value);
    if (r.success) return { value: r.data, source: raw.source };
    const why = r.error.issues.map((i) => i.message).join('; ');
    problems.push({ setting: key, where: describeSource(raw.source), message: `${why}, got "${raw.value}"` });
    return undefined;
  };
  const urlSet = pick('bankApiUrl');
  const url = check('bankApiUrl', urlSet) as Sourced<string> | undefined;
  const minutesSet = pick('idleLockMinutes');
  const minutes = check('idleLockMinutes', minutesSet) as Sourced<number> | undefined;

  const ca = pick('caBundlePath');
  const cert = pick('clientCertificatePath');
  const passphrase = pick('clientCertificatePassphrase');
  if (passphrase && !cert)
    problems.push({
      setting: 'clientCertificatePassphrase',
      where: describeSource(passphrase.source),
      message: 'is set but no client certificate is (BANK_CLIENT_CERT / "clientCertificatePath")',
    });

  if (problems.length > 0) return { ok: false, problems, configFile };
  return {
    ok: true,
    config: {
      bankApiUrl: url ?? { value: DEFAULT_BANK_API_URL, source: { kind: 'default' } },
      ...(ca ? { caBundlePath: ca } : {}),
      ...(cert ? { clientCertificate: { path: cert, passphrase: passphrase?.value } } : {}),
      idleLockMinutes: minutes ?? { value: DEFAULT_IDLE_LOCK_MINUTES, source: { kind: 'default' } },
      configFile,
    },
  };
}

/** The problems as one message for a person: each setting, where it is set, what is wrong. */
export function describeProblems(problems: readonly NetworkConfigProblem[]): string {
  return problems.map((p) => `${p.where}: ${p.message}`).join('\n');
}
