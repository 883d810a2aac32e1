/**
 * Bulk import of applications for the `large` benchmark seed (100,000 cases): every case is still
 * assessed and routed by the real engine on its enterprise's sandbox profile, but rows go in by the
 * thousand, their later states are assigned directly, and the import is recorded as one audit event per
 * batch (with a digest of the ids) rather than one per transition. The `small` seed, which people work
 * with, goes through the full workflow instead (applications.ts).
 */
import { createHash } from 'node:crypto';
import { slaDeadline } from '../../shared/calendar';
import { assess } from '../../shared/credit/assess';
import { getProduct } from '../../shared/credit/products';
import type { EnterpriseProfile } from '../../shared/credit/profile';
import { SLA_BY_TIER } from '../../shared/workflow/sla';
import type { Status } from '../../shared/workflow/status';
import { appendAudit } from '../audit/chain';
import type { Database } from '../db/database';
import { sandboxNow } from '../sources/sandbox-applications';
import { type ApplicationRecord, insertApplications } from '../workflow/applications-repo';
import { applicationRecord, initialChecklist, type ProfileProvider } from '../workflow/create';
import type { SeedRequest } from './applications';

const BATCH = 1000;

const bucket = (s: string) => {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0) % 100;
};

export async function bulkImportApplications(
  db: Database,
  provider: ProfileProvider,
  requests: SeedRequest[],
  asOf: string,
  now = sandboxNow(asOf),
): Promise<number> {
  const profiles = new Map<string, EnterpriseProfile | null>();
  let n = 0;
  for (let i = 0; i < requests.length; i += BATCH) {
    const rows: ApplicationRecord[] = [];
    for (const req of requests.slice(i, i + BATCH)) {
      let profile = profiles.get(req.uscc);
      if (profile === undefined) {
        profile = await provider.profile(req.uscc, asOf);
        profiles.set(req.uscc, profile);
      }
      if (!profile) continue;
      const a = assess(profile, {
        productCode: req.productCode,
        amount: req.amount,
        termMonths: req.termMonths,
        repaymentMethod: req.repaymentMethod,
        asOf,
      });
      const at = new Date(req.submittedAt);
      const id = `APP${req.submittedAt.slice(0, 10).replace(/-/g, '')}B${String(++n).padStart(6, '0')}`;
      const tier = a.instant.outcome === 'refer' ? a.instant.tier : a.tier;
      let status: Status =
        a.instant.outcome === 'approve'
          ? 'auto_approved'
          : a.instant.outcome === 'decline'
            ? 'auto_declined'
            : 'in_review';
      // Open only while its SLA deadline is ahead (and a few just past it), as on a working day.
      const b = bucket(id);
      const due = SLA_BY_TIER[tier] ? slaDeadline(at, SLA_BY_TIER[tier]!) : null;
      const open = due !== null && (due > now ? b >= 40 : due > now - 86_400_000 && b < 4);
      if (status === 'in_review' && !open) status = b % 10 < 7 ? 'approved' : b % 10 < 9 ? 'declined' : 'returned';
      if ((status === 'approved' || status === 'auto_approved') && b < 40)
        status = b < 15 ? 'disbursed' : b < 25 ? 'signed' : 'contracting';
      const sla = SLA_BY_TIER[tier];
      const waiting = status === 'in_review' || status === 'returned';
      const terms =
        status !== 'in_review' &&
        status !== 'declined' &&
        status !== 'auto_declined' &&
        status !== 'returned' &&
        a.price
          ? {
              amount: req.amount,
              annualRate: a.price.annualRate,
              termMonths: req.termMonths,
              repaymentMethod: req.repaymentMethod,
            }
          : null;
      const row = applicationRecord(
        {
          req,
          actorId: 'u-rm1',
          at,
          uscc: req.uscc,
          profile,
          assessment: a,
          branchId: provider.branchFor(profile.region),
          status,
          tier,
          slaDue: waiting && sla ? new Date(slaDeadline(at, sla)) : null,
          checklist: initialChecklist(getProduct(req.productCode)),
          approvedTerms: terms,
        },
        id,
      );
      // A returned case waits for the customer's materials: not decided (as the workflow leaves it).
      rows.push(status === 'returned' ? { ...row, decided_at: null } : row);
    }
    if (rows.length === 0) continue;
    await db.tx(async (q) => {
      await insertApplications(q, rows);
      const digest = createHash('sha256')
        .update(rows.map((r) => r.id).join('\n'))
        .digest('hex');
      await appendAudit(q, {
        actorId: null,
        action: 'seed.bulk_applications',
        entityType: 'application_batch',
        entityId: rows[0]!.id,
        payload: { count: rows.length, idsSha256: digest },
      });
    });
  }
  return n;
}
