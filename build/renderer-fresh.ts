/**
 * `npm run web` step one: builds the renderer only when its inputs changed since the last build.
 * The inputs — renderer/, shared/ (test files aside), the renderer's Vite config, the tsconfigs,
 * package.json and package-lock.json — are hashed (paths and contents, SHA-256) into a stamp in
 * out/renderer; a matching stamp beside a built index.html skips the build, and the line says which.
 * `--check` prints whether a build is needed and exits 0 (fresh) or 1 (stale), building nothing.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const RENDERER_OUT = join(ROOT, 'out', 'renderer');
export const STAMP_FILE = join(RENDERER_OUT, '.inputs.sha256');

const INPUT_DIRS = ['renderer', 'shared'];
const INPUT_FILES = [
  'build/vite.renderer.config.ts',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.base.json',
  'tsconfig.web.json',
];

function* walk(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules') yield* walk(p);
    } else if (e.isFile() && !/\.test\.tsx?$/.test(e.name)) yield p;
  }
}

/** SHA-256 over every input file's path and content, in a fixed order. */
export function rendererInputsHash(root = ROOT): string {
  const files: string[] = [];
  for (const d of INPUT_DIRS) if (existsSync(join(root, d))) files.push(...walk(join(root, d)));
  for (const f of INPUT_FILES) if (existsSync(join(root, f))) files.push(join(root, f));
  const h = createHash('sha256');
  for (const f of files.map((f) => relative(root, f).split(sep).join('/')).sort()) {
    h.update(`${f}\0`);
    h.update(readFileSync(join(root, f)));
    h.update('\0');
  }
  return h.digest('hex');
}

export function rendererIsFresh(hash = rendererInputsHash()): boolean {
  return (
    existsSync(join(RENDERER_OUT, 'index.html')) &&
    existsSync(STAMP_FILE) &&
    readFileSync(STAMP_FILE, 'utf8').trim() === hash
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const t0 = Date.now();
  const hash = rendererInputsHash();
  const check = process.argv.includes('--check');
  if (rendererIsFresh(hash)) {
    console.log(`Renderer up to date (its sources are unchanged since the last build): not rebuilding out/renderer.`);
  } else if (check) {
    console.log('Renderer out of date: its sources changed since the last build (or it was never built).');
    process.exitCode = 1;
  } else {
    console.log(
      existsSync(STAMP_FILE)
        ? 'Renderer sources changed since the last build: rebuilding out/renderer…'
        : 'Building the renderer (no earlier build recorded)…',
    );
    execFileSync(
      process.execPath,
      [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '-c', 'build/vite.renderer.config.ts'],
      {
        cwd: ROOT,
        stdio: 'inherit',
      },
    );
    // Written only after a successful build, so that a failed or interrupted one is redone next time.
    writeFileSync(STAMP_FILE, `${hash}\n`);
    console.log(`Renderer built in ${((Date.now() - t0) / 1000).toFixed(0)} s.`);
  }
}
