/**
 * Pages, a cursor and the text flow for the PDFs main renders (contracts, comparison reports): a new
 * page when the next block does not fit, text drawn only with characters of the embedded font subset
 * (a missing glyph is a bug, never an empty box), aligned text and wrapped paragraphs.
 */
import { type PDFDocument, type PDFPage, type RGB, setCharacterSpacing } from 'pdf-lib';
import type { EmbeddedFont } from './font';
import { breakLines } from './line-break';

/** A4 in PDF points, portrait (contracts) and landscape (comparison reports). */
export const A4_PORTRAIT = { width: 595.28, height: 841.89 } as const;
export const A4_LANDSCAPE = { width: A4_PORTRAIT.height, height: A4_PORTRAIT.width } as const;

export interface PageGeometry {
  width: number;
  height: number;
  margin: { top: number; bottom: number; left: number; right: number };
}

export interface ParagraphStyle {
  size: number;
  /** Line height as a multiple of the size. */
  leading: number;
  color: RGB;
  /** The first line starts this much further right (default 0). */
  indent?: number;
  /** Left edge (default: the left margin). */
  x?: number;
  /** Measure (default: margin to margin). */
  width?: number;
  /** Spread every line but the last to the full measure (Chinese body text). */
  justify?: boolean;
}

export class PageFlow {
  readonly pages: PDFPage[] = [];
  page!: PDFPage;
  y = 0;
  onNewPage: (() => void) | undefined;
  constructor(
    readonly doc: PDFDocument,
    readonly font: EmbeddedFont,
    readonly geometry: PageGeometry,
  ) {}
  /** Width between the margins. */
  get contentWidth(): number {
    const g = this.geometry;
    return g.width - g.margin.left - g.margin.right;
  }
  newPage(): void {
    const g = this.geometry;
    this.page = this.doc.addPage([g.width, g.height]);
    this.pages.push(this.page);
    this.y = g.height - g.margin.top;
    this.onNewPage?.();
  }
  /** Starts a new page unless `height` more fits above the bottom margin. */
  ensure(height: number): void {
    if (this.y - height < this.geometry.margin.bottom) this.newPage();
  }
  /** Draws `s` with its baseline at y; `spacing` adds that much between characters (justification). */
  text(s: string, x: number, y: number, size: number, color: RGB, spacing = 0): void {
    for (const ch of s) {
      if (!this.font.has(ch)) throw new Error(`character ${ch} drawn but not in the font subset`);
    }
    if (spacing) this.page.pushOperators(setCharacterSpacing(spacing));
    this.page.drawText(s, { x, y, size, font: this.font.font, color });
    if (spacing) this.page.pushOperators(setCharacterSpacing(0));
  }
  /** Text ending at `right`. */
  textRight(s: string, right: number, y: number, size: number, color: RGB): void {
    this.text(s, right - this.width(s, size), y, size, color);
  }
  /** Text centred in [x, x + width], `spacing` between its characters included. */
  textCentred(s: string, x: number, width: number, y: number, size: number, color: RGB, spacing = 0): void {
    const spread = spacing ? spacing * ([...s].length - 1) : 0;
    this.text(s, x + (width - this.width(s, size) - spread) / 2, y, size, color, spacing);
  }
  width(s: string, size: number): number {
    return this.font.widthOf(s, size);
  }
  /** `s` broken into lines no wider than `width` at `size` (the first `indent` narrower). */
  lines(s: string, width: number, size: number, indent = 0): string[] {
    return breakLines(s, width, size, this.font.advance, indent);
  }
  /** A wrapped paragraph from the cursor down, a new page whenever the next line does not fit. */
  paragraph(s: string, style: ParagraphStyle): void {
    const { size, leading, color, indent = 0, x = this.geometry.margin.left, width = this.contentWidth } = style;
    const lines = this.lines(s, width, size, indent);
    const lh = size * leading;
    lines.forEach((line, i) => {
      this.ensure(lh);
      const lx = x + (i === 0 ? indent : 0);
      let spacing = 0;
      if (style.justify) {
        const avail = width - (i === 0 ? indent : 0);
        const chars = [...line].length;
        const slack = avail - this.width(line, size);
        const justify = i < lines.length - 1 && chars > 1 && slack > 0 && slack < size * 2;
        if (justify) spacing = slack / (chars - 1);
      }
      this.text(line, lx, this.y - size, size, color, spacing);
      this.y -= lh;
    });
  }
  /** A rule across the text area (margin to margin) of the current page at y. */
  hline(y: number, thickness: number, color: RGB): void {
    const g = this.geometry;
    this.page.drawLine({
      start: { x: g.margin.left, y },
      end: { x: g.width - g.margin.right, y },
      thickness,
      color,
    });
  }
}
