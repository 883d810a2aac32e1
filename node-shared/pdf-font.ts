/**
 * The font of every PDF main renders (contracts, comparison reports): Noto Sans SC (Noto Sans Hans
 * Regular, OpenType/CFF) from @embedpdf/fonts-sc, subset with harfbuzz to the characters of one
 * document and embedded so poppler reads it cleanly. Its refusals keep the codes they had when only
 * contracts used it (CONTRACT_FONT_*); the comparison report words them as its own.
 *
 * Why not pdf-lib's own subsetting: its fontkit fork writes broken CID-keyed CFF for CJK fonts
 * (poppler: "Embedded font file may be invalid"), and without subsetting declares the CFF bytes as
 * TrueType ("Mismatch between font type and embedded font file"). See shared NOTES.md.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDict, type PDFDocument, type PDFFont, PDFName, type PDFRef, PDFStream } from 'pdf-lib';
import subsetFont from 'subset-font';
import { DomainError } from '../../shared/errors.js';

const FONT_FILE = 'NotoSansHans-Regular.otf';

/** Characters every document may need whatever its text: digits and ASCII for page numbers and hashes. */
const ALWAYS_INCLUDED = ' 0123456789abcdefABCDEF第页共-:：/';

interface FontkitFont {
  hasGlyphForCodePoint(cp: number): boolean;
  glyphForCodePoint(cp: number): { advanceWidth: number; path: { toSVG(): string } };
  unitsPerEm: number;
}

let baseBytes: Buffer | undefined;
let baseFont: FontkitFont | undefined;

/** Path of the OTF inside node_modules (resolved from the package, not hard-coded). */
export function fontFilePath(): string {
  const require = createRequire(import.meta.url);
  // The package exports only its JS entry (dist/index.cjs); the fonts sit beside dist/.
  const entry = require.resolve('@embedpdf/fonts-sc');
  return join(dirname(entry), '..', 'fonts', FONT_FILE);
}

/** The full 8 MB font, read once per process. */
export function baseFontBytes(): Buffer {
  if (!baseBytes) {
    try {
      baseBytes = readFileSync(fontFilePath());
    } catch (e) {
      throw new DomainError(
        'CONTRACT_FONT_UNAVAILABLE',
        `合同字体文件无法读取，请重新安装应用。 The contract font could not be read (${(e as Error).message}).`,
      );
    }
  }
  return baseBytes;
}

/** The full font parsed by fontkit, once per process: coverage checks and seal glyph outlines. */
export function baseFontkit(): FontkitFont {
  baseFont ??= fontkit.create(baseFontBytes()) as unknown as FontkitFont;
  return baseFont;
}

/** Characters of `text` that need a glyph (line breaks and tabs are layout, not glyphs). */
function glyphChars(text: string): Set<string> {
  const set = new Set<string>();
  for (const ch of text) if (ch !== '\n' && ch !== '\r' && ch !== '\t') set.add(ch);
  return set;
}

/**
 * Refuses text the font cannot show, listing the characters, instead of printing empty boxes.
 * `field` names the input, when the caller knows it.
 */
export function assertFontCovers(text: string, field?: string): void {
  const font = baseFontkit();
  const missing: string[] = [];
  for (const ch of glyphChars(text)) {
    if (!font.hasGlyphForCodePoint(ch.codePointAt(0)!)) missing.push(ch);
  }
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

const subsetCache = new Map<string, Uint8Array>();
const SUBSET_CACHE_MAX = 16;

/** Forgets cached subsets (the bench uses it to measure the uncached path). */
export function clearSubsetCache(): void {
  subsetCache.clear();
}

/** The font cut down to the given characters (harfbuzz, OpenType/CFF out). Cached by character set. */
export async function subsetFor(text: string): Promise<Uint8Array> {
  const chars = [...glyphChars(text + ALWAYS_INCLUDED)].sort().join('');
  const hit = subsetCache.get(chars);
  if (hit) return hit;
  const out = new Uint8Array(
    await subsetFont(baseFontBytes(), chars, { targetFormat: 'sfnt', keepFeatures: [], noLayoutClosure: true }),
  );
  if (subsetCache.size >= SUBSET_CACHE_MAX) subsetCache.delete(subsetCache.keys().next().value!);
  subsetCache.set(chars, out);
  return out;
}

/** Six uppercase letters from a hash of the subset: the PDF's subset tag (ISO 32000 §9.6.4). */
export function subsetTag(bytes: Uint8Array): string {
  const digest = createHash('sha256').update(bytes).digest();
  let tag = '';
  for (let i = 0; i < 6; i++) tag += String.fromCharCode(65 + (digest[i]! % 26));
  return tag;
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
export async function embedSubsetFont(doc: PDFDocument, text: string): Promise<EmbeddedFont> {
  assertFontCovers(text);
  const bytes = await subsetFor(text);
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
  const chars = glyphChars(text + ALWAYS_INCLUDED);
  return {
    font,
    has: (ch) => chars.has(ch),
    advance,
    widthOf(s, size) {
      let w = 0;
      for (const ch of s) w += advance(ch);
      return w * size;
    },
    async finalize() {
      await doc.flush();
      fixFontObjects(doc, font.ref, `${subsetTag(bytes)}+`);
    },
  };
}

/**
 * Declares the embedded OpenType/CFF correctly: descendant CIDFontType0 without CIDToGIDMap, font
 * file under FontFile3 /Subtype /OpenType, and the subset tag on BaseFont and FontName.
 */
function fixFontObjects(doc: PDFDocument, ref: PDFRef, tag: string): void {
  const ctx = doc.context;
  const type0 = ctx.lookup(ref, PDFDict);
  const baseName = type0
    .get(PDFName.of('BaseFont'))!
    .toString()
    .slice(1)
    .replace(/^[A-Z]{6}\+/, '');
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
