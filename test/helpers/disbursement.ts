/**
 * 放款审核 test cases: a third Shanghai disbursement officer, and copies of one real submission set
 * approved-and-signed on the row (the approval and signing have their own tests), so that each test owns
 * a case in exactly the state it needs. Used by bank-api/routes/disbursement*.test.ts.
 */
import type { Database } from '../../bank-api/db/database';

/** Adds ops9 (u-ops9), a Shanghai disbursement officer like ops2: a third officer, so two checkers can race. */
export async function addOfficerOps9(db: Database): Promise<void> {
  await db.query(
    `INSERT INTO users SELECT (jsonb_populate_record(NULL::users, to_jsonb(u) ||
       jsonb_build_object('id', 'u-ops9', 'username', 'ops9', 'display_name', '放款审核岗九'))).* FROM users u WHERE id = 'u-ops2'`,
  );
}

export interface SignedCopy {
  product?: string;
  amount?: string;
  conditions?: unknown[];
  status?: string;
  branch?: string;
}

/**
 * Inserts application `id` as a copy of `baseId`, approved (grade B, fast tier, branch channel, score 612,
 * at `amount`, 4.35 %, 12 months, equal instalments) with `conditions`, in `status` (signed) and `branch`.
 */
export async function signedCopy(db: Database, baseId: string, id: string, o: SignedCopy = {}): Promise<string> {
  // Every stored column (generated ones are computed again).
  const cols = (
    await db.query<{ c: string }>(
      `SELECT column_name AS c FROM information_schema.columns
       WHERE table_name = 'applications' AND is_generated = 'NEVER' ORDER BY ordinal_position`,
    )
  ).rows.map((r) => r.c);
  await db.query(
    `INSERT INTO applications (${cols.join(', ')}) SELECT ${cols.map((c) => `r.${c}`).join(', ')}
     FROM applications a, jsonb_populate_record(NULL::applications, to_jsonb(a) || jsonb_build_object(
       'id', $2::text, 'product_code', $3::text, 'status', $4::text, 'branch_id', $5::text, 'conditions', $6::jsonb,
       'approved_terms', $7::jsonb, 'grade', 'B', 'tier', 'fast', 'channel', 'branch', 'score', 612,
       'assignee_id', NULL, 'version', 7)) r WHERE a.id = $1`,
    [
      baseId,
      id,
      o.product ?? 'LDD',
      o.status ?? 'signed',
      o.branch ?? 'SH-PD',
      JSON.stringify(o.conditions ?? []),
      JSON.stringify({
        amount: o.amount ?? '300000.00',
        annualRate: '4.35',
        termMonths: 12,
        repaymentMethod: 'equal_installment',
      }),
    ],
  );
  return id;
}
