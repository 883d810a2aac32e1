/**
 * First-start seeding of the sandbox bank: organisation and demo users, the product catalogue, and —
 * unless SEED_SIZE=none — sandbox enterprises and loans from the deterministic generator, plus
 * applications submitted through the real workflow.
 *
 * A sandbox seed is bracketed by a marker in `meta` (key `sandbox_seed`): `started` is written before
 * the first enterprise, `complete` only after the applications, the loan summaries and VACUUM ANALYZE.
 * A start that finds `started` knows the previous seed was interrupted (`readSeedState`); it never
 * takes a partial sandbox for a finished one (server.ts discards and redoes it).
 */
import { beijingDate } from '../../shared/calendar';
import type { Database } from '../db/database';
import type { ProfileProvider } from '../workflow/create';
import { seedApplications } from './applications';
import { bulkImportApplications } from './bulk-applications';
import { seedOrganisation } from './organisation';
import { syncProducts } from './products';
import { noProgress, type OnSeedProgress, type SeedPlan, type SeedStage } from './progress';
import { SANDBOX_META_KEY, SANDBOX_SIZES, type SandboxCounts, seedSandbox } from './sandbox';

export type SeedSize = 'none' | 'small' | 'large';

const COUNT_KEYS = ['enterprises', 'loans', 'applications'] as const;

/**
 * SEED_COUNTS (tests only): overrides the size's counts, e.g. `enterprises=200,loans=1000,applications=600`,
 * so that a test can run a whole first start in seconds. Unset or empty: the size's own counts.
 */
export function seedCountsFromEnv(v: string | undefined): Partial<SandboxCounts> | undefined {
  if (v === undefined || v.trim() === '') return undefined;
  const out: Partial<SandboxCounts> = {};
  for (const part of v.split(',')) {
    const m = /^\s*([a-z]+)\s*=\s*(\d+)\s*$/.exec(part);
    const key = m?.[1] as (typeof COUNT_KEYS)[number] | undefined;
    if (!m || !key || !COUNT_KEYS.includes(key))
      throw new Error(
        `SEED_COUNTS must look like "enterprises=200,loans=1000,applications=600" (keys: ${COUNT_KEYS.join(', ')}); "${part.trim()}" is not one`,
      );
    const n = Number(m[2]);
    if (!Number.isSafeInteger(n) || n > 10_000_000)
      throw new Error(`SEED_COUNTS: ${key} must be a whole number up to 10,000,000, got "${m[2]}"`);
    out[key] = n;
  }
  if ((out.enterprises ?? 1) === 0 && ((out.loans ?? 0) > 0 || (out.applications ?? 0) > 0))
    throw new Error('SEED_COUNTS: loans and applications need enterprises (enterprises=0 with loans or applications)');
  return out;
}

/** The meta row bracketing a sandbox seed: `started` before the first row, `complete` after the last step. */
export const SEED_STATE_KEY = 'sandbox_seed';

interface SeedMarker {
  state: 'started' | 'complete';
  size: SeedSize;
  counts: SandboxCounts;
  startedAt: string;
  completedAt?: string;
  /** Set when a folder seeded before the marker existed was checked and found complete. */
  legacy?: boolean;
}

export type SeedState =
  | { kind: 'none' }
  | { kind: 'complete' }
  | { kind: 'interrupted'; stage: SeedStage; detail: string; startedAt: string | null };

export class InterruptedSeedError extends Error {
  constructor(readonly state: Extract<SeedState, { kind: 'interrupted' }>) {
    super(
      `the previous sandbox seed was interrupted at stage ${state.stage} (${state.detail}); it has to be redone from a clean database`,
    );
  }
}

const fmt = (n: number) => n.toLocaleString('en-US');

async function count(db: Database, table: string): Promise<number> {
  return (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;
}

/** Which stage an interrupted seed stopped in, read from what it left (stages commit in order). */
async function whereItStopped(db: Database, counts: SandboxCounts): Promise<{ stage: SeedStage; detail: string }> {
  const enterprises = await count(db, 'enterprises');
  if (enterprises < counts.enterprises)
    return { stage: 'enterprises', detail: `${fmt(enterprises)} of ${fmt(counts.enterprises)} enterprises` };
  const loans = await count(db, 'loans');
  if (loans < counts.loans) return { stage: 'loans', detail: `${fmt(loans)} of ${fmt(counts.loans)} loans` };
  const applications = await count(db, 'applications');
  if (applications < counts.applications)
    return {
      stage: 'applications',
      detail: `${fmt(applications)} of ${fmt(counts.applications)} applications`,
    };
  const data = await db.query('SELECT 1 FROM meta WHERE key = $1', [SANDBOX_META_KEY]);
  if (data.rows.length === 0) return { stage: 'summaries', detail: 'loan summaries not recorded' };
  return { stage: 'analyze', detail: 'VACUUM ANALYZE not finished' };
}

/**
 * What a start finds: no sandbox seed (`none`: a new database, or SEED_SIZE=none), a complete one, or
 * one that was interrupted — with the stage it stopped in. A folder seeded before the marker existed
 * (sandbox_data but no marker) counts as complete unless it holds fewer applications than it recorded
 * (the old order recorded the sandbox before the applications went in); it is then marked complete.
 */
export async function readSeedState(db: Database): Promise<SeedState> {
  const r = await db.query<{ key: string; value: string }>('SELECT key, value FROM meta WHERE key = ANY($1)', [
    [SEED_STATE_KEY, SANDBOX_META_KEY],
  ]);
  const row = (k: string) => r.rows.find((x) => x.key === k)?.value;
  const marker = row(SEED_STATE_KEY);
  if (marker !== undefined) {
    const m = JSON.parse(marker) as SeedMarker;
    if (m.state === 'complete') return { kind: 'complete' };
    return { kind: 'interrupted', ...(await whereItStopped(db, m.counts)), startedAt: m.startedAt ?? null };
  }
  const data = row(SANDBOX_META_KEY);
  if (data === undefined) return { kind: 'none' };
  const recorded = (JSON.parse(data) as { counts?: Partial<SandboxCounts>; size?: SeedSize }).counts ?? {};
  const applications = await count(db, 'applications');
  if (typeof recorded.applications === 'number' && applications < recorded.applications)
    return {
      kind: 'interrupted',
      stage: 'applications',
      detail: `${fmt(applications)} of ${fmt(recorded.applications)} applications, seeded by an earlier version`,
      startedAt: null,
    };
  const legacy: SeedMarker = {
    state: 'complete',
    size: 'small',
    counts: { ...SANDBOX_SIZES.small, ...recorded },
    startedAt: '',
    completedAt: new Date().toISOString(),
    legacy: true,
  };
  await writeMarker(db, legacy);
  return { kind: 'complete' };
}

async function writeMarker(db: Database, m: SeedMarker) {
  await db.query(
    'INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value',
    [SEED_STATE_KEY, JSON.stringify(m)],
  );
}

/** The stages a seed of this size will go through, with their totals (printed as SEED_PLAN). */
export function seedPlan(size: SeedSize, counts?: Partial<SandboxCounts>): SeedPlan {
  if (size === 'none') return { stages: [{ stage: 'organisation', total: 1 }] };
  const c = { ...SANDBOX_SIZES[size], ...counts };
  return {
    stages: [
      { stage: 'organisation', total: 1 },
      { stage: 'enterprises', total: c.enterprises },
      { stage: 'loans', total: c.loans },
      { stage: 'applications', total: c.applications },
      { stage: 'summaries', total: 1 },
      { stage: 'analyze', total: 1 },
    ],
  };
}

export interface SeedOptions {
  onProgress?: OnSeedProgress;
  /** Called once, before anything is written, when a sandbox seed is about to run. */
  onPlan?: (plan: SeedPlan) => void;
  /** Overrides the size's counts (SEED_COUNTS, tests). */
  counts?: Partial<SandboxCounts>;
}

/**
 * Seeds the organisation and products (always: they are kept in sync with the code) and, unless `size`
 * is `none` or a sandbox is already complete, the sandbox. Refuses (InterruptedSeedError) to build on a
 * seed that was interrupted: that takes a clean database, which the caller provides.
 */
export async function seedIfEmpty(
  db: Database,
  provider: ProfileProvider,
  size: SeedSize,
  seed: string,
  log: (m: string) => void = () => {},
  opts: SeedOptions = {},
): Promise<{ seeded: boolean }> {
  const onProgress = opts.onProgress ?? noProgress;
  const state = await readSeedState(db);
  if (state.kind === 'interrupted') throw new InterruptedSeedError(state);
  const seeding = size !== 'none' && state.kind === 'none';
  if (seeding) opts.onPlan?.(seedPlan(size, opts.counts));
  if (seeding) onProgress({ stage: 'organisation', done: 0, total: 1 });
  await db.tx(async (q) => {
    await seedOrganisation(q);
    await syncProducts(q);
  });
  if (!seeding) return { seeded: false };
  onProgress({ stage: 'organisation', done: 1, total: 1 });
  const counts = { ...SANDBOX_SIZES[size], ...opts.counts };
  const startedAt = new Date().toISOString();
  await writeMarker(db, { state: 'started', size, counts, startedAt });
  let applications = { created: 0, failed: 0 };
  const r = await seedSandbox(db, {
    size,
    seed,
    asOf: beijingDate(new Date()),
    counts,
    onProgress,
    assignApplications: async (requests, d) => {
      // `large` is the benchmark seed: 100,000 cases go in by bulk import (see bulk-applications.ts).
      if (size === 'large') {
        onProgress({ stage: 'applications', done: 0, total: requests.length });
        const created = await bulkImportApplications(d, provider, requests, beijingDate(new Date()));
        onProgress({ stage: 'applications', done: requests.length, total: requests.length });
        applications = { created, failed: 0 };
      } else {
        onProgress({ stage: 'applications', done: 0, total: requests.length });
        applications = await seedApplications(d, provider, requests, onProgress);
      }
    },
  });
  if (r.seeded) {
    // Fresh statistics and visibility maps after a bulk load: without them the planner guesses, and
    // counts cannot use index-only scans (embedded PGlite has no autovacuum to do this later).
    onProgress({ stage: 'analyze', done: 0, total: 1 });
    const v0 = Date.now();
    await db.exec('VACUUM (ANALYZE)');
    onProgress({ stage: 'analyze', done: 1, total: 1 });
    log(`vacuum and analyze after seeding: ${((Date.now() - v0) / 1000).toFixed(1)} s`);
    const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    log(
      `sandbox (${size}): ${r.counts.enterprises} enterprises in ${s(r.timings.enterprises)}, ${r.counts.loans} loans in ${s(r.timings.loans)}, ` +
        `${applications.created} applications through the workflow in ${s(r.timings.applications)}` +
        (applications.failed ? ` (${applications.failed} refused by the workflow)` : ''),
    );
  }
  await writeMarker(db, { state: 'complete', size, counts, startedAt, completedAt: new Date().toISOString() });
  return { seeded: r.seeded };
}
