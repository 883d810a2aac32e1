/**
 * Where the Electron binary is, without requiring the `electron` package: since Electron 42 its
 * `index.js` downloads the binary when it is missing, which on a closed network means a failed download
 * (and a network attempt) just to find out. This reads what the package's own install step writes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The electron package's folder (node_modules/electron), or null when it is not installed. */
export function electronPackageDir(): string | null {
  try {
    return dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return null;
  }
}

/** Path of the Electron executable, or null when it has not been downloaded (as on a closed network). */
export function electronBinary(env: NodeJS.ProcessEnv = process.env): string | null {
  const dir = electronPackageDir();
  if (!dir) return null;
  const pathFile = join(dir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const dist = env.ELECTRON_OVERRIDE_DIST_PATH || join(dir, 'dist');
  if (!relative && !env.ELECTRON_OVERRIDE_DIST_PATH) return null;
  const binary = join(dist, relative || 'electron');
  return existsSync(binary) ? binary : null;
}

/** The folder holding the Electron binary and its resources (electron-builder's `electronDist`), or null. */
export function electronDist(env: NodeJS.ProcessEnv = process.env): string | null {
  if (!electronBinary(env)) return null;
  return env.ELECTRON_OVERRIDE_DIST_PATH || join(electronPackageDir()!, 'dist');
}
