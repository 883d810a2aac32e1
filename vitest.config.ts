import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // React 17+ JSX, as tsconfig.base.json and the renderer's build: component tests render .tsx without importing React.
  esbuild: { jsx: 'automatic' },
  test: {
    include: [
      'shared/**/*.test.ts',
      'node-shared/**/*.test.ts',
      'bank-api/**/*.test.ts',
      'electron/**/*.test.ts',
      'renderer/**/*.test.{ts,tsx}',
      'test/integration/**/*.test.ts',
      'build/**/*.test.ts',
    ],
    // Hang guards, not performance limits: on a 2-core machine busy with other work the seeding and
    // contract tests have taken over a minute (CI on 2026-11-30: 2,807 s for the unit stage under load).
    testTimeout: 120_000,
    hookTimeout: 240_000,
    pool: 'forks',
    // Two files at a time even on two cores (vitest's default is cores − 1: one): the files wait on
    // PostgreSQL, the disk and child processes as much as on the CPU. Measured 2026-11-30 on the 2-core
    // machine, the whole suite on both engines: one at a time 982 s (in CI), two at a time 609 s.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
