/**
 * The shortcuts the contract engine takes for speed give what the long way gives (issue 18's bench):
 * harfbuzz held in memory subsets as `subset-font` does, byte for byte; a loan contract (¥, −) is cut
 * from the working base and comes out byte-identical; glyph IDs from the cmap are pdf-lib's shaped IDs;
 * each page names the font once; the seal's CMS from its template is pkijs's CMS. Speed itself is
 * measured by `BENCH=contracts npm run bench`, never asserted here.
 */

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import subsetFont from 'subset-font';
import { describe, expect, it } from 'vitest';
import { baseFontBytes, fullHarfbuzzFont } from '../../node-shared/pdf-font';
import { WORKING_CAPITAL_LOAN_V2026_2 } from '../../shared/contracts/index.js';
import { embedSubsetFont, subsetChars } from '../../shared/pdf/font';
import { contractFont, contractFontPrepared, contractFontUse, prepareContractFont } from './contract-font.js';
import { currentContractFixture } from './fixtures.js';
import { createTestSealP12, generateContract, loadP12 } from './index.js';
import { glyphEncoder } from './layout.js';
import { contractModel } from './render.js';
import { buildCms, cmsFromTemplate } from './sign.js';

const at = { generatedAt: new Date('2026-11-30T02:00:00Z') };

describe('contract engine shortcuts', () => {
  it('harfbuzz held in memory cuts the same subset as subset-font', async () => {
    const chars = subsetChars('借款合同第一条　年利率 3.95%（小写：¥500,000.00）−0.25 个百分点，①②');
    const ours = (await fullHarfbuzzFont()).subset(chars);
    const reference = await subsetFont(baseFontBytes(), chars, {
      targetFormat: 'sfnt',
      keepFeatures: [],
      noLayoutClosure: true,
    });
    expect(Buffer.from(ours).equals(reference)).toBe(true);
    // A second subset from the same face is the same again (the face is reused, not consumed).
    expect(Buffer.from((await fullHarfbuzzFont()).subset(chars)).equals(reference)).toBe(true);
  });

  it('a loan contract is cut from the working base once prepared, byte-identical to the full font’s', async () => {
    const d = currentContractFixture({ termMonths: 36, guarantors: 1, spread: '-0.25' });
    const text = contractModel(d, WORKING_CAPITAL_LOAN_V2026_2).allText;
    expect(text).toContain('¥');
    const before = await generateContract(d, WORKING_CAPITAL_LOAN_V2026_2, at);
    await prepareContractFont();
    expect(contractFontPrepared()).toBe(true);
    const used = contractFontUse();
    const after = await generateContract(d, WORKING_CAPITAL_LOAN_V2026_2, at);
    expect(contractFontUse()).toEqual({ base: used.base + 1, full: used.full });
    expect(after.sha256).toBe(before.sha256);
  }, 60_000);

  it('glyph IDs from the subset’s cmap are those pdf-lib’s shaping gives, for every line drawn', async () => {
    const d = currentContractFixture({ termMonths: 36, guarantors: 1 });
    const m = contractModel(d, WORKING_CAPITAL_LOAN_V2026_2);
    const doc = await PDFDocument.create();
    const font = await embedSubsetFont(doc, m.allText, contractFont);
    const embedder = (font.font as unknown as { embedder: { encodeText(s: string): { toString(): string } } }).embedder;
    const encode = glyphEncoder(font);
    const lines = [
      ...m.filled.articles.flatMap((a) => a.paragraphs.map((p) => p.text)),
      ...m.facts.map((f) => f[1]),
      ...m.signerTexts.flat(),
      m.footerLeft,
    ];
    for (const line of lines) expect(encode(line).toString(), line).toBe(embedder.encodeText(line).toString());
  });

  it('each page of a contract names its font once in its resources', async () => {
    const r = await generateContract(currentContractFixture({ termMonths: 36 }), WORKING_CAPITAL_LOAN_V2026_2, at);
    const doc = await PDFDocument.load(r.pdf);
    for (const page of doc.getPages()) {
      const fonts = page.node.Resources()!.lookup(PDFName.of('Font'), PDFDict);
      expect(fonts.keys()).toHaveLength(1);
    }
  });

  it('the seal’s CMS from its template is the CMS pkijs builds end to end', async () => {
    const work = mkdtempSync(join(tmpdir(), 'contract-font-'));
    await createTestSealP12({ path: join(work, 'seal.p12'), passphrase: 'p', bankName: '示范银行股份有限公司' });
    const seal = loadP12(join(work, 'seal.p12'), 'p');
    for (const content of [new Uint8Array(0), new TextEncoder().encode('%PDF-1.7 contract'), new Uint8Array(70_000)]) {
      expect(Buffer.from(cmsFromTemplate(content, seal)).equals(Buffer.from(buildCms(content, seal)))).toBe(true);
    }
    // Different content, different CMS (the digest and signature holes are filled).
    expect(Buffer.from(cmsFromTemplate(new Uint8Array([1]), seal))).not.toEqual(
      Buffer.from(cmsFromTemplate(new Uint8Array([2]), seal)),
    );
  }, 60_000);
});
