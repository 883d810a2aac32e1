/**
 * Renders one contract to PDF: bank header, parties, key facts (amount in figures and capitals,
 * LPR + spread, the annualised rate), the numbered articles, signature blocks with empty signature
 * fields, and the repayment schedule appendix. Every page carries the document ID, the content hash
 * and 第 N 页 共 M 页. The template ID and version go into the PDF's document information.
 */
import { createHash } from 'node:crypto';
import { type PDFArray, PDFDocument, PDFHexString, PDFName, type PDFPage, PDFString } from 'pdf-lib';
import { assertFontCovers } from '../../node-shared/pdf-font';
import { canonicalJson } from '../../shared/canonical-json';
import {
  type ContractData,
  type ContractTemplate,
  fen,
  fillTemplate,
  formatDateZh,
  formatYuan,
  partiesOf,
  REPAYMENT_METHOD_LABELS,
  type ResolvedVariable,
  type Signer,
  signersOf,
  spreadWords,
} from '../../shared/contracts/index.js';
import { savePdf, setDocumentInfo, stampPages } from '../../shared/pdf/document';
import { embedSubsetFont } from '../../shared/pdf/font';
import { contractFont } from './contract-font.js';
import {
  ContractFlow,
  drawArticles,
  drawKeyFacts,
  drawParties,
  drawRunningHeadAndFoot,
  drawScheduleAppendix,
  drawSignatureBlocks,
  drawTitle,
  type KeyFact,
  SCHEDULE_COLUMNS,
  type ScheduleAppendix,
  type SignatureField,
  type SignerTexts,
} from './layout.js';

export { FIELD_SIZE, type SignatureField } from './layout.js';

export interface RenderedContract {
  pdf: Uint8Array;
  documentId: string;
  /** First 16 hex of SHA-256 over the canonical ContractData JSON and the template ID/version. */
  contentHash: string;
  /** SHA-256 of the PDF bytes (hex). */
  sha256: string;
  templateId: string;
  templateVersion: string;
  pageCount: number;
  fields: SignatureField[];
  variables: ResolvedVariable[];
}

export interface RenderOptions {
  /** Recorded as the PDF's creation date; fixed dates give byte-identical output. */
  generatedAt?: Date;
  /** When given, milliseconds spent per stage are added here (the bench's per-stage figures). */
  stageTimes?: StageTimes;
}

/** Milliseconds per named stage, summed over calls. */
export type StageTimes = Record<string, number>;

/** Adds the time since `since` to `stage` (when timing) and returns now. */
export function lap(times: StageTimes | undefined, stage: string, since: number): number {
  const now = performance.now();
  if (times) times[stage] = (times[stage] ?? 0) + now - since;
  return now;
}

export function contentHashOf(data: ContractData, t: ContractTemplate): string {
  const canonical = canonicalJson({ data, template: { id: t.id, version: t.version } });
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}

/** Fixed strings drawn besides the template text; they must be in the font subset too. */
const LITERALS = ['（以下无正文，为签署页）', '合同编号：', '（续）', '第 页 共 页', '：'];

function sumYuan(values: string[]): string {
  const t = values
    .reduce((s, v) => s + fen(v), 0n)
    .toString()
    .padStart(3, '0');
  return formatYuan(`${t.slice(0, -2)}.${t.slice(-2)}`);
}

/** Edition 2: the rate with its LPR fixing and the fixed spread; the annualised rates labelled per PBoC 〔2021〕第3号. */
function keyFacts2(t: ContractTemplate, d: ContractData): KeyFact[] {
  const main = t.kind === 'loan' ? '借款' : '主债权';
  const tenor = d.lprTenor === '1Y' ? '一年期' : '五年期以上';
  const fixing = d.lprDate ? `${formatDateZh(d.lprDate)}公布的` : '';
  const rows: KeyFact[] = [
    [`${main}金额`, `${d.amountInCapitals}（小写：¥${formatYuan(d.amount)}）`, false],
    [`${main}期限`, `${d.termMonths} 个月（${formatDateZh(d.startDate)}至${formatDateZh(d.endDate)}）`, false],
    [
      '借款利率',
      `${fixing}${tenor} LPR ${d.lprRate}% ${spreadWords(d.spread)}（审批时确定，合同期内固定）= 年利率 ${d.annualRate}%`,
      false,
    ],
  ];
  if (t.kind === 'loan') {
    rows.push(['年化利率（单利）', `${d.aprNominal}%（月内部收益率 × 12；年化利率（复利）${d.aprEffective}%）`, true]);
    rows.push(['还款方式', `${REPAYMENT_METHOD_LABELS[d.repaymentMethod]}，共 ${d.schedule.length} 期`, false]);
  }
  if (t.kind === 'mortgage' && d.collateral) rows.push(['抵押财产', d.collateral.description, false]);
  return rows;
}

function keyFacts(t: ContractTemplate, d: ContractData): KeyFact[] {
  if (t.edition === 2) return keyFacts2(t, d);
  const main = t.kind === 'loan' ? '借款' : '主债权';
  const rows: KeyFact[] = [
    [`${main}金额`, `${d.amountInCapitals}（小写：¥${formatYuan(d.amount)}）`, false],
    [`${main}期限`, `${d.termMonths} 个月（${formatDateZh(d.startDate)}至${formatDateZh(d.endDate)}）`, false],
    [
      '借款利率',
      `${d.lprTenor === '1Y' ? '一年期' : '五年期以上'} LPR ${d.lprRate}% + ${d.spread} 个百分点 = 年利率 ${d.annualRate}%`,
      false,
    ],
  ];
  if (t.kind === 'loan') {
    rows.push(['年化利率（IRR）', `${d.aprNominal}%（按月复利折算实际年化利率 ${d.aprEffective}%）`, true]);
    rows.push(['还款方式', `${REPAYMENT_METHOD_LABELS[d.repaymentMethod]}，共 ${d.schedule.length} 期`, false]);
  }
  if (t.kind === 'mortgage' && d.collateral) rows.push(['抵押财产', d.collateral.description, false]);
  return rows;
}

const DATE_LINE = '签署日期：　　　　年　　月　　日';

/**
 * Edition 2 signature blocks by party type: a natural person signs and puts a fingerprint (签字并按指印,
 * a person mortgagor's spouse or co-owner consents beside), an enterprise seals with its legal
 * representative (printed) or an authorised agent signing; the bank seals with its principal.
 */
function signerTextsOf2(signers: Signer[]): SignerTexts[] {
  return signers.map((s): SignerTexts => {
    if (s.identifierKind === 'resident-id') {
      return [
        `${s.label}（签字并按指印）：${s.name}`,
        s.role === 'mortgagor'
          ? '本人签字并按指印：　　　　　　　　共有人／配偶同意抵押（签字并按指印）：'
          : '本人签字并按指印：',
        DATE_LINE,
        '电子签名处（本人）',
      ];
    }
    const who = s.role === 'bank' ? '负责人' : '法定代表人';
    return [
      `${s.label}（盖章）：${s.name}`,
      `${who}${s.legalRep ? `：${s.legalRep}` : ''}　${who}或授权代理人（签字）：`,
      DATE_LINE,
      '电子签章处',
    ];
  });
}

function signerTextsOf(signers: Signer[]): SignerTexts[] {
  return signers.map((s) => [
    `${s.label}（盖章）：${s.name}`,
    s.role === 'bank' ? '负责人或授权代理人（签字）：' : '法定代表人或授权代理人（签字）：',
    '签署日期：　　　　年　　月　　日',
    '电子签章处',
  ]);
}

function scheduleAppendixOf(t: ContractTemplate, data: ContractData): ScheduleAppendix | undefined {
  if (!t.scheduleAppendix) return undefined;
  return {
    title: '附件：还款计划表',
    summary: `合同编号：${data.contractId}　借款金额：¥${formatYuan(data.amount)}　年利率：${data.annualRate}%　还款方式：${REPAYMENT_METHOD_LABELS[data.repaymentMethod]}`,
    rows: data.schedule.map((r) => [
      String(r.period),
      r.dueDate,
      formatYuan(r.principal),
      formatYuan(r.interest),
      formatYuan(r.payment),
      formatYuan(r.balance),
    ]),
    totals: [
      '合计',
      '',
      sumYuan(data.schedule.map((r) => r.principal)),
      sumYuan(data.schedule.map((r) => r.interest)),
      sumYuan(data.schedule.map((r) => r.payment)),
      '',
    ],
  };
}

/**
 * Everything the contract draws, decided before any drawing (the font is subset to exactly its text).
 * The bench builds its LibreOffice .docx of the same contract from this.
 */
export function contractModel(data: ContractData, t: ContractTemplate) {
  const filled = fillTemplate(t, data);
  for (const v of filled.variables) assertFontCovers(v.value, v.name);
  const parties = partiesOf(t, data);
  const signers = signersOf(t, data);
  const contentHash = contentHashOf(data, t);
  const facts = keyFacts(t, data);
  const footerLeft = `文档编号：${filled.documentId}　内容哈希：${contentHash}　模板：${t.id} v${t.version}`;
  const signerTexts = t.edition === 2 ? signerTextsOf2(signers) : signerTextsOf(signers);
  const appendix = scheduleAppendixOf(t, data);
  // The key order is part of the font subset's input, so of the output bytes: keep it.
  const allText = JSON.stringify({
    LITERALS,
    filled,
    parties,
    facts,
    footerLeft,
    signerTexts,
    appendix,
    SCHEDULE_COLUMNS,
    bank: data.bank.name,
    t: [t.title, t.titleEn],
  });
  return { filled, parties, signers, contentHash, facts, footerLeft, signerTexts, appendix, allText };
}

/** Renders the contract; the caller signs it afterwards (sign.ts). */
export async function renderContract(
  data: ContractData,
  t: ContractTemplate,
  opts: RenderOptions = {},
): Promise<RenderedContract> {
  const times = opts.stageTimes;
  let t0 = performance.now();
  const m = contractModel(data, t);
  t0 = lap(times, 'model: template filled, text decided', t0);
  const doc = await PDFDocument.create();
  const font = await embedSubsetFont(doc, m.allText, contractFont);
  t0 = lap(times, 'font: harfbuzz subset, embedded', t0);
  const flow = new ContractFlow(doc, font);
  flow.newPage();
  drawTitle(flow, t.title, m.filled.documentId);
  drawParties(flow, m.parties);
  drawKeyFacts(flow, m.facts);
  flow.y -= 8;
  drawArticles(flow, m.filled);
  const fields = drawSignatureBlocks(flow, m.signers, m.signerTexts, t.edition === 2 ? 1 : 0);
  if (m.appendix) drawScheduleAppendix(flow, m.appendix);
  const total = stampPages(flow, (n, of) => drawRunningHeadAndFoot(flow, t, data.bank.name, m.footerLeft, n, of));
  addSignatureFields(doc, flow.pages, fields);
  setDocumentInfo(doc, {
    title: `${t.title} ${m.filled.documentId}`,
    author: data.bank.name,
    subject: `${t.titleEn} — template ${t.id} v${t.version}`,
    keywords: [
      `template:${t.id}`,
      `templateVersion:${t.version}`,
      `documentId:${m.filled.documentId}`,
      `contentHash:${m.contentHash}`,
    ],
    producer: 'SME Credit Workstation contract engine (pdf-lib)',
    date: opts.generatedAt ?? new Date(),
    custom: {
      TemplateId: t.id,
      TemplateVersion: t.version,
      DocumentId: m.filled.documentId,
      ContentHash: m.contentHash,
    },
  });
  t0 = lap(times, 'layout: pages drawn', t0);
  const pdf = await savePdf(doc, font);
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  lap(times, 'save: font objects, deflate, serialise', t0);
  return {
    pdf,
    documentId: m.filled.documentId,
    contentHash: m.contentHash,
    sha256,
    templateId: t.id,
    templateVersion: t.version,
    pageCount: total,
    fields,
    variables: m.filled.variables,
  };
}

/** Empty signature fields (one widget each) for every signer; the bank's is filled by sign.ts. */
function addSignatureFields(doc: PDFDocument, pages: PDFPage[], fields: SignatureField[]): void {
  const ctx = doc.context;
  const acroFields = ctx.obj([]) as PDFArray;
  for (const f of fields) {
    const page = pages[f.page - 1]!;
    const widget = ctx.obj({
      Type: 'Annot',
      Subtype: 'Widget',
      FT: 'Sig',
      T: PDFString.of(f.fieldName),
      // A text string in UTF-16 (hex): PDFString.of writes each character's low byte only, so a name
      // with 利 (U+5229, low byte ")") closed the string early and the file no longer parsed.
      TU: PDFHexString.fromText(`${f.label}: ${f.name}`),
      Rect: f.rect,
      F: 4,
      P: page.ref,
    });
    const ref = ctx.register(widget);
    page.node.addAnnot(ref);
    acroFields.push(ref);
  }
  doc.catalog.set(PDFName.of('AcroForm'), ctx.register(ctx.obj({ Fields: acroFields })));
}
