/**
 * The maker's evidence forms (放款审核) as pure logic: what was typed for one condition → the errors
 * shown beside each field as it is typed, the payees' running sum against the loan, and the evidence
 * sent to the bank API (shared/credit/loan-conditions ConditionEvidenceSchema). The checks are the
 * API's own (accountCheckDigitOk, checkEvidence), so the form refuses exactly what the API would.
 */
import {
  accountCheckDigitOk,
  type ConditionEvidence,
  ConditionEvidenceSchema,
  checkEvidence,
  EVIDENCE_KIND,
  type EvidenceProblem,
  type LoanCondition,
} from '../../../shared/credit/loan-conditions';
import { type Fen, formatMoney, tryParseMoney } from '../../../shared/money';

export interface PayeeDraft {
  name: string;
  account: string;
  bank: string;
  amount: string;
}

/** What the maker has typed for one condition; only the fields of its evidence kind are used. */
export interface EvidenceDraft {
  payees: PayeeDraft[];
  certificateNo: string;
  documentId: string;
  reference: string;
  note: string;
  account: string;
}

/** A field's problem, as a key under `disbursement.field.` in the dictionaries. */
export type FieldError =
  | 'required'
  | 'accountFormat'
  | 'accountCheckDigit'
  | 'amountFormat'
  | 'amountPositive'
  | 'certificateLength'
  | 'documentOrReference'
  | 'tooLong';

export const emptyPayee = (): PayeeDraft => ({ name: '', account: '', bank: '', amount: '' });

export function emptyDraft(): EvidenceDraft {
  return { payees: [emptyPayee()], certificateNo: '', documentId: '', reference: '', note: '', account: '' };
}

/** The draft a recorded evidence reads back as (the maker edits what they recorded, or the checker reads it). */
export function draftFrom(evidence: ConditionEvidence | null | undefined): EvidenceDraft {
  const d = emptyDraft();
  if (!evidence) return d;
  switch (evidence.kind) {
    case 'payees':
      d.payees = evidence.payees.map((p) => ({ ...p }));
      break;
    case 'registration':
      d.certificateNo = evidence.certificateNo;
      d.documentId = evidence.documentId ?? '';
      break;
    case 'document':
      d.documentId = evidence.documentId ?? '';
      d.reference = evidence.reference ?? '';
      d.note = evidence.note ?? '';
      break;
    case 'account':
      d.account = evidence.account;
      break;
  }
  return d;
}

/** Account numbers are often typed in groups of four: spaces and hyphens are not part of the number. */
export const normaliseAccount = (s: string): string => s.replace(/[\s-]/g, '');

/** Money as typed: "1,200,000" or "1 200 000.5" → "1200000.5" (the exact parser decides the rest). */
export const normaliseAmount = (s: string): string => s.replace(/[\s,，]/g, '').replace(/元$/, '');

/** The problem with an account number as typed so far, or null when it is complete and its check digit holds. */
export function accountError(typed: string): FieldError | null {
  const a = normaliseAccount(typed);
  if (a === '') return 'required';
  if (!/^\d{12,25}$/.test(a)) return 'accountFormat';
  return accountCheckDigitOk(a) ? null : 'accountCheckDigit';
}

/** Fen for an amount as typed, or the problem with it. */
export function amountOf(typed: string): { fen: Fen } | { error: FieldError } {
  const s = normaliseAmount(typed);
  if (s === '') return { error: 'required' };
  const fen = tryParseMoney(s);
  if (fen === null) return { error: 'amountFormat' };
  if (fen <= 0n) return { error: 'amountPositive' };
  return { fen };
}

const required = (s: string, max: number): FieldError | null =>
  s.trim() === '' ? 'required' : s.trim().length > max ? 'tooLong' : null;

export type PayeeErrors = Partial<Record<keyof PayeeDraft, FieldError>>;

export function payeeErrors(p: PayeeDraft): PayeeErrors {
  const out: PayeeErrors = {};
  const name = required(p.name, 200);
  if (name) out.name = name;
  const account = accountError(p.account);
  if (account) out.account = account;
  const bank = required(p.bank, 100);
  if (bank) out.bank = bank;
  const amount = amountOf(p.amount);
  if ('error' in amount) out.amount = amount.error;
  return out;
}

/** The payees' running sum against the loan: what is still to allocate (negative: allocated too much). */
export interface PayeeSum {
  /** The sum of the amounts that read as money (others are shown as errors beside their field). */
  sum: string;
  loan: string;
  /** loan − sum, in yuan with two places (negative when over). */
  remaining: string;
  state: 'under' | 'exact' | 'over';
}

export function payeeSum(payees: readonly PayeeDraft[], loanAmount: string): PayeeSum {
  let sum = 0n;
  for (const p of payees) {
    const a = amountOf(p.amount);
    if ('fen' in a) sum += a.fen;
  }
  const loan = tryParseMoney(loanAmount) ?? 0n;
  const rest = loan - sum;
  return {
    sum: formatMoney(sum),
    loan: formatMoney(loan),
    remaining: formatMoney(rest),
    state: rest === 0n ? 'exact' : rest > 0n ? 'under' : 'over',
  };
}

/** Every field error of a draft for a condition, keyed as the form names its fields (`payees.0.account`). */
export function draftErrors(c: LoanCondition, d: EvidenceDraft): Record<string, FieldError> {
  const out: Record<string, FieldError> = {};
  switch (EVIDENCE_KIND[c.type]) {
    case 'payees':
      d.payees.forEach((p, i) => {
        for (const [f, e] of Object.entries(payeeErrors(p))) out[`payees.${i}.${f}`] = e;
      });
      break;
    case 'registration': {
      const no = d.certificateNo.trim();
      if (no === '') out.certificateNo = 'required';
      else if (no.length < 6 || no.length > 60) out.certificateNo = 'certificateLength';
      break;
    }
    case 'document':
      if (d.reference.trim() === '' && d.documentId.trim() === '') out.reference = 'documentOrReference';
      else if (d.reference.trim().length > 100) out.reference = 'tooLong';
      if (d.note.trim().length > 500) out.note = 'tooLong';
      break;
    case 'account': {
      const e = accountError(d.account);
      if (e) out.account = e;
      break;
    }
  }
  return out;
}

/** The evidence to send, normalised; null while the draft does not parse. */
export function toEvidence(c: LoanCondition, d: EvidenceDraft): ConditionEvidence | null {
  const opt = (s: string) => (s.trim() === '' ? undefined : s.trim());
  let candidate: unknown;
  switch (EVIDENCE_KIND[c.type]) {
    case 'payees':
      candidate = {
        kind: 'payees',
        payees: d.payees.map((p) => {
          const a = amountOf(p.amount);
          return {
            name: p.name.trim(),
            account: normaliseAccount(p.account),
            bank: p.bank.trim(),
            amount: 'fen' in a ? formatMoney(a.fen) : p.amount,
          };
        }),
      };
      break;
    case 'registration':
      candidate = { kind: 'registration', certificateNo: d.certificateNo.trim(), documentId: opt(d.documentId) };
      break;
    case 'document':
      candidate = { kind: 'document', documentId: opt(d.documentId), reference: opt(d.reference), note: opt(d.note) };
      break;
    case 'account':
      candidate = { kind: 'account', account: normaliseAccount(d.account) };
      break;
  }
  const parsed = ConditionEvidenceSchema.safeParse(stripUndefined(candidate));
  return parsed.success ? parsed.data : null;
}

function stripUndefined(v: unknown): unknown {
  if (v && typeof v === 'object' && !Array.isArray(v))
    return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined));
  return v;
}

/**
 * Whether the draft is ready to record: no field errors, it parses, and the API's own check passes
 * (payees summing to the loan, the approval's named payee present). The problems' codes name what is
 * still wrong as a whole (`evidence.payees_sum`, `evidence.payee_name`).
 */
export function readiness(
  c: LoanCondition,
  d: EvidenceDraft,
  loanAmount: string,
): { evidence: ConditionEvidence | null; fields: Record<string, FieldError>; problems: EvidenceProblem[] } {
  const fields = draftErrors(c, d);
  const evidence = Object.keys(fields).length === 0 ? toEvidence(c, d) : null;
  const loan = tryParseMoney(loanAmount);
  // Check digits are shown beside their field already.
  const problems =
    evidence && loan !== null
      ? checkEvidence(c, evidence, loan).filter((p) => p.code !== 'evidence.account_check_digit')
      : [];
  return { evidence: problems.length ? null : evidence, fields, problems };
}
