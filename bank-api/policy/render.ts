/**
 * The published 清单 as a PDF (准入标准、负面清单与材料清单), A4 portrait, in Chinese: the same PDF engine
 * as the contracts and the credit memo (shared/pdf/: page flow, tables with their head repeated on every
 * page they run over, Chinese line breaking; Noto Sans SC subset from node-shared/pdf-font.ts). Rendered
 * in the bank API, beside the data it prints: the rule set in force is read there, and the bytes are the
 * same for the same version (the PDF's date is the version's effective date).
 */
import { PDFDocument, rgb } from 'pdf-lib';
import { embedSubsetFont } from '../../node-shared/pdf-font';
import type { PolicyDocument } from '../../shared/api/policy';
import { savePdf, setDocumentInfo, stampPages } from '../../shared/pdf/document';
import { A4_PORTRAIT, PageFlow } from '../../shared/pdf/page-flow';
import { columnEdges, drawTable } from '../../shared/pdf/table';

const MARGIN = { top: 56, bottom: 60, left: 56, right: 56 } as const;
const INK = rgb(0.1, 0.1, 0.12);
const GREY = rgb(0.4, 0.42, 0.45);
const RULE = rgb(0.55, 0.56, 0.6);
const FILL = rgb(0.94, 0.95, 0.96);
const BODY = 9.5;
const LEADING = 1.5;
const PAD = 4;

export const POLICY_TITLE = '准入标准、负面清单与材料清单';

interface Table {
  head: string[];
  widths: number[];
  rows: string[][];
}
interface Section {
  heading: string;
  note: string;
  tables: { caption?: string; table: Table }[];
}

/** The document's sections, in the order printed. */
export function policySections(d: PolicyDocument): Section[] {
  const rules = (xs: PolicyDocument['admission']): Table => ({
    head: ['序号', '项目', '标准'],
    widths: [0.08, 0.52, 0.4],
    rows: xs.map((r, i) => [String(i + 1), r.text.zh, r.threshold.zh]),
  });
  const products = [...new Map(d.materials.map((m) => [m.productCode, m.productName.zh])).entries()];
  return [
    { heading: '一、准入标准', note: '以下各项须全部满足。', tables: [{ table: rules(d.admission) }] },
    { heading: '二、负面清单', note: '命中任一项即不予准入，与评分无关。', tables: [{ table: rules(d.negativeList) }] },
    {
      heading: '三、客户群',
      note: '同时属于多个客户群的，合并各群所需材料。',
      tables: [
        {
          table: {
            head: ['客户群', '适用对象'],
            widths: [0.3, 0.7],
            rows: d.groups.map((g) => [g.name.zh, g.who.zh]),
          },
        },
      ],
    },
    ...products.map(([code, name], i) => ({
      heading: `${['四', '五', '六', '七', '八', '九', '十'][i] ?? String(i + 4)}、材料清单：${name}（${code}）`,
      note: '',
      tables: d.materials
        .filter((m) => m.productCode === code)
        .map((m) => ({
          caption: m.groupName.zh,
          table: {
            head: ['序号', '材料', '取得方式'],
            widths: [0.08, 0.64, 0.28],
            rows: m.items.map((x, j) => [String(j + 1), x.name.zh, x.electronic ? '电子化获取' : '客户提供']),
          },
        })),
    })),
  ];
}

export async function renderPolicyPdf(
  d: PolicyDocument,
  bankName: string,
): Promise<{ pdf: Uint8Array; pageCount: number }> {
  const sections = policySections(d);
  const version = `规则版本：${d.version}（${d.effectiveFrom} 起施行）`;
  const chars = [bankName, POLICY_TITLE, version, '第页共（续）0123456789'];
  for (const s of sections) {
    chars.push(s.heading, s.note);
    for (const t of s.tables) chars.push(t.caption ?? '', ...t.table.head, ...t.table.rows.flat());
  }
  const doc = await PDFDocument.create();
  const font = await embedSubsetFont(doc, chars.join(''));
  const flow = new PageFlow(doc, font, { ...A4_PORTRAIT, margin: MARGIN });
  const left = MARGIN.left;
  const width = flow.contentWidth;
  const lh = BODY * LEADING;
  flow.newPage();
  flow.textCentred(bankName, left, width, flow.y - 12, 12, GREY, 2);
  flow.y -= 22;
  flow.textCentred(POLICY_TITLE, left, width, flow.y - 18, 18, INK, 2);
  flow.y -= 32;
  flow.text(version, left, flow.y - BODY, BODY, INK);
  flow.y -= BODY * 1.8;
  flow.hline(flow.y, 1.2, INK);
  flow.y -= 14;

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
  const drawTableBlock = (t: Table) => {
    const widths = t.widths.map((f) => f * width);
    const edges = columnEdges(left, widths);
    const rowOf = (cells: string[], fill: boolean) => {
      const lines = cells.map((c, i) => flow.lines(c, widths[i]! - 2 * PAD, BODY));
      const height = Math.max(...lines.map((l) => l.length)) * lh + 2 * PAD;
      return {
        height,
        draw: (top: number) =>
          lines.forEach((ls, i) => {
            cell(edges[i]!, top, widths[i]!, height, fill);
            ls.forEach((l, k) => {
              flow.text(l, edges[i]! + PAD, top - PAD - BODY - k * lh + (lh - BODY) / 2 - 1, BODY, INK);
            });
          }),
      };
    };
    const head = rowOf(t.head, true);
    drawTable(flow, {
      head: () => {
        flow.ensure(head.height + lh * 2);
        head.draw(flow.y);
        flow.y -= head.height;
      },
      rows: t.rows.map((r) => rowOf(r, false)),
    });
  };

  for (const s of sections) {
    flow.ensure(BODY * 8);
    flow.text(s.heading, left, flow.y - 11.5, 11.5, INK);
    flow.y -= 11.5 * 1.9;
    if (s.note) {
      flow.paragraph(s.note, { size: BODY, leading: LEADING, color: GREY });
      flow.y -= 4;
    }
    for (const t of s.tables) {
      if (t.caption) {
        flow.ensure(BODY * 6);
        flow.text(t.caption, left, flow.y - BODY, BODY, INK);
        flow.y -= BODY * 1.8;
      }
      drawTableBlock(t.table);
      flow.y -= 8;
    }
    flow.y -= 6;
  }

  const total = stampPages(flow, (n, of) => {
    const y = MARGIN.bottom - 26;
    flow.page.drawLine({
      start: { x: left, y: y + 12 },
      end: { x: left + width, y: y + 12 },
      thickness: 0.4,
      color: RULE,
    });
    flow.text(`${bankName} ${POLICY_TITLE} ${d.version}`, left, y, 8, GREY);
    flow.textRight(`第 ${n} 页 共 ${of} 页`, left + width, y, 8, GREY);
  });
  setDocumentInfo(doc, {
    title: `${POLICY_TITLE} ${d.version}`,
    author: bankName,
    subject: `Admission standards, negative list and material lists of rule set ${d.version}`,
    keywords: [`rule-set:${d.version}`],
    producer: 'SME Credit Workstation policy lists (pdf-lib)',
    date: new Date(`${d.effectiveFrom}T00:00:00+08:00`),
  });
  const pdf = await savePdf(doc, font);
  return { pdf, pageCount: total };
}
