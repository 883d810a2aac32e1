/**
 * The contracts' font source: Noto Sans SC subset per contract, as node-shared/pdf-font.ts does — but,
 * once prepareContractFont() has run in the process, subset from a *working base*: the full font cut
 * down once to the characters contracts use (GB 2312's 7,445 characters, ASCII, the Latin, punctuation,
 * currency, number, arrow, mathematical, box and geometric-shape blocks and the CJK symbol, enclosed
 * and full-width forms the font has — ¥ and − among them — and every character of the clause library),
 * held in harfbuzz's heap for the process. A contract's subset is then cut from that small face
 * instead of the 8 MB font, for the same glyphs in the same order: the subsets are byte for byte those
 * of the full font (contracts-2026-2.test.ts, contract-font.test.ts). A contract with a character
 * outside the base (a rare name) is subset from the full font. Building the base takes about a second
 * of CPU, so it is done when a batch asks for it (the bench, a back-office run), never implicitly on
 * the first contract.
 */
import { fullHarfbuzzFont, HarfbuzzFont, notoSansSc, subsetTag } from '../../node-shared/pdf-font';
import { libraryDocument } from '../../shared/contracts/index.js';
import type { FontSource, FontSubset } from '../../shared/pdf/font';

let working: { face: HarfbuzzFont; chars: Set<string> } | null = null;
let preparing: Promise<void> | null = null;
/** Contracts subset from the base / from the full font since the process started (the bench reports it). */
const counts = { base: 0, full: 0 };

/** Unicode blocks beside GB 2312 whose characters the base keeps (where the font has them). */
const BLOCKS: Array<[number, number]> = [
  [0x00a0, 0x017f], // Latin-1 Supplement, Latin Extended-A (¥, ×, é)
  [0x2000, 0x206f], // General Punctuation (—, ‘ ’, “ ”, …, ‰)
  [0x20a0, 0x20cf], // Currency Symbols
  [0x2100, 0x218f], // Letterlike Symbols, Number Forms (№, Ⅰ–Ⅻ)
  [0x2190, 0x21ff], // Arrows
  [0x2200, 0x22ff], // Mathematical Operators (−, ≤, ≥, ×)
  [0x2460, 0x24ff], // Enclosed Alphanumerics (①–⑳)
  [0x2500, 0x25ff], // Box Drawing, Block Elements, Geometric Shapes (■ □ ○ ●)
  [0x3000, 0x303f], // CJK Symbols and Punctuation
  [0x3200, 0x32ff], // Enclosed CJK Letters and Months (㈠)
  [0xff00, 0xffef], // Halfwidth and Fullwidth Forms (￥, （）, ：)
];

/** GB 2312 (rows 0xA1–0xF7) as Unicode, ASCII, the blocks above and the clause library's own characters. */
function repertoire(): string {
  const gb = new TextDecoder('gb18030');
  let s = '';
  for (let a = 0xa1; a <= 0xf7; a++) for (let b = 0xa1; b <= 0xfe; b++) s += gb.decode(new Uint8Array([a, b]));
  for (let c = 0x20; c < 0x7f; c++) s += String.fromCharCode(c);
  for (const [from, to] of BLOCKS) for (let c = from; c <= to; c++) s += String.fromCodePoint(c);
  return [...new Set(s + libraryDocument())]
    .filter((ch) => ch !== '\uFFFD' && notoSansSc.hasGlyph(ch))
    .sort()
    .join('');
}

/** Builds the working base once per process (idempotent; later calls wait for the first). */
export function prepareContractFont(): Promise<void> {
  preparing ??= (async () => {
    const chars = repertoire();
    const bytes = (await fullHarfbuzzFont()).subset(chars);
    working = { face: await HarfbuzzFont.load(bytes), chars: new Set(chars) };
  })();
  return preparing;
}

/** Whether contracts are subset from the working base (after prepareContractFont). */
export function contractFontPrepared(): boolean {
  return working !== null;
}

/** How many contract subsets came from the working base and how many from the full font. */
export function contractFontUse(): { base: number; full: number } {
  return { ...counts };
}

export const contractFont: FontSource = {
  hasGlyph: notoSansSc.hasGlyph,
  async subset(chars: string): Promise<FontSubset> {
    const base = working;
    if (!base || [...chars].some((ch) => !base.chars.has(ch))) {
      counts.full++;
      return notoSansSc.subset(chars);
    }
    counts.base++;
    const bytes = base.face.subset(chars);
    return { bytes, tag: subsetTag(bytes) };
  },
};
