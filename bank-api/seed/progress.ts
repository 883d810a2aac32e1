/**
 * Seeding progress: each stage reports how far it is, so that a first start on a slow machine can
 * be told apart from a stuck one (the launcher prints these and gives up only when they stop).
 *
 * On stdout the bank API writes, whatever LOG_LEVEL says:
 *   SEED_PLAN {"stages":[{"stage":"enterprises","total":2000},…]}     once, before seeding
 *   SEED_PROGRESS {"stage":"applications","done":1200,"total":5000}  as stages advance
 * Both are one line of JSON after a fixed word; `parseSeedLine` reads them back.
 */
export const SEED_STAGES = ['organisation', 'enterprises', 'loans', 'applications', 'summaries', 'analyze'] as const;
export type SeedStage = (typeof SEED_STAGES)[number];

export interface SeedProgress {
  stage: SeedStage;
  /** Units done in this stage (enterprises, loans, applications…); 0 ≤ done ≤ total. */
  done: number;
  total: number;
}

export type OnSeedProgress = (p: SeedProgress) => void;

export const noProgress: OnSeedProgress = () => {};

export interface SeedPlan {
  stages: { stage: SeedStage; total: number }[];
}

export const SEED_PROGRESS_WORD = 'SEED_PROGRESS';
export const SEED_PLAN_WORD = 'SEED_PLAN';

const isStage = (s: unknown): s is SeedStage => typeof s === 'string' && (SEED_STAGES as readonly string[]).includes(s);
const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0;

/** Reads a SEED_PROGRESS or SEED_PLAN line; null for any other line (or a malformed one). */
export function parseSeedLine(
  line: string,
): { kind: 'progress'; progress: SeedProgress } | { kind: 'plan'; plan: SeedPlan } | null {
  const m = /^(SEED_PROGRESS|SEED_PLAN) (\{.*\})\s*$/.exec(line);
  if (!m) return null;
  let v: unknown;
  try {
    v = JSON.parse(m[2]!);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  if (m[1] === SEED_PROGRESS_WORD) {
    if (!isStage(o.stage) || !isCount(o.done) || !isCount(o.total)) return null;
    return { kind: 'progress', progress: { stage: o.stage, done: o.done, total: o.total } };
  }
  if (!Array.isArray(o.stages)) return null;
  const stages: SeedPlan['stages'] = [];
  for (const s of o.stages as unknown[]) {
    const r = s as Record<string, unknown> | null;
    if (!r || !isStage(r.stage) || !isCount(r.total)) return null;
    stages.push({ stage: r.stage, total: r.total });
  }
  return { kind: 'plan', plan: { stages } };
}

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
