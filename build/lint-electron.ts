/**
 * `npm run lint:electron` (part of `npm test`): Electronegativity (@doyensec/electronegativity) over
 * electron/, with the Electron version this project installs. Fails on any finding of HIGH severity,
 * on any file it could not parse (a file it cannot read is a file it did not check), and on any inline
 * `eng-disable` comment: findings are fixed by writing code the scanner can read, never suppressed.
 * MEDIUM and LOW findings are listed for review. Every check runs; the one that asks GitHub for newer
 * Electron releases says "No connectivity?" offline and finds nothing, the rest need no network.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const ROOT = resolve(import.meta.dirname, '..');
/** electron/ by default; another folder as the first argument (e.g. to see it fail on a known-bad sample). */
const INPUT = resolve(process.argv[2] ?? join(ROOT, 'electron'));

interface Issue {
  id: string;
  file: string;
  location: { line: number; column: number };
  sample?: string;
  severity: { name?: string; value?: number } | string;
  confidence: { name?: string } | string;
  description: string;
}
interface RunResult {
  issues: Issue[];
  errors: { file: string; message: string; tolerable: boolean }[];
  atomicChecks: number;
  globalChecks: number;
}
type Run = (options: Record<string, unknown>, forCli?: boolean) => Promise<RunResult>;

/** The Electron version in use: the installed package's, else package.json's range minimum. */
function electronVersion(): string {
  try {
    return (require('electron/package.json') as { version: string }).version;
  } catch {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      devDependencies?: Record<string, string>;
    };
    const spec = pkg.devDependencies?.electron ?? '';
    const m = /(\d+\.\d+\.\d+)/.exec(spec);
    if (!m) throw new Error('No Electron version: neither installed nor in package.json devDependencies.');
    return m[1]!;
  }
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sourceFiles(p) : /\.(ts|tsx|js|cjs|mjs|html)$/.test(name) ? [p] : [];
  });
}

const nameOf = (v: { name?: string } | string) => (typeof v === 'string' ? v : (v.name ?? '?'));

async function main() {
  const version = electronVersion();
  const suppressed = sourceFiles(INPUT).filter((f) => readFileSync(f, 'utf8').includes('eng-disable'));
  const run = require('@doyensec/electronegativity') as Run;
  const r = await run(
    {
      input: INPUT,
      output: undefined,
      isSarif: false,
      customScan: [],
      excludeFromScan: [],
      severitySet: undefined,
      confidenceSet: undefined,
      isRelative: true,
      isVerbose: false,
      electronUpgrade: undefined,
      electronVersionOverride: version,
      parserPlugins: [],
    },
    false,
  );
  const high = r.issues.filter((i) => nameOf(i.severity).toUpperCase() === 'HIGH');
  const unparsed = r.errors.filter((e) => !e.tolerable);
  const where = (i: Issue) => `${relative(ROOT, resolve(INPUT, i.file))}:${i.location.line}:${i.location.column}`;
  console.log(
    `Electronegativity on ${relative(ROOT, INPUT) || '.'}/ (Electron ${version}): ${r.atomicChecks} atomic + ${r.globalChecks} global checks, ${sourceFiles(INPUT).length} files`,
  );
  for (const i of r.issues) {
    console.log(
      `  ${nameOf(i.severity).padEnd(6)} ${nameOf(i.confidence).padEnd(9)} ${i.id}  ${where(i)}  ${i.description}`,
    );
  }
  for (const e of r.errors) console.log(`  ${e.tolerable ? 'warning' : 'UNPARSED'} ${e.file}: ${e.message}`);
  for (const f of suppressed) console.log(`  SUPPRESSED ${relative(ROOT, f)}: an eng-disable comment`);
  if (high.length > 0 || unparsed.length > 0 || suppressed.length > 0) {
    console.error(
      `lint:electron failed: ${high.length} HIGH finding(s), ${unparsed.length} file(s) not parsed, ${suppressed.length} suppression(s).`,
    );
    process.exit(1);
  }
  console.log(`lint:electron passed: no HIGH findings (${r.issues.length} MEDIUM/LOW listed above for review).`);
}

await main();
