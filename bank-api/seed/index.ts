/**
 * First-start seeding of the sandbox bank: organisation and demo users, the product catalogue, and —
 * unless SEED_SIZE=none — sandbox enterprises and loans from the deterministic generator, plus
 * applications submitted through the real workflow.
 */
import { beijingDate } from '../../shared/calendar';
import type { Database } from '../db/database';
import type { ProfileProvider } from '../workflow/create';
import { seedApplications } from './applications';
import { bulkImportApplications } from './bulk-applications';
import { seedOrganisation } from './organisation';
import { syncProducts } from './products';
import { seedSandbox } from './sandbox';

export type SeedSize = 'none' | 'small' | 'large';

export function seedSizeFromEnv(v = process.env.SEED_SIZE): SeedSize {
  if (v === undefined || v === '') return 'small';
  if (v === 'none' || v === 'small' || v === 'large') return v;
  throw new Error(`SEED_SIZE must be none, small or large, got "${v}"`);
}

export async function seedIfEmpty(
  db: Database,
  provider: ProfileProvider,
  size: SeedSize,
  seed: string,
  log: (m: string) => void = () => {},
) {
  await db.tx(async (q) => {
    await seedOrganisation(q);
    await syncProducts(q);
  });
  if (size === 'none') return;
  let applications = { created: 0, failed: 0 };
  const r = await seedSandbox(db, {
    size,
    seed,
    asOf: beijingDate(new Date()),
    assignApplications: async (requests, d) => {
      // `large` is the benchmark seed: 100,000 cases go in by bulk import (see bulk-applications.ts).
      applications =
        size === 'large'
          ? { created: await bulkImportApplications(d, provider, requests, beijingDate(new Date())), failed: 0 }
          : await seedApplications(d, provider, requests);
    },
  });
  if (!r.seeded) return;
  // Fresh statistics and visibility maps after a bulk load: without them the planner guesses, and
  // counts cannot use index-only scans (embedded PGlite has no autovacuum to do this later).
  const v0 = Date.now();
  await db.exec('VACUUM (ANALYZE)');
  log(`vacuum and analyze after seeding: ${((Date.now() - v0) / 1000).toFixed(1)} s`);
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  log(
    `sandbox (${size}): ${r.counts.enterprises} enterprises in ${s(r.timings.enterprises)}, ${r.counts.loans} loans in ${s(r.timings.loans)}, ` +
      `${applications.created} applications through the workflow in ${s(r.timings.applications)}`,
  );
}
