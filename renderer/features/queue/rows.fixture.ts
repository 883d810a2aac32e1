/** Queue rows for the queue's tests: row `i` is a new loan in review unless `over` says otherwise. */
import type { ApplicationSummary } from '../../../shared/api/applications';

/** A summary as the queue list answers it; fields vary with `i` so sorts and filters have something to do. */
export const row = (i: number, over: Partial<ApplicationSummary> = {}): ApplicationSummary => ({
  id: `APP${String(i).padStart(6, '0')}`,
  enterpriseId: `E${i}`,
  uscc: `9131000000000${String(i).padStart(5, '0')}`,
  enterpriseName: i % 2 ? `上海甲${i}贸易有限公司` : `杭州乙${i}科技有限公司`,
  productCode: ['LDD', 'SYD', 'DYD'][i % 3]!,
  amount: `${100000 + ((i * 7919) % 900000)}.${String(i % 100).padStart(2, '0')}`,
  termMonths: 12,
  repaymentMethod: 'equal_installment',
  channel: (['branch', 'mobile', 'online', 'partner'] as const)[i % 4]!,
  status: 'in_review',
  tier: 'fast',
  grade: (['A', 'B', 'C', 'D', 'E'] as const)[i % 5]!,
  score: 600,
  branchId: 'SH',
  assigneeId: null,
  submittedAt: new Date(Date.UTC(2026, 10, 2, 1, 0) + i * 60_000).toISOString(),
  slaDueAt: new Date(Date.UTC(2026, 10, 3, 1, 0) + ((i * 31) % 1000) * 60_000).toISOString(),
  slaState: (['on_track', 'due_soon', 'overdue'] as const)[i % 3]!,
  version: 1,
  kind: 'new',
  ...over,
});
