/**
 * Seeds one sandbox data folder per run (organisation, products, enterprises, loans and applications
 * through the real workflow); each test file then starts its bank API on a fresh copy of it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** E2E_TEMPLATE_DIR puts it elsewhere (several checkouts or developers on one machine). */
export const TEMPLATE_DIR = process.env.E2E_TEMPLATE_DIR ?? join(process.cwd(), 'test-results', 'e2e-template-data');

export default function globalSetup() {
  // E2E_REUSE_TEMPLATE=1 keeps a template seeded by an earlier run (local iteration; CI always seeds).
  if (process.env.E2E_REUSE_TEMPLATE === '1' && existsSync(join(TEMPLATE_DIR, 'db'))) {
    console.log(`e2e: reusing the seeded template ${TEMPLATE_DIR} (E2E_REUSE_TEMPLATE=1)`);
    return;
  }
  rmSync(TEMPLATE_DIR, { recursive: true, force: true });
  const t0 = Date.now();
  execFileSync(process.execPath, ['--import', 'tsx', 'bank-api/seed/cli.ts'], {
    env: { ...process.env, DATA_DIR: TEMPLATE_DIR, SEED_SIZE: process.env.E2E_SEED_SIZE ?? 'small', DATABASE_URL: '' },
    stdio: 'inherit',
  });
  if (!existsSync(join(TEMPLATE_DIR, 'db'))) throw new Error('e2e template database was not created');
  console.log(`e2e template data ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
