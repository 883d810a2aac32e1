import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Manifest } from 'vite';
import { chunkKey } from '../build/manifest';
import type { BenchFigure, BenchModule } from './run';

/**
 * Renderer bundle sizes (issue 11 part 5), read from the Vite manifest of a fresh build of the
 * renderer (into a temporary folder, so out/renderer is left alone): what the login screen loads (the
 * entry and its static imports), what signing in adds (the frame), and what each area's first visit
 * adds beyond those — its own chunk and every chunk it imports that is not loaded yet (recharts counts
 * in each area that draws charts, since any of them may be the first). Each against the whole bundle:
 * every script chunk, the pdf.js worker aside (it is a separate file, started only for a PDF).
 */
const AREAS: [name: string, src: string][] = [
  ['home', 'features/home/HomeView.tsx'],
  ['queue + case', 'app/QueueArea.tsx'],
  ['compare', 'features/compare/CompareView.tsx'],
  ['contracts', 'features/contracts/ContractsView.tsx'],
  ['dashboards', 'features/dashboards/DashboardsView.tsx'],
];
const FRAME = 'app/AppFrame.tsx';

interface Size {
  files: string[];
  raw: number;
  gzip: number;
}

const kB = (n: number) =>
  `${(n / 1000).toLocaleString('en', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} kB`;
const pct = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1)} %`;

const bench: BenchModule = {
  title: 'Renderer bundle sizes (Vite manifest of a fresh build; raw, gzip)',
  async run() {
    const outDir = mkdtempSync(join(tmpdir(), 'ws-bench-bundles-'));
    try {
      await build({
        configFile: 'build/vite.renderer.config.ts',
        logLevel: 'error',
        build: { outDir, emptyOutDir: true, sourcemap: false },
      });
      const manifest = JSON.parse(readFileSync(join(outDir, '.vite', 'manifest.json'), 'utf8')) as Manifest;
      const sizeOf = new Map<string, { raw: number; gzip: number }>();
      const measure = (files: Iterable<string>): Size => {
        const list = [...files];
        let raw = 0;
        let gzip = 0;
        for (const f of list) {
          let s = sizeOf.get(f);
          if (!s) {
            const buf = readFileSync(join(outDir, f));
            s = { raw: buf.length, gzip: gzipSync(buf).length };
            sizeOf.set(f, s);
          }
          raw += s.raw;
          gzip += s.gzip;
        }
        return { files: list, raw, gzip };
      };
      /** A chunk's file and every file its static imports reach (what loading it fetches). */
      const closure = (key: string, into = new Set<string>()): Set<string> => {
        const c = manifest[chunkKey(manifest, key)]!;
        if (into.has(c.file)) return into;
        into.add(c.file);
        for (const i of c.imports ?? []) closure(i, into);
        return into;
      };
      const entryKey = Object.keys(manifest).find((k) => manifest[k]!.isEntry);
      if (!entryKey) throw new Error('no entry in the manifest');
      const jsFiles = Object.values(manifest)
        .map((c) => c.file)
        .filter((f) => f.endsWith('.js'));
      const whole = measure(new Set(jsFiles));
      const worker = readdirSync(join(outDir, 'assets')).filter((f) => /^pdf\.worker.*\.js$/.test(f));
      const workerSize = measure(worker.map((f) => `assets/${f}`));

      const login = closure(entryKey);
      const frame = new Set([...closure(FRAME)].filter((f) => !login.has(f)));
      const signedIn = new Set([...login, ...frame]);
      const names = (files: Iterable<string>) =>
        [...files].map((f) => Object.values(manifest).find((c) => c.file === f)?.name ?? f).join(', ');
      const figure = (name: string, s: Size, target?: string): BenchFigure => ({
        name: `${name} (${s.files.length} ${s.files.length === 1 ? 'file' : 'files'}: ${names(s.files)})`,
        value: `${kB(s.raw)}, gzip ${kB(s.gzip)}`,
        reference: `whole bundle ${kB(whole.raw)}, gzip ${kB(whole.gzip)}`,
        ratio: `${pct(s.raw, whole.raw)} (gzip ${pct(s.gzip, whole.gzip)})`,
        ...(target ? { target } : {}),
      });

      const loginSize = measure(login);
      const loads = (chunk: string) =>
        [...login].some((f) => Object.values(manifest).find((c) => c.file === f)?.name === chunk);
      const out: BenchFigure[] = [
        figure(
          'login screen',
          loginSize,
          `no recharts, no pdf.js: ${loads('recharts') || loads('pdfjs-dist') ? 'FAILED' : 'met'}`,
        ),
        figure('signed-in frame, added at sign-in', measure(frame)),
      ];
      for (const [area, src] of AREAS) {
        out.push(
          figure(`area ${area}, added on first visit`, measure([...closure(src)].filter((f) => !signedIn.has(f)))),
        );
      }
      const pdfjs = Object.keys(manifest).find((k) => manifest[k]!.name === 'pdfjs-dist');
      if (pdfjs) out.push(figure('pdf.js, added on the first PDF preview or PNG export', measure(closure(pdfjs))));
      out.push({
        name: 'pdf.js worker (a separate file, started with pdf.js)',
        value: `${kB(workerSize.raw)}, gzip ${kB(workerSize.gzip)}`,
      });
      return out;
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  },
};
export default bench;
