/**
 * Pages and a cursor for the PDFs main renders (contracts, comparison reports): a new page when the
 * next block does not fit, and text drawn only with characters of the embedded font subset (a missing
 * glyph is a bug, never an empty box).
 */
import { type PDFDocument, type PDFPage, type RGB, setCharacterSpacing } from 'pdf-lib';
import type { EmbeddedFont } from './font.js';

/** A4 in PDF points, portrait (contracts) and landscape (comparison reports). */
export const A4_PORTRAIT = { width: 595.28, height: 841.89 } as const;
export const A4_LANDSCAPE = { width: A4_PORTRAIT.height, height: A4_PORTRAIT.width } as const;

export interface PageGeometry {
  width: number;
  height: number;
  margin: { top: number; bottom: number; left: number; right: number };
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
  width(s: string, size: number): number {
    return this.font.widthOf(s, size);
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
