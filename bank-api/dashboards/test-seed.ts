/** A small sandbox bank for dashboard tests: enterprises and loans from the generator, applications through the workflow. */
import { beijingDate } from '../../shared/calendar';
import type { Database } from '../db/database';
import { seedApplications } from '../seed/applications';
import { seedSandbox } from '../seed/sandbox';
import { sandboxProfileProvider } from '../workflow/sandbox-provider';

export const TEST_COUNTS = { enterprises: 300, loans: 3000, applications: 300 };

export async function seedDashboardBank(db: Database, asOf = beijingDate(new Date())) {
  await seedSandbox(db, {
    size: 'small',
    asOf,
    counts: TEST_COUNTS,
    assignApplications: async (requests, d) => {
      await seedApplications(d, sandboxProfileProvider(), requests);
    },
  });
}
