/**
 * Embedding the document font, free of Node: the PDFs of the desktop (contracts, comparison reports)
 * and of the bank API (the credit memo) subset Noto Sans SC to the characters of one document and
 * embed it so poppler reads it cleanly. Where the font's bytes come from and how they are subset is a
 * `FontSource` the caller passes in (node-shared/pdf-font.ts reads @embedpdf/fonts-sc and subsets with
 * harfbuzz). Refusals keep the codes they had when only contracts used them (CONTRACT_FONT_*).
 *
 * Why not pdf-lib's own subsetting: its fontkit fork writes broken CID-keyed CFF for CJK fonts
 * (poppler: "Embedded font file may be invalid"), and without subsetting declares the CFF bytes as
 * TrueType ("Mismatch between font type and embedded font file"). See shared NOTES.md.
 */
import fontkit from '@pdf-lib/fontkit';
import { PDFDict, type PDFDocument, type PDFFont, PDFName, type PDFRef, PDFStream } from 'pdf-lib';
import { DomainError } from '../errors';

/** Characters every document may need whatever its text: digits and ASCII for page numbers and hashes. */
export const ALWAYS_INCLUDED = ' 0123456789abcdefABCDEF第页共-:：/';

/** A font cut down to some characters: its OpenType bytes and its six-letter subset tag. */
export interface FontSubset {
  bytes: Uint8Array;
  /** Six uppercase letters (ISO 32000 §9.6.4), e.g. from a hash of the bytes. */
  tag: string;
}

/** Where a document's font comes from: coverage of the full font, and subsets of it. */
export interface FontSource {
  /** Whether the full font has a glyph for this character. */
  hasGlyph(ch: string): boolean;
  /** The font cut down to exactly these characters (sorted, each once). */
  subset(chars: string): Promise<FontSubset>;
}

interface FontkitFont {
  glyphForCodePoint(cp: number): { advanceWidth: number };
  unitsPerEm: number;
}

/** Characters of `text` that need a glyph (line breaks and tabs are layout, not glyphs). */
export function glyphChars(text: string): Set<string> {
  const set = new Set<string>();
  for (const ch of text) if (ch !== '\n' && ch !== '\r' && ch !== '\t') set.add(ch);
  return set;
}

/** The characters a subset for `text` holds, sorted: the key a source may cache subsets by. */
export function subsetChars(text: string): string {
  return [...glyphChars(text + ALWAYS_INCLUDED)].sort().join('');
}

/**
 * Refuses text the font cannot show, listing the characters, instead of printing empty boxes.
 * `field` names the input, when the caller knows it.
 */
export function assertFontCovers(source: FontSource, text: string, field?: string): void {
  const missing: string[] = [];
  for (const ch of glyphChars(text)) if (!source.hasGlyph(ch)) missing.push(ch);
  if (missing.length > 0) {
    const listed = missing.map((c) => `「${c}」U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
    throw new DomainError(
      'CONTRACT_FONT_MISSING_CHARACTERS',
      `合同字体不含以下字符，请改用常用字或核对数据：${listed.join('、')}。 ` +
        `The contract font has no glyph for: ${listed.join(', ')}.`,
      field,
      { characters: missing },
    );
  }
}

export interface EmbeddedFont {
  font: PDFFont;
  /** Whether the subset has this character (drawing anything else would show an empty box). */
  has(ch: string): boolean;
  /** Advance width of one character at size 1 (em fraction), cached per character. */
  advance(ch: string): number;
  widthOf(text: string, size: number): number;
  /** Call after all text is drawn, before save: rewrites the font objects (see module note). */
  finalize(): Promise<void>;
}

/**
 * Subsets and embeds the font for a document whose whole text is `text`. The caller must draw only
 * characters of `text` (plus ALWAYS_INCLUDED) with it.
 */
export async function embedSubsetFont(doc: PDFDocument, text: string, source: FontSource): Promise<EmbeddedFont> {
  assertFontCovers(source, text);
  const chars = subsetChars(text);
  const { bytes, tag } = await source.subset(chars);
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(bytes, { subset: false });
  const fk = (font as unknown as { embedder: { font: FontkitFont } }).embedder.font;
  const scale = 1 / fk.unitsPerEm;
  const widths = new Map<string, number>();
  const advance = (ch: string): number => {
    let w = widths.get(ch);
    if (w === undefined) {
      w = fk.glyphForCodePoint(ch.codePointAt(0)!).advanceWidth * scale;
      widths.set(ch, w);
    }
    return w;
  };
  const has = new Set(chars);
  return {
    font,
    has: (ch) => has.has(ch),
    advance,
    widthOf(s, size) {
      let w = 0;
      for (const ch of s) w += advance(ch);
      return w * size;
    },
    async finalize() {
      await doc.flush();
      fixFontObjects(doc, font.ref, `${tag}+`);
    },
  };
}

/**
 * Declares the embedded OpenType/CFF correctly: descendant CIDFontType0 without CIDToGIDMap, font
 * file under FontFile3 /Subtype /OpenType, and the subset tag on BaseFont and FontName (in place of
 * pdf-lib's random name suffix, so a document's bytes depend only on its content and dates).
 */
function fixFontObjects(doc: PDFDocument, ref: PDFRef, tag: string): void {
  const ctx = doc.context;
  const type0 = ctx.lookup(ref, PDFDict);
  const baseName = type0
    .get(PDFName.of('BaseFont'))!
    .toString()
    .slice(1)
    .replace(/^[A-Z]{6}\+/, '')
    // pdf-lib appends a random "-1234" to the name; without it the same document gives the same bytes.
    .replace(/-\d{1,4}$/, '');
  const tagged = PDFName.of(tag + baseName);
  type0.set(PDFName.of('BaseFont'), tagged);
  const descendants = type0.lookup(PDFName.of('DescendantFonts'));
  const cid = ctx.lookup((descendants as unknown as { get(i: number): PDFRef }).get(0), PDFDict);
  cid.set(PDFName.of('Subtype'), PDFName.of('CIDFontType0'));
  cid.delete(PDFName.of('CIDToGIDMap'));
  cid.set(PDFName.of('BaseFont'), tagged);
  const descriptor = cid.lookup(PDFName.of('FontDescriptor'), PDFDict);
  descriptor.set(PDFName.of('FontName'), tagged);
  const fileRef = descriptor.get(PDFName.of('FontFile2')) ?? descriptor.get(PDFName.of('FontFile3'));
  if (!fileRef) throw new Error('embedded font has no font file');
  descriptor.delete(PDFName.of('FontFile2'));
  descriptor.set(PDFName.of('FontFile3'), fileRef);
  const stream = ctx.lookup(fileRef, PDFStream);
  stream.dict.set(PDFName.of('Subtype'), PDFName.of('OpenType'));
}
