import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('../renderer', import.meta.url));

/**
 * Libraries that get a chunk of their own, named so that the manifest says where they are (the e2e
 * bundle test and `BENCH=bundles` read it). Rollup adds to a named chunk every dependency of it that no
 * other named chunk claims, so what the login screen also uses (React, use-sync-external-store for
 * react-i18next, the CommonJS helpers) is claimed by 'react' first: otherwise it would land in the
 * recharts chunk and the login screen would load recharts.
 */
const VENDOR_CHUNKS: [name: string, match: RegExp][] = [
  ['react', /[\\/]node_modules[\\/](react|react-dom|scheduler|use-sync-external-store)[\\/]|^\0commonjsHelpers/],
  ['pdfjs-dist', /[\\/]node_modules[\\/]pdfjs-dist[\\/]/],
  ['recharts', /[\\/]node_modules[\\/](recharts|victory-vendor|d3-[a-z-]+|internmap|decimal\.js-light)[\\/]/],
];

/** Chunks the entry (the login screen) must never load, statically or through a modulepreload. */
export const AREA_ONLY_CHUNKS = ['recharts', 'pdfjs-dist'];

/** Fails the build when the entry's static imports reach a chunk only areas may load. */
function loginBundleGuard(): Plugin {
  return {
    name: 'login-bundle-guard',
    generateBundle(_options, bundle) {
      const chunks = new Map(Object.values(bundle).flatMap((c) => (c.type === 'chunk' ? [[c.fileName, c]] : [])));
      for (const entry of [...chunks.values()].filter((c) => c.isEntry)) {
        const seen = new Set<string>();
        const walk = (file: string, path: string[]) => {
          if (seen.has(file)) return;
          seen.add(file);
          const c = chunks.get(file);
          if (!c) return;
          if (AREA_ONLY_CHUNKS.includes(c.name))
            this.error(`The login screen's bundle loads the ${c.name} chunk: ${[...path, file].join(' → ')}`);
          for (const i of c.imports) walk(i, [...path, file]);
        };
        walk(entry.fileName, []);
      }
    },
  };
}

// The renderer: a static bundle loaded from file:// by Electron and served by the browser-mode host.
// Code-split: the entry holds the login screen; the signed-in frame, each area and pdf.js are chunks
// loaded on first use (renderer/app/lazy.tsx). `.vite/manifest.json` maps sources to chunk files.
export default defineConfig({
  root,
  base: './',
  plugins: [react(), loginBundleGuard()],
  build: {
    outDir: fileURLToPath(new URL('../out/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    manifest: true,
    rollupOptions: {
      output: {
        manualChunks(id) {
          return VENDOR_CHUNKS.find(([, re]) => re.test(id))?.[0];
        },
      },
    },
  },
});
