/**
 * Packaging with electron-builder: a Windows NSIS installer (per machine, for managed desks), a macOS
 * dmg and a Linux AppImage, with the fuses of build/fuses.ts flipped right before signing. Code signing
 * and the update server come from environment variables (README "Packaging and installing"), checked
 * here: a half-configured signing set is an error, never a silently unsigned build.
 *
 * `builderConfig(env)` is pure (the unit test runs it through electron-builder's own schema check);
 * build/electron-builder.config.ts applies it to the environment for `electron-builder --config …`.
 */
import type { Configuration } from 'electron-builder';
import { builderFuses } from './fuses';

export const APP_ID = 'cn.bank.sme-credit-workstation';
export const PRODUCT_NAME = '小微企业信贷工作台';
/** ASCII name for files and the Linux executable (the product name is shown everywhere else). */
export const EXECUTABLE_NAME = 'sme-credit-workstation';
/** Placeholder update server: a bank sets SME_UPDATE_URL to its own. `.example` never resolves. */
export const DEFAULT_UPDATE_URL = 'https://updates.bank.example/sme-credit-workstation/';

/** The signing and update variables, with what each is for (README lists the same). */
export const PACKAGING_VARIABLES = {
  SME_REQUIRE_SIGNING: 'set to 1 for a release: the build fails if anything would be left unsigned',
  SME_UPDATE_URL: 'https base URL of the bank-hosted update server (generic provider: latest.yml and installers)',
  CSC_LINK:
    'Windows/macOS: the code-signing certificate (.pfx/.p12 path, https URL or base64); electron-builder reads it',
  CSC_KEY_PASSWORD: 'the passphrase of CSC_LINK (electron-builder reads it)',
  CSC_NAME: 'macOS: the signing identity in the keychain instead of CSC_LINK',
  SME_WIN_CERT_SHA1: 'Windows: thumbprint of a certificate in the machine store (e.g. an HSM/EV token) for signtool',
  SME_WIN_CERT_SUBJECT: 'Windows: subject name of a certificate in the machine store for signtool',
  SME_WIN_TIMESTAMP_URL: 'Windows: RFC 3161 timestamp server for signtool (default: electron-builder’s)',
  SME_AZURE_SIGN_ENDPOINT:
    'Windows, Azure Trusted Signing: the account’s endpoint, e.g. https://eus.codesigning.azure.net',
  SME_AZURE_SIGN_ACCOUNT: 'Azure Trusted Signing: code signing account name',
  SME_AZURE_SIGN_PROFILE: 'Azure Trusted Signing: certificate profile name',
  SME_AZURE_SIGN_PUBLISHER: 'Azure Trusted Signing: publisher name (the certificate’s CN)',
  APPLE_API_KEY:
    'macOS notarisation with an App Store Connect API key (.p8 path), with APPLE_API_KEY_ID and APPLE_API_ISSUER',
  APPLE_ID: 'macOS notarisation with an Apple ID, with APPLE_APP_SPECIFIC_PASSWORD and APPLE_TEAM_ID',
} as const;

type Env = Readonly<Record<string, string | undefined>>;

export class PackagingConfigError extends Error {
  override readonly name = 'PackagingConfigError';
  constructor(readonly problems: string[]) {
    super(`The packaging configuration is wrong:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const set = (env: Env, k: string) => (env[k]?.trim() ?? '') !== '';

/** All of a group or none of it; a partial group is a problem naming what is missing. */
function group(env: Env, names: string[], what: string, problems: string[]): boolean {
  const given = names.filter((n) => set(env, n));
  if (given.length === 0) return false;
  if (given.length < names.length) {
    problems.push(`${what}: ${given.join(', ')} set but ${names.filter((n) => !given.includes(n)).join(', ')} missing`);
    return false;
  }
  return true;
}

function httpsUrl(env: Env, name: string, problems: string[]): string | undefined {
  const v = env[name]?.trim();
  if (!v) return undefined;
  try {
    const u = new URL(v);
    if (u.protocol !== 'https:') problems.push(`${name} must be an https:// URL (got ${v})`);
    else if (u.search || u.hash) problems.push(`${name} must have no query or fragment (got ${v})`);
    return v;
  } catch {
    problems.push(`${name} is not a URL (got ${v})`);
    return undefined;
  }
}

type WinConfig = NonNullable<Configuration['win']>;

function windowsSigning(env: Env, problems: string[]): Pick<WinConfig, 'signtoolOptions' | 'azureSignOptions'> {
  const azure = group(
    env,
    ['SME_AZURE_SIGN_ENDPOINT', 'SME_AZURE_SIGN_ACCOUNT', 'SME_AZURE_SIGN_PROFILE', 'SME_AZURE_SIGN_PUBLISHER'],
    'Azure Trusted Signing',
    problems,
  );
  const endpoint = httpsUrl(env, 'SME_AZURE_SIGN_ENDPOINT', problems);
  const store = set(env, 'SME_WIN_CERT_SHA1') || set(env, 'SME_WIN_CERT_SUBJECT');
  const pfx = set(env, 'CSC_LINK') || set(env, 'WIN_CSC_LINK');
  if (azure && (store || pfx)) {
    problems.push(
      'Windows signing: choose one of Azure Trusted Signing (SME_AZURE_SIGN_*) or signtool (CSC_LINK / SME_WIN_CERT_*)',
    );
  }
  if (set(env, 'SME_WIN_CERT_SHA1') && set(env, 'SME_WIN_CERT_SUBJECT')) {
    problems.push('Windows signing: set SME_WIN_CERT_SHA1 or SME_WIN_CERT_SUBJECT, not both');
  }
  const timestamp = httpsOrHttpTimestamp(env, problems);
  if (azure && endpoint) {
    return {
      azureSignOptions: {
        endpoint,
        codeSigningAccountName: env.SME_AZURE_SIGN_ACCOUNT!.trim(),
        certificateProfileName: env.SME_AZURE_SIGN_PROFILE!.trim(),
        publisherName: env.SME_AZURE_SIGN_PUBLISHER!.trim(),
        ...(timestamp ? { timestampRfc3161: timestamp } : {}),
      },
    };
  }
  return {
    signtoolOptions: {
      signingHashAlgorithms: ['sha256'],
      ...(set(env, 'SME_WIN_CERT_SHA1') ? { certificateSha1: env.SME_WIN_CERT_SHA1!.trim() } : {}),
      ...(set(env, 'SME_WIN_CERT_SUBJECT') ? { certificateSubjectName: env.SME_WIN_CERT_SUBJECT!.trim() } : {}),
      ...(timestamp ? { rfc3161TimeStampServer: timestamp } : {}),
    },
  };
}

/** Timestamp servers commonly answer on plain http (the response is itself signed); a URL is required. */
function httpsOrHttpTimestamp(env: Env, problems: string[]): string | undefined {
  const v = env.SME_WIN_TIMESTAMP_URL?.trim();
  if (!v) return undefined;
  try {
    const u = new URL(v);
    if (u.protocol !== 'https:' && u.protocol !== 'http:')
      problems.push(`SME_WIN_TIMESTAMP_URL must be http(s) (got ${v})`);
    return v;
  } catch {
    problems.push(`SME_WIN_TIMESTAMP_URL is not a URL (got ${v})`);
    return undefined;
  }
}

/** Notarisation is on when one complete set of Apple credentials is given (electron-builder reads them). */
function macNotarize(env: Env, problems: string[]): boolean {
  const apiKey = group(
    env,
    ['APPLE_API_KEY', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER'],
    'macOS notarisation (API key)',
    problems,
  );
  const appleId = group(
    env,
    ['APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID'],
    'macOS notarisation (Apple ID)',
    problems,
  );
  if (apiKey && appleId) problems.push('macOS notarisation: give the API key set or the Apple ID set, not both');
  return apiKey || appleId;
}

/** The electron-builder configuration for this environment; throws PackagingConfigError listing every problem. */
export function builderConfig(env: Env = process.env): Configuration {
  const problems: string[] = [];
  const updateUrl = httpsUrl(env, 'SME_UPDATE_URL', problems) ?? DEFAULT_UPDATE_URL;
  const requireSigning = env.SME_REQUIRE_SIGNING?.trim();
  if (requireSigning && requireSigning !== '1' && requireSigning !== '0') {
    problems.push(`SME_REQUIRE_SIGNING must be 1 or 0 (got ${requireSigning})`);
  }
  const win = windowsSigning(env, problems);
  const notarize = macNotarize(env, problems);
  if (problems.length > 0) throw new PackagingConfigError(problems);

  return {
    appId: APP_ID,
    productName: PRODUCT_NAME,
    copyright: 'Copyright © 2026 SME Credit Workstation',
    directories: { output: 'release', buildResources: 'build' },
    // The bundles vite wrote (main, preload, renderer) and package.json; no sources, no source maps.
    files: ['out/**/*', '!out/**/*.map', 'package.json'],
    asar: true,
    electronFuses: builderFuses(),
    forceCodeSigning: requireSigning === '1',
    artifactName: `${EXECUTABLE_NAME}-\${version}-\${os}-\${arch}.\${ext}`,
    // Auto-update: the feed the packaged app reads (app-update.yml). The app checks it only when the
    // SME_AUTO_UPDATE switch is on (README); nothing is published from here (`--publish never`).
    publish: [{ provider: 'generic', url: updateUrl, channel: 'latest' }],
    win: {
      target: [{ target: 'nsis', arch: ['x64'] }],
      icon: 'build/icons/icon.ico',
      requestedExecutionLevel: 'asInvoker',
      verifyUpdateCodeSignature: true,
      ...win,
    },
    nsis: {
      // Per machine, for managed desks: installs under Program Files, needs admin rights once, and is
      // silent with /S for software distribution (SCCM, Intune).
      oneClick: false,
      perMachine: true,
      allowElevation: true,
      allowToChangeInstallationDirectory: true,
      createDesktopShortcut: true,
      createStartMenuShortcut: true,
      shortcutName: PRODUCT_NAME,
      uninstallDisplayName: PRODUCT_NAME,
      installerIcon: 'build/icons/icon.ico',
      uninstallerIcon: 'build/icons/icon.ico',
      installerLanguages: ['zh_CN', 'en_US'],
      language: '2052',
      unicode: true,
      // Users' data (drafts, settings, the session) stays when the app is removed or reinstalled.
      deleteAppDataOnUninstall: false,
      differentialPackage: true,
    },
    mac: {
      target: [{ target: 'dmg', arch: ['x64', 'arm64'] }],
      icon: 'build/icons/icon.icns',
      category: 'public.app-category.finance',
      hardenedRuntime: true,
      gatekeeperAssess: false,
      entitlements: 'build/entitlements.mac.plist',
      entitlementsInherit: 'build/entitlements.mac.plist',
      notarize,
    },
    dmg: {
      title: `${PRODUCT_NAME} \${version}`,
      contents: [
        { x: 130, y: 220 },
        { x: 410, y: 220, type: 'link', path: '/Applications' },
      ],
    },
    linux: {
      target: [{ target: 'AppImage', arch: ['x64'] }],
      icon: 'build/icons/png',
      executableName: EXECUTABLE_NAME,
      category: 'Office',
      synopsis: 'SME loan approval workstation',
      description: '小微企业信贷审批桌面工作台 — SME credit workstation for loan officers and approvers',
      desktop: { entry: { Name: PRODUCT_NAME, 'Name[en]': 'SME Credit Workstation', StartupWMClass: EXECUTABLE_NAME } },
    },
    appImage: { artifactName: `${EXECUTABLE_NAME}-\${version}-\${arch}.AppImage` },
  };
}
