/**
 * The bank API's side of the first-start progress protocol (shared/api/seed-progress.ts): the
 * printer that writes SEED_PROGRESS lines, and — when a person watches — readable ones.
 */
import { type OnSeedProgress, SEED_PROGRESS_WORD, type SeedStage } from '../../shared/api/seed-progress';

export {
  noProgress,
  type OnSeedProgress,
  parseSeedLine,
  SEED_PLAN_WORD,
  SEED_PROGRESS_WORD,
  SEED_STAGES,
  type SeedPlan,
  type SeedProgress,
  type SeedStage,
} from '../../shared/api/seed-progress';

const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * The bank API's side: writes every stage change and at most one line a second per stage as
 * SEED_PROGRESS (machine-readable, always), and — when a person watches (`human`) — a readable line at
 * most every `humanEveryMs`, plus each stage's time when it ends.
 */
export function seedProgressPrinter(
  write: (line: string) => void,
  opts: { human?: boolean; humanEveryMs?: number; now?: () => number } = {},
): OnSeedProgress {
  const now = opts.now ?? (() => performance.now());
  const humanEvery = opts.humanEveryMs ?? 5_000;
  let stage: SeedStage | null = null;
  let stageStart = 0;
  let lastMachine = -Infinity;
  let lastHuman = -Infinity;
  let endSaid = false;
  return (p) => {
    const t = now();
    const changed = p.stage !== stage;
    if (changed) {
      stage = p.stage;
      stageStart = t;
      lastHuman = t;
      endSaid = false;
    }
    const finished = p.done >= p.total;
    if (changed || finished || t - lastMachine >= 1_000) {
      lastMachine = t;
      write(`${SEED_PROGRESS_WORD} ${JSON.stringify({ stage: p.stage, done: p.done, total: p.total })}`);
    }
    if (!opts.human) return;
    if (finished) {
      if (endSaid) return;
      endSaid = true;
      write(`[seed] ${p.stage}: ${fmt(p.total)} done in ${((t - stageStart) / 1000).toFixed(1)} s`);
    } else if (changed || t - lastHuman >= humanEvery) {
      lastHuman = t;
      write(`[seed] ${p.stage}: ${fmt(p.done)} / ${fmt(p.total)}`);
    }
  };
}
