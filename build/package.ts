/**
 * `npm run package [-- --win|--mac|--linux] [-- --offline]`: builds the installers with electron-builder.
 *
 * 1. Checks the packaging configuration (build/electron-builder.config.ts, signing and update variables)
 *    with electron-builder's own schema validation. Any problem fails (exit 1).
 * 2. Builds the app's bundles (`npm run build`: main, preload, renderer) and checks the main bundle
 *    against the fuses (file:// gets no extra privileges, so main must not load the renderer from it).
 * 3. Packages — when the Electron binary for the target is at hand (node_modules/electron/dist for this
 *    platform, a zip in the Electron cache) or can be downloaded (the download host answers). Otherwise
 *    it says "skipped: …", prints the command it would run, and exits 0: the only thing missing is
 *    Electron itself. After packaging, the fuses in the packaged binary are read back and checked.
 */
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getCurrentFuseWire } from '@electron/fuses';
import { validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import type { Configuration } from 'electron-builder';
import { builderConfig, EXECUTABLE_NAME, PackagingConfigError, PRODUCT_NAME } from './builder-config';
import { electronDist } from './electron-binary';
import { fuseWireDifferences } from './fuses';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export type TargetPlatform = 'win' | 'mac' | 'linux';
const ELECTRON_PLATFORM: Record<TargetPlatform, string> = { win: 'win32', mac: 'darwin', linux: 'linux' };

export function hostPlatform(platform: string = process.platform): TargetPlatform {
  return platform === 'win32' ? 'win' : platform === 'darwin' ? 'mac' : 'linux';
}

/** The platforms asked for on the command line (default: this one). */
export function targetsFromArgs(args: string[], platform: string = process.platform): TargetPlatform[] {
  const asked = (['win', 'mac', 'linux'] as const).filter((p) => args.includes(`--${p}`));
  return asked.length > 0 ? [...asked] : [hostPlatform(platform)];
}

/** The command electron-builder runs for these targets (printed when skipped, so it can be run elsewhere). */
export function builderCommand(targets: TargetPlatform[]): string {
  return `npx electron-builder --config build/electron-builder.config.ts ${targets.map((t) => `--${t}`).join(' ')} --publish never`;
}

/** Problems of the configuration: our own checks, then electron-builder's schema. */
export async function checkConfig(env: NodeJS.ProcessEnv = process.env): Promise<Configuration> {
  const config = builderConfig(env);
  await validateConfiguration(config, new DebugLogger(false));
  for (const icon of ['build/icons/icon.ico', 'build/icons/icon.icns', 'build/icons/png/512x512.png']) {
    if (!existsSync(join(root, icon))) throw new PackagingConfigError([`${icon} is missing (npm run icons)`]);
  }
  return config;
}

/**
 * The built main bundle may not load the renderer from file://: the GrantFileProtocolExtraPrivileges
 * fuse is off, so a file:// page would lose module scripts and fetch (build/fuses.ts).
 */
export function mainBundleProblems(mainBundle: string): string[] {
  const problems: string[] = [];
  if (/\.loadFile\(|pathToFileURL\([^)]*\)\.href[\s\S]{0,200}\.loadURL\(/.test(mainBundle)) {
    problems.push(
      'main loads the renderer from file://, but the packaged app has the GrantFileProtocolExtraPrivileges fuse off ' +
        '(build/fuses.ts): serve the renderer from the app:// protocol first (issue 19 item 3)',
    );
  }
  return problems;
}

function electronVersion(): string {
  return (JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string })
    .version;
}

/** Where @electron/get keeps downloaded zips. */
function electronCacheDir(): string {
  if (process.env.ELECTRON_CACHE) return process.env.ELECTRON_CACHE;
  if (process.platform === 'darwin') return join(homedir(), 'Library/Caches/electron');
  if (process.platform === 'win32') return join(process.env.LOCALAPPDATA ?? homedir(), 'electron/Cache');
  return join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'electron');
}

function findFile(dir: string, name: string, depth = 3): string | null {
  if (depth < 0 || !existsSync(dir)) return null;
  for (const entry of readdirSync(dir)) {
    const p = join(dir, entry);
    if (entry === name) return p;
    if (statSync(p).isDirectory()) {
      const hit = findFile(p, name, depth - 1);
      if (hit) return hit;
    }
  }
  return null;
}

async function downloadHostAnswers(version: string): Promise<boolean> {
  const mirror = process.env.ELECTRON_MIRROR ?? 'https://github.com/electron/electron/releases/download/';
  const url = `${mirror.replace(/\/?$/, '/')}v${version}/SHASUMS256.txt`;
  try {
    const r = await fetch(url, { method: 'HEAD', redirect: 'follow', signal: AbortSignal.timeout(5000) });
    return r.ok;
  } catch {
    return false;
  }
}

/** Why Electron for `target` cannot be had here, or null when it can (with the local dist to use, if any). */
export async function electronAvailability(
  target: TargetPlatform,
  offline: boolean,
): Promise<{ missing: string } | { dist: string | null }> {
  const version = electronVersion();
  if (target === hostPlatform()) {
    const dist = electronDist();
    if (dist) return { dist };
  }
  const zip = `electron-v${version}-${ELECTRON_PLATFORM[target]}-x64.zip`;
  if (findFile(electronCacheDir(), zip)) return { dist: null };
  if (!offline && (await downloadHostAnswers(version))) return { dist: null };
  return {
    missing:
      `Electron ${version} for ${ELECTRON_PLATFORM[target]} is not installed (node_modules/electron/dist), ${zip} is not in ` +
      `the Electron cache (${electronCacheDir()}), and ${offline ? '--offline was given' : 'the download host does not answer'}`,
  };
}

/** The packaged executable whose fuses are checked after a build. */
function packagedBinary(target: TargetPlatform): string {
  const out = join(root, 'release');
  if (target === 'linux') return join(out, 'linux-unpacked', EXECUTABLE_NAME);
  if (target === 'win') return join(out, 'win-unpacked', `${PRODUCT_NAME}.exe`);
  return join(out, 'mac', `${PRODUCT_NAME}.app`);
}

async function main(args: string[]): Promise<number> {
  const offline = args.includes('--offline');
  const targets = targetsFromArgs(args);
  let config: Configuration;
  try {
    config = await checkConfig();
  } catch (e) {
    console.error((e as Error).message);
    return 1;
  }
  console.log('packaging configuration: valid (electron-builder schema, signing and update variables, icons)');

  execSync('npm run build', { cwd: root, stdio: 'inherit' });
  const problems = mainBundleProblems(readFileSync(join(root, 'out/electron/main.cjs'), 'utf8'));
  if (problems.length > 0) {
    console.error(new PackagingConfigError(problems).message);
    return 1;
  }

  const { build, Platform } = await import('electron-builder');
  for (const target of targets) {
    const at = await electronAvailability(target, offline);
    if ('missing' in at) {
      console.log(
        [
          `skipped: packaging for ${target} — ${at.missing}.`,
          'Everything else was checked and built (configuration, icons, out/ bundles). On a machine with the Electron',
          'download (or its zip in the Electron cache), this step runs:',
          `  ${builderCommand([target])}`,
        ].join('\n'),
      );
      continue;
    }
    const platform = { win: Platform.WINDOWS, mac: Platform.MAC, linux: Platform.LINUX }[target];
    await build({
      targets: platform.createTarget(),
      config: { ...config, ...(at.dist ? { electronDist: at.dist } : {}) },
      publish: 'never',
    });
    const differences = fuseWireDifferences(await getCurrentFuseWire(packagedBinary(target)));
    if (differences.length > 0) {
      console.error(`The packaged ${target} binary's fuses are not as configured:\n  ${differences.join('\n  ')}`);
      return 1;
    }
    console.log(`packaged for ${target}; fuses checked in ${packagedBinary(target)}`);
  }
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      console.error(e instanceof Error ? (e.stack ?? e.message) : e);
      process.exit(1);
    },
  );
}
