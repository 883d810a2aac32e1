/**
 * The document font where Node runs (electron main, the bank API): Noto Sans SC (Noto Sans Hans
 * Regular, OpenType/CFF) read from @embedpdf/fonts-sc, subset with harfbuzz (hb-subset, the wasm build
 * `subset-font` ships) and tagged from a SHA-256 of the subset. The font is loaded into harfbuzz once
 * per process and kept there (HarfbuzzFont), so a document's subset neither copies nor re-parses 8 MB. The PDF engine itself (shared/pdf/) is free of Node and takes
 * this as its `FontSource`; `embedSubsetFont` and `assertFontCovers` here are the engine's with this
 * font filled in, which is what the contracts, the comparison report and the credit memo call.
 *
 * node-shared/ holds Node code both processes use; it imports shared/ and packages, never electron/,
 * bank-api/ or renderer/ (node-shared/pdf.test.ts checks).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import type { PDFDocument } from 'pdf-lib';
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

/** The exports of harfbuzz's hb-subset wasm this module calls (C API; pointers are heap offsets). */
interface HbSubsetWasm {
  memory: WebAssembly.Memory;
  _initialize(): void;
  malloc(n: number): number;
  free(p: number): void;
  hb_blob_create(data: number, length: number, mode: number, user: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_data(blob: number, length: number): number;
  hb_blob_get_length(blob: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_set_add(set: number, value: number): void;
  hb_set_clear(set: number): void;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_get_flags(input: number): number;
  hb_subset_input_set_flags(input: number, flags: number): void;
  hb_subset_input_set(input: number, which: number): number;
  hb_subset_input_unicode_set(input: number): number;
  hb_subset_or_fail(face: number, input: number): number;
}

const HB_MEMORY_MODE_WRITABLE = 2;
const HB_SUBSET_SETS_LAYOUT_FEATURE_TAG = 6;
const HB_SUBSET_FLAGS_NO_LAYOUT_CLOSURE = 0x200;

let harfbuzz: Promise<HbSubsetWasm> | undefined;

/** hb-subset, instantiated once per process: the very wasm file `subset-font` loads (harfbuzzjs). */
function harfbuzzWasm(): Promise<HbSubsetWasm> {
  harfbuzz ??= (async () => {
    const fromSubsetFont = createRequire(createRequire(import.meta.url).resolve('subset-font'));
    const wasm = await readFile(fromSubsetFont.resolve('harfbuzzjs/dist/harfbuzz-subset.wasm'));
    const { instance } = await WebAssembly.instantiate(wasm);
    const hb = instance.exports as unknown as HbSubsetWasm;
    hb._initialize();
    return hb;
  })();
  return harfbuzz;
}

/**
 * A font held in harfbuzz's heap as one face for the life of the process. `subset-font` copies the
 * font into the heap and parses it on every call (for the 8 MB Noto Sans SC, most of a subset's time);
 * here that happens once and harfbuzz keeps its parsed tables between subsets. The subsets are those
 * `subset-font` makes with `{ keepFeatures: [], noLayoutClosure: true }` — same harfbuzz, same input
 * (no layout features kept, no layout closure), byte for byte (electron/contracts/contract-font.test.ts).
 */
export class HarfbuzzFont {
  private constructor(
    private readonly hb: HbSubsetWasm,
    private readonly face: number,
  ) {}

  /** Copies `bytes` into harfbuzz once; the face is kept (never freed) for the process. */
  static async load(bytes: Uint8Array): Promise<HarfbuzzFont> {
    const hb = await harfbuzzWasm();
    const data = hb.malloc(bytes.byteLength);
    new Uint8Array(hb.memory.buffer).set(bytes, data);
    const blob = hb.hb_blob_create(data, bytes.byteLength, HB_MEMORY_MODE_WRITABLE, 0, 0);
    const face = hb.hb_face_create(blob, 0);
    hb.hb_blob_destroy(blob); // the face holds its own reference
    return new HarfbuzzFont(hb, face);
  }

  /** The font cut down to `chars` (OpenType, glyphs renumbered in their original order). */
  subset(chars: string): Uint8Array {
    const hb = this.hb;
    const input = hb.hb_subset_input_create_or_fail();
    if (input === 0) throw new Error('hb_subset_input_create_or_fail failed');
    let result = 0;
    try {
      hb.hb_set_clear(hb.hb_subset_input_set(input, HB_SUBSET_SETS_LAYOUT_FEATURE_TAG));
      hb.hb_subset_input_set_flags(input, hb.hb_subset_input_get_flags(input) | HB_SUBSET_FLAGS_NO_LAYOUT_CLOSURE);
      const unicodes = hb.hb_subset_input_unicode_set(input);
      for (const ch of chars) hb.hb_set_add(unicodes, ch.codePointAt(0)!);
      result = hb.hb_subset_or_fail(this.face, input);
    } finally {
      hb.hb_subset_input_destroy(input);
    }
    if (result === 0) throw new Error('hb_subset_or_fail failed: the font could not be subset');
    const blob = hb.hb_face_reference_blob(result);
    try {
      const at = hb.hb_blob_get_data(blob, 0);
      const length = hb.hb_blob_get_length(blob);
      if (length === 0) throw new Error('harfbuzz returned an empty subset');
      // A copy: the heap may grow (detaching views) and the blob is freed below.
      return new Uint8Array(hb.memory.buffer, at, length).slice();
    } finally {
      hb.hb_blob_destroy(blob);
      hb.hb_face_destroy(result);
    }
  }
}

let fullFace: Promise<HarfbuzzFont> | undefined;

/** The full Noto Sans SC loaded into harfbuzz, once per process. */
export function fullHarfbuzzFont(): Promise<HarfbuzzFont> {
  fullFace ??= HarfbuzzFont.load(baseFontBytes());
  return fullFace;
}

/** Noto Sans SC as the engine's font source: harfbuzz subsets (OpenType/CFF out), cached by character set. */
export const notoSansSc: FontSource = {
  hasGlyph: (ch) => baseFontkit().hasGlyphForCodePoint(ch.codePointAt(0)!),
  async subset(chars) {
    const hit = subsetCache.get(chars);
    if (hit) return hit;
    const bytes = (await fullHarfbuzzFont()).subset(chars);
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
