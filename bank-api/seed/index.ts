/**
 * First-start seeding of the sandbox bank: organisation and demo users, the product catalogue, and —
 * unless SEED_SIZE=none — sandbox enterprises, loans and applications from the deterministic generator.
 */
import { beijingDate } from '../../shared/calendar';
import type { Database } from '../db/database';
import type { ProfileProvider } from '../workflow/create';
import { seedApplications } from './applications';
import { seedOrganisation } from './organisation';
import { syncProducts } from './products';
import { sandboxApplicationRequests, seedSandbox } from './sandbox';

export type SeedSize = 'none' | 'small' | 'large';
export const APPLICATIONS_BY_SIZE: Record<SeedSize, number> = { none: 0, small: 5_000, large: 100_000 };

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
  const fresh = await db.tx(async (q) => {
    const seeded = await seedOrganisation(q);
    await syncProducts(q);
    return seeded;
  });
  if (!fresh || size === 'none') return;
  const asOf = beijingDate(new Date());
  const t0 = Date.now();
  await seedSandbox(db, { size, seed, asOf });
  log(`sandbox enterprises and loans seeded (${size}) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const t1 = Date.now();
  const r = await seedApplications(db, provider, sandboxApplicationRequests(APPLICATIONS_BY_SIZE[size], seed, asOf));
  log(`${r.created} sandbox applications submitted through the workflow in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
  await db.query(
    "INSERT INTO meta (key, value) VALUES ('seed_size', $1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
    [size],
  );
}
