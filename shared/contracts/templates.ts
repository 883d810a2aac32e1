/**
 * Contract templates as data. A template version is frozen once published: a change is a new
 * version (and new clause ids), and old versions stay here so a contract generated from them can be
 * regenerated identically. `templateFor(kind)` picks the newest version in effect on a date.
 */

import type { LoanType } from '../credit/loan-types.js';

export type ContractKind = 'loan' | 'guarantee' | 'mortgage';
export type PartyRole = 'bank' | 'borrower' | 'guarantor' | 'mortgagor';
/** An article is included only when the data has the thing it depends on. */
export type ArticleCondition = 'guarantors' | 'collateral';

export interface TemplateArticle {
  clause: string;
  when?: ArticleCondition;
}

export interface ContractTemplate {
  id: string;
  version: string;
  /** YYYY-MM-DD: contracts signed from this date use this version. */
  effectiveDate: string;
  kind: ContractKind;
  /** A loan contract's kind of loan (shared/credit/loan-types.ts); 2026.1 predates it (working capital). */
  loanType?: LoanType;
  /**
   * The print rules of the edition (2 from 2026.2): signature blocks by party type (a natural person
   * 签字并按指印), the mortgagor's address and an enterprise guarantor's legal representative at the
   * head, and the PBoC 〔2021〕第3号 rate labels. Absent: as 2026.1 printed, unchanged.
   */
  edition?: 2;
  title: string;
  titleEn: string;
  /** Appended to the contract ID to form this document's ID (none for the main loan contract). */
  documentSuffix: string;
  /** Printed labels of each party, in the order they appear at the head of the contract. */
  parties: { role: PartyRole; label: string }[];
  /** Who signs, in order; the bank always signs first (its seal certificate). */
  signers: { role: PartyRole; label: string }[];
  preamble: string;
  articles: TemplateArticle[];
  /** Every variable the template's text may use. */
  variables: string[];
  scheduleAppendix: boolean;
}

/** Published templates are frozen, so nothing can edit a version in place at run time. */
function published<T extends object>(o: T): T {
  for (const v of Object.values(o)) if (v && typeof v === 'object' && !Object.isFrozen(v)) published(v);
  return Object.freeze(o);
}

const COMMON_TAIL: TemplateArticle[] = [
  { clause: 'common.disputes@1' },
  { clause: 'common.notices@1' },
  { clause: 'common.effect@1' },
];

const LOAN_VARIABLES = [
  'contract.id',
  'bank.name',
  'borrower.name',
  'product.name',
  'loan.amount',
  'loan.amountInCapitals',
  'loan.purpose',
  'loan.termMonths',
  'loan.startDate',
  'loan.endDate',
  'rate.lprTenor',
  'rate.lpr',
  'rate.spread',
  'rate.spreadWords',
  'rate.annual',
  'rate.aprNominal',
  'rate.aprEffective',
  'repayment.method',
  'repayment.periods',
  'repayment.firstDueDate',
  'repayment.totalInterest',
  'conditions.list',
  'guarantors.list',
  'collateral.ownerName',
  'collateral.description',
  'collateral.certificateNo',
  'signing.date',
  'signing.place',
];

export const WORKING_CAPITAL_LOAN_V2026_1: ContractTemplate = published({
  id: 'loan.working-capital',
  version: '2026.1',
  effectiveDate: '2026-01-01',
  kind: 'loan',
  title: '流动资金借款合同',
  titleEn: 'Working Capital Loan Contract',
  documentSuffix: '',
  parties: [
    { role: 'bank', label: '贷款人' },
    { role: 'borrower', label: '借款人' },
  ],
  signers: [
    { role: 'bank', label: '贷款人' },
    { role: 'borrower', label: '借款人' },
    { role: 'guarantor', label: '保证人' },
  ],
  preamble:
    '借款人因生产经营需要，向贷款人申请“{{product.name}}”流动资金贷款。根据《中华人民共和国民法典》《流动资金贷款管理办法》等法律法规及监管规定，双方经平等协商，订立本合同，共同遵守。',
  articles: [
    { clause: 'loan.amount@1' },
    { clause: 'loan.purpose@1' },
    { clause: 'loan.term@1' },
    { clause: 'loan.rate@1' },
    { clause: 'loan.repayment@1' },
    { clause: 'loan.conditions@1' },
    { clause: 'loan.guarantee@1', when: 'guarantors' },
    { clause: 'loan.collateral@1', when: 'collateral' },
    { clause: 'loan.borrowerDuties@1' },
    { clause: 'loan.bankDuties@1' },
    { clause: 'loan.default@1' },
    ...COMMON_TAIL,
  ],
  variables: LOAN_VARIABLES,
  scheduleAppendix: true,
});

/** Title, parties, signers and preamble of the guarantee contract: the same in every edition so far. */
const GUARANTEE_HEAD: Pick<
  ContractTemplate,
  'title' | 'titleEn' | 'documentSuffix' | 'parties' | 'signers' | 'preamble'
> = {
  title: '保证合同',
  titleEn: 'Guarantee Contract',
  documentSuffix: 'BZ',
  parties: [
    { role: 'bank', label: '债权人' },
    { role: 'guarantor', label: '保证人' },
    { role: 'borrower', label: '债务人' },
  ],
  signers: [
    { role: 'bank', label: '债权人' },
    { role: 'guarantor', label: '保证人' },
  ],
  preamble:
    '为确保债务人在主合同项下债务的履行，保证人愿意向债权人提供连带责任保证。根据《中华人民共和国民法典》等法律法规，各方经平等协商，订立本合同。',
};

/** Title, parties, signers and preamble of the mortgage contract: the same in every edition so far. */
const MORTGAGE_HEAD: Pick<
  ContractTemplate,
  'title' | 'titleEn' | 'documentSuffix' | 'parties' | 'signers' | 'preamble'
> = {
  title: '抵押合同',
  titleEn: 'Mortgage Contract',
  documentSuffix: 'DY',
  parties: [
    { role: 'bank', label: '抵押权人' },
    { role: 'mortgagor', label: '抵押人' },
    { role: 'borrower', label: '债务人' },
  ],
  signers: [
    { role: 'bank', label: '抵押权人' },
    { role: 'mortgagor', label: '抵押人' },
  ],
  preamble:
    '为确保债务人在主合同项下债务的履行，抵押人愿意以其有权处分的财产向抵押权人提供抵押担保。根据《中华人民共和国民法典》等法律法规，各方经平等协商，订立本合同。',
};

export const GUARANTEE_V2026_1: ContractTemplate = published({
  id: 'guarantee.joint-liability',
  version: '2026.1',
  effectiveDate: '2026-01-01',
  kind: 'guarantee',
  ...GUARANTEE_HEAD,
  articles: [
    { clause: 'guarantee.debt@1' },
    { clause: 'guarantee.mode@1' },
    { clause: 'guarantee.scope@1' },
    { clause: 'guarantee.period@1' },
    { clause: 'guarantee.duties@1' },
    ...COMMON_TAIL,
  ],
  variables: [
    'contract.id',
    'bank.name',
    'borrower.name',
    'guarantors.names',
    'loan.amount',
    'loan.amountInCapitals',
    'loan.startDate',
    'loan.endDate',
    'rate.annual',
    'signing.date',
    'signing.place',
  ],
  scheduleAppendix: true,
});

export const MORTGAGE_V2026_1: ContractTemplate = published({
  id: 'mortgage.real-estate',
  version: '2026.1',
  effectiveDate: '2026-01-01',
  kind: 'mortgage',
  ...MORTGAGE_HEAD,
  articles: [
    { clause: 'mortgage.debt@1' },
    { clause: 'mortgage.collateral@1' },
    { clause: 'mortgage.scope@1' },
    { clause: 'mortgage.registration@1' },
    { clause: 'mortgage.custody@1' },
    { clause: 'mortgage.enforce@1' },
    ...COMMON_TAIL,
  ],
  variables: [
    'contract.id',
    'bank.name',
    'borrower.name',
    'loan.amount',
    'loan.amountInCapitals',
    'loan.startDate',
    'loan.endDate',
    'collateral.description',
    'collateral.certificateNo',
    'collateral.appraisedValue',
    'collateral.securedAmount',
    'signing.date',
    'signing.place',
  ],
  scheduleAppendix: false,
});

// ——— 2026.2 (#18): a loan contract per kind of loan, and guarantee and mortgage contracts with the
// clauses a legal department asks for. Effective from 2026-11-30; 2026.1 stays for its contracts.

const EDITION_2_DATE = '2026-11-30';

const TAIL_2: TemplateArticle[] = [
  { clause: 'common.disputes@1' },
  { clause: 'common.notices@1' },
  { clause: 'common.effect@2' },
];

const LOAN_VARIABLES_2 = [
  ...LOAN_VARIABLES.filter((v) => v !== 'rate.spread'),
  'rate.spread',
  'rate.lprDate',
  'loan.typeName',
  'payment.mode',
];

function loanArticles2(purposeClause: string): TemplateArticle[] {
  return [
    { clause: 'loan.amount@2' },
    { clause: purposeClause },
    { clause: 'loan.term@1' },
    { clause: 'loan.rate@2' },
    { clause: 'loan.fees@1' },
    { clause: 'loan.repayment@1' },
    { clause: 'loan.payment@1' },
    { clause: 'loan.drawdown@1' },
    { clause: 'loan.prepayment@1' },
    { clause: 'loan.guarantee@1', when: 'guarantors' },
    { clause: 'loan.collateral@1', when: 'collateral' },
    { clause: 'loan.borrowerDuties@2' },
    { clause: 'loan.covenants@1' },
    { clause: 'loan.bankDuties@1' },
    { clause: 'loan.recall@1' },
    { clause: 'loan.default@2' },
    ...TAIL_2,
  ];
}

const LOAN_SIGNERS: ContractTemplate['signers'] = [
  { role: 'bank', label: '贷款人' },
  { role: 'borrower', label: '借款人' },
  { role: 'guarantor', label: '保证人' },
];

export const WORKING_CAPITAL_LOAN_V2026_2: ContractTemplate = published({
  id: 'loan.working-capital',
  version: '2026.2',
  effectiveDate: EDITION_2_DATE,
  kind: 'loan',
  loanType: 'working_capital',
  edition: 2,
  title: '流动资金借款合同',
  titleEn: 'Working Capital Loan Contract',
  documentSuffix: '',
  parties: [
    { role: 'bank', label: '贷款人' },
    { role: 'borrower', label: '借款人' },
  ],
  signers: LOAN_SIGNERS,
  preamble:
    '借款人因日常生产经营周转需要，向贷款人申请“{{product.name}}”流动资金贷款。根据《中华人民共和国民法典》《流动资金贷款管理办法》等法律法规及监管规定，双方经平等协商，订立本合同，共同遵守。',
  articles: loanArticles2('loan.purpose.working-capital@2'),
  variables: LOAN_VARIABLES_2,
  scheduleAppendix: true,
});

export const FIXED_ASSET_LOAN_V2026_2: ContractTemplate = published({
  id: 'loan.fixed-asset',
  version: '2026.2',
  effectiveDate: EDITION_2_DATE,
  kind: 'loan',
  loanType: 'fixed_asset',
  edition: 2,
  title: '固定资产借款合同',
  titleEn: 'Fixed Asset Loan Contract',
  documentSuffix: '',
  parties: [
    { role: 'bank', label: '贷款人' },
    { role: 'borrower', label: '借款人' },
  ],
  signers: LOAN_SIGNERS,
  preamble:
    '借款人因固定资产投资项目需要，向贷款人申请“{{product.name}}”固定资产贷款。根据《中华人民共和国民法典》《固定资产贷款管理办法》等法律法规及监管规定，双方经平等协商，订立本合同，共同遵守。',
  articles: loanArticles2('loan.purpose.fixed-asset@1'),
  variables: LOAN_VARIABLES_2,
  scheduleAppendix: true,
});

export const PROPERTY_SECURED_LOAN_V2026_2: ContractTemplate = published({
  id: 'loan.property-secured',
  version: '2026.2',
  effectiveDate: EDITION_2_DATE,
  kind: 'loan',
  loanType: 'property_secured_operating',
  edition: 2,
  title: '经营性物业抵押借款合同',
  titleEn: 'Property-Secured Operating Loan Contract',
  documentSuffix: '',
  parties: [
    { role: 'bank', label: '贷款人' },
    { role: 'borrower', label: '借款人' },
  ],
  signers: LOAN_SIGNERS,
  preamble:
    '借款人以经营性不动产提供抵押担保，向贷款人申请“{{product.name}}”经营性物业抵押贷款，用于生产经营。根据《中华人民共和国民法典》《商业银行房地产贷款风险管理指引》等法律法规及监管规定，双方经平等协商，订立本合同，共同遵守。',
  articles: loanArticles2('loan.purpose.property-secured@1'),
  variables: LOAN_VARIABLES_2,
  scheduleAppendix: true,
});

export const GUARANTEE_V2026_2: ContractTemplate = published({
  id: 'guarantee.joint-liability',
  version: '2026.2',
  effectiveDate: EDITION_2_DATE,
  kind: 'guarantee',
  edition: 2,
  ...GUARANTEE_HEAD,
  articles: [
    { clause: 'guarantee.debt@2' },
    { clause: 'guarantee.mode@2' },
    { clause: 'guarantee.scope@1' },
    { clause: 'guarantee.period@1' },
    { clause: 'guarantee.mainChanges@1' },
    { clause: 'guarantee.recourseOrder@1', when: 'collateral' },
    { clause: 'guarantee.assignment@1' },
    { clause: 'guarantee.duties@2' },
    ...TAIL_2,
  ],
  variables: [
    'contract.id',
    'bank.name',
    'borrower.name',
    'guarantors.names',
    'guarantors.legalReps',
    'loan.contractTitle',
    'loan.amount',
    'loan.amountInCapitals',
    'loan.startDate',
    'loan.endDate',
    'rate.annual',
    'signing.date',
    'signing.place',
  ],
  scheduleAppendix: true,
});

export const MORTGAGE_V2026_2: ContractTemplate = published({
  id: 'mortgage.real-estate',
  version: '2026.2',
  effectiveDate: EDITION_2_DATE,
  kind: 'mortgage',
  edition: 2,
  ...MORTGAGE_HEAD,
  articles: [
    { clause: 'mortgage.debt@2' },
    { clause: 'mortgage.collateral@2' },
    { clause: 'mortgage.scope@1' },
    { clause: 'mortgage.registration@2' },
    { clause: 'mortgage.custody@1' },
    { clause: 'mortgage.lease@1' },
    { clause: 'mortgage.valueFall@1' },
    { clause: 'mortgage.coOwners@1' },
    { clause: 'mortgage.mainChanges@1' },
    { clause: 'mortgage.recourseOrder@1', when: 'guarantors' },
    { clause: 'mortgage.assignment@1' },
    { clause: 'mortgage.enforce@2' },
    ...TAIL_2,
  ],
  variables: [
    'contract.id',
    'bank.name',
    'borrower.name',
    'loan.contractTitle',
    'loan.amount',
    'loan.amountInCapitals',
    'loan.startDate',
    'loan.endDate',
    'collateral.ownerAddress',
    'collateral.description',
    'collateral.certificateNo',
    'collateral.appraisedValue',
    'collateral.securedAmount',
    'signing.date',
    'signing.place',
  ],
  scheduleAppendix: false,
});

/** Every published version, oldest first. Never edit an entry; add a new version. */
export const TEMPLATES: readonly ContractTemplate[] = [
  WORKING_CAPITAL_LOAN_V2026_1,
  GUARANTEE_V2026_1,
  MORTGAGE_V2026_1,
  WORKING_CAPITAL_LOAN_V2026_2,
  FIXED_ASSET_LOAN_V2026_2,
  PROPERTY_SECURED_LOAN_V2026_2,
  GUARANTEE_V2026_2,
  MORTGAGE_V2026_2,
];
