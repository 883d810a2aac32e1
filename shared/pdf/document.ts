/**
 * The end of every PDF main renders: running heads and feet stamped on each page once the page count
 * is known, the document information, the font finalised and the file saved (no object streams, so
 * the signature tools and poppler read it plainly).
 */
import { PDFDict, type PDFDocument, PDFName, PDFString } from 'pdf-lib';
import type { EmbeddedFont } from './font';
import type { PageFlow } from './page-flow';

/** Calls `draw` for every page with that page current (1-based number, total); returns the total. */
export function stampPages(flow: PageFlow, draw: (pageNo: number, total: number) => void): number {
  const total = flow.pages.length;
  flow.pages.forEach((page, i) => {
    flow.page = page;
    draw(i + 1, total);
  });
  return total;
}

export interface DocumentInfo {
  title: string;
  author: string;
  subject: string;
  keywords?: string[];
  producer: string;
  /** Creation and modification date; a fixed date gives byte-identical output. */
  date: Date;
  /** Further entries of the information dictionary (e.g. the contract's template and hash). */
  custom?: Record<string, string>;
}

export function setDocumentInfo(doc: PDFDocument, info: DocumentInfo): void {
  doc.setTitle(info.title);
  doc.setAuthor(info.author);
  doc.setSubject(info.subject);
  if (info.keywords) doc.setKeywords(info.keywords);
  doc.setCreator('SME Credit Workstation');
  doc.setProducer(info.producer);
  doc.setCreationDate(info.date);
  doc.setModificationDate(info.date);
  if (info.custom) {
    const dict = doc.context.lookup(doc.context.trailerInfo.Info, PDFDict);
    for (const [k, v] of Object.entries(info.custom)) dict.set(PDFName.of(k), PDFString.of(v));
  }
}

/** Finalises the subset font (after the last text is drawn) and saves. */
export async function savePdf(doc: PDFDocument, font: EmbeddedFont): Promise<Uint8Array> {
  await font.finalize();
  return doc.save({ useObjectStreams: false });
}
