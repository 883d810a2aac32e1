/**
 * First start and restart of the bank API (`npm run api`, the program `npm run web` and `npm start`
 * launch): time until it listens on an empty data folder — seeding the small sandbox, stage by stage
 * from its SEED_PROGRESS lines — and again on the folder it seeded. Reference: the same program on an
 * empty folder with SEED_SIZE=none (process start, database creation, migrations), in the same run.
 * SPEC §6: a first start under 3 minutes on 2 cores, a restart in seconds.
 * `npm run web` adds the renderer build when its sources changed (see build/renderer-fresh.ts).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseSeedLine, type SeedStage } from '../shared/api/seed-progress';
import type { BenchFigure, BenchModule } from './run';

interface Start {
  listenMs: number;
  /** Each seeding stage, from its first progress line to the next stage's (or to listening). */
  stages: { stage: SeedStage; ms: number }[];
}

function start(dataDir: string, env: Record<string, string>): Promise<Start> {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'bank-api/main.ts'], {
    env: { ...process.env, PORT: '0', DATA_DIR: dataDir, DATABASE_URL: '', SEED_COUNTS: '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const marks: { stage: SeedStage; at: number }[] = [];
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the bank API exited (${code}) before listening`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const p = parseSeedLine(line);
      if (p?.kind === 'progress' && marks.at(-1)?.stage !== p.progress.stage)
        marks.push({ stage: p.progress.stage, at: performance.now() });
      if (!line.startsWith('BANK_API_URL=')) return;
      const listen = performance.now();
      child.removeAllListeners('exit');
      child.once('exit', () =>
        resolve({
          listenMs: listen - t0,
          stages: marks.map((m, i) => ({ stage: m.stage, ms: (marks[i + 1]?.at ?? listen) - m.at })),
        }),
      );
      child.kill('SIGTERM');
    });
  });
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const bench: BenchModule = {
  title: 'First start (empty data folder, small sandbox) and restart of the bank API',
  async run() {
    const dirs = [mkdtempSync(join(tmpdir(), 'ws-bench-first-')), mkdtempSync(join(tmpdir(), 'ws-bench-none-'))];
    try {
      const reference = await start(dirs[1]!, { SEED_SIZE: 'none' });
      const first = await start(dirs[0]!, { SEED_SIZE: 'small' });
      const restart = await start(dirs[0]!, { SEED_SIZE: 'small' });
      const figures: BenchFigure[] = [
        {
          name: 'first start to listening',
          value: s(first.listenMs),
          reference: `empty folder without sandbox ${s(reference.listenMs)}`,
          ratio: `${(first.listenMs / reference.listenMs).toFixed(1)}×`,
          target: '< 180 s on 2 cores (SPEC §6)',
        },
        {
          name: 'first start by stage',
          value: first.stages.map((x) => `${x.stage} ${s(x.ms)}`).join(', '),
        },
        {
          name: 'restart on the seeded folder',
          value: s(restart.listenMs),
          reference: `empty folder without sandbox ${s(reference.listenMs)}`,
          ratio: `${(restart.listenMs / reference.listenMs).toFixed(1)}×`,
          target: 'seconds (SPEC §6)',
        },
      ];
      if (restart.stages.length > 0)
        throw new Error('the restart seeded again: the first seed was not recorded complete');
      return figures;
    } finally {
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    }
  },
};
export default bench;
