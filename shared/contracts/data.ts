/**
 * ContractData: the snapshot of an approved application that a contract is generated from. The
 * caller (bank API or main process) assembles it — amounts already formatted, the amount in Chinese
 * capitals already computed with the shared money module — so the contract engine only lays it out.
 */
import { z } from 'zod';
import { LOAN_TYPES } from '../credit/loan-types.js';
import { DomainError } from '../errors.js';

const MONEY_RE = /^\d{1,15}\.\d{2}$/;
const PERCENT_RE = /^-?\d{1,3}(\.\d{1,6})?$/;
const money = z.string().regex(MONEY_RE, 'yuan with two decimals, e.g. "500000.00"');
const percent = z.string().regex(PERCENT_RE, 'percent as a decimal string, e.g. "3.85"');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date as YYYY-MM-DD');
const text = (max: number) => z.string().trim().min(1).max(max);
/** Unified social credit code: 18 characters of the GB 32100 alphabet (check digit verified upstream). */
const uscc = z.string().regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/, '18-character unified social credit code');

export const REPAYMENT_METHODS = ['equal_installment', 'equal_principal', 'interest_first'] as const;
export type RepaymentMethod = (typeof REPAYMENT_METHODS)[number];

export const REPAYMENT_METHOD_LABELS: Record<RepaymentMethod, string> = {
  equal_installment: '等额本息',
  equal_principal: '等额本金',
  interest_first: '先息后本（按月付息，到期一次性还本）',
};

export const ScheduleRowSchema = z.object({
  period: z.number().int().min(1),
  dueDate: isoDate,
  principal: money,
  interest: money,
  payment: money,
  balance: money,
});
export type ScheduleRow = z.infer<typeof ScheduleRowSchema>;

export const GuarantorSchema = z.object({
  kind: z.enum(['enterprise', 'person']),
  name: text(100),
  /** USCC for an enterprise, resident ID number for a person (printed in full in the contract). */
  idNumber: z.string().regex(/^[0-9A-Z]{15,18}$/, 'USCC or resident ID number'),
  address: text(200),
  legalRep: text(50).optional(),
});
export type Guarantor = z.infer<typeof GuarantorSchema>;

export const CollateralSchema = z.object({
  ownerName: text(100),
  ownerIdNumber: z.string().regex(/^[0-9A-Z]{15,18}$/),
  /** A natural person (signs 签字并按指印) or an enterprise (seal and legal representative). */
  ownerKind: z.enum(['person', 'enterprise']).optional(),
  /** The mortgagor's address (住址 of a person, 住所 of an enterprise); printed from template 2026.2. */
  ownerAddress: text(200).optional(),
  /** An enterprise mortgagor's legal representative. */
  ownerLegalRep: text(50).optional(),
  description: text(300),
  certificateNo: text(100),
  appraisedValue: money,
  securedAmount: money,
});
export type Collateral = z.infer<typeof CollateralSchema>;

export const ContractDataSchema = z
  .object({
    contractId: text(64),
    applicationId: text(64),
    productCode: text(32),
    productName: text(60),
    /** The kind of loan (shared/credit/loan-types.ts): picks the loan contract template (from 2026.2). */
    loanType: z.enum(LOAN_TYPES).optional(),
    /** How the product is secured: a guaranteed product needs a guarantor, a mortgage product collateral. */
    security: z.enum(['credit', 'guarantee', 'mortgage', 'pledge']).optional(),
    bank: z.object({ name: text(100), address: text(200), principal: text(50).optional() }),
    borrower: z.object({ name: text(100), uscc, legalRep: text(50), address: text(200) }),
    guarantors: z.array(GuarantorSchema).max(10).default([]),
    amount: money,
    amountInCapitals: text(80),
    purpose: text(300),
    termMonths: z.number().int().min(1).max(360),
    startDate: isoDate,
    endDate: isoDate,
    /** Which LPR the rate is pegged to: the 1-year or the over-5-year quotation. */
    lprTenor: z.enum(['1Y', '5Y']),
    lprRate: percent,
    /**
     * The LPR fixing (publication date) the approved rate was priced on: the spread is fixed at approval
     * and printed with this date, never recomputed from the LPR of the signing date.
     */
    lprDate: isoDate.optional(),
    /** Percentage points over the LPR (may be negative), as approved. */
    spread: percent,
    annualRate: percent,
    aprNominal: percent,
    aprEffective: percent,
    repaymentMethod: z.enum(REPAYMENT_METHODS),
    schedule: z.array(ScheduleRowSchema).min(1).max(480),
    conditions: z.array(text(500)).max(30).default([]),
    /** The approval requires 受托支付 for the whole loan (an entrusted_payment condition). */
    entrustedPayment: z.boolean().optional(),
    collateral: CollateralSchema.optional(),
    signing: z.object({ place: text(100), date: isoDate }),
  })
  .superRefine((d, ctx) => {
    // zod still runs this when a field failed its own check; cross-checks only make sense on good fields.
    const wellFormed =
      [d.lprRate, d.spread, d.annualRate].every((v) => PERCENT_RE.test(v)) &&
      [d.amount, ...d.schedule.map((r) => r.principal)].every((v) => MONEY_RE.test(v));
    if (!wellFormed) return;
    if (scaled(d.lprRate) + scaled(d.spread) !== scaled(d.annualRate)) {
      ctx.addIssue({ code: 'custom', path: ['annualRate'], message: 'annualRate must equal lprRate + spread' });
    }
    if (d.endDate < d.startDate) {
      ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'endDate is before startDate' });
    }
    const principal = d.schedule.reduce((s, r) => s + fen(r.principal), 0n);
    if (principal !== fen(d.amount)) {
      ctx.addIssue({ code: 'custom', path: ['schedule'], message: 'schedule principal does not add up to amount' });
    }
  });
export type ContractData = z.infer<typeof ContractDataSchema>;
export type ContractDataInput = z.input<typeof ContractDataSchema>;

/** Decimal string → integer in millionths, exact (no binary floating point). */
function scaled(s: string): bigint {
  const neg = s.startsWith('-');
  const [i = '0', f = ''] = (neg ? s.slice(1) : s).split('.');
  const v = BigInt(i) * 1_000_000n + BigInt(f.padEnd(6, '0'));
  return neg ? -v : v;
}

/** Yuan string with two decimals → fen. */
export function fen(s: string): bigint {
  return BigInt(s.replace('.', ''));
}

/** Fen → yuan with thousands separators: 500000.00 → "500,000.00". */
export function formatYuan(s: string): string {
  const [i = '0', f = '00'] = s.split('.');
  return `${i.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${f}`;
}

/** Parses the snapshot; any problem becomes one DomainError naming the fields. */
export function parseContractData(input: unknown): ContractData {
  const r = ContractDataSchema.safeParse(input);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new DomainError(
    'CONTRACT_DATA_INVALID',
    `合同数据不完整或有误，请核对审批结果后重试。 Contract data is invalid: ${issues.join('; ')}`,
    r.error.issues[0]?.path.join('.'),
    { issues },
  );
}
