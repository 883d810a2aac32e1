/**
 * Realistic ContractData for tests and the bench. The schedule is computed here with exact fen
 * arithmetic (bigint) so the fixture does not depend on the shared loan module; the amount in
 * capitals uses a small local converter for the same reason (production callers use shared money).
 */
import type { ContractData, RepaymentMethod, ScheduleRow } from '../../shared/contracts/index.js';

const RATE_SCALE = 1_000_000n; // annual rate in millionths of a percent unit

function toYuan(fen: bigint): string {
  const s = fen.toString().padStart(3, '0');
  return `${s.slice(0, -2)}.${s.slice(-2)}`;
}

function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${ny}-${String(nm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** Interest for one month on `balance` fen at `annualPct` (e.g. "3.95"), rounded half up to the fen. */
function monthInterest(balance: bigint, annualPct: string): bigint {
  const [i = '0', f = ''] = annualPct.split('.');
  const rate = BigInt(i) * RATE_SCALE + BigInt(f.padEnd(6, '0')); // percent × 1e6
  const denom = 100n * 12n * RATE_SCALE;
  return (balance * rate * 2n + denom) / (2n * denom);
}

export function buildSchedule(
  amount: string,
  annualPct: string,
  termMonths: number,
  method: RepaymentMethod,
  startDate: string,
): ScheduleRow[] {
  const principalFen = BigInt(amount.replace('.', ''));
  const r = Number(annualPct) / 1200;
  const level =
    method === 'equal_installment' ? BigInt(Math.round((Number(principalFen) * r) / (1 - (1 + r) ** -termMonths))) : 0n;
  const rows: ScheduleRow[] = [];
  let balance = principalFen;
  for (let p = 1; p <= termMonths; p++) {
    const interest = monthInterest(balance, annualPct);
    let principal: bigint;
    if (p === termMonths) principal = balance;
    else if (method === 'equal_installment') principal = level - interest;
    else if (method === 'equal_principal') principal = principalFen / BigInt(termMonths);
    else principal = 0n;
    balance -= principal;
    rows.push({
      period: p,
      dueDate: addMonths(startDate, p),
      principal: toYuan(principal),
      interest: toYuan(interest),
      payment: toYuan(principal + interest),
      balance: toYuan(balance),
    });
  }
  return rows;
}

/** Monthly IRR of the cash flows (amount out, payments in), by Newton's method; a rate, not money. */
function monthlyIrr(amount: string, rows: ScheduleRow[], fee = 0): number {
  const flows = rows.map((x) => Number(x.payment));
  const pv0 = Number(amount) - fee;
  let r = 0.005;
  for (let k = 0; k < 50; k++) {
    let f = -pv0;
    let df = 0;
    flows.forEach((c, i) => {
      f += c / (1 + r) ** (i + 1);
      df -= ((i + 1) * c) / (1 + r) ** (i + 2);
    });
    const step = f / df;
    r -= step;
    if (Math.abs(step) < 1e-14) break;
  }
  return r;
}

const CN_DIGITS = '零壹贰叁肆伍陆柒捌玖';
const CN_UNITS = ['', '拾', '佰', '仟'];
const CN_SECTIONS = ['', '万', '亿'];

/** "500000.00" → 人民币伍拾万元整 (fixture-only; production uses the shared money module). */
export function yuanToCapitals(yuan: string): string {
  const [intPart = '0', frac = '00'] = yuan.split('.');
  let n = intPart.replace(/^0+/, '') || '0';
  let out = '';
  let section = 0;
  let zeroPending = false;
  while (n.length > 0) {
    const chunk = n.slice(-4);
    n = n.slice(0, -4);
    let s = '';
    let z = false;
    for (let i = 0; i < chunk.length; i++) {
      const digit = Number(chunk[chunk.length - 1 - i]);
      if (digit === 0) z = s !== '';
      else {
        s = `${CN_DIGITS[digit]}${CN_UNITS[i]}${z ? '零' : ''}${s}`;
        z = false;
      }
    }
    if (s) {
      out = `${s}${CN_SECTIONS[section]}${zeroPending ? '零' : ''}${out}`;
      zeroPending = chunk.length === 4 && chunk[0] === '0';
    } else if (out) zeroPending = true;
    section++;
  }
  const yuanText = out ? `${out}元` : '';
  const jiao = Number(frac[0]);
  const fen = Number(frac[1]);
  if (jiao === 0 && fen === 0) return `人民币${yuanText || '零元'}整`;
  const jiaoText = jiao ? `${CN_DIGITS[jiao]}角` : yuanText ? '零' : '';
  return `人民币${yuanText}${jiaoText}${fen ? `${CN_DIGITS[fen]}分` : ''}`;
}

export interface FixtureOptions {
  repaymentMethod?: RepaymentMethod;
  termMonths?: number;
  amount?: string;
  guarantors?: number;
  collateral?: boolean;
  conditions?: string[];
  contractId?: string;
}

export function contractFixture(o: FixtureOptions = {}): ContractData {
  const method = o.repaymentMethod ?? 'equal_installment';
  const termMonths = o.termMonths ?? 36;
  const amount = o.amount ?? '500000.00';
  const startDate = '2026-03-16';
  const lprRate = '3.45';
  const spread = '0.50';
  const annualRate = '3.95';
  const schedule = buildSchedule(amount, annualRate, termMonths, method, startDate);
  const r = monthlyIrr(amount, schedule);
  const guarantors: ContractData['guarantors'] = [
    {
      kind: 'enterprise',
      name: '上海浦江融资担保有限公司',
      idNumber: '91310000MA1FL4T62Q',
      address: '上海市黄浦区中山南路 100 号 8 楼',
      legalRep: '周建国',
    },
    {
      kind: 'person',
      name: '李晓梅',
      idNumber: '310101198503154328',
      address: '上海市徐汇区漕溪北路 595 弄 3 号 1202 室',
    },
  ].slice(0, o.guarantors ?? 1) as ContractData['guarantors'];
  return {
    contractId: o.contractId ?? 'HT-2026-SH-000123',
    applicationId: 'APP-2026-000123',
    productCode: 'WC-STD',
    productName: '小微企业流动资金贷款',
    bank: { name: '示范银行股份有限公司上海浦东分行', address: '上海市浦东新区世纪大道 1000 号', principal: '陈立新' },
    borrower: {
      name: '上海星河精密机械有限公司',
      uscc: '91310115MA1K3YJ85X',
      legalRep: '王建华',
      address: '上海市浦东新区张江路 88 号 3 幢 201 室',
    },
    guarantors,
    amount,
    amountInCapitals: yuanToCapitals(amount),
    purpose: '采购原材料（钢材、轴承及数控系统配件）及支付日常经营周转款项',
    termMonths,
    startDate,
    endDate: schedule[schedule.length - 1]!.dueDate,
    lprTenor: '1Y',
    lprRate,
    spread,
    annualRate,
    aprNominal: (r * 1200).toFixed(4),
    aprEffective: (((1 + r) ** 12 - 1) * 100).toFixed(4),
    repaymentMethod: method,
    schedule,
    conditions: o.conditions ?? [
      '借款人在贷款人处开立结算账户，贷款期间月均结算流入不低于人民币 80 万元',
      '提款前提供采购合同及发票复印件，贷款资金采用受托支付方式支付给交易对手',
      '借款人资产负债率在贷款期间不得高于 70%',
    ],
    collateral: o.collateral
      ? {
          ownerName: '王建华',
          ownerIdNumber: '310115197801234516',
          description: '位于上海市浦东新区锦绣路 1288 弄 6 号 1501 室的住宅房产（建筑面积 128.56 平方米）',
          certificateNo: '沪（2021）浦字不动产权第 012345 号',
          appraisedValue: '6800000.00',
          securedAmount: amount,
        }
      : undefined,
    signing: { place: '上海市浦东新区', date: '2026-03-16' },
  };
}

export interface CurrentFixtureOptions extends FixtureOptions {
  loanType?: NonNullable<ContractData['loanType']>;
  security?: NonNullable<ContractData['security']>;
  entrustedPayment?: boolean;
  /** The mortgagor: a natural person (the legal representative, default) or an enterprise. */
  mortgagor?: 'person' | 'enterprise';
  lprDate?: string;
  spread?: string;
  lprRate?: string;
}

/**
 * ContractData as the bank API assembles it for the 2026.2 templates: the kind of loan and how it is
 * secured, the LPR fixing the approval used, the mortgagor's kind and address. (contractFixture stays
 * as it was: content hashes of 2026.1 contracts are pinned against it.)
 */
export function currentContractFixture(o: CurrentFixtureOptions = {}): ContractData {
  const base = contractFixture({ ...o, collateral: o.collateral ?? o.loanType === 'property_secured_operating' });
  const lprRate = o.lprRate ?? base.lprRate;
  const spread = o.spread ?? base.spread;
  const annualRate = addPercent(lprRate, spread);
  const schedule = buildSchedule(base.amount, annualRate, base.termMonths, base.repaymentMethod, base.startDate);
  const r = monthlyIrr(base.amount, schedule);
  const firm = o.mortgagor === 'enterprise';
  return {
    ...base,
    productCode: o.loanType === 'property_secured_operating' ? 'DYD' : 'LDD',
    productName: o.loanType === 'property_secured_operating' ? '抵押经营贷' : '流动资金贷款',
    loanType: o.loanType ?? 'working_capital',
    security: o.security ?? (o.loanType === 'property_secured_operating' ? 'mortgage' : 'guarantee'),
    lprRate,
    lprDate: o.lprDate ?? '2026-02-20',
    spread,
    annualRate,
    schedule,
    endDate: schedule[schedule.length - 1]!.dueDate,
    aprNominal: (r * 1200).toFixed(4),
    aprEffective: (((1 + r) ** 12 - 1) * 100).toFixed(4),
    entrustedPayment: o.entrustedPayment ?? false,
    collateral: base.collateral
      ? firm
        ? {
            ...base.collateral,
            ownerName: '上海星河置业有限公司',
            ownerIdNumber: '91310115MA1H7XQ03B',
            ownerKind: 'enterprise',
            ownerLegalRep: '王建华',
            ownerAddress: '上海市浦东新区锦绣路 1288 号 2 楼',
          }
        : { ...base.collateral, ownerKind: 'person', ownerAddress: '上海市浦东新区锦绣路 1288 弄 6 号 1501 室' }
      : undefined,
  };
}

/** "3.45" + "-0.25" → "3.20": exact, in millionths of a percent. */
function addPercent(a: string, b: string): string {
  const scaled = (s: string) => {
    const neg = s.startsWith('-');
    const [i = '0', f = ''] = (neg ? s.slice(1) : s).split('.');
    const v = BigInt(i) * 1_000_000n + BigInt(f.padEnd(6, '0'));
    return neg ? -v : v;
  };
  const v = scaled(a) + scaled(b);
  const abs = v < 0n ? -v : v;
  const frac = (abs % 1_000_000n)
    .toString()
    .padStart(6, '0')
    .replace(/0{1,4}$/, '');
  return `${v < 0n ? '-' : ''}${abs / 1_000_000n}.${frac.padEnd(2, '0')}`;
}
