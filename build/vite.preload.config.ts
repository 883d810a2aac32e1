import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The sandboxed preload must be a single CommonJS file: everything but `electron` is bundled in.
export default defineConfig({
  ssr: { noExternal: true },
  build: {
    ssr: fileURLToPath(new URL('../electron/preload.ts', import.meta.url)),
    outDir: fileURLToPath(new URL('../out/electron', import.meta.url)),
    emptyOutDir: false,
    target: 'node20',
    rollupOptions: { external: ['electron'], output: { format: 'cjs', entryFileNames: 'preload.cjs' } },
  },
});
