import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import {
  CLAUSES,
  type ContractData,
  type ContractTemplate,
  chineseNumber,
  displayValue,
  fillTemplate,
  GUARANTEE_V2026_1,
  getTemplate,
  MORTGAGE_V2026_1,
  maskIdentifier,
  parseContractData,
  resolveVariables,
  TEMPLATES,
  templatesForCase,
  VARIABLES,
  type VariableDef,
  validateTemplate,
  WORKING_CAPITAL_LOAN_V2026_1,
} from './index.js';

function data(overrides: Partial<ContractData> = {}): ContractData {
  return parseContractData({
    contractId: 'HT-1',
    applicationId: 'APP-1',
    productCode: 'WC',
    productName: '流动资金贷款',
    bank: { name: '示范银行上海分行', address: '上海市世纪大道 1 号' },
    borrower: {
      name: '星河机械有限公司',
      uscc: '91310115MA1K3YJ85X',
      legalRep: '王建华',
      address: '上海市张江路 88 号',
    },
    guarantors: [],
    amount: '100000.00',
    amountInCapitals: '人民币壹拾万元整',
    purpose: '采购原材料',
    termMonths: 2,
    startDate: '2026-01-10',
    endDate: '2026-03-10',
    lprTenor: '1Y',
    lprRate: '3.45',
    spread: '0.50',
    annualRate: '3.95',
    aprNominal: '3.9500',
    aprEffective: '4.0223',
    repaymentMethod: 'interest_first',
    schedule: [
      {
        period: 1,
        dueDate: '2026-02-10',
        principal: '0.00',
        interest: '329.17',
        payment: '329.17',
        balance: '100000.00',
      },
      {
        period: 2,
        dueDate: '2026-03-10',
        principal: '100000.00',
        interest: '329.17',
        payment: '100329.17',
        balance: '0.00',
      },
    ],
    conditions: [],
    signing: { place: '上海', date: '2026-01-10' },
    ...overrides,
  });
}

function domainError(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

describe('contract templates', () => {
  it('every published template is valid against the variable catalogue', () => {
    for (const t of TEMPLATES) expect(() => validateTemplate(t)).not.toThrow();
  });

  it('refuses a template with an unknown variable, naming it', () => {
    const bad: ContractTemplate = { ...WORKING_CAPITAL_LOAN_V2026_1, preamble: '借款人{{borrower.nickname}}同意。' };
    const e = domainError(() => validateTemplate(bad));
    expect(e.code).toBe('CONTRACT_TEMPLATE_UNKNOWN_VARIABLE');
    expect(e.message).toContain('borrower.nickname');
    expect(e.message).toMatch(/未定义的变量.*unknown/);
  });

  it('refuses a template that uses a known variable it did not declare', () => {
    const bad: ContractTemplate = {
      ...MORTGAGE_V2026_1,
      variables: MORTGAGE_V2026_1.variables.filter((v) => v !== 'bank.name'),
    };
    expect(domainError(() => validateTemplate(bad)).details).toEqual({ variables: ['bank.name'] });
  });

  it('a published template version cannot be edited in place', () => {
    expect(() => {
      (WORKING_CAPITAL_LOAN_V2026_1.articles as unknown as unknown[]).push({ clause: 'common.effect@1' });
    }).toThrow(TypeError);
    expect(Object.isFrozen(CLAUSES['loan.rate@1']?.paragraphs)).toBe(true);
  });

  it('finds a template by exact version and refuses an unknown one', () => {
    expect(getTemplate('loan.working-capital', '2026.1')).toBe(WORKING_CAPITAL_LOAN_V2026_1);
    expect(domainError(() => getTemplate('loan.working-capital', '1999.1')).code).toBe('CONTRACT_TEMPLATE_NOT_FOUND');
  });

  it('picks the templates a case needs', () => {
    expect(templatesForCase(data(), '2026-02-01').map((t) => t.kind)).toEqual(['loan']);
  });
});

describe('variables', () => {
  it('resolves each variable with its value and source', () => {
    const vars = resolveVariables(WORKING_CAPITAL_LOAN_V2026_1, data());
    const byName = Object.fromEntries(vars.map((v) => [v.name, v]));
    expect(byName['loan.amount']).toMatchObject({ value: '100,000.00', source: 'approval.amount' });
    expect(byName['rate.annual']).toMatchObject({ value: '3.95', source: 'approval.annualRate' });
    expect(byName['borrower.name']?.source).toBe('enterprise.name');
    expect(byName['repayment.totalInterest']?.value).toBe('658.34');
    // No guarantors, no collateral: those articles and their variables are left out.
    expect(byName['guarantors.list']).toBeUndefined();
  });

  it('refuses a guarantee contract without guarantors and a mortgage without collateral', () => {
    const g = domainError(() => resolveVariables(GUARANTEE_V2026_1, data()));
    expect(g.code).toBe('CONTRACT_VARIABLE_MISSING');
    expect(g.message).toContain('保证人');
    const m = domainError(() => resolveVariables(MORTGAGE_V2026_1, data()));
    expect(m.code).toBe('CONTRACT_VARIABLE_MISSING');
    expect(m.message).toMatch(/抵押物.*Collateral/);
  });

  it('numbers articles 第一条 … and states the rate as LPR plus spread', () => {
    const f = fillTemplate(WORKING_CAPITAL_LOAN_V2026_1, data());
    expect(f.articles[0]?.number).toBe('第一条');
    expect(f.articles.at(-1)?.number).toBe(`第${chineseNumber(f.articles.length)}条`);
    const rate = f.articles.find((a) => a.title === '借款利率')!;
    expect(rate.paragraphs[0]?.text).toContain('LPR 3.45% 加 0.50 个百分点，即年利率 3.95%');
    expect(rate.paragraphs.some((p) => p.style === 'notice' && p.text.includes('3.9500%'))).toBe(true);
  });

  it("shows each value on the officer's screen with the unit the contract prints beside it", () => {
    const vars = resolveVariables(WORKING_CAPITAL_LOAN_V2026_1, data());
    const shown = Object.fromEntries(vars.map((v) => [v.name, displayValue(v.name, v.value)]));
    expect(shown).toMatchObject({
      'loan.amount': '100,000.00 元',
      'loan.termMonths': '2 个月',
      'loan.startDate': '2026年1月10日',
      'rate.lpr': '3.45%',
      'rate.spread': '0.50 个百分点',
      'rate.annual': '3.95%',
      'rate.aprNominal': '3.9500%',
      'rate.aprEffective': '4.0223%',
      'repayment.periods': '2 期',
      'repayment.totalInterest': '658.34 元',
      'loan.amountInCapitals': '人民币壹拾万元整',
      'rate.lprTenor': '一年期',
    });
    expect(displayValue('borrower.nickname', 'x')).toBe('x');
  });

  it("a variable's unit is the one every clause prints after it (so the screen reads as the contract)", () => {
    const suffix: Record<NonNullable<VariableDef['unit']>, string> = {
      yuan: '元',
      percent: '%',
      percentagePoints: '个百分点',
      months: '个月',
      periods: '期',
    };
    let checked = 0;
    for (const clause of Object.values(CLAUSES)) {
      for (const p of clause.paragraphs) {
        const text = typeof p === 'string' ? p : p.text;
        for (const m of text.matchAll(/\{\{([\w.]+)\}\}\s*/g)) {
          const unit = (VARIABLES as Record<string, VariableDef>)[m[1]!]?.unit;
          if (!unit) continue;
          expect(text.slice(m.index + m[0].length), `${m[1]} in ${clause.title}`).toMatch(
            new RegExp(`^${suffix[unit]}`),
          );
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('writes Chinese article numbers and masks a person ID but not a USCC', () => {
    expect([1, 9, 10, 11, 20, 23].map(chineseNumber)).toEqual(['一', '九', '十', '十一', '二十', '二十三']);
    expect(maskIdentifier('310101198503154328', 'resident-id')).toBe('310101********4328');
    expect(maskIdentifier('91310115MA1K3YJ85X', 'uscc')).toBe('91310115MA1K3YJ85X');
  });
});

describe('ContractData', () => {
  it('refuses a rate that is not LPR + spread, and a schedule that does not repay the amount', () => {
    const e = domainError(() => data({ annualRate: '4.00' }));
    expect(e.code).toBe('CONTRACT_DATA_INVALID');
    expect(e.field).toBe('annualRate');
    expect(domainError(() => data({ amount: '100000.01' })).message).toContain('schedule');
  });
});

describe('the spread in words', () => {
  it('adds percentage points, and words a negative spread as basis points off the LPR', async () => {
    const { spreadWords } = await import('./variables');
    expect(spreadWords('0.50')).toBe('加 0.50 个百分点');
    expect(spreadWords('-2.50')).toBe('减 250 个基点');
    expect(spreadWords('-0.10')).toBe('减 10 个基点');
    expect(spreadWords('-0.0525')).toBe('减 5.25 个基点');
  });
});
