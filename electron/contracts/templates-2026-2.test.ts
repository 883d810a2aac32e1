/**
 * Contract templates 2026.2 (#18): the loan contract for the right kind of loan, secured products only
 * with their security, the clauses a legal department asks for, article references checked at load,
 * and every published version's text pinned (a version is never edited in place).
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CIVIL_CODE_ARTICLES, citedArticles } from '../../shared/contracts/civil-code.js';
import type { Clause } from '../../shared/contracts/clauses.js';
import { CLAUSES } from '../../shared/contracts/clauses.js';
import {
  fillTemplate,
  resolveVariables,
  templateFor,
  templatesForCase,
  validateClause,
  validateLibrary,
  validateTemplate,
} from '../../shared/contracts/engine.js';
import { diffTemplates, libraryDocument, templateText } from '../../shared/contracts/library.js';
import { lprFixingOn, lprPublicationDate } from '../../shared/contracts/lpr-fixing.js';
import {
  type ContractTemplate,
  GUARANTEE_V2026_1,
  GUARANTEE_V2026_2,
  MORTGAGE_V2026_1,
  MORTGAGE_V2026_2,
  PROPERTY_SECURED_LOAN_V2026_2,
  TEMPLATES,
  WORKING_CAPITAL_LOAN_V2026_1,
  WORKING_CAPITAL_LOAN_V2026_2,
} from '../../shared/contracts/templates.js';
import { LOAN_CONTRACT_TITLES } from '../../shared/contracts/variables.js';
import { getProduct } from '../../shared/credit/products.js';
import { DomainError } from '../../shared/errors.js';
import { currentContractFixture } from './fixtures.js';

function domainError(f: () => unknown): DomainError {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

const text = (t: ContractTemplate, d = currentContractFixture()) =>
  fillTemplate(t, d)
    .articles.flatMap((a) => [a.title, ...a.paragraphs.map((p) => p.text)])
    .join('\n');

describe('the loan contract for the kind of loan', () => {
  it('a DYD case of 120 months gets the property-secured loan contract, with its mortgage contract', () => {
    const dyd = getProduct('DYD');
    expect(dyd.maxTermMonths).toBe(120);
    const d = currentContractFixture({ loanType: dyd.loanType, termMonths: 120, guarantors: 0 });
    const ts = templatesForCase(d, '2026-12-01');
    expect(ts.map((t) => `${t.id}@${t.version}`)).toEqual([
      'loan.property-secured@2026.2',
      'mortgage.real-estate@2026.2',
    ]);
    const loan = fillTemplate(ts[0]!, d);
    expect(loan.title).toBe('经营性物业抵押借款合同');
    expect(text(ts[0]!, d)).not.toContain('不得用于固定资产');
    expect(text(ts[1]!, d)).toContain('《经营性物业抵押借款合同》');
  });

  it('an LDD (working capital) case gets the working-capital contract of 2026.2; 2026.1 keeps its contracts', () => {
    const d = currentContractFixture({ loanType: getProduct('LDD').loanType });
    expect(templatesForCase(d, '2026-12-01').map((t) => `${t.id}@${t.version}`)).toEqual([
      'loan.working-capital@2026.2',
      'guarantee.joint-liability@2026.2',
    ]);
    expect(templateFor('loan', '2026-06-01')).toBe(WORKING_CAPITAL_LOAN_V2026_1);
    expect(text(WORKING_CAPITAL_LOAN_V2026_2, d)).toContain('借款不得用于固定资产、股权等投资');
  });

  it('an LDD case without a guarantor cannot be contracted, nor a mortgage product without collateral', () => {
    const ldd = currentContractFixture({ guarantors: 0, security: 'guarantee' });
    const e = domainError(() => templatesForCase(ldd, '2026-12-01'));
    expect(e).toMatchObject({ code: 'CONTRACT_GUARANTOR_MISSING', field: 'guarantors' });
    expect(e.message).toContain('没有保证人');
    const dyd = { ...currentContractFixture({ loanType: 'property_secured_operating' }), collateral: undefined };
    expect(domainError(() => templatesForCase(dyd, '2026-12-01')).code).toBe('CONTRACT_COLLATERAL_MISSING');
    // A credit product needs neither.
    const credit = currentContractFixture({ guarantors: 0, security: 'credit' });
    expect(templatesForCase(credit, '2026-12-01').map((t) => t.kind)).toEqual(['loan']);
  });
});

describe('the rate: spread fixed at approval, LPR fixing printed', () => {
  it('prints the approved spread over the LPR fixing the approval used, not the LPR of the signing date', () => {
    // Approved on 2024-10-15 at 4.35 % over the 1-year LPR of 2024-09-20 (3.35 %); signed on 2026-11-30
    // when the LPR is 3.00 %: the contract says 3.35 % + 1.00, fixed — never 3.00 % + 1.35.
    const d = currentContractFixture({ lprRate: '3.35', spread: '1.00', lprDate: lprFixingOn('2024-10-15') });
    expect(d.lprDate).toBe('2024-09-20');
    const rate = fillTemplate(WORKING_CAPITAL_LOAN_V2026_2, { ...d, signing: { place: '上海', date: '2026-11-30' } })
      .articles.find((a) => a.title === '借款利率')!
      .paragraphs.map((p) => p.text)
      .join('');
    expect(rate).toContain('2024年9月20日全国银行间同业拆借中心公布的一年期贷款市场报价利率（LPR），即 3.35%');
    expect(rate).toContain('加 1.00 个百分点，执行年利率为 4.35%');
    expect(rate).toContain('在本合同期限内固定不变');
  });

  it('a negative spread reads 减 N 个基点', () => {
    const d = currentContractFixture({ lprRate: '3.45', spread: '-0.25' });
    expect(text(WORKING_CAPITAL_LOAN_V2026_2, d)).toContain('在此基础上减 25 个基点，执行年利率为 3.20%');
  });

  it('the fixing is the 20th, or the next working day; before it, the previous month’s', () => {
    expect(lprFixingOn('2024-10-21')).toBe('2024-10-21'); // the 20th was a Sunday
    expect(lprFixingOn('2024-10-20')).toBe('2024-09-20');
    expect(lprFixingOn('2026-01-05')).toBe('2025-12-22');
    expect(lprPublicationDate(2026, 2)).toBe('2026-02-24'); // 春节
  });

  it('labels the annualised rates per PBoC 〔2021〕第3号: 年化利率（单利） and （复利）', () => {
    const t = text(WORKING_CAPITAL_LOAN_V2026_2);
    expect(t).toContain('年化利率（单利，月内部收益率 × 12）');
    expect(t).toContain('年化利率（复利）');
    expect(t).not.toContain('IRR');
  });
});

describe('the clauses a legal department asks for', () => {
  it('the loan contract: 受托支付/自主支付 and threshold, prior consent, early recall, default with cross-default, prepayment, drawdown conditions, fees', () => {
    const t = text(
      WORKING_CAPITAL_LOAN_V2026_2,
      currentContractFixture({ conditions: ['保证合同签署（保证人：甲）'] }),
    );
    for (const s of [
      '贷款人受托支付',
      '借款人自主支付',
      '单笔支付金额超过人民币1,000,000.00元的，应采用贷款人受托支付方式',
      '应事先取得贷款人的书面同意：（一）合并、分立；（二）减少注册资本；（三）转让、出售、赠与或以其他方式处分重大资产',
      '为第三方的债务提供保证、抵押、质押',
      '宣布已发放的借款全部或部分提前到期',
      '交叉违约',
      '《中华人民共和国民法典》第677条',
      '提款前提条件',
      '（1）保证合同签署（保证人：甲）。',
      '不向借款人收取贷款承诺费',
    ])
      expect(t).toContain(s);
    expect(t).not.toContain('五个工作日内书面通知贷款人。借款人发生合并');
    const entrusted = text(WORKING_CAPITAL_LOAN_V2026_2, currentContractFixture({ entrustedPayment: true }));
    expect(entrusted).toContain('本合同项下借款全部采用贷款人受托支付方式');
  });

  it('guarantee and mortgage contracts: 695, 392 when both coexist, 696/407, 397, 405, 408, co-owner and spouse consent', () => {
    const both = currentContractFixture({ loanType: 'property_secured_operating', guarantors: 1 });
    const g = text(GUARANTEE_V2026_2, both);
    for (const n of [695, 697, 392, 696]) expect(g).toContain(`《中华人民共和国民法典》第${n}条`);
    const m = text(MORTGAGE_V2026_2, both);
    for (const n of [397, 405, 408, 392, 407, 301, 1062]) expect(m).toContain(`《中华人民共和国民法典》第${n}条`);
    expect(m).toContain('配偶应在本合同签署页签字并按指印');
    // The order of recourse appears only when a mortgage and a guarantee coexist.
    const guaranteeOnly = currentContractFixture({ guarantors: 1 });
    expect(text(GUARANTEE_V2026_2, guaranteeOnly)).not.toContain('第392条');
    const mortgageOnly = currentContractFixture({ loanType: 'property_secured_operating', guarantors: 0 });
    expect(text(MORTGAGE_V2026_2, mortgageOnly)).not.toContain('第392条');
  });

  it('the mortgagor’s address and an enterprise guarantor’s legal representative are required', () => {
    const d = currentContractFixture({ loanType: 'property_secured_operating' });
    const noAddress = { ...d, collateral: { ...d.collateral!, ownerAddress: undefined } };
    const e = domainError(() => resolveVariables(MORTGAGE_V2026_2, noAddress));
    expect(e.code).toBe('CONTRACT_VARIABLE_MISSING');
    expect(e.details).toEqual({ variables: ['collateral.ownerAddress'] });
    expect(e.message).toContain('抵押人住址');
    const noRep = { ...d, guarantors: d.guarantors.map((x) => ({ ...x, legalRep: undefined })) };
    expect(domainError(() => resolveVariables(GUARANTEE_V2026_2, noRep)).details).toEqual({
      variables: ['guarantors.legalReps'],
    });
    // 2026.1 did not print them, and still does not ask for them.
    expect(() => resolveVariables(MORTGAGE_V2026_1, noAddress)).not.toThrow();
  });

  it('a 2026.2 loan contract without the LPR fixing date is refused, naming it', () => {
    const d = { ...currentContractFixture(), lprDate: undefined };
    const e = domainError(() => resolveVariables(WORKING_CAPITAL_LOAN_V2026_2, d));
    expect(e.details).toEqual({ variables: ['rate.lprDate'] });
    expect(e.message).toContain('LPR 报价日');
  });
});

describe('bad input refused at load, by name', () => {
  it('every clause’s article references exist in the list of citable 民法典 articles and match its text', () => {
    expect(() => validateLibrary()).not.toThrow();
    for (const [id, c] of Object.entries(CLAUSES)) {
      const cited = c.paragraphs.flatMap((p) => citedArticles(typeof p === 'string' ? p : p.text));
      expect([...new Set(cited)].sort(), id).toEqual([...(c.refs ?? [])].sort());
      for (const n of c.refs ?? []) expect(CIVIL_CODE_ARTICLES[n], `${id} → ${n}`).toBeDefined();
    }
  });

  it('refuses a clause citing an article that does not exist, or one not in the list, naming clause and article', () => {
    const beyond: Clause = { title: 'x', paragraphs: ['依照《中华人民共和国民法典》第1300条。'], refs: [1300] };
    const e = domainError(() => validateClause('loan.bad@1', beyond));
    expect(e.code).toBe('CONTRACT_CLAUSE_UNKNOWN_ARTICLE');
    expect(e.message).toContain('loan.bad@1');
    expect(e.message).toContain('第1300条');
    const unlisted: Clause = { title: 'x', paragraphs: ['《民法典》第500条'], refs: [500] };
    expect(domainError(() => validateClause('loan.bad@2', unlisted)).details).toEqual({
      clause: 'loan.bad@2',
      articles: [500],
    });
    const undeclared: Clause = { title: 'x', paragraphs: ['《中华人民共和国民法典》第677条'] };
    expect(domainError(() => validateClause('loan.bad@3', undeclared)).code).toBe('CONTRACT_CLAUSE_ARTICLE_MISMATCH');
  });

  it('refuses a template whose variable the catalogue does not know, naming it', () => {
    const bad: ContractTemplate = { ...WORKING_CAPITAL_LOAN_V2026_2, preamble: '借款人{{borrower.shoeSize}}。' };
    const e = domainError(() => validateLibrary([bad]));
    expect(e.code).toBe('CONTRACT_TEMPLATE_UNKNOWN_VARIABLE');
    expect(e.message).toContain('borrower.shoeSize');
    for (const t of TEMPLATES) expect(() => validateTemplate(t)).not.toThrow();
  });
});

describe('templates per version', () => {
  /** Each published version's whole wording, pinned: 2026.1 as before 2026.2 existed (checked against 4e094ce). */
  const PINNED: Record<string, string> = {
    'loan.working-capital@2026.1': '950ad6f4376dba31',
    'guarantee.joint-liability@2026.1': 'b1aeb5e6e4a8fc2f',
    'mortgage.real-estate@2026.1': 'd53d3872d5b958a5',
    'loan.working-capital@2026.2': 'f6ec0c0ea0cc9c5a',
    'loan.fixed-asset@2026.2': '6f9aade6c0fab0f6',
    'loan.property-secured@2026.2': '707ae3e87095391b',
    'guarantee.joint-liability@2026.2': '5ccb09aad08383d5',
    'mortgage.real-estate@2026.2': '917d7470d7571cd5',
  };

  it('the text of every published version is unchanged (a change is a new version)', () => {
    const now = Object.fromEntries(
      TEMPLATES.map((t) => [
        `${t.id}@${t.version}`,
        createHash('sha256').update(templateText(t)).digest('hex').slice(0, 16),
      ]),
    );
    expect(now).toEqual(PINNED);
  });

  it('diffs 2026.1 → 2026.2 clause by clause', () => {
    const loan = diffTemplates(WORKING_CAPITAL_LOAN_V2026_1, WORKING_CAPITAL_LOAN_V2026_2);
    expect(loan.added).toEqual(
      expect.arrayContaining([
        'loan.payment@1',
        'loan.prepayment@1',
        'loan.covenants@1',
        'loan.recall@1',
        'loan.fees@1',
      ]),
    );
    expect(loan.replaced).toContainEqual(['loan.rate@1', 'loan.rate@2']);
    expect(loan.replaced).toContainEqual(['loan.default@1', 'loan.default@2']);
    const g = diffTemplates(GUARANTEE_V2026_1, GUARANTEE_V2026_2);
    expect(g.added).toEqual(['guarantee.mainChanges@1', 'guarantee.recourseOrder@1', 'guarantee.assignment@1']);
    expect(g.removed).toEqual([]);
    const m = diffTemplates(MORTGAGE_V2026_1, MORTGAGE_V2026_2);
    expect(m.added).toContain('mortgage.lease@1');
    expect(m.replaced).toContainEqual(['mortgage.collateral@1', 'mortgage.collateral@2']);
  });

  it('the library document lists every version, its clauses in order with their article references', () => {
    const doc = libraryDocument();
    for (const t of TEMPLATES) expect(doc).toContain(`${t.id} v${t.version}`);
    expect(doc).toContain('[loan.prepayment@1]');
    expect(doc).toContain('法律依据：《民法典》第677条（借款人提前返还借款的');
    expect(doc.indexOf('[mortgage.lease@1]')).toBeLessThan(doc.indexOf('[mortgage.valueFall@1]'));
    expect(doc).toContain('与 v2026.1 相比');
    expect(Object.values(LOAN_CONTRACT_TITLES)).toContain(PROPERTY_SECURED_LOAN_V2026_2.title);
  });
});
