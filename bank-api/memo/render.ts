/**
 * The credit memo (审批意见书) as a PDF, A4 portrait, laid out like a bank's file document: the bank and
 * the title, the case line, numbered sections of labelled fields, paragraphs and tables (a table's head
 * repeated on every page it runs over, rows never split), the page count in every foot. The same PDF
 * engine as the contracts (shared/pdf/: page flow, tables, Chinese line breaking, Noto Sans SC subset
 * from node-shared/pdf-font.ts). The PDF's dates are the decision's, so the same case gives the same
 * bytes every time.
 */
import { PDFDocument, rgb } from 'pdf-lib';
import { embedSubsetFont } from '../../node-shared/pdf-font';
import { savePdf, setDocumentInfo, stampPages } from '../../shared/pdf/document';
import { A4_PORTRAIT, PageFlow } from '../../shared/pdf/page-flow';
import { columnEdges, drawTable } from '../../shared/pdf/table';
import { beijingMinute, type Memo, type MemoBlock } from './content';

const MARGIN = { top: 56, bottom: 60, left: 56, right: 56 } as const;
const INK = rgb(0.1, 0.1, 0.12);
const GREY = rgb(0.4, 0.42, 0.45);
const RULE = rgb(0.55, 0.56, 0.6);
const FILL = rgb(0.94, 0.95, 0.96);
const RED = rgb(0.62, 0.08, 0.08);

const BODY = 9.5;
const LEADING = 1.5;
const PAD = 4;
const LABEL_WIDTH = 112;

export interface RenderedMemo {
  pdf: Uint8Array;
  pageCount: number;
}

const FOOT_NOTE = '本意见书由系统依据审批记录生成，内容与系统记录一致；签批与表决以系统记录为准。';

/** Every string the memo draws (the font is subset to exactly these characters). */
function allText(m: Memo): string {
  const parts = [m.bankName, m.title, m.caseId, m.outcomeZh, FOOT_NOTE, '案件编号：决定时间：审批结论：（续）'];
  parts.push(beijingMinute(m.decidedAt));
  for (const s of m.sections) {
    parts.push(s.heading);
    for (const b of s.blocks) {
      if (b.kind === 'fields') for (const [k, v] of b.rows) parts.push(k, v);
      if (b.kind === 'paragraphs') parts.push(...b.lines);
      if (b.kind === 'table') parts.push(...b.head, ...b.rows.flat());
    }
  }
  return parts.join('');
}

export async function renderMemo(m: Memo): Promise<RenderedMemo> {
  const doc = await PDFDocument.create();
  const font = await embedSubsetFont(doc, allText(m));
  const flow = new PageFlow(doc, font, { ...A4_PORTRAIT, margin: MARGIN });
  const left = MARGIN.left;
  const width = flow.contentWidth;
  flow.newPage();

  // The head of the first page: bank, title, the case line, a double rule.
  flow.textCentred(m.bankName, left, width, flow.y - 12, 12, GREY, 2);
  flow.y -= 22;
  flow.textCentred(m.title, left, width, flow.y - 20, 20, INK, 4);
  flow.y -= 36;
  const line = `案件编号：${m.caseId}`;
  flow.text(line, left, flow.y - BODY, BODY, INK);
  flow.textRight(`决定时间：${beijingMinute(m.decidedAt)}`, left + width, flow.y - BODY, BODY, INK);
  flow.y -= BODY * 1.8;
  flow.text('审批结论：', left, flow.y - 11, 11, INK);
  flow.text(m.outcomeZh, left + flow.width('审批结论：', 11), flow.y - 11, 11, m.outcome === 'approved' ? INK : RED);
  flow.y -= 18;
  flow.hline(flow.y, 1.2, INK);
  flow.hline(flow.y - 2.5, 0.4, INK);
  flow.y -= 14;

  const noteHeight = 6 + 8.5 * 1.5 * flow.lines(FOOT_NOTE, width, 8.5).length;
  m.sections.forEach((section, i) => {
    // A heading keeps some of its section with it; the conclusion keeps all of it, and the closing note.
    const last = i === m.sections.length - 1;
    const whole = 11.5 * 1.9 + section.blocks.reduce((h, b) => h + blockHeight(flow, b), 0) + 10 + noteHeight;
    flow.ensure(last ? whole : BODY * 6);
    flow.text(section.heading, left, flow.y - 11.5, 11.5, INK);
    flow.y -= 11.5 * 1.9;
    for (const block of section.blocks) drawBlock(flow, block);
    flow.y -= 10;
  });

  flow.ensure(noteHeight);
  flow.hline(flow.y, 0.4, RULE);
  flow.y -= 6;
  flow.paragraph(FOOT_NOTE, { size: 8.5, leading: 1.5, color: GREY });

  const total = stampPages(flow, (n, of) => {
    const y = MARGIN.bottom - 26;
    flow.page.drawLine({
      start: { x: left, y: y + 12 },
      end: { x: left + width, y: y + 12 },
      thickness: 0.4,
      color: RULE,
    });
    flow.text(`${m.bankName} ${m.title} ${m.caseId}`, left, y, 8, GREY);
    flow.textRight(`第 ${n} 页 共 ${of} 页`, left + width, y, 8, GREY);
  });
  setDocumentInfo(doc, {
    title: `${m.title} ${m.caseId}`,
    author: m.bankName,
    subject: `Credit memo of ${m.caseId}: ${m.outcome}`,
    keywords: [`application:${m.caseId}`, `outcome:${m.outcome}`],
    producer: 'SME Credit Workstation credit memo (pdf-lib)',
    date: m.decidedAt,
  });
  const pdf = await savePdf(doc, font);
  return { pdf, pageCount: total };
}

/** The height a block takes when drawn (as drawBlock lays it out), for keeping a section together. */
function blockHeight(flow: PageFlow, block: MemoBlock): number {
  const lh = BODY * LEADING;
  const width = flow.contentWidth;
  const rows = (cells: string[], widths: number[]) =>
    Math.max(...cells.map((c, i) => flow.lines(c, widths[i]! - 2 * PAD, BODY).length)) * lh + 2 * PAD;
  if (block.kind === 'paragraphs')
    return block.lines.reduce((h, l) => h + flow.lines(l, width - 8, BODY).length * lh + 2, 0);
  if (block.kind === 'fields') return block.rows.reduce((h, r) => h + rows(r, [LABEL_WIDTH, width - LABEL_WIDTH]), 0);
  const widths = block.widths.map((f) => f * width);
  return rows(block.head, widths) + block.rows.reduce((h, r) => h + rows(r, widths), 0);
}

function drawBlock(flow: PageFlow, block: MemoBlock): void {
  const left = MARGIN.left;
  const width = flow.contentWidth;
  const lh = BODY * LEADING;
  const cellLines = (s: string, w: number) => flow.lines(s, w - 2 * PAD, BODY);
  const cell = (x: number, top: number, w: number, h: number, fill: boolean) =>
    flow.page.drawRectangle({
      x,
      y: top - h,
      width: w,
      height: h,
      borderColor: RULE,
      borderWidth: 0.5,
      ...(fill ? { color: FILL } : {}),
    });
  const drawLines = (lines: string[], x: number, top: number) =>
    lines.forEach((l, i) => {
      flow.text(l, x + PAD, top - PAD - BODY - i * lh + (lh - BODY) / 2 - 1, BODY, INK);
    });

  if (block.kind === 'paragraphs') {
    for (const l of block.lines) {
      flow.paragraph(l, { size: BODY, leading: LEADING, color: INK, x: left + 8, width: width - 8 });
      flow.y -= 2;
    }
    return;
  }
  if (block.kind === 'fields') {
    const valueWidth = width - LABEL_WIDTH;
    drawTable(flow, {
      head: () => {},
      rows: block.rows.map(([label, value]) => {
        const ll = cellLines(label, LABEL_WIDTH);
        const vl = cellLines(value, valueWidth);
        const height = Math.max(ll.length, vl.length) * lh + 2 * PAD;
        return {
          height,
          draw: (top: number) => {
            cell(left, top, LABEL_WIDTH, height, true);
            cell(left + LABEL_WIDTH, top, valueWidth, height, false);
            drawLines(ll, left, top);
            drawLines(vl, left + LABEL_WIDTH, top);
          },
        };
      }),
    });
    return;
  }
  const widths = block.widths.map((f) => f * width);
  const edges = columnEdges(left, widths);
  const rowOf = (cells: string[], fill: boolean) => {
    const lines = cells.map((c, i) => cellLines(c, widths[i]!));
    const height = Math.max(...lines.map((l) => l.length)) * lh + 2 * PAD;
    return {
      height,
      draw: (top: number) =>
        lines.forEach((l, i) => {
          cell(edges[i]!, top, widths[i]!, height, fill);
          drawLines(l, edges[i]!, top);
        }),
    };
  };
  const head = rowOf(block.head, true);
  const drawHead = () => {
    flow.ensure(head.height + lh * 2);
    head.draw(flow.y);
    flow.y -= head.height;
  };
  drawTable(flow, { head: drawHead, rows: block.rows.map((r) => rowOf(r, false)) });
}
