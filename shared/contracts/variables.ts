/**
 * The variable catalogue: every `{{name}}` a clause may use, what it means, and where its value comes
 * from in the bank's records (`source`), so the contract officer's screen can show the provenance.
 */
import { LOAN_TYPE_RULES, type LoanType } from '../credit/loan-types.js';
import { type ContractData, fen, formatYuan, REPAYMENT_METHOD_LABELS } from './data.js';

export interface VariableDef {
  label: string;
  labelEn: string;
  /** Origin of the value in the bank's data model, e.g. 'approval.annualRate'. */
  source: string;
  /** The value as printed, or undefined when the data does not have it. */
  get(d: ContractData): string | undefined;
  /**
   * The unit the contract's text prints after the value ("人民币{{loan.amount}}元", "{{rate.annual}}%",
   * "加 {{rate.spread}} 个百分点"); the value itself is bare because the clause supplies it.
   */
  unit?: VariableUnit;
}

/** Units as the contract text writes them after a bare value. */
export type VariableUnit = 'yuan' | 'percent' | 'percentagePoints' | 'months' | 'periods';

const UNIT_SUFFIX: Record<VariableUnit, string> = {
  yuan: ' 元',
  percent: '%',
  percentagePoints: ' 个百分点',
  months: ' 个月',
  periods: ' 期',
};

/**
 * The spread over the LPR as the rate clause words it: "加 0.50 个百分点", or for a rate priced below
 * the LPR (a pricing exception) "减 N 个基点" — a negative spread is never printed as "加 -…".
 */
export function spreadWords(spread: string): string {
  if (!spread.startsWith('-')) return `加 ${spread} 个百分点`;
  const [int = '0', frac = ''] = spread.slice(1).split('.');
  const whole = Number(int) * 100 + Number(frac.padEnd(2, '0').slice(0, 2));
  const rest = frac.slice(2).replace(/0+$/, '');
  const bp = rest ? `${whole}.${rest}` : String(whole);
  return `减 ${bp} 个基点`;
}

const LPR_TENOR_LABELS = { '1Y': '一年期', '5Y': '五年期以上' } as const;

/** The main loan contract's title by loan type — what guarantee and mortgage contracts refer to. */
export const LOAN_CONTRACT_TITLES: Readonly<Record<LoanType, string>> = {
  working_capital: '流动资金借款合同',
  fixed_asset: '固定资产借款合同',
  property_secured_operating: '经营性物业抵押借款合同',
};

/** How the loan is paid out: all by 受托支付 when the approval requires it, else by the type's threshold. */
function paymentMode(d: ContractData): string | undefined {
  if (!d.loanType) return undefined;
  if (d.entrustedPayment) return '根据本笔贷款的审批条件，本合同项下借款全部采用贷款人受托支付方式。';
  const t = formatYuan(LOAN_TYPE_RULES[d.loanType].entrustedPaymentThresholdYuan);
  return (
    `借款人向单一交易对象单笔支付金额超过人民币${t}元的，应采用贷款人受托支付方式；` +
    `单笔支付金额在人民币${t}元以下（含本数）的，可采用借款人自主支付方式。`
  );
}

/** 2026-03-05 → 2026年3月5日 */
export function formatDateZh(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

function list(items: string[]): string | undefined {
  if (items.length === 0) return undefined;
  return items
    .map((s, i) => `（${i + 1}）${s.replace(/[。；;.]$/, '')}${i === items.length - 1 ? '。' : '；'}`)
    .join('\n');
}

function guarantorLine(g: ContractData['guarantors'][number]): string {
  return g.kind === 'enterprise'
    ? `${g.name}（统一社会信用代码：${g.idNumber}，住所：${g.address}${g.legalRep ? `，法定代表人：${g.legalRep}` : ''}）`
    : `${g.name}（居民身份证号码：${g.idNumber}，住址：${g.address}）`;
}

function totalInterest(d: ContractData): string {
  const t = d.schedule
    .reduce((s, r) => s + fen(r.interest), 0n)
    .toString()
    .padStart(3, '0');
  return formatYuan(`${t.slice(0, -2)}.${t.slice(-2)}`);
}

export const VARIABLES = {
  'contract.id': { label: '合同编号', labelEn: 'Contract number', source: 'contract.id', get: (d) => d.contractId },
  'application.id': {
    label: '申请编号',
    labelEn: 'Application ID',
    source: 'application.id',
    get: (d) => d.applicationId,
  },
  'product.name': { label: '贷款产品', labelEn: 'Product', source: 'product.name', get: (d) => d.productName },
  'product.code': {
    label: '产品代码',
    labelEn: 'Product code',
    source: 'application.productCode',
    get: (d) => d.productCode,
  },
  'bank.name': { label: '贷款人', labelEn: 'Lending branch', source: 'branch.name', get: (d) => d.bank.name },
  'bank.address': {
    label: '贷款人住所',
    labelEn: 'Branch address',
    source: 'branch.address',
    get: (d) => d.bank.address,
  },
  'borrower.name': { label: '借款人', labelEn: 'Borrower', source: 'enterprise.name', get: (d) => d.borrower.name },
  'borrower.uscc': {
    label: '统一社会信用代码',
    labelEn: 'Unified social credit code',
    source: 'enterprise.uscc',
    get: (d) => d.borrower.uscc,
  },
  'borrower.legalRep': {
    label: '法定代表人',
    labelEn: 'Legal representative',
    source: 'enterprise.legalRep',
    get: (d) => d.borrower.legalRep,
  },
  'borrower.address': {
    label: '借款人住所',
    labelEn: 'Borrower address',
    source: 'enterprise.address',
    get: (d) => d.borrower.address,
  },
  'loan.amount': {
    label: '借款金额',
    labelEn: 'Amount',
    source: 'approval.amount',
    get: (d) => formatYuan(d.amount),
    unit: 'yuan',
  },
  'loan.amountInCapitals': {
    label: '借款金额（大写）',
    labelEn: 'Amount in Chinese capitals',
    source: 'approval.amount → money.toChineseCapitals',
    get: (d) => d.amountInCapitals,
  },
  'loan.typeName': {
    label: '贷款种类',
    labelEn: 'Kind of loan',
    source: 'product.loanType',
    get: (d) => (d.loanType ? LOAN_TYPE_RULES[d.loanType].name.zh : undefined),
  },
  'loan.contractTitle': {
    label: '主合同名称',
    labelEn: 'Main contract',
    source: 'product.loanType',
    get: (d) => (d.loanType ? LOAN_CONTRACT_TITLES[d.loanType] : undefined),
  },
  'payment.mode': {
    label: '支付方式',
    labelEn: 'Payment of the loan',
    source: 'approval.conditions (entrusted_payment) · product.loanType threshold',
    get: paymentMode,
  },
  'loan.purpose': { label: '借款用途', labelEn: 'Purpose', source: 'application.purpose', get: (d) => d.purpose },
  'loan.termMonths': {
    label: '借款期限',
    labelEn: 'Term',
    source: 'approval.termMonths',
    get: (d) => String(d.termMonths),
    unit: 'months',
  },
  'loan.startDate': {
    label: '起始日',
    labelEn: 'Start date',
    source: 'quote.startDate',
    get: (d) => formatDateZh(d.startDate),
  },
  'loan.endDate': {
    label: '到期日',
    labelEn: 'Maturity date',
    source: 'quote.schedule',
    get: (d) => formatDateZh(d.endDate),
  },
  'rate.lprTenor': {
    label: 'LPR 期限品种',
    labelEn: 'LPR tenor',
    source: 'pricing.lprTenor',
    get: (d) => LPR_TENOR_LABELS[d.lprTenor],
  },
  'rate.lpr': {
    label: 'LPR',
    labelEn: 'Loan prime rate',
    source: 'pricing.lpr',
    get: (d) => d.lprRate,
    unit: 'percent',
  },
  'rate.spread': {
    label: '加点',
    labelEn: 'Spread',
    source: 'approval.spread',
    get: (d) => d.spread,
    unit: 'percentagePoints',
  },
  'rate.spreadWords': {
    label: '加减点',
    labelEn: 'Spread in words',
    source: 'approval.spread',
    get: (d) => spreadWords(d.spread),
  },
  'rate.annual': {
    label: '年利率',
    labelEn: 'Annual rate',
    source: 'approval.annualRate',
    get: (d) => d.annualRate,
    unit: 'percent',
  },
  'rate.lprDate': {
    label: 'LPR 报价日',
    labelEn: 'LPR fixing date',
    source: 'approval.decidedAt → pricing.LPR_TABLE',
    get: (d) => (d.lprDate ? formatDateZh(d.lprDate) : undefined),
  },
  'rate.aprNominal': {
    label: '年化利率（单利）',
    labelEn: 'Annualised rate (simple: monthly IRR × 12)',
    source: 'quote.aprNominal',
    get: (d) => d.aprNominal,
    unit: 'percent',
  },
  'rate.aprEffective': {
    label: '年化利率（复利）',
    labelEn: 'Annualised rate (compound: (1 + monthly IRR)^12 − 1)',
    source: 'quote.aprEffective',
    get: (d) => d.aprEffective,
    unit: 'percent',
  },
  'repayment.method': {
    label: '还款方式',
    labelEn: 'Repayment method',
    source: 'approval.repaymentMethod',
    get: (d) => REPAYMENT_METHOD_LABELS[d.repaymentMethod],
  },
  'repayment.periods': {
    label: '还款期数',
    labelEn: 'Instalments',
    source: 'quote.schedule',
    get: (d) => String(d.schedule.length),
    unit: 'periods',
  },
  'repayment.firstDueDate': {
    label: '首期还款日',
    labelEn: 'First due date',
    source: 'quote.schedule',
    get: (d) => (d.schedule[0] ? formatDateZh(d.schedule[0].dueDate) : undefined),
  },
  'repayment.totalInterest': {
    label: '利息合计',
    labelEn: 'Total interest',
    source: 'quote.totalInterest',
    get: totalInterest,
    unit: 'yuan',
  },
  'conditions.list': {
    label: '审批条件',
    labelEn: 'Approval conditions',
    source: 'approval.conditions',
    get: (d) => list(d.conditions) ?? '本笔贷款无附加审批条件。',
  },
  'guarantors.list': {
    label: '保证人',
    labelEn: 'Guarantors',
    source: 'application.guarantors',
    get: (d) => list(d.guarantors.map(guarantorLine)),
  },
  'guarantors.legalReps': {
    label: '保证人法定代表人',
    labelEn: "Guarantors' legal representatives",
    source: 'guarantor.legalRep',
    get: (d) => {
      const firms = d.guarantors.filter((g) => g.kind === 'enterprise');
      if (firms.some((g) => !g.legalRep)) return undefined;
      return firms.length ? firms.map((g) => `${g.name}：${g.legalRep}`).join('；') : '无（保证人为自然人）';
    },
  },
  'guarantors.names': {
    label: '保证人名称',
    labelEn: 'Guarantor names',
    source: 'application.guarantors',
    get: (d) => (d.guarantors.length ? d.guarantors.map((g) => g.name).join('、') : undefined),
  },
  'collateral.ownerName': {
    label: '抵押人',
    labelEn: 'Mortgagor',
    source: 'collateral.ownerName',
    get: (d) => d.collateral?.ownerName,
  },
  'collateral.ownerIdNumber': {
    label: '抵押人证件号码',
    labelEn: 'Mortgagor ID',
    source: 'collateral.ownerIdNumber',
    get: (d) => d.collateral?.ownerIdNumber,
  },
  'collateral.ownerAddress': {
    label: '抵押人住址',
    labelEn: 'Mortgagor address',
    source: 'collateral.ownerAddress',
    get: (d) => d.collateral?.ownerAddress,
  },
  'collateral.description': {
    label: '抵押物',
    labelEn: 'Collateral',
    source: 'collateral.description',
    get: (d) => d.collateral?.description,
  },
  'collateral.certificateNo': {
    label: '权属证书编号',
    labelEn: 'Title certificate',
    source: 'collateral.certificateNo',
    get: (d) => d.collateral?.certificateNo,
  },
  'collateral.appraisedValue': {
    label: '评估价值',
    labelEn: 'Appraised value',
    source: 'collateral.appraisedValue',
    get: (d) => (d.collateral ? formatYuan(d.collateral.appraisedValue) : undefined),
    unit: 'yuan',
  },
  'collateral.securedAmount': {
    label: '担保债权数额',
    labelEn: 'Secured amount',
    source: 'collateral.securedAmount',
    get: (d) => (d.collateral ? formatYuan(d.collateral.securedAmount) : undefined),
    unit: 'yuan',
  },
  'signing.place': {
    label: '签订地点',
    labelEn: 'Place of signing',
    source: 'contract.signingPlace',
    get: (d) => d.signing.place,
  },
  'signing.date': {
    label: '签订日期',
    labelEn: 'Date of signing',
    source: 'contract.signingDate',
    get: (d) => formatDateZh(d.signing.date),
  },
} satisfies Record<string, VariableDef>;

export type VariableName = keyof typeof VARIABLES;

/**
 * A variable's value as a person reads it in the contract, with the unit its clause prints beside it
 * ("3,000,000.00 元", "4.20%", "1.20 个百分点", "36 个月", "36 期"), for the contract officer's screen.
 * The contract itself prints the bare value inside its own wording; unknown names keep the value.
 */
export function displayValue(name: string, value: string): string {
  const unit = isKnownVariable(name) ? (VARIABLES[name] as VariableDef).unit : undefined;
  return unit ? `${value}${UNIT_SUFFIX[unit]}` : value;
}

export function isKnownVariable(name: string): name is VariableName {
  return Object.hasOwn(VARIABLES, name);
}
