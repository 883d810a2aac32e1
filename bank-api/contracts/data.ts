/**
 * The contract data of an approved application: everything the templates print, assembled from the
 * application row (approved terms, conditions, the dated profile snapshot), the branch, the product,
 * the pricing table and the repayment maths — with a note of where each value that is not on the
 * application came from. The contract engine (electron/contracts) parses and lays it out.
 */

import type { User } from '../../shared/api/auth';
import type { ContractDataResponse } from '../../shared/api/contracts';
import { beijingDate } from '../../shared/calendar';
import type { ContractDataInput, REPAYMENT_METHOD_LABELS } from '../../shared/contracts/data';
import { templateFor } from '../../shared/contracts/engine';
import { lprFixingOn } from '../../shared/contracts/lpr-fixing';
import { describeLoanCondition } from '../../shared/credit/loan-conditions';
import { lprOn, lprTenorFor } from '../../shared/credit/pricing';
import { findProduct, type Product } from '../../shared/credit/products';
import { quote } from '../../shared/loan/quote';
import { toChineseCapitals } from '../../shared/money/capitals';
import { bpToRate, parsePositiveMoney, parseRatePercent, RATE_SCALE } from '../../shared/money/money';
import type { Status } from '../../shared/workflow/status';
import { appendAudit } from '../audit/chain';
import type { Queryable } from '../db/database';
import { type ApiProblem, conflict, notFound, validationFailed } from '../http/problems';
import type { ApplicationRow } from '../workflow/rows';
import { conditionsOf, guarantorsOf } from '../workflow/rows';
import { branchScope } from '../workflow/scope';
import type { ContractPartySource } from './parties';

/** Statuses in which contracts may be generated. */
export const CONTRACTABLE: readonly Status[] = ['approved', 'auto_approved', 'contracting'];
/** The legal name the branches sign under. */
export const BANK_LEGAL_NAME = '示范银行股份有限公司';

const STATUS_ZH: Partial<Record<Status, string>> = {
  submitted: '已提交',
  screened: '已筛查',
  in_review: '审批中',
  returned: '退回补件',
  escalated: '已上报',
  committee: '审贷会审议中',
  declined: '已拒绝',
  auto_declined: '系统拒绝',
  signed: '已签约',
  disbursed: '已放款',
  withdrawn: '已撤回',
  expired: '已过期',
};

export function notApproved(id: string, status: Status): ApiProblem {
  return conflict(
    'contract.not_approved',
    `申请 ${id} 当前状态为「${STATUS_ZH[status] ?? status}」，只有审批通过的贷款才能生成合同。 ` +
      `Application ${id} is "${status}": contracts are generated only for approved loans.`,
    { applicationStatus: status },
  );
}

export interface ContractRow extends ApplicationRow {
  branch_name_zh: string;
  branch_address_zh: string | null;
}

/** The application, in the caller's scope (else 404), locked when `forUpdate`. */
export async function loadApplication(q: Queryable, user: User, id: string, forUpdate = false): Promise<ContractRow> {
  const row = (
    await q.query<ContractRow>(
      `SELECT a.*, b.name_zh AS branch_name_zh, b.address_zh AS branch_address_zh
       FROM applications a JOIN branches b ON b.id = a.branch_id WHERE a.id = $1${forUpdate ? ' FOR UPDATE OF a' : ''}`,
      [id],
    )
  ).rows[0];
  if (!row || !(await branchScope(q, user)).includes(row.branch_id)) throw notFound(`No application ${id}.`);
  return row;
}

/** Contract number of a case: HT + the application's date and sequence; a revision after the first is suffixed. */
export function contractIdFor(applicationId: string, revision: number): string {
  const base = `HT${applicationId.replace(/^APP/, '')}`;
  return revision > 1 ? `${base}-R${revision}` : base;
}

const MILLIONTHS = RATE_SCALE / 100n / 1_000_000n; // Rate units per millionth of a percent point

/** Millionths of a percent → "3.95", "-0.125" (two to six decimals). */
function percent(millionths: bigint): string {
  const neg = millionths < 0n;
  const abs = neg ? -millionths : millionths;
  const frac = (abs % 1_000_000n)
    .toString()
    .padStart(6, '0')
    .replace(/0{1,4}$/, '');
  return `${neg ? '-' : ''}${abs / 1_000_000n}.${frac.padEnd(2, '0')}`;
}

export interface ApprovedTerms {
  amount: string;
  annualRate: string;
  termMonths: number;
  repaymentMethod: keyof typeof REPAYMENT_METHOD_LABELS;
}

type Guarantors = NonNullable<ContractDataInput['guarantors']>;

interface ProfileSnapshot {
  name?: string;
  legalRepName?: string;
  legalRepId?: string;
  region?: string;
  address?: string;
  relations?: { name: string; kind: string; uscc?: string }[];
}

/** What the contract data lacks and where its values not on the application came from, in the order noted. */
class Provenance {
  readonly missing: ContractDataResponse['missing'] = [];
  readonly sources: ContractDataResponse['sources'] = [];
  constructor(private readonly source: string) {}
  lack(field: string, labelZh: string, labelEn: string) {
    this.missing.push({ field, labelZh, labelEn });
  }
  fromParties(field: string) {
    this.sources.push({ field, source: this.source });
  }
}

/**
 * Builds the contract data of one application for the contract officer; refuses a case that is not
 * approved (409), and audits the read of the legal representative's full ID number.
 */
export async function buildContractData(
  q: Queryable,
  user: User,
  parties: ContractPartySource,
  id: string,
  revisionWanted: number | undefined,
  now = new Date(),
): Promise<ContractDataResponse> {
  const row = await loadApplication(q, user, id);
  if (!CONTRACTABLE.includes(row.status)) throw notApproved(id, row.status);
  const revision = await revisionFor(q, id, revisionWanted);

  const notes = new Provenance(parties.name);
  const terms = row.approved_terms as ApprovedTerms | null;
  const profile = row.profile_snapshot as ProfileSnapshot;
  const region = profile.region ?? row.uscc.slice(2, 8);
  const product = findProduct(row.product_code);
  const today = beijingDate(now);

  const branch = parties.branch(row.branch_id);
  const { bankAddress, borrowerAddress } = addressesOf(row, profile, region, branch, parties, notes);

  const guarantors = guarantorsOfCase(row, region, parties, notes);
  const collateral =
    product?.guaranteeType === 'mortgage' && terms
      ? collateralOf(id, row, profile, region, terms, parties, notes)
      : undefined;
  refuseWithoutSecurity(id, product, guarantors.length, terms !== null && !collateral);

  let loan: Partial<ContractDataInput> = {};
  if (!terms) notes.lack('approval', '审批结果（金额、利率、期限、还款方式）', 'approved terms');
  else loan = loanTerms(terms, today, approvalDate(row, now));

  const conditions = conditionsOf(row);
  const contractId = contractIdFor(id, revision);
  const data: Partial<ContractDataInput> = {
    contractId,
    applicationId: id,
    productCode: row.product_code,
    productName: product?.name.zh ?? row.product_code,
    ...(product ? { loanType: product.loanType, security: product.guaranteeType } : {}),
    bank: { name: `${BANK_LEGAL_NAME}${row.branch_name_zh}`, address: bankAddress ?? '' },
    borrower: {
      name: row.enterprise_name,
      uscc: row.uscc,
      legalRep: profile.legalRepName ?? '',
      address: borrowerAddress ?? '',
    },
    guarantors,
    purpose: row.purpose,
    conditions: conditions.map(describeLoanCondition),
    entrustedPayment: conditions.some((c) => c.type === 'entrusted_payment'),
    ...(collateral ? { collateral } : {}),
    signing: { place: branch?.place ?? row.branch_name_zh, date: today },
    ...loan,
  };

  await auditPersonalIds(q, user, id, collateral, guarantors);

  const templateIds = [
    loanTemplateId(product, today),
    ...(guarantors.length > 0 ? ['guarantee.joint-liability'] : []),
    ...(collateral || product?.guaranteeType === 'mortgage' ? ['mortgage.real-estate'] : []),
  ];
  return {
    applicationId: id,
    applicationStatus: row.status,
    applicationVersion: row.version,
    revision,
    data: data as unknown as Record<string, unknown>,
    templateIds,
    missing: notes.missing,
    sources: notes.sources,
  };
}

/**
 * The loan contract for the product's kind of loan (a working-capital, fixed-asset or property-secured
 * loan contract) in effect on the day; before the per-type templates took effect, the working-capital one.
 */
function loanTemplateId(product: Product | undefined, today: string): string {
  try {
    return templateFor('loan', today, product?.loanType ?? 'working_capital').id;
  } catch {
    return templateFor('loan', today).id;
  }
}

/**
 * A guaranteed product (LDD) is not contracted without its guarantor, nor a mortgage product (DYD)
 * without its collateral on file: 409 naming what is missing.
 */
export function refuseWithoutSecurity(
  id: string,
  product: Product | undefined,
  guarantors: number,
  collateralMissing: boolean,
): void {
  if (product?.guaranteeType === 'guarantee' && guarantors === 0) {
    throw conflict(
      'contract.guarantor_missing',
      `“${product.name.zh}”为保证贷款，申请 ${id} 没有保证人，不能生成合同；请先落实保证人。 ` +
        `${product.code} is a guaranteed loan and ${id} names no guarantor: it cannot be contracted.`,
      { productCode: product.code },
    );
  }
  if (product?.guaranteeType === 'mortgage' && collateralMissing) {
    throw conflict(
      'contract.collateral_missing',
      `“${product.name.zh}”为抵押贷款，申请 ${id} 没有登记抵押物，不能生成合同；请先落实抵押物。 ` +
        `${product.code} is a mortgage loan and ${id} has no collateral on file: it cannot be contracted.`,
      { productCode: product.code },
    );
  }
}

/** The day the case was approved (Beijing), which fixes the LPR its approved rate was priced on. */
function approvalDate(row: ContractRow, now: Date): string {
  const at = row.decided_at ?? row.submitted_at;
  return beijingDate(at ? new Date(at) : now);
}

/** The revision asked for (default the current one): the current, or the next to regenerate; else 400. */
async function revisionFor(q: Queryable, id: string, revisionWanted: number | undefined): Promise<number> {
  const current =
    (
      await q.query<{ r: number | null }>('SELECT max(revision)::int AS r FROM contracts WHERE application_id = $1', [
        id,
      ])
    ).rows[0]?.r ?? 1;
  const revision = revisionWanted ?? current;
  if (revision < current || revision > current + 1) {
    throw validationFailed(
      'query.revision',
      `this case's contracts are at revision ${current}; ask for ${current} or, to regenerate, ${current + 1}.`,
    );
  }
  return revision;
}

/** The lender's (branch) and borrower's addresses, from the application or else the party source; a missing legal representative noted. */
function addressesOf(
  row: ContractRow,
  profile: ProfileSnapshot,
  region: string,
  branch: ReturnType<ContractPartySource['branch']>,
  parties: ContractPartySource,
  notes: Provenance,
): { bankAddress: string | undefined; borrowerAddress: string | undefined } {
  const bankAddress = row.branch_address_zh ?? branch?.address;
  if (!row.branch_address_zh && branch) notes.fromParties('bank.address');
  if (!bankAddress) notes.lack('bank.address', '贷款人住所（机构地址）', 'branch address');

  let borrowerAddress = profile.address;
  if (!borrowerAddress) {
    borrowerAddress = parties.enterpriseAddress(row.uscc, region) ?? undefined;
    if (borrowerAddress) notes.fromParties('borrower.address');
    else notes.lack('borrower.address', '借款人住所', 'borrower address');
  }
  if (!profile.legalRepName) notes.lack('borrower.legalRep', '法定代表人', 'legal representative');
  return { bankAddress, borrowerAddress };
}

/** An organisation's name (a company, a guarantee fund, a cooperative) rather than a person's. */
const ORGANISATION = /公司|中心|合作社|基金|集团|企业|事务所|银行|担保/;

/**
 * The guarantors the case names (the application's, then the profile's: rows.ts guarantorsOf) with their
 * identifiers, addresses and — for an enterprise — legal representative; a party not on file is left
 * out and noted missing.
 */
function guarantorsOfCase(
  row: ContractRow,
  region: string,
  parties: ContractPartySource,
  notes: Provenance,
): Guarantors {
  const guarantors: Guarantors = [];
  for (const [i, g] of guarantorsOf(row).entries()) {
    const firm = g.uscc
      ? { uscc: g.uscc }
      : ORGANISATION.test(g.name)
        ? parties.enterpriseByName(g.name, region)
        : null;
    if (firm) {
      const address = parties.enterpriseAddress(firm.uscc, firm.uscc.slice(2, 8));
      const legalRep = parties.enterpriseLegalRep(firm.uscc, g.name);
      if (!address) notes.lack(`guarantors.${i}.address`, `保证人 ${g.name} 的住所`, `address of guarantor ${g.name}`);
      else notes.fromParties(`guarantors.${i}.address`);
      if (!legalRep)
        notes.lack(`guarantors.${i}.legalRep`, `保证人 ${g.name} 的法定代表人`, `legal representative of ${g.name}`);
      else notes.fromParties(`guarantors.${i}.legalRep`);
      if (!g.uscc) notes.fromParties(`guarantors.${i}.idNumber`);
      guarantors.push({
        kind: 'enterprise',
        name: g.name,
        idNumber: firm.uscc,
        address: address ?? '',
        ...(legalRep ? { legalRep } : {}),
      });
    } else {
      const p = parties.person(row.uscc, g.name, region);
      if (!p) {
        notes.lack(`guarantors.${i}.idNumber`, `保证人 ${g.name} 的居民身份证号码`, `ID number of guarantor ${g.name}`);
        continue;
      }
      notes.fromParties(`guarantors.${i}.idNumber`);
      guarantors.push({ kind: 'person', name: g.name, idNumber: p.idNumber, address: p.address });
    }
  }
  return guarantors;
}

/** The mortgaged property of a mortgage loan, securing the approved amount (noted missing if unknown). */
function collateralOf(
  id: string,
  row: ContractRow,
  profile: ProfileSnapshot,
  region: string,
  terms: ApprovedTerms,
  parties: ContractPartySource,
  notes: Provenance,
): ContractDataInput['collateral'] {
  const c = parties.collateral({
    applicationId: id,
    uscc: row.uscc,
    region,
    legalRepName: profile.legalRepName ?? '',
    legalRepId: profile.legalRepId ?? '',
    amountFen: parsePositiveMoney(terms.amount),
  });
  if (!c) {
    notes.lack('collateral', '抵押物信息（权属证书、评估价值）', 'collateral (title certificate, valuation)');
    return undefined;
  }
  notes.fromParties('collateral');
  return { ...c, securedAmount: terms.amount };
}

/**
 * The loan's printed terms: amount (also in capitals), dates, APRs and schedule from `today`; the rate as
 * approved, with the spread fixed at approval — over the LPR fixing in force on the approval date
 * (lprFixingOn), printed with that date — never recomputed from the LPR of the signing date.
 */
export function loanTerms(terms: ApprovedTerms, today: string, approvedOn: string): Partial<ContractDataInput> {
  const q2 = quote({ ...terms, startDate: today });
  const tenor = lprTenorFor(terms.termMonths);
  const annual = parseRatePercent(terms.annualRate) / MILLIONTHS;
  const lprDate = lprFixingOn(approvedOn);
  const lpr = bpToRate(lprOn(lprDate, tenor)) / MILLIONTHS;
  return {
    amount: terms.amount,
    amountInCapitals: toChineseCapitals(parsePositiveMoney(terms.amount)),
    termMonths: terms.termMonths,
    startDate: today,
    endDate: q2.schedule[q2.schedule.length - 1]?.dueDate ?? today,
    lprTenor: tenor === '1y' ? '1Y' : '5Y',
    lprRate: percent(lpr),
    lprDate,
    spread: percent(annual - lpr),
    annualRate: percent(annual),
    aprNominal: q2.aprNominal,
    aprEffective: q2.aprEffective,
    repaymentMethod: terms.repaymentMethod,
    schedule: q2.schedule,
  };
}

/** Full personal ID numbers (a person mortgagor or guarantor) leave the bank only audited. */
async function auditPersonalIds(
  q: Queryable,
  user: User,
  id: string,
  collateral: ContractDataInput['collateral'],
  guarantors: Guarantors,
): Promise<void> {
  const personalIds = [
    ...(collateral ? ['collateral.ownerIdNumber'] : []),
    ...guarantors.flatMap((g, i) => (g.kind === 'person' ? [`guarantors.${i}.idNumber`] : [])),
  ];
  if (personalIds.length === 0) return;
  await appendAudit(q, {
    actorId: user.id,
    action: 'personal_data.read',
    entityType: 'application',
    entityId: id,
    payload: { fields: personalIds, purpose: 'contract' },
  });
}
