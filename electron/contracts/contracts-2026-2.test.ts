/**
 * The 2026.2 contracts as PDFs, read back with pdftotext (poppler): each required clause is in the
 * document, and each party signs in the block of its kind — a natural person 签字并按指印, an enterprise
 * under its seal with its legal representative printed, the bank with its principal.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type ContractTemplate,
  FIXED_ASSET_LOAN_V2026_2,
  GUARANTEE_V2026_2,
  MORTGAGE_V2026_2,
  PROPERTY_SECURED_LOAN_V2026_2,
  WORKING_CAPITAL_LOAN_V2026_2,
} from '../../shared/contracts/index.js';
import { contractFontPrepared, prepareContractFont } from './contract-font.js';
import { type CurrentFixtureOptions, currentContractFixture } from './fixtures.js';
import { generateContract } from './index.js';

const noPoppler = spawnSync('which', ['pdftotext']).status !== 0;
if (noPoppler) console.warn('contracts 2026.2 tests: pdftotext missing — install poppler-utils to run them');
const work = mkdtempSync(join(tmpdir(), 'contracts-2026-2-'));

/** The contract's text as pdftotext reads it, with line breaks and layout spaces removed (clauses wrap). */
async function pdfText(t: ContractTemplate, o: CurrentFixtureOptions = {}): Promise<{ flat: string; raw: string }> {
  const r = await generateContract(currentContractFixture(o), t, { generatedAt: new Date('2026-11-30T02:00:00Z') });
  const path = join(work, `${t.id}-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(path, r.pdf);
  const out = spawnSync('pdftotext', ['-raw', path, '-'], { encoding: 'utf8' });
  expect(out.status, out.stderr).toBe(0);
  const raw = out.stdout;
  return { raw, flat: raw.replace(/\s+/g, '') };
}

const flat = (s: string) => s.replace(/\s+/g, '');

describe.skipIf(noPoppler)('2026.2 contracts read back from the PDF', () => {
  it('the working-capital loan contract carries every required clause', async () => {
    const { flat: t } = await pdfText(WORKING_CAPITAL_LOAN_V2026_2, {
      conditions: ['保证合同签署（保证人：上海浦江融资担保有限公司）', '受托支付（收款人：上海宝钢钢材贸易有限公司）'],
      entrustedPayment: true,
      spread: '-0.25',
    });
    for (const s of [
      '流动资金借款合同',
      '借款资金的支付',
      '本合同项下借款全部采用贷款人受托支付方式',
      '须经贷款人事先书面同意的事项',
      '合并、分立；（二）减少注册资本',
      '为第三方的债务提供保证、抵押、质押',
      '提前收回借款',
      '交叉违约',
      '提前还款',
      '《中华人民共和国民法典》第677条',
      '提款前提条件',
      '受托支付（收款人：上海宝钢钢材贸易有限公司）',
      '费用',
      '2026年2月20日全国银行间同业拆借中心公布的一年期贷款市场报价利率',
      '减25个基点',
      '年化利率（单利）',
      '年化利率（复利）',
    ])
      expect(t, s).toContain(flat(s));
    expect(t).not.toContain('IRR');
    expect(t).not.toContain('+-');
  });

  it('the fixed-asset and property-secured loan contracts have their own titles and purpose clauses', async () => {
    const fa = (await pdfText(FIXED_ASSET_LOAN_V2026_2, { loanType: 'fixed_asset', security: 'credit', guarantors: 0 }))
      .flat;
    expect(fa).toContain('固定资产借款合同');
    expect(fa).toContain(flat('（固定资产投资项目）'));
    const ps = (
      await pdfText(PROPERTY_SECURED_LOAN_V2026_2, {
        loanType: 'property_secured_operating',
        termMonths: 120,
        repaymentMethod: 'interest_first',
      })
    ).flat;
    expect(ps).toContain('经营性物业抵押借款合同');
    expect(ps).toContain('120个月');
    expect(ps).toContain(flat('不得用于购买住房或偿还住房贷款'));
    expect(ps).not.toContain('不得用于固定资产');
  });

  it('guarantee contract: 695, 392 with a mortgage, 696; an enterprise guarantor with its legal representative, a person 签字并按指印', async () => {
    const { flat: t, raw } = await pdfText(GUARANTEE_V2026_2, {
      loanType: 'property_secured_operating',
      guarantors: 2,
    });
    for (const n of [695, 697, 392, 696, 388, 688]) expect(t).toContain(`《中华人民共和国民法典》第${n}条`);
    expect(t).toContain('《经营性物业抵押借款合同》');
    // Head of the contract: the enterprise guarantor's legal representative.
    expect(t).toContain(
      flat('保证人一：上海浦江融资担保有限公司 统一社会信用代码：91310000MA1FL4T62Q 法定代表人：周建国'),
    );
    // Signature page, per party type.
    const sig = flat(raw.slice(raw.indexOf('以下无正文')));
    expect(sig).toContain('保证人一（盖章）：上海浦江融资担保有限公司');
    expect(sig).toContain('法定代表人：周建国');
    expect(sig).toContain('保证人二（签字并按指印）：李晓梅');
    expect(sig).toContain('本人签字并按指印');
    expect(sig).not.toContain('保证人二（盖章）');
    expect(sig).toContain('负责人：陈立新');
  });

  it('mortgage contract: 397, 405, 408, co-owner/spouse consent, the mortgagor’s address; a person mortgagor signs and puts a fingerprint', async () => {
    const { flat: t, raw } = await pdfText(MORTGAGE_V2026_2, { loanType: 'property_secured_operating', guarantors: 0 });
    for (const n of [388, 397, 402, 405, 408, 301, 1062, 695, 407, 410])
      expect(t, String(n)).toContain(`《中华人民共和国民法典》第${n}条`);
    expect(t).not.toContain('第392条'); // no guarantor: no order of recourse
    expect(t).toContain(flat('住址：上海市浦东新区锦绣路 1288 弄 6 号 1501 室'));
    const sig = flat(raw.slice(raw.indexOf('以下无正文')));
    expect(sig).toContain('抵押人（签字并按指印）：王建华');
    expect(sig).toContain('共有人／配偶同意抵押（签字并按指印）');
    expect(sig).not.toContain('抵押人（盖章）');
    expect(sig).not.toContain(flat('法定代表人或授权代理人（签字）'));
  });

  it('an enterprise mortgagor seals, its legal representative printed; with a guarantor the order of recourse (392) is there', async () => {
    const { flat: t, raw } = await pdfText(MORTGAGE_V2026_2, {
      loanType: 'property_secured_operating',
      mortgagor: 'enterprise',
      guarantors: 1,
    });
    expect(t).toContain('《中华人民共和国民法典》第392条');
    expect(t).toContain(flat('住所：上海市浦东新区锦绣路 1288 号 2 楼'));
    const sig = flat(raw.slice(raw.indexOf('以下无正文')));
    expect(sig).toContain('抵押人（盖章）：上海星河置业有限公司');
    expect(sig).toContain('法定代表人：王建华');
    expect(sig).not.toContain('抵押人（签字并按指印）');
  });

  it('the contract font’s working base (the bench’s batch path) gives byte-identical PDFs', async () => {
    const at = { generatedAt: new Date('2026-11-30T02:00:00Z') };
    const d = currentContractFixture({ guarantors: 2 });
    const before = await generateContract(d, GUARANTEE_V2026_2, at);
    await prepareContractFont();
    expect(contractFontPrepared()).toBe(true);
    const after = await generateContract(d, GUARANTEE_V2026_2, at);
    expect(after.sha256).toBe(before.sha256);
    // A name outside GB 2312 still renders (from the full font).
    const rare = { ...d, borrower: { ...d.borrower, legalRep: '王堃' } };
    const r = await generateContract(rare, WORKING_CAPITAL_LOAN_V2026_2, at);
    expect(r.pageCount).toBeGreaterThan(1);
  }, 60_000);
});
