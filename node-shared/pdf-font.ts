/**
 * The document font where Node runs (electron main, the bank API): Noto Sans SC (Noto Sans Hans
 * Regular, OpenType/CFF) read from @embedpdf/fonts-sc, subset with harfbuzz (`subset-font`) and
 * tagged from a SHA-256 of the subset. The PDF engine itself (shared/pdf/) is free of Node and takes
 * this as its `FontSource`; `embedSubsetFont` and `assertFontCovers` here are the engine's with this
 * font filled in, which is what the contracts, the comparison report and the credit memo call.
 *
 * node-shared/ holds Node code both processes use; it imports shared/ and packages, never electron/,
 * bank-api/ or renderer/ (node-shared/pdf.test.ts checks).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import type { PDFDocument } from 'pdf-lib';
import subsetFont from 'subset-font';
import { DomainError } from '../shared/errors';
import {
  type EmbeddedFont,
  assertFontCovers as engineAssertFontCovers,
  embedSubsetFont as engineEmbedSubsetFont,
  type FontSource,
  type FontSubset,
} from '../shared/pdf/font';

export type { EmbeddedFont } from '../shared/pdf/font';

const FONT_FILE = 'NotoSansHans-Regular.otf';

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

const subsetCache = new Map<string, FontSubset>();
const SUBSET_CACHE_MAX = 16;

/** Forgets cached subsets (the bench uses it to measure the uncached path). */
export function clearSubsetCache(): void {
  subsetCache.clear();
}

/** Six uppercase letters from a hash of the subset: the PDF's subset tag (ISO 32000 §9.6.4). */
export function subsetTag(bytes: Uint8Array): string {
  const digest = createHash('sha256').update(bytes).digest();
  let tag = '';
  for (let i = 0; i < 6; i++) tag += String.fromCharCode(65 + (digest[i]! % 26));
  return tag;
}

/** Noto Sans SC as the engine's font source: harfbuzz subsets (OpenType/CFF out), cached by character set. */
export const notoSansSc: FontSource = {
  hasGlyph: (ch) => baseFontkit().hasGlyphForCodePoint(ch.codePointAt(0)!),
  async subset(chars) {
    const hit = subsetCache.get(chars);
    if (hit) return hit;
    const bytes = new Uint8Array(
      await subsetFont(baseFontBytes(), chars, { targetFormat: 'sfnt', keepFeatures: [], noLayoutClosure: true }),
    );
    const out = { bytes, tag: subsetTag(bytes) };
    if (subsetCache.size >= SUBSET_CACHE_MAX) subsetCache.delete(subsetCache.keys().next().value!);
    subsetCache.set(chars, out);
    return out;
  },
};

/** Refuses text Noto Sans SC cannot show (CONTRACT_FONT_MISSING_CHARACTERS, the characters listed). */
export function assertFontCovers(text: string, field?: string): void {
  engineAssertFontCovers(notoSansSc, text, field);
}

/** Subsets Noto Sans SC to `text` and embeds it in `doc` (shared/pdf/font.ts). */
export function embedSubsetFont(doc: PDFDocument, text: string): Promise<EmbeddedFont> {
  return engineEmbedSubsetFont(doc, text, notoSansSc);
}
