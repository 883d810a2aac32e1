/**
 * The enterprise comparison (企业对比) as one PDF, A4 landscape: title, who generated it and when, one
 * aligned table (a column per enterprise; the screen's metric rows, each value with its percentile
 * within industry and size class), the rows the bank API flags as differing markedly shaded and
 * marked, reason codes, the data date of every source, and the monthly trends as vector polylines on
 * one shared axis. Page numbers on every page. Plain Node (no Electron): main's IPC handler and the
 * tests call it.
 *
 * Nothing is recomputed here: values, percentiles and the `differs` flag are the bank API's; labels
 * and value formatting are the screen's own (shared/i18n, shared/compare/format.ts): the industry by
 * name (shared/reference/industries.ts), amounts with 元, months and days with their units, reasons in
 * words with their figures formatted and a ratio without a base as "—" (shared/credit/describe.ts),
 * the data source by name. The font, its subsetting, the line breaking, the page flow and the table
 * across pages are the shared PDF engine (shared/pdf/, with the font of node-shared/pdf-font.ts; the
 * contracts and the bank API's credit memo use it too). The comparison
 * carries no personal identifiers (USCCs are public and shown in full, as on screen).
 */
import { PDFDocument, type RGB, rgb } from 'pdf-lib';
import { assertFontCovers, embedSubsetFont } from '../../node-shared/pdf-font';
import type { Compare } from '../../shared/api/enterprises';
import {
  type CompareLabels,
  fill,
  metricValue,
  percentileText,
  ratiosWithoutBase,
  sourceLabel,
  trendAxisMax,
} from '../../shared/compare/format';
import { type Lang, reasonText } from '../../shared/credit/describe';
import { DomainError } from '../../shared/errors';
import { en } from '../../shared/i18n/en';
import { type Messages, zhCN } from '../../shared/i18n/zh-CN';
import { savePdf, setDocumentInfo, stampPages } from '../../shared/pdf/document';
import { A4_LANDSCAPE, PageFlow } from '../../shared/pdf/page-flow';
import { drawTable } from '../../shared/pdf/table';
import { industryLabel } from '../../shared/reference/industries';

export type ReportLang = 'zh-CN' | 'en';

export interface CompareReportOptions {
  lang: ReportLang;
  /** When it was generated (printed in Beijing time and recorded as the PDF's dates). */
  generatedAt: Date;
  /** Who generated it. */
  user: { displayName: string; username: string; branchName: string };
}

export interface CompareReport {
  pdf: Uint8Array;
  pageCount: number;
}

export const PAGE = A4_LANDSCAPE;
const MARGIN = { top: 34, bottom: 40, left: 36, right: 36 } as const;
const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;

const INK = rgb(0.12, 0.16, 0.22);
const GREY = rgb(0.42, 0.44, 0.48);
const RULE = rgb(0.8, 0.81, 0.84);
const HEAD_FILL = rgb(0.95, 0.96, 0.97);
/** The screen's highlight (#fef3c7) and a darker amber for the mark. */
const DIFFERS_FILL = rgb(0xfe / 255, 0xf3 / 255, 0xc7 / 255);
const DIFFERS_INK = rgb(0x92 / 255, 0x40 / 255, 0x0e / 255);
/** The screen's chart colours. */
const SALES = rgb(0x25 / 255, 0x63 / 255, 0xeb / 255);
const INFLOW = rgb(0x16 / 255, 0xa3 / 255, 0x4a / 255);

const LABEL_W = 168;
/** Where enterprise `i` of `n` sits in the table (points from the left edge): tests crop to it. */
export function tableColumn(i: number, n: number): { x: number; width: number } {
  const width = (CONTENT_WIDTH - LABEL_W) / n;
  return { x: MARGIN.left + LABEL_W + i * width, width };
}
const PAD = 4;
const BODY = 8.5;
const SMALL = 7.2;
const LINE = 1.3;

const DICTS: Record<ReportLang, Messages> = { 'zh-CN': zhCN, en };

/** A metric's label as the screen shows it: the industry row is 所属行业 (it shows the industry's name). */
export function metricLabelOf(key: string, lang: ReportLang): string {
  const M = DICTS[lang];
  return key === 'industryCode' ? M.compareDesk.industry : ((M.compare.metrics as Record<string, string>)[key] ?? key);
}

/**
 * A metric's value as the screen shows it: the shared formatting (format.ts), the industry by name,
 * amounts with 元, months and days with their units; none as "—".
 */
export function metricText(m: Compare['metrics'][number], value: string | null, lang: ReportLang): string {
  const M = DICTS[lang];
  if (value != null && m.key === 'industryCode') return industryLabel(value, langOf(lang));
  if (value != null && m.unit === 'months') return fill(M.case.months, { n: value });
  if (value != null && m.unit === 'days') return fill(M.compareDesk.days, { n: value });
  if (value != null && m.unit === 'yuan') return `${metricValue(value, m.unit, M.compare)} ${M.case.yuan}`;
  return metricValue(value, m.unit, M.compare);
}

const langOf = (lang: ReportLang): Lang => (lang === 'en' ? 'en' : 'zh');

/** Beijing wall-clock time, "YYYY-MM-DD HH:mm". */
export function beijingTime(d: Date): string {
  return new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** The suggested file name: ASCII, with the Beijing time of generation. */
export function reportFileName(generatedAt: Date): string {
  return `enterprise-comparison-${beijingTime(generatedAt).replace(/[-:]/g, '').replace(' ', '-')}.pdf`;
}

/** A round axis top at or above `max`, in four equal steps of 1, 2, 2.5 or 5 × 10ⁿ. */
export function niceAxis(max: number, steps = 4): { top: number; step: number } {
  if (!(max > 0)) return { top: steps, step: 1 };
  const raw = max / steps;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * mag).find((s) => s >= raw - 1e-9)!;
  return { top: step * steps, step };
}

/** Axis tick in 万 (10,000 yuan), as the screen's charts label it. */
const wan = (yuan: number) => {
  const w = yuan / 10_000;
  return Number.isInteger(w) ? String(w) : w.toFixed(1);
};

interface Cell {
  lines: string[];
  size: number;
  color: RGB;
  align: 'left' | 'right';
  /** A grey suffix on the last line (the percentile). */
  suffix?: string;
}
interface Row {
  label: string[];
  differs: boolean;
  cells: Cell[];
  height: number;
  groupStart: boolean;
}

/** Every text of the report, decided before drawing: the font is subset to exactly these characters. */
function reportModel(cmp: Compare, opts: CompareReportOptions) {
  const M = DICTS[opts.lang];
  const L: CompareLabels = M.compare;
  const R = L.report;
  const ents = cmp.enterprises;
  const n = ents.length;
  const when = beijingTime(opts.generatedAt);
  const byLine = fill(R.generatedBy, {
    name: opts.user.displayName,
    username: opts.user.username,
    branch: opts.user.branchName,
  });
  // Reasons in words (no codes), their figures formatted, a ratio without a base as "—".
  const reasonLines = ents.map((e, i) => [
    ...e.score.reasonCodes.map((r) =>
      reasonText({ code: r.code, text: { zh: r.zh, en: r.en } }, langOf(opts.lang), ratiosWithoutBase(cmp, i)),
    ),
    fill(R.pd, { pd: e.score.pd, model: e.score.modelVersion }),
  ]);
  // Data dates as aligned rows, one per source: the named sources in the dictionary's order, then any other.
  const sourceKeys = [...new Set([...Object.keys(L.sources), ...ents.flatMap((e) => Object.keys(e.dataDates))])].filter(
    (k) => ents.some((e) => k in e.dataDates),
  );
  const dateRows = sourceKeys.map((k) => ({
    label: `${L.dataDates} · ${sourceLabel(k, L)}`,
    texts: ents.map((e) => e.dataDates[k] ?? '—'),
  }));
  const sourceTexts = ents.map((e) => [
    (M.compareDesk.sourceNames as Record<string, string>)[e.source] ?? e.source,
    fill(L.peerGroup, { n: e.peerGroup.size, basis: L.basis[e.peerGroup.basis] }),
  ]);
  const axis = niceAxis(trendAxisMax(ents));
  return {
    lang: opts.lang,
    M,
    L,
    R,
    when,
    title: R.title,
    byLine,
    atLine: fill(R.generatedAt, { time: when }),
    scopeLine: fill(R.scope, { n }),
    metricLabel: (key: string) => metricLabelOf(key, opts.lang),
    reasonLines,
    dateRows,
    sourceTexts,
    axis,
    ticks: Array.from({ length: 5 }, (_, i) => wan(axis.step * i)),
    months: [...new Set(ents.flatMap((e) => e.series.map((m) => m.month)))].sort(),
    footer: `${R.title} · ${when}　${R.footer}`,
  };
}
type ReportModel = ReturnType<typeof reportModel>;

/** The text the font must cover: every label of the dictionary (a few characters more than drawn, none forgotten) and every figure. */
function reportText(cmp: Compare, m: ReportModel): string {
  const valueTexts = cmp.metrics.flatMap((metric) =>
    metric.values.map((v) => `${metricText(metric, v.value, m.lang)} ${percentileText(v.percentile)}`),
  );
  return [
    JSON.stringify(m.L),
    m.byLine,
    m.atLine,
    m.scopeLine,
    '…',
    ...cmp.enterprises.flatMap((e) => [e.name, e.uscc]),
    ...cmp.metrics.map((metric) => m.metricLabel(metric.key)),
    ...valueTexts,
    ...m.reasonLines.flat(),
    ...m.dateRows.flatMap((r) => [r.label, ...r.texts]),
    ...m.sourceTexts.flat(),
    ...m.ticks,
    ...m.months,
    fill(m.R.page, { n: 0, total: 0 }),
    m.footer,
  ].join('\n');
}

/** The font's refusal in the report's own words (the comparison has no contract). */
function assertReportFontCovers(text: string): void {
  try {
    assertFontCovers(text);
  } catch (e) {
    if (e instanceof DomainError && e.code === 'CONTRACT_FONT_MISSING_CHARACTERS') {
      const chars = (e.details?.characters as string[]) ?? [];
      throw new DomainError(
        'COMPARE_FONT_MISSING_CHARACTERS',
        `报告字体不含以下字符，无法导出：${chars.join('、')}。 The report font has no glyph for: ${chars.join(', ')}.`,
        undefined,
        { characters: chars },
      );
    }
    throw e;
  }
}

/** Builds the whole comparison as a PDF; see the module note. */
export async function renderCompareReport(cmp: Compare, opts: CompareReportOptions): Promise<CompareReport> {
  if (cmp.enterprises.length < 1)
    throw new DomainError('COMPARE_EMPTY', 'Nothing to export: the comparison has no enterprises.');
  const m = reportModel(cmp, opts);
  const allText = reportText(cmp, m);
  assertReportFontCovers(allText);

  const doc = await PDFDocument.create();
  const font = await embedSubsetFont(doc, allText);
  const d = new PageFlow(doc, font, { ...PAGE, margin: MARGIN });
  d.newPage();
  drawTitleBlock(d, m);
  drawComparisonTable(d, cmp, m);
  drawTrends(d, cmp.enterprises, m);
  const total = stampPages(d, (n, of) => drawFooter(d, m, n, of));
  setDocumentInfo(doc, {
    title: `${m.title} ${m.when}`,
    author: `${opts.user.displayName} (${opts.user.username})`,
    subject: cmp.enterprises.map((e) => `${e.name} ${e.uscc}`).join('; '),
    producer: 'SME Credit Workstation comparison report (pdf-lib)',
    date: opts.generatedAt,
  });
  return { pdf: await savePdf(doc, font), pageCount: total };
}

/** The PDF bytes only. */
export async function renderComparePdf(cmp: Compare, opts: CompareReportOptions): Promise<Uint8Array> {
  return (await renderCompareReport(cmp, opts)).pdf;
}

/** Title, when and how many to the right, who below, and the note on percentiles and marks. */
function drawTitleBlock(d: PageFlow, m: ReportModel): void {
  d.text(m.title, MARGIN.left, d.y - 16, 16, INK);
  d.textRight(m.atLine, PAGE.width - MARGIN.right, d.y - 8, 8, GREY);
  d.textRight(m.scopeLine, PAGE.width - MARGIN.right, d.y - 19, 8, GREY);
  d.y -= 24;
  d.text(m.byLine, MARGIN.left, d.y - 8, 8, GREY);
  d.y -= 14;
  d.paragraph(m.R.note, { size: SMALL, leading: LINE, color: GREY });
  d.y -= 6;
}

const lineH = (size: number) => size * LINE;

/** The table's rows: a metric row per metric, then reasons, data dates and sources as lists. */
function tableRows(d: PageFlow, cmp: Compare, m: ReportModel, colW: number, badgeW: number): Row[] {
  const wrap = (s: string, w: number, size: number) => d.lines(s, w, size);
  const rows: Row[] = cmp.metrics.map((metric, i) => {
    const label = wrap(m.metricLabel(metric.key), LABEL_W - 2 * PAD - (metric.differs ? badgeW + 4 : 0), BODY);
    const cells: Cell[] = metric.values.map((v) => {
      const pct = percentileText(v.percentile);
      const reserve = pct ? d.width(` ${pct}`, SMALL) : 0;
      return {
        lines: wrap(metricText(metric, v.value, m.lang), colW - 2 * PAD - reserve, BODY),
        size: BODY,
        color: INK,
        align: 'right',
        ...(pct ? { suffix: pct } : {}),
      };
    });
    const lines = Math.max(label.length, ...cells.map((c) => c.lines.length));
    return {
      label,
      differs: metric.differs,
      cells,
      height: lines * lineH(BODY) + 2 * PAD - 1,
      groupStart: i > 0 && cmp.metrics[i - 1]!.group !== metric.group,
    };
  });
  /** A row of text per enterprise (reasons, data dates, source), each wrapped within its column. */
  const listRow = (
    label0: string,
    perEnt: string[][],
    size: number,
    align: Cell['align'],
    groupStart: boolean,
  ): Row => {
    const cells: Cell[] = perEnt.map((ls) => ({
      lines: ls.flatMap((l) => wrap(l, colW - 2 * PAD, size)),
      size,
      color: INK,
      align,
    }));
    const label = wrap(label0, LABEL_W - 2 * PAD, BODY);
    const lines = Math.max(...cells.map((c) => c.lines.length));
    return {
      label,
      differs: false,
      cells,
      height: Math.max(lines * lineH(size), label.length * lineH(BODY)) + 2 * PAD - 1,
      groupStart,
    };
  };
  rows.push(listRow(m.L.reasons, m.reasonLines, SMALL + 0.3, 'left', true));
  m.dateRows.forEach((r, i) => {
    rows.push(
      listRow(
        r.label,
        r.texts.map((t) => [t]),
        BODY,
        'right',
        i === 0,
      ),
    );
  });
  rows.push(listRow(m.L.source, m.sourceTexts, SMALL + 0.3, 'right', false));
  return rows;
}

/** One column per enterprise; the head (names and USCCs) again on every page the table runs onto. */
function drawComparisonTable(d: PageFlow, cmp: Compare, m: ReportModel): void {
  const ents = cmp.enterprises;
  const colW = (CONTENT_WIDTH - LABEL_W) / ents.length;
  const badgeW = d.width(m.L.differs, SMALL) + 6;
  const names = ents.map((e) => d.lines(e.name, colW - 2 * PAD, 9));
  const headH = Math.max(...names.map((l) => l.length)) * lineH(9) + lineH(SMALL) + 2 * PAD;
  const head = () => {
    const top = d.y;
    d.page.drawRectangle({ x: MARGIN.left, y: top - headH, width: CONTENT_WIDTH, height: headH, color: HEAD_FILL });
    d.text(m.L.metric, MARGIN.left + PAD, top - PAD - 9, 9, INK);
    ents.forEach((e, i) => {
      const x = MARGIN.left + LABEL_W + i * colW + PAD;
      const lines = names[i]!;
      lines.forEach((l, k) => {
        d.text(l, x, top - PAD - 9 - k * lineH(9), 9, INK);
      });
      d.text(e.uscc, x, top - PAD - lines.length * lineH(9) - SMALL, SMALL, GREY);
    });
    d.hline(top, 0.9, INK);
    d.hline(top - headH, 0.9, INK);
    d.y = top - headH;
  };
  const rows = tableRows(d, cmp, m, colW, badgeW).map((r) => ({
    height: r.height,
    draw: (top: number) => drawRow(d, r, top, colW, badgeW, m.L.differs),
  }));
  drawTable(d, { head, rows });
  d.hline(d.y, 0.9, INK);
}

/** A row: the differs shading and mark, the label, each enterprise's value right- or left-aligned. */
function drawRow(d: PageFlow, r: Row, top: number, colW: number, badgeW: number, differsLabel: string): void {
  if (r.differs) {
    d.page.drawRectangle({
      x: MARGIN.left,
      y: top - r.height,
      width: CONTENT_WIDTH,
      height: r.height,
      color: DIFFERS_FILL,
    });
    d.page.drawRectangle({ x: MARGIN.left, y: top - r.height, width: 2, height: r.height, color: DIFFERS_INK });
  }
  if (r.groupStart) d.hline(top, 0.6, GREY);
  r.label.forEach((l, k) => {
    d.text(l, MARGIN.left + PAD + 2, top - PAD - BODY - k * lineH(BODY), BODY, INK);
  });
  if (r.differs) {
    const bx = MARGIN.left + LABEL_W - PAD - badgeW;
    const by = top - PAD - BODY - 2;
    d.page.drawRectangle({
      x: bx,
      y: by,
      width: badgeW,
      height: SMALL + 4,
      borderColor: DIFFERS_INK,
      borderWidth: 0.6,
    });
    d.text(differsLabel, bx + 3, by + 2.2, SMALL, DIFFERS_INK);
  }
  r.cells.forEach((c, i) => {
    const x0 = MARGIN.left + LABEL_W + i * colW;
    const suffixW = c.suffix ? d.width(` ${c.suffix}`, SMALL) : 0;
    c.lines.forEach((l, k) => {
      const y = top - PAD - c.size - k * lineH(c.size);
      const last = k === c.lines.length - 1;
      if (c.align === 'right') {
        const right = x0 + colW - PAD - (last ? suffixW : 0);
        d.textRight(l, right, y, c.size, c.color);
        if (last && c.suffix) d.text(` ${c.suffix}`, right, y, SMALL, GREY);
      } else d.text(l, x0 + PAD, y, c.size, c.color);
    });
  });
  d.hline(top - r.height, 0.3, RULE);
}

/** Monthly trends, every chart on the same axis, under a heading with the legend at its right. */
function drawTrends(d: PageFlow, ents: Compare['enterprises'], m: ReportModel): void {
  const chartH = 128;
  const gap = 12;
  d.y -= 14;
  d.ensure(14 + chartH);
  d.text(m.L.trends, MARGIN.left, d.y - 10, 10, INK);
  drawLegend(d, m);
  d.y -= 16;
  const chartW = (CONTENT_WIDTH - (ents.length - 1) * gap) / ents.length;
  ents.forEach((e, i) => {
    const x0 = MARGIN.left + i * (chartW + gap);
    drawTrend(d, e, x0, d.y, chartW, chartH, m.axis, m.ticks, m.months);
  });
  d.y -= chartH;
}

/** Right to left: the axis unit, then a line sample and name per series. */
function drawLegend(d: PageFlow, m: ReportModel): void {
  let lx = PAGE.width - MARGIN.right;
  for (const [label, color] of [
    [m.R.axis, GREY],
    [m.L.inflow, INFLOW],
    [m.L.vatSales, SALES],
  ] as const) {
    const w = d.width(label, SMALL);
    lx -= w;
    d.text(label, lx, d.y - 9, SMALL, color === GREY ? GREY : INK);
    if (color !== GREY) {
      d.page.drawLine({ start: { x: lx - 16, y: d.y - 6.5 }, end: { x: lx - 3, y: d.y - 6.5 }, thickness: 1.5, color });
      lx -= 16;
    }
    lx -= 14;
  }
}

/** The running footer: what and when at the left, 第 N 页 共 M 页 at the right. */
function drawFooter(d: PageFlow, m: ReportModel, pageNo: number, total: number): void {
  const fy = MARGIN.bottom - 22;
  d.hline(fy + 11, 0.4, RULE);
  d.text(m.footer, MARGIN.left, fy, SMALL, GREY);
  d.textRight(fill(m.R.page, { n: pageNo, total }), PAGE.width - MARGIN.right, fy, 7.5, GREY);
}

/** One enterprise's small chart: VAT sales and settlement inflow per month on the shared axis. */
function drawTrend(
  d: PageFlow,
  e: Compare['enterprises'][number],
  x0: number,
  top: number,
  w: number,
  h: number,
  axis: { top: number; step: number },
  ticks: string[],
  months: string[],
): void {
  const { page, font } = d;
  page.drawRectangle({ x: x0, y: top - h, width: w, height: h, borderColor: RULE, borderWidth: 0.5 });
  // Caption: the name on one line, cut with an ellipsis when longer than the chart.
  const capW = w - 2 * PAD;
  let cap = d.lines(e.name, capW, 8)[0] ?? '';
  if (cap !== e.name) {
    while (cap && font.widthOf(`${cap}…`, 8) > capW) cap = [...cap].slice(0, -1).join('');
    cap = `${cap}…`;
  }
  d.text(cap, x0 + PAD, top - PAD - 8, 8, INK);
  const tickW = Math.max(...ticks.map((t) => font.widthOf(t, 6)));
  const plot = { left: x0 + PAD + tickW + 3, right: x0 + w - PAD - 2, top: top - 18, bottom: top - h + 14 };
  const yOf = (v: number) => plot.bottom + (v / axis.top) * (plot.top - plot.bottom);
  ticks.forEach((t, i) => {
    const y = yOf(axis.step * i);
    page.drawLine({
      start: { x: plot.left, y },
      end: { x: plot.right, y },
      thickness: i === 0 ? 0.6 : 0.3,
      color: i === 0 ? GREY : RULE,
      ...(i === 0 ? {} : { dashArray: [2, 2] }),
    });
    d.textRight(t, plot.left - 2, y - 2, 6, GREY);
  });
  const span = Math.max(1, months.length - 1);
  const xOf = (month: string) => plot.left + (months.indexOf(month) / span) * (plot.right - plot.left);
  const labelled =
    months.length <= 2 ? months : [months[0]!, months[Math.floor((months.length - 1) / 2)]!, months.at(-1)!];
  for (const m of labelled) {
    const x = xOf(m);
    const tw = font.widthOf(m, 6);
    const tx = Math.min(Math.max(x - tw / 2, plot.left), plot.right - tw);
    d.text(m, tx, plot.bottom - 8, 6, GREY);
    page.drawLine({ start: { x, y: plot.bottom }, end: { x, y: plot.bottom - 2 }, thickness: 0.4, color: GREY });
  }
  for (const [pick, color] of [
    [(m: (typeof e.series)[number]) => Number(m.vatSales), SALES],
    [(m: (typeof e.series)[number]) => Number(m.settlementInflow), INFLOW],
  ] as const) {
    if (e.series.length === 0) continue;
    // SVG path coordinates run downwards from the given origin (pdf-lib flips them).
    const path = e.series
      .map(
        (m, k) =>
          `${k === 0 ? 'M' : 'L'}${(xOf(m.month) - plot.left).toFixed(2)},${(plot.top - yOf(pick(m))).toFixed(2)}`,
      )
      .join(' ');
    page.drawSvgPath(path, { x: plot.left, y: plot.top, borderColor: color, borderWidth: 1.1 });
  }
}
