/**
 * Renders one contract to PDF: bank header, parties, key facts (amount in figures and capitals,
 * LPR + spread, the annualised rate), the numbered articles, signature blocks with empty signature
 * fields, and the repayment schedule appendix. Every page carries the document ID, the content hash
 * and 第 N 页 共 M 页. The template ID and version go into the PDF's document information.
 */
import { createHash } from 'node:crypto';
import { type PDFArray, PDFDict, PDFDocument, PDFName, type PDFPage, PDFString, type RGB, rgb } from 'pdf-lib';
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
} from '../../shared/contracts/index.js';
import { assertFontCovers, type EmbeddedFont, embedContractFont } from '../pdf/font.js';
import { breakLines } from '../pdf/line-break.js';
import { PageFlow } from '../pdf/page-flow.js';
import { A4, CONTENT_WIDTH, MARGIN } from './layout.js';

const INK = rgb(0.1, 0.1, 0.12);
const GREY = rgb(0.42, 0.42, 0.45);
const RULE = rgb(0.7, 0.7, 0.72);
const BANK_RED = rgb(0.72, 0.09, 0.1);
const NOTICE_FILL = rgb(1, 0.95, 0.94);
const TABLE_HEAD_FILL = rgb(0.93, 0.93, 0.95);
const BODY = 10.5;
const LEADING = 1.72;

/** Size of each signature field; the bank's seal (42 mm) fits inside. */
export const FIELD_SIZE = { width: 150, height: 122 } as const;

export interface SignatureField {
  /** AcroForm field name: 'bank', 'borrower', 'guarantor-1', 'mortgagor'. */
  fieldName: string;
  role: Signer['role'];
  label: string;
  name: string;
  identifier: string;
  identifierKind: Signer['identifierKind'];
  /** 1-based page number. */
  page: number;
  /** [x1, y1, x2, y2] in PDF points, origin bottom-left. */
  rect: [number, number, number, number];
}

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
}

export function contentHashOf(data: ContractData, t: ContractTemplate): string {
  const canonical = canonicalJson({ data, template: { id: t.id, version: t.version } });
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}

/** Fixed strings drawn besides the template text; they must be in the font subset too. */
const LITERALS = ['（以下无正文，为签署页）', '合同编号：', '（续）', '第 页 共 页', '：'];

const SCHEDULE_COLUMNS = ['期数', '还款日', '应还本金（元）', '应还利息（元）', '应还本息合计（元）', '剩余本金（元）'];
const SCHEDULE_WIDTHS = [40, 82, 86, 82, 96, 85];

function sumYuan(values: string[]): string {
  const t = values
    .reduce((s, v) => s + fen(v), 0n)
    .toString()
    .padStart(3, '0');
  return formatYuan(`${t.slice(0, -2)}.${t.slice(-2)}`);
}

function keyFacts(t: ContractTemplate, d: ContractData): [string, string, boolean][] {
  const main = t.kind === 'loan' ? '借款' : '主债权';
  const rows: [string, string, boolean][] = [
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

function fieldNameOf(s: Signer, index: number, all: Signer[]): string {
  if (s.role !== 'guarantor') return s.role;
  return `guarantor-${all.slice(0, index + 1).filter((x) => x.role === 'guarantor').length}`;
}

/** The contract's page flow (A4 portrait): ink by default, and justified paragraphs. */
class Flow extends PageFlow {
  constructor(doc: PDFDocument, font: EmbeddedFont) {
    super(doc, font, { ...A4, margin: MARGIN });
  }
  override text(s: string, x: number, y: number, size: number, color: RGB = INK, spacing = 0): void {
    super.text(s, x, y, size, color, spacing);
  }
  /** A justified paragraph; returns nothing, moves the cursor. */
  paragraph(
    s: string,
    size = BODY,
    indent = 2 * size,
    x: number = MARGIN.left,
    width = CONTENT_WIDTH,
    color = INK,
  ): void {
    const lines = breakLines(s, width, size, this.font.advance, indent);
    const lh = size * LEADING;
    lines.forEach((line, i) => {
      this.ensure(lh);
      const lx = x + (i === 0 ? indent : 0);
      const avail = width - (i === 0 ? indent : 0);
      const chars = [...line].length;
      const slack = avail - this.width(line, size);
      const justify = i < lines.length - 1 && chars > 1 && slack > 0 && slack < size * 2;
      this.text(line, lx, this.y - size, size, color, justify ? slack / (chars - 1) : 0);
      this.y -= lh;
    });
  }
}

/** Renders the contract; the caller signs it afterwards (sign.ts). */
export async function renderContract(
  data: ContractData,
  t: ContractTemplate,
  opts: RenderOptions = {},
): Promise<RenderedContract> {
  const filled = fillTemplate(t, data);
  for (const v of filled.variables) assertFontCovers(v.value, v.name);
  const parties = partiesOf(t, data);
  const signers = signersOf(t, data);
  const contentHash = contentHashOf(data, t);
  const facts = keyFacts(t, data);
  const footerLeft = `文档编号：${filled.documentId}　内容哈希：${contentHash}　模板：${t.id} v${t.version}`;
  const signerTexts = signers.map((s) => [
    `${s.label}（盖章）：${s.name}`,
    s.role === 'bank' ? '负责人或授权代理人（签字）：' : '法定代表人或授权代理人（签字）：',
    '签署日期：　　　　年　　月　　日',
    '电子签章处',
  ]);
  const appendix = t.scheduleAppendix
    ? {
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
      }
    : undefined;
  const model = {
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
  };
  const allText = JSON.stringify(model);

  const doc = await PDFDocument.create();
  const font = await embedContractFont(doc, allText);
  const flow = new Flow(doc, font);
  flow.newPage();

  // Title block
  const titleSize = 21;
  flow.text(
    t.title,
    (A4.width - flow.width(t.title, titleSize) - 4 * ([...t.title].length - 1)) / 2,
    flow.y - titleSize,
    titleSize,
    INK,
    4,
  );
  flow.y -= titleSize + 10;
  const no = `合同编号：${filled.documentId}`;
  flow.text(no, A4.width - MARGIN.right - flow.width(no, 10), flow.y - 10, 10, GREY);
  flow.y -= 28;

  // Parties
  for (const p of parties) {
    flow.ensure(16 + p.lines.length * 16);
    flow.text(`${p.label}：${p.name}`, MARGIN.left, flow.y - 11, 11);
    flow.y -= 18;
    for (const line of p.lines) flow.paragraph(line, 9.5, 0, MARGIN.left + 2 * 11, CONTENT_WIDTH - 22, GREY);
    flow.y -= 4;
  }
  flow.y -= 4;

  // Key facts box
  drawKeyFacts(flow, facts);
  flow.y -= 8;
  flow.paragraph(filled.preamble);
  flow.y -= 4;

  for (const a of filled.articles) {
    flow.ensure(BODY * LEADING * 3);
    flow.y -= 4;
    flow.text(`${a.number}　${a.title}`, MARGIN.left, flow.y - 11.5, 11.5);
    flow.y -= 11.5 * LEADING;
    for (const p of a.paragraphs) {
      if (p.style === 'notice') drawNotice(flow, p.text);
      else flow.paragraph(p.text);
    }
  }
  flow.y -= 6;
  flow.ensure(20);
  flow.text('（以下无正文，为签署页）', MARGIN.left, flow.y - BODY, BODY, GREY);
  flow.y -= 28;

  // Signature blocks, two per row, each with its signature field.
  const fields: SignatureField[] = [];
  const colW = (CONTENT_WIDTH - 20) / 2;
  const blockH = 6 + 2 * 10.5 * LEADING + 4 + FIELD_SIZE.height + 6 + 2 * 9.5 * LEADING + 10;
  signers.forEach((s, i) => {
    const col = i % 2;
    if (col === 0) flow.ensure(blockH);
    const [l1, l2, l3, caption] = signerTexts[i]!;
    const top = flow.y;
    const x = MARGIN.left + col * (colW + 20);
    flow.page.drawLine({ start: { x, y: top }, end: { x: x + colW, y: top }, thickness: 0.4, color: RULE });
    flow.y -= 6;
    flow.paragraph(l1!, 10.5, 0, x, colW);
    const x1 = x;
    const y1 = flow.y - 4 - FIELD_SIZE.height;
    flow.page.drawRectangle({
      x: x1,
      y: y1,
      width: FIELD_SIZE.width,
      height: FIELD_SIZE.height,
      borderColor: RULE,
      borderWidth: 0.6,
      borderDashArray: [3, 2],
    });
    if (s.role !== 'bank') flow.text(caption!, x1 + (FIELD_SIZE.width - flow.width(caption!, 8)) / 2, y1 + 6, 8, RULE);
    flow.y = y1 - 6;
    flow.paragraph(l2!, 9.5, 0, x, colW, GREY);
    flow.paragraph(l3!, 9.5, 0, x, colW, GREY);
    fields.push({
      fieldName: fieldNameOf(s, i, signers),
      role: s.role,
      label: s.label,
      name: s.name,
      identifier: s.identifier,
      identifierKind: s.identifierKind,
      page: flow.pages.length,
      rect: [x1, y1, x1 + FIELD_SIZE.width, y1 + FIELD_SIZE.height].map(
        (v) => Math.round(v * 100) / 100,
      ) as SignatureField['rect'],
    });
    flow.y = col === 0 && i < signers.length - 1 ? top : top - blockH;
  });

  if (appendix) drawAppendix(flow, appendix);

  // Running header and footer, now that the page count is known.
  const total = flow.pages.length;
  flow.pages.forEach((page, i) => {
    flow.page = page;
    const headY = A4.height - MARGIN.top + 26;
    flow.text(data.bank.name, MARGIN.left, headY, 8.5, BANK_RED);
    const right = `${t.title}`;
    flow.text(right, A4.width - MARGIN.right - flow.width(right, 8.5), headY, 8.5, GREY);
    flow.hline(headY - 6, 0.9, BANK_RED);
    const footY = MARGIN.bottom - 30;
    flow.hline(footY + 12, 0.4, RULE);
    flow.text(footerLeft, MARGIN.left, footY, 7.5, GREY);
    const pn = `第 ${i + 1} 页 共 ${total} 页`;
    flow.text(pn, A4.width - MARGIN.right - flow.width(pn, 8), footY, 8, GREY);
  });

  addSignatureFields(doc, flow.pages, fields);
  const when = opts.generatedAt ?? new Date();
  doc.setTitle(`${t.title} ${filled.documentId}`);
  doc.setAuthor(data.bank.name);
  doc.setSubject(`${t.titleEn} — template ${t.id} v${t.version}`);
  doc.setKeywords([
    `template:${t.id}`,
    `templateVersion:${t.version}`,
    `documentId:${filled.documentId}`,
    `contentHash:${contentHash}`,
  ]);
  doc.setCreator('SME Credit Workstation');
  doc.setProducer('SME Credit Workstation contract engine (pdf-lib)');
  doc.setCreationDate(when);
  doc.setModificationDate(when);
  const info = doc.context.lookup(doc.context.trailerInfo.Info, PDFDict);
  info.set(PDFName.of('TemplateId'), PDFString.of(t.id));
  info.set(PDFName.of('TemplateVersion'), PDFString.of(t.version));
  info.set(PDFName.of('DocumentId'), PDFString.of(filled.documentId));
  info.set(PDFName.of('ContentHash'), PDFString.of(contentHash));

  await font.finalize();
  const pdf = await doc.save({ useObjectStreams: false });
  return {
    pdf,
    documentId: filled.documentId,
    contentHash,
    sha256: createHash('sha256').update(pdf).digest('hex'),
    templateId: t.id,
    templateVersion: t.version,
    pageCount: total,
    fields,
    variables: filled.variables,
  };
}

function drawKeyFacts(flow: Flow, facts: [string, string, boolean][]): void {
  const labelW = 104;
  const pad = 6;
  const rows = facts.map(([label, value, strong]) => {
    const size = strong ? 11.5 : 10;
    const lines = breakLines(value, CONTENT_WIDTH - labelW - 2 * pad, size, flow.font.advance);
    return { label, lines, size, strong, h: lines.length * size * 1.5 + 2 * pad };
  });
  const height = rows.reduce((s, r) => s + r.h, 0);
  flow.ensure(height + 4);
  let y = flow.y;
  const { page } = flow;
  page.drawRectangle({
    x: MARGIN.left,
    y: y - height,
    width: CONTENT_WIDTH,
    height,
    borderColor: INK,
    borderWidth: 0.8,
  });
  for (const r of rows) {
    if (r.strong)
      page.drawRectangle({
        x: MARGIN.left,
        y: y - r.h,
        width: CONTENT_WIDTH,
        height: r.h,
        color: NOTICE_FILL,
        borderColor: BANK_RED,
        borderWidth: 1.2,
      });
    page.drawRectangle({
      x: MARGIN.left,
      y: y - r.h,
      width: labelW,
      height: r.h,
      color: r.strong ? undefined : TABLE_HEAD_FILL,
      borderColor: r.strong ? BANK_RED : RULE,
      borderWidth: r.strong ? 1.2 : 0.4,
    });
    flow.text(r.label, MARGIN.left + pad, y - pad - r.size, r.strong ? 10.5 : 10, r.strong ? BANK_RED : INK);
    r.lines.forEach((line, i) => {
      flow.text(
        line,
        MARGIN.left + labelW + pad,
        y - pad - r.size - i * r.size * 1.5,
        r.size,
        r.strong ? BANK_RED : INK,
      );
    });
    y -= r.h;
    if (!r.strong)
      page.drawLine({
        start: { x: MARGIN.left, y },
        end: { x: MARGIN.left + CONTENT_WIDTH, y },
        thickness: 0.4,
        color: RULE,
      });
  }
  flow.y = y - 4;
}

function drawNotice(flow: Flow, text: string): void {
  const pad = 7;
  const size = BODY;
  const lines = breakLines(text, CONTENT_WIDTH - 2 * pad, size, flow.font.advance);
  const h = lines.length * size * LEADING + 2 * pad - (LEADING - 1) * size;
  flow.ensure(h + 6);
  flow.y -= 3;
  flow.page.drawRectangle({
    x: MARGIN.left,
    y: flow.y - h,
    width: CONTENT_WIDTH,
    height: h,
    color: NOTICE_FILL,
    borderColor: BANK_RED,
    borderWidth: 1,
  });
  lines.forEach((line, i) => {
    flow.text(line, MARGIN.left + pad, flow.y - pad - size - i * size * LEADING, size, BANK_RED);
  });
  flow.y -= h + 6;
}

function drawAppendix(flow: Flow, a: { title: string; summary: string; rows: string[][]; totals: string[] }): void {
  flow.newPage();
  flow.text(a.title, MARGIN.left, flow.y - 14, 14);
  flow.y -= 26;
  flow.paragraph(a.summary, 9.5, 0, MARGIN.left, CONTENT_WIDTH, GREY);
  flow.y -= 4;
  const rowH = 16.5;
  const size = 9;
  const drawRow = (cells: string[], head: boolean) => {
    const { page } = flow;
    let x = MARGIN.left;
    if (head) page.drawRectangle({ x, y: flow.y - rowH, width: CONTENT_WIDTH, height: rowH, color: TABLE_HEAD_FILL });
    cells.forEach((c, i) => {
      const w = SCHEDULE_WIDTHS[i]!;
      const cw = flow.width(c, size);
      // Figures right-aligned so the decimal points line up; period and date centred.
      const tx = head || i < 2 ? x + (w - cw) / 2 : x + w - 6 - cw;
      flow.text(c, tx, flow.y - rowH + 5, size, head ? INK : INK);
      x += w;
    });
    page.drawLine({
      start: { x: MARGIN.left, y: flow.y - rowH },
      end: { x: MARGIN.left + CONTENT_WIDTH, y: flow.y - rowH },
      thickness: head ? 0.8 : 0.3,
      color: head ? INK : RULE,
    });
    flow.y -= rowH;
  };
  const header = () => {
    flow.page.drawLine({
      start: { x: MARGIN.left, y: flow.y },
      end: { x: MARGIN.left + CONTENT_WIDTH, y: flow.y },
      thickness: 0.8,
      color: INK,
    });
    drawRow(SCHEDULE_COLUMNS, true);
  };
  header();
  flow.onNewPage = () => {
    flow.text(`${a.title}（续）`, MARGIN.left, flow.y - 11, 11, GREY);
    flow.y -= 20;
    header();
  };
  for (const r of a.rows) {
    flow.ensure(rowH);
    drawRow(r, false);
  }
  flow.ensure(rowH);
  drawRow(a.totals, false);
  flow.page.drawLine({
    start: { x: MARGIN.left, y: flow.y },
    end: { x: MARGIN.left + CONTENT_WIDTH, y: flow.y },
    thickness: 0.8,
    color: INK,
  });
  flow.onNewPage = undefined;
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
      TU: PDFString.of(`${f.label}: ${f.name}`),
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
