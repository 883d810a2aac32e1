/**
 * `npm run bench`: runs every bench module in this folder and prints each figure beside its
 * reference, measured in the same run. Figures are ratios or latencies with the SPEC §6 target beside
 * them; nothing here asserts a time. `BENCH=name1,name2` runs only those modules.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface BenchFigure {
  name: string;
  value: string;
  reference?: string;
  ratio?: string;
  target?: string;
}

export interface BenchModule {
  title: string;
  run(): Promise<BenchFigure[]>;
}

const here = dirname(fileURLToPath(import.meta.url));
const only = process.env.BENCH?.split(',').map((s) => s.trim());
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => !only || only.includes(f.replace('.bench.ts', '')))
  .sort();

for (const file of files) {
  const mod = (await import(pathToFileURL(join(here, file)).href)) as { default: BenchModule };
  console.log(`\n== ${mod.default.title} (${file})`);
  const figures = await mod.default.run();
  for (const f of figures) {
    const parts = [`  ${f.name}: ${f.value}`];
    if (f.reference) parts.push(`reference ${f.reference}`);
    if (f.ratio) parts.push(`ratio ${f.ratio}`);
    if (f.target) parts.push(`target ${f.target}`);
    console.log(parts.join(' | '));
  }
}
