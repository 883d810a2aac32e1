/**
 * Seeding progress: each stage reports how far it is, so that a first start on a slow machine can
 * be told apart from a stuck one (the launcher prints these and gives up only when they stop).
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
