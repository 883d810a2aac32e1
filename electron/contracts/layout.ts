/**
 * The contract's layout: A4 portrait with its margins and styles, and one function per section of
 * the page (title, parties, key facts, articles, signature blocks, schedule appendix, running head
 * and foot). The shared PDF pieces (page flow, tables, font embedding) are shared/pdf/'s, the font
 * itself node-shared/pdf-font.ts's; render.ts decides
 * what goes in and calls these in order.
 */
import {
  degrees,
  drawLinesOfText,
  type PDFDocument,
  PDFHexString,
  type PDFName,
  type PDFPage,
  type RGB,
  rgb,
  setCharacterSpacing,
} from 'pdf-lib';
import type { ContractTemplate, FilledTemplate, Party, Signer } from '../../shared/contracts/index.js';
import type { EmbeddedFont } from '../../shared/pdf/font';
import { A4_PORTRAIT, PageFlow } from '../../shared/pdf/page-flow';
import { columnEdges, drawTable } from '../../shared/pdf/table';

export const A4 = A4_PORTRAIT;
export const MARGIN = { top: 70, bottom: 62, left: 62, right: 62 } as const;
export const CONTENT_WIDTH = A4.width - MARGIN.left - MARGIN.right;

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

export const SCHEDULE_COLUMNS = [
  '期数',
  '还款日',
  '应还本金（元）',
  '应还利息（元）',
  '应还本息合计（元）',
  '剩余本金（元）',
];
const SCHEDULE_WIDTHS = [40, 82, 86, 82, 96, 85];

/** A row of the key facts box: label, value, and whether it is the highlighted (annualised rate) row. */
export type KeyFact = [string, string, boolean];

/** The four lines of a signer's block: who, who signs, the date line, the field's caption. */
export type SignerTexts = [string, string, string, string];

export interface ScheduleAppendix {
  title: string;
  summary: string;
  rows: string[][];
  totals: string[];
}

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

/** What pdf-lib's font embedder holds: the fontkit font of the subset, and how it turns text into glyphs. */
interface SubsetEmbedder {
  font: {
    availableFeatures: string[];
    glyphForCodePoint(cp: number): { id: number };
  };
  encodeText(text: string): PDFHexString;
}

/** pdf-lib's default line height (drawText writes it as `24 TL` whatever the text). */
const PDF_LIB_LINE_HEIGHT = 24;

/**
 * Glyph IDs (4 hex digits each, as pdf-lib writes them) straight from the subset's cmap. pdf-lib's
 * encodeText runs fontkit's whole shaping engine for every string (a third of a contract's time) to
 * the same end: the subset keeps no layout features (harfbuzz `keepFeatures: []`), so shaping maps
 * each character to its cmap glyph and nothing else, and contracts carry no variation selectors. A
 * subset that does have features keeps pdf-lib's path (contract-font.test.ts checks both agree).
 */
export function glyphEncoder(font: EmbeddedFont): (text: string) => PDFHexString {
  const embedder = (font.font as unknown as { embedder: SubsetEmbedder }).embedder;
  const fk = embedder.font;
  if (fk.availableFeatures.length > 0) return (text) => embedder.encodeText(text);
  const hex = new Map<string, string>();
  return (text) => {
    let out = '';
    for (const ch of text) {
      let h = hex.get(ch);
      if (h === undefined) {
        const cp = ch.codePointAt(0)!;
        if ((cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef)) return embedder.encodeText(text);
        h = fk.glyphForCodePoint(cp).id.toString(16).padStart(4, '0').toUpperCase();
        hex.set(ch, h);
      }
      out += h;
    }
    return PDFHexString.of(out);
  };
}

/** The contract's page flow (A4 portrait): ink by default, and justified paragraphs. */
export class ContractFlow extends PageFlow {
  private readonly encode: (text: string) => PDFHexString;
  /** The font's name in each page's resources, registered once per page. */
  private readonly fontKeys = new WeakMap<PDFPage, PDFName>();
  constructor(doc: PDFDocument, font: EmbeddedFont) {
    super(doc, font, { ...A4, margin: MARGIN });
    this.encode = glyphEncoder(font);
  }
  /**
   * The operators pdf-lib's drawText writes for one line (PageFlow.text), with two savings: glyphs from
   * glyphEncoder, and the font entered in the page's resources once — drawText with a font option adds
   * a new resource name for the same font object on every call, hundreds per page.
   */
  override text(s: string, x: number, y: number, size: number, color: RGB = INK, spacing = 0): void {
    for (const ch of s) {
      if (!this.font.has(ch)) throw new Error(`character ${ch} drawn but not in the font subset`);
    }
    const page = this.page;
    let key = this.fontKeys.get(page);
    if (!key) {
      key = page.node.newFontDictionary(this.font.font.name, this.font.font.ref);
      this.fontKeys.set(page, key);
    }
    const ops = drawLinesOfText([this.encode(s)], {
      color,
      font: key,
      size,
      rotate: degrees(0),
      xSkew: degrees(0),
      ySkew: degrees(0),
      x,
      y,
      lineHeight: PDF_LIB_LINE_HEIGHT,
    });
    if (spacing) page.pushOperators(setCharacterSpacing(spacing), ...ops, setCharacterSpacing(0));
    else page.pushOperators(...ops);
  }
  /** A justified paragraph; returns nothing, moves the cursor. */
  body(s: string, size = BODY, indent = 2 * size, x: number = MARGIN.left, width = CONTENT_WIDTH, color = INK): void {
    this.paragraph(s, { size, leading: LEADING, color, indent, x, width, justify: true });
  }
  /** A rule from margin to margin at y (as the key facts box and the schedule draw theirs). */
  rule(y: number, thickness: number, color: RGB): void {
    this.page.drawLine({
      start: { x: MARGIN.left, y },
      end: { x: MARGIN.left + CONTENT_WIDTH, y },
      thickness,
      color,
    });
  }
}

/** The title, centred and letter-spaced, and the contract number to the right below it. */
export function drawTitle(flow: ContractFlow, title: string, documentId: string): void {
  const titleSize = 21;
  flow.textCentred(title, 0, A4.width, flow.y - titleSize, titleSize, INK, 4);
  flow.y -= titleSize + 10;
  flow.textRight(`合同编号：${documentId}`, A4.width - MARGIN.right, flow.y - 10, 10, GREY);
  flow.y -= 28;
}

export function drawParties(flow: ContractFlow, parties: Party[]): void {
  for (const p of parties) {
    flow.ensure(16 + p.lines.length * 16);
    flow.text(`${p.label}：${p.name}`, MARGIN.left, flow.y - 11, 11);
    flow.y -= 18;
    for (const line of p.lines) flow.body(line, 9.5, 0, MARGIN.left + 2 * 11, CONTENT_WIDTH - 22, GREY);
    flow.y -= 4;
  }
  flow.y -= 4;
}

/** The boxed key facts: a label column, values wrapped beside it, the highlighted row in red. */
export function drawKeyFacts(flow: ContractFlow, facts: KeyFact[]): void {
  const labelW = 104;
  const pad = 6;
  const rows = facts.map(([label, value, strong]) => {
    const size = strong ? 11.5 : 10;
    const lines = flow.lines(value, CONTENT_WIDTH - labelW - 2 * pad, size);
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
    const ink = r.strong ? BANK_RED : INK;
    flow.text(r.label, MARGIN.left + pad, y - pad - r.size, r.strong ? 10.5 : 10, ink);
    r.lines.forEach((line, i) => {
      flow.text(line, MARGIN.left + labelW + pad, y - pad - r.size - i * r.size * 1.5, r.size, ink);
    });
    y -= r.h;
    if (!r.strong) flow.rule(y, 0.4, RULE);
  }
  flow.y = y - 4;
}

/** The preamble, the numbered articles (notices boxed in red) and the closing line before signatures. */
export function drawArticles(flow: ContractFlow, filled: FilledTemplate): void {
  flow.body(filled.preamble);
  flow.y -= 4;
  for (const a of filled.articles) {
    flow.ensure(BODY * LEADING * 3);
    flow.y -= 4;
    flow.text(`${a.number}　${a.title}`, MARGIN.left, flow.y - 11.5, 11.5);
    flow.y -= 11.5 * LEADING;
    for (const p of a.paragraphs) {
      if (p.style === 'notice') drawNotice(flow, p.text);
      else flow.body(p.text);
    }
  }
  flow.y -= 6;
  flow.ensure(20);
  flow.text('（以下无正文，为签署页）', MARGIN.left, flow.y - BODY, BODY, GREY);
  flow.y -= 28;
}

function drawNotice(flow: ContractFlow, text: string): void {
  const pad = 7;
  const size = BODY;
  const lines = flow.lines(text, CONTENT_WIDTH - 2 * pad, size);
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

function fieldNameOf(s: Signer, index: number, all: Signer[]): string {
  if (s.role !== 'guarantor') return s.role;
  return `guarantor-${all.slice(0, index + 1).filter((x) => x.role === 'guarantor').length}`;
}

/** Signature blocks, two per row, each with its (empty) signature field; returns where the fields are. */
export function drawSignatureBlocks(
  flow: ContractFlow,
  signers: Signer[],
  texts: SignerTexts[],
  /** Room for lines that wrap (edition 2's signature lines): added to every block's height. */
  extraLines = 0,
): SignatureField[] {
  const fields: SignatureField[] = [];
  const colW = (CONTENT_WIDTH - 20) / 2;
  const blockH = 6 + 2 * 10.5 * LEADING + 4 + FIELD_SIZE.height + 6 + (2 + extraLines) * 9.5 * LEADING + 10;
  signers.forEach((s, i) => {
    const col = i % 2;
    if (col === 0) flow.ensure(blockH);
    const [l1, l2, l3, caption] = texts[i]!;
    const top = flow.y;
    const x = MARGIN.left + col * (colW + 20);
    flow.page.drawLine({ start: { x, y: top }, end: { x: x + colW, y: top }, thickness: 0.4, color: RULE });
    flow.y -= 6;
    flow.body(l1, 10.5, 0, x, colW);
    const y1 = flow.y - 4 - FIELD_SIZE.height;
    flow.page.drawRectangle({
      x,
      y: y1,
      width: FIELD_SIZE.width,
      height: FIELD_SIZE.height,
      borderColor: RULE,
      borderWidth: 0.6,
      borderDashArray: [3, 2],
    });
    if (s.role !== 'bank') flow.textCentred(caption, x, FIELD_SIZE.width, y1 + 6, 8, RULE);
    flow.y = y1 - 6;
    flow.body(l2, 9.5, 0, x, colW, GREY);
    flow.body(l3, 9.5, 0, x, colW, GREY);
    fields.push({
      fieldName: fieldNameOf(s, i, signers),
      role: s.role,
      label: s.label,
      name: s.name,
      identifier: s.identifier,
      identifierKind: s.identifierKind,
      page: flow.pages.length,
      rect: [x, y1, x + FIELD_SIZE.width, y1 + FIELD_SIZE.height].map(
        (v) => Math.round(v * 100) / 100,
      ) as SignatureField['rect'],
    });
    flow.y = col === 0 && i < signers.length - 1 ? top : top - blockH;
  });
  return fields;
}

/** The repayment schedule on its own pages: the head row repeated under a (续) line on every new page. */
export function drawScheduleAppendix(flow: ContractFlow, a: ScheduleAppendix): void {
  flow.newPage();
  flow.text(a.title, MARGIN.left, flow.y - 14, 14);
  flow.y -= 26;
  flow.body(a.summary, 9.5, 0, MARGIN.left, CONTENT_WIDTH, GREY);
  flow.y -= 4;
  const rowH = 16.5;
  const size = 9;
  const edges = columnEdges(MARGIN.left, SCHEDULE_WIDTHS);
  const drawRow = (cells: string[], head: boolean, top: number) => {
    if (head)
      flow.page.drawRectangle({
        x: MARGIN.left,
        y: top - rowH,
        width: CONTENT_WIDTH,
        height: rowH,
        color: TABLE_HEAD_FILL,
      });
    cells.forEach((c, i) => {
      const x = edges[i]!;
      const w = SCHEDULE_WIDTHS[i]!;
      // Figures right-aligned so the decimal points line up; period and date centred.
      if (head || i < 2) flow.textCentred(c, x, w, top - rowH + 5, size, INK);
      else flow.textRight(c, x + w - 6, top - rowH + 5, size, INK);
    });
    flow.rule(top - rowH, head ? 0.8 : 0.3, head ? INK : RULE);
  };
  const head = () => {
    flow.rule(flow.y, 0.8, INK);
    drawRow(SCHEDULE_COLUMNS, true, flow.y);
    flow.y -= rowH;
  };
  drawTable(flow, {
    head,
    continued: () => {
      flow.text(`${a.title}（续）`, MARGIN.left, flow.y - 11, 11, GREY);
      flow.y -= 20;
      head();
    },
    rows: [...a.rows, a.totals].map((r) => ({ height: rowH, draw: (top: number) => drawRow(r, false, top) })),
  });
  flow.rule(flow.y, 0.8, INK);
}

/** The bank's name and the title above a red rule; the document line and 第 N 页 共 M 页 below. */
export function drawRunningHeadAndFoot(
  flow: ContractFlow,
  t: Pick<ContractTemplate, 'title'>,
  bankName: string,
  footerLeft: string,
  pageNo: number,
  total: number,
): void {
  const headY = A4.height - MARGIN.top + 26;
  flow.text(bankName, MARGIN.left, headY, 8.5, BANK_RED);
  flow.textRight(t.title, A4.width - MARGIN.right, headY, 8.5, GREY);
  flow.hline(headY - 6, 0.9, BANK_RED);
  const footY = MARGIN.bottom - 30;
  flow.hline(footY + 12, 0.4, RULE);
  flow.text(footerLeft, MARGIN.left, footY, 7.5, GREY);
  flow.textRight(`第 ${pageNo} 页 共 ${total} 页`, A4.width - MARGIN.right, footY, 8, GREY);
}
