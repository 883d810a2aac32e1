/**
 * The first-start progress protocol between the bank API and whoever starts it (the desktop
 * launcher, `npm run web`, tests, the bench): each seeding stage reports how far it is, so that a
 * first start on a slow machine can be told apart from a stuck one.
 *
 * On stdout the bank API writes, whatever LOG_LEVEL says:
 *   SEED_PLAN {"stages":[{"stage":"enterprises","total":2000},…]}     once, before seeding
 *   SEED_PROGRESS {"stage":"applications","done":1200,"total":5000}  as stages advance
 * Both are one line of JSON after a fixed word; `parseSeedLine` reads them back.
 */
import { z } from 'zod';

export const SEED_STAGES = ['organisation', 'enterprises', 'loans', 'applications', 'summaries', 'analyze'] as const;
export const SeedStageSchema = z.enum(SEED_STAGES);
export type SeedStage = z.infer<typeof SeedStageSchema>;

const Count = z.number().int().nonnegative();

export const SeedProgressSchema = z.object({
  stage: SeedStageSchema,
  /** Units done in this stage (enterprises, loans, applications…); 0 ≤ done ≤ total. */
  done: Count,
  total: Count,
});
export type SeedProgress = z.infer<typeof SeedProgressSchema>;

export const SeedPlanSchema = z.object({
  stages: z.array(z.object({ stage: SeedStageSchema, total: Count })),
});
export type SeedPlan = z.infer<typeof SeedPlanSchema>;

export type OnSeedProgress = (p: SeedProgress) => void;
export const noProgress: OnSeedProgress = () => {};

export const SEED_PROGRESS_WORD = 'SEED_PROGRESS';
export const SEED_PLAN_WORD = 'SEED_PLAN';

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
  if (m[1] === SEED_PROGRESS_WORD) {
    const p = SeedProgressSchema.safeParse(v);
    return p.success ? { kind: 'progress', progress: p.data } : null;
  }
  const p = SeedPlanSchema.safeParse(v);
  return p.success ? { kind: 'plan', plan: p.data } : null;
}
