/**
 * The approval's conditions (放款条件 / 审批条件) as data: each item has a type from the bank's standard
 * list, its parameters, and optional free text. The approver sets them in the decision; the contract
 * prints them (describeLoanCondition); 放款审核 checks each one against its evidence before a loan is
 * disbursed (checkEvidence). Stored on the application as JSON (applications.conditions).
 *
 * Conditions written before they were data (plain strings) read as type `other` (fromStored).
 */
import { z } from 'zod';
import { text } from '../api/text';
import { MoneyString } from '../loan/quote';
import { type Fen, formatMoney, parseMoney } from '../money';

const Text = (max: number, min = 0) => text({ max, min, multiline: true, trim: true });
const Line = (max: number, min = 0) => text({ max, min, trim: true });

/** The standard list, in the order the decision form offers them. */
export const LOAN_CONDITION_TYPES = [
  /** 受托支付: the bank pays the borrower's counterparties directly. */
  'entrusted_payment',
  /** 抵押登记: the mortgage is registered before drawdown (不动产登记证明). */
  'mortgage_registration',
  /** 保证合同签署: the guarantee contract is signed by the named guarantor. */
  'guarantee_signed',
  /** 开立结算账户: the borrower opens (or keeps) its settlement account with the bank. */
  'settlement_account',
  /** 其他: anything else, in words. */
  'other',
] as const;
export type LoanConditionType = (typeof LOAN_CONDITION_TYPES)[number];

export const LOAN_CONDITION_NAMES: Readonly<Record<LoanConditionType, { zh: string; en: string }>> = {
  entrusted_payment: { zh: '受托支付', en: 'Entrusted payment' },
  mortgage_registration: { zh: '抵押登记', en: 'Mortgage registration' },
  guarantee_signed: { zh: '保证合同签署', en: 'Guarantee contract signed' },
  settlement_account: { zh: '开立结算账户', en: 'Settlement account opened' },
  other: { zh: '其他条件', en: 'Other condition' },
};

const note = Text(500).optional();

export const LoanConditionSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('entrusted_payment'),
    params: z
      .strictObject({
        /** The payee named in the approval (the supplier, the contractor), when the approver names one. */
        payeeName: Line(200, 1).optional(),
      })
      .default({}),
    text: note,
  }),
  z.strictObject({
    type: z.literal('mortgage_registration'),
    params: z.strictObject({
      /** What is mortgaged, as the approval names it (e.g. 浦东新区XX路XX号厂房). */
      collateral: Line(200, 1),
    }),
    text: note,
  }),
  z.strictObject({
    type: z.literal('guarantee_signed'),
    params: z.strictObject({
      /** The guarantor whose guarantee contract must be signed. */
      guarantor: Line(200, 1),
    }),
    text: note,
  }),
  z.strictObject({
    type: z.literal('settlement_account'),
    params: z.strictObject({}).default({}),
    text: note,
  }),
  z.strictObject({
    type: z.literal('other'),
    params: z.strictObject({}).default({}),
    /** Up to 2,000 characters: what one free-text condition could hold before conditions were data. */
    text: Text(2000, 1),
  }),
]);
export type LoanCondition = z.infer<typeof LoanConditionSchema>;

/** What a decision carries: at most 20 items. */
export const LoanConditionsSchema = z.array(LoanConditionSchema).max(20, 'at most 20 conditions');

/**
 * A stored condition as read back: an item, or a plain string written before conditions were data
 * (read as `other`). Anything else is a programming error and throws.
 */
export function fromStored(stored: unknown): LoanCondition {
  if (typeof stored === 'string') return { type: 'other', params: {}, text: stored };
  return LoanConditionSchema.parse(stored);
}

/** One line a contract or a memo prints for the item, in Chinese (the contract's language). */
export function describeLoanCondition(c: LoanCondition): string {
  const extra = c.text ? `：${c.text}` : '';
  switch (c.type) {
    case 'entrusted_payment':
      return `${LOAN_CONDITION_NAMES.entrusted_payment.zh}${c.params.payeeName ? `（收款人：${c.params.payeeName}）` : ''}${extra}`;
    case 'mortgage_registration':
      return `${LOAN_CONDITION_NAMES.mortgage_registration.zh}（抵押物：${c.params.collateral}）${extra}`;
    case 'guarantee_signed':
      return `${LOAN_CONDITION_NAMES.guarantee_signed.zh}（保证人：${c.params.guarantor}）${extra}`;
    case 'settlement_account':
      return `${LOAN_CONDITION_NAMES.settlement_account.zh}${extra}`;
    case 'other':
      return c.text;
  }
}

// ---------------------------------------------------------------------------------------------------
// Evidence at disbursement (放款审核)

/**
 * Check digits of an account number as the sandbox bank issues them: 12 to 25 digits, the last one the
 * Luhn (mod 10) check digit over the others — the scheme of China UnionPay card numbers, used here for
 * every account the bank pays into, so a mistyped digit is caught before money moves.
 */
export function accountCheckDigitOk(account: string): boolean {
  if (!/^\d{12,25}$/.test(account)) return false;
  let sum = 0;
  for (let i = 0; i < account.length; i++) {
    let d = account.charCodeAt(account.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Completes `body` (digits) with its Luhn check digit: for fixtures and the sandbox. */
export function withCheckDigit(body: string): string {
  for (let d = 0; d <= 9; d++) if (accountCheckDigitOk(`${body}${d}`)) return `${body}${d}`;
  throw new Error('unreachable');
}

const AccountNo = z.string().regex(/^\d{12,25}$/, 'an account number is 12 to 25 digits');

export const PayeeSchema = z.strictObject({
  name: Line(200, 1),
  account: AccountNo,
  /** The payee's bank (开户行). */
  bank: Line(100, 1),
  amount: MoneyString,
});
export type Payee = z.infer<typeof PayeeSchema>;

/** The evidence a maker records for one condition; its kind follows the condition's type. */
export const ConditionEvidenceSchema = z.discriminatedUnion('kind', [
  /** 受托支付: the payees, their accounts and amounts (summing to the loan). */
  z.strictObject({ kind: z.literal('payees'), payees: z.array(PayeeSchema).min(1).max(20) }),
  /** 抵押登记: the registration certificate (不动产登记证明号), and optionally its scan (material id). */
  z.strictObject({
    kind: z.literal('registration'),
    certificateNo: Line(60, 6),
    documentId: z
      .string()
      .regex(/^\d{1,15}$/)
      .optional(),
  }),
  /** 保证合同签署 / 其他: a document on file (material id) or a reference, with a note. */
  z.strictObject({
    kind: z.literal('document'),
    documentId: z
      .string()
      .regex(/^\d{1,15}$/)
      .optional(),
    reference: Line(100).optional(),
    note: Text(500).optional(),
  }),
  /** 开立结算账户: the account number at the bank. */
  z.strictObject({ kind: z.literal('account'), account: AccountNo }),
]);
export type ConditionEvidence = z.infer<typeof ConditionEvidenceSchema>;

/** The evidence kind each condition type takes. */
export const EVIDENCE_KIND: Readonly<Record<LoanConditionType, ConditionEvidence['kind']>> = {
  entrusted_payment: 'payees',
  mortgage_registration: 'registration',
  guarantee_signed: 'document',
  settlement_account: 'account',
  other: 'document',
};

/** Why a condition's evidence does not satisfy it: a stable code and the facts for the message. */
export interface EvidenceProblem {
  code:
    | 'evidence.wrong_kind'
    | 'evidence.payees_sum'
    | 'evidence.payee_name'
    | 'evidence.account_check_digit'
    | 'evidence.document_missing';
  detail: string;
  facts?: Record<string, string>;
}

/**
 * Whether `evidence` satisfies condition `c` for a loan of `loanAmount`: [] when it does, otherwise each
 * problem (the API answers 422 with them, the form shows them beside the field).
 */
export function checkEvidence(c: LoanCondition, evidence: ConditionEvidence, loanAmount: Fen): EvidenceProblem[] {
  const want = EVIDENCE_KIND[c.type];
  if (evidence.kind !== want)
    return [
      {
        code: 'evidence.wrong_kind',
        detail: `${LOAN_CONDITION_NAMES[c.type].en} takes evidence of kind ${want}, not ${evidence.kind}.`,
        facts: { want, got: evidence.kind },
      },
    ];
  const out: EvidenceProblem[] = [];
  switch (evidence.kind) {
    case 'payees': {
      let sum = 0n;
      for (const p of evidence.payees) {
        sum += parseMoney(p.amount);
        if (!accountCheckDigitOk(p.account))
          out.push({
            code: 'evidence.account_check_digit',
            detail: `Payee ${p.name}: account ${p.account} fails its check digit.`,
            facts: { payee: p.name, account: p.account },
          });
      }
      if (sum !== loanAmount)
        out.push({
          code: 'evidence.payees_sum',
          detail: `The payees' amounts sum to ${formatMoney(sum)} yuan; the loan is ${formatMoney(loanAmount)} yuan.`,
          facts: { sum: formatMoney(sum), loan: formatMoney(loanAmount) },
        });
      const named = c.type === 'entrusted_payment' ? c.params.payeeName : undefined;
      if (named && !evidence.payees.some((p) => p.name === named))
        out.push({
          code: 'evidence.payee_name',
          detail: `The approval names the payee ${named}; no payee of that name is given.`,
          facts: { named },
        });
      break;
    }
    case 'account':
      if (!accountCheckDigitOk(evidence.account))
        out.push({
          code: 'evidence.account_check_digit',
          detail: `Account ${evidence.account} fails its check digit.`,
          facts: { account: evidence.account },
        });
      break;
    case 'document':
      if (!evidence.documentId && !evidence.reference)
        out.push({
          code: 'evidence.document_missing',
          detail: 'Neither a document on file nor a reference is given.',
        });
      break;
    case 'registration':
      break;
  }
  return out;
}
