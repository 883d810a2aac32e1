import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Electron main process: one CommonJS file; Node built-ins, electron, electron-store and electron-updater
// (loaded only when auto-update is on) stay external, the other dependencies are bundled.
export default defineConfig({
  build: {
    ssr: fileURLToPath(new URL('../electron/main.ts', import.meta.url)),
    outDir: fileURLToPath(new URL('../out/electron', import.meta.url)),
    emptyOutDir: false,
    target: 'node20',
    sourcemap: true,
    rollupOptions: {
      external: [
        'electron',
        'electron-store',
        'electron-updater',
        ...builtinModules,
        ...builtinModules.map((m) => `node:${m}`),
      ],
      output: { format: 'cjs', entryFileNames: 'main.cjs' },
    },
  },
});
