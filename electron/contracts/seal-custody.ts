/**
 * Seal custody: which seal may sign a contract. Plain Node, no Electron import, so the policy is
 * unit-tested as it runs.
 *
 * - A configured seal (SEAL_P12_PATH) is always the one used. A path that does not exist, a wrong
 *   passphrase or an expired certificate is an error (contracts/certificates.ts) — never a fallback.
 * - A development or test run (not packaged) without a configured seal signs with the sandbox's
 *   auto-generated TEST ONLY seal, as before.
 * - A packaged build (Electron's `app.isPackaged`, or SME_PACKAGED=1 for tests and for running a
 *   production build from a folder) without a configured seal refuses to sign and names the setting.
 *   The TEST ONLY seal is used there only when the sandbox switch SME_SANDBOX_SEAL=1 is set — and a
 *   configured seal that is itself a TEST ONLY certificate is refused without that switch too.
 */
import { posix, win32 } from 'node:path';
import { DomainError } from '../../shared/errors.js';

/** Explicit "this is a production build" flag, for tests and unpackaged production runs. */
export const PACKAGED_VARIABLE = 'SME_PACKAGED';
/** The sandbox switch: allows the auto-generated TEST ONLY seal in a packaged build. */
export const SANDBOX_SEAL_VARIABLE = 'SME_SANDBOX_SEAL';

export interface SealCustodyPolicy {
  /** A packaged (production) build. */
  packaged: boolean;
  /** The sandbox switch is on: the TEST ONLY seal is allowed even when packaged. */
  sandboxSeal: boolean;
}

export type SealSource =
  | { kind: 'configured'; p12Path: string; passphrase: string }
  | { kind: 'sandbox'; dataDir: string };

export interface SealChoiceInput extends SealCustodyPolicy {
  p12Path?: string;
  passphrase?: string;
  dataDir?: string;
}

interface RuntimeLike {
  versions: Partial<Record<string, string>>;
  execPath: string;
  platform: string;
}

/**
 * Electron's own `app.isPackaged` test, without importing Electron: inside Electron, packaged means the
 * executable is not the stock `electron` (`electron.exe` on Windows) binary. Plain Node: never packaged.
 */
export function isPackagedRuntime(runtime: RuntimeLike = process): boolean {
  if (!runtime.versions.electron) return false;
  const windows = runtime.platform === 'win32';
  const exe = (windows ? win32 : posix).basename(runtime.execPath).toLowerCase();
  return exe !== (windows ? 'electron.exe' : 'electron');
}

/** A yes/no switch: unset or empty is `fallback`; 1/true/yes and 0/false/no; anything else is an error. */
function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (raw === '1' || raw === 'true' || raw === 'yes') return true;
  if (raw === '0' || raw === 'false' || raw === 'no') return false;
  throw new DomainError(
    'SEAL_CONFIG_INVALID',
    `配置项 ${name} 只能是 1 或 0（当前为 “${env[name]}”）。 ${name} must be 1 or 0 (got "${env[name]}").`,
    name,
  );
}

/**
 * The policy from the environment: SME_PACKAGED overrides the runtime's answer (SME_PACKAGED=0 in a
 * packaged build is refused, so the switch cannot be used to get around the policy); SME_SANDBOX_SEAL
 * defaults to off.
 */
export function sealCustodyFromEnv(env: NodeJS.ProcessEnv, runtime: RuntimeLike = process): SealCustodyPolicy {
  const runtimePackaged = isPackagedRuntime(runtime);
  const packaged = flag(env, PACKAGED_VARIABLE, runtimePackaged);
  if (runtimePackaged && !packaged) {
    throw new DomainError(
      'SEAL_CONFIG_INVALID',
      `安装版不能设置 ${PACKAGED_VARIABLE}=0。 ${PACKAGED_VARIABLE}=0 is not allowed in a packaged build.`,
      PACKAGED_VARIABLE,
    );
  }
  return { packaged, sandboxSeal: flag(env, SANDBOX_SEAL_VARIABLE, false) };
}

const NOT_CONFIGURED_PACKAGED =
  '未配置银行电子印章证书，安装版不能签署合同：请系统管理员设置 SEAL_P12_PATH（印章证书 PKCS#12 文件）和 ' +
  'SEAL_P12_PASSPHRASE。测试环境如需使用自动生成的测试印章，请设置 SME_SANDBOX_SEAL=1。 ' +
  'Contract signing is refused: no bank seal is configured. Set SEAL_P12_PATH (the seal PKCS#12 file) and ' +
  'SEAL_P12_PASSPHRASE; for a test installation only, SME_SANDBOX_SEAL=1 allows the generated TEST ONLY seal.';

const NOT_CONFIGURED =
  '未配置银行电子印章证书（SEAL_P12_PATH），无法签署合同，请联系系统管理员。 The bank seal certificate is not configured (SEAL_P12_PATH).';

/** Which seal signs, or a refusal naming the setting to fix. */
export function chooseSealSource(input: SealChoiceInput): SealSource {
  if (input.p12Path) return { kind: 'configured', p12Path: input.p12Path, passphrase: input.passphrase ?? '' };
  if (input.packaged && !input.sandboxSeal) {
    throw new DomainError('SEAL_NOT_CONFIGURED', NOT_CONFIGURED_PACKAGED, 'SEAL_P12_PATH');
  }
  if (!input.dataDir) throw new DomainError('SEAL_NOT_CONFIGURED', NOT_CONFIGURED, 'SEAL_P12_PATH');
  return { kind: 'sandbox', dataDir: input.dataDir };
}

/** After loading: a TEST ONLY certificate signs in a packaged build only with the sandbox switch on. */
export function assertSealAllowed(seal: { testOnly: boolean; commonName: string }, policy: SealCustodyPolicy): void {
  if (seal.testOnly && policy.packaged && !policy.sandboxSeal) {
    throw new DomainError(
      'SEAL_TEST_ONLY',
      `SEAL_P12_PATH 指向的是测试印章（${seal.commonName}），安装版不能用它签署合同；请配置银行正式印章证书。 ` +
        `SEAL_P12_PATH holds a TEST ONLY seal (${seal.commonName}); a packaged build signs only with the bank's real seal ` +
        `(or set SME_SANDBOX_SEAL=1 on a test installation).`,
      'SEAL_P12_PATH',
    );
  }
}
