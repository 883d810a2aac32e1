/**
 * The contracts' font source: Noto Sans SC subset per contract, as node-shared/pdf-font.ts does — but,
 * once prepareContractFont() has run in the process, subset from a *working base*: the full font cut
 * down once to the characters contracts use (GB 2312's 7,445 characters, ASCII and every character of
 * the clause library). Harfbuzz then parses a 1.8 MB font instead of 8 MB for every contract (about a
 * third of the time), for the same glyphs. A contract with a character outside the base (a rare name)
 * is subset from the full font as before. Building the base takes about 1.5 s of CPU, so it is done
 * when a batch asks for it (the bench, a back-office run), never implicitly on the first contract.
 */
import subsetFont from 'subset-font';
import { baseFontBytes, notoSansSc, subsetTag } from '../../node-shared/pdf-font';
import { libraryDocument } from '../../shared/contracts/index.js';
import type { FontSource, FontSubset } from '../../shared/pdf/font';

const options = () => ({ targetFormat: 'sfnt' as const, keepFeatures: [] as string[], noLayoutClosure: true });

let working: { bytes: Buffer; chars: Set<string> } | null = null;
let preparing: Promise<void> | null = null;

/** GB 2312 (rows 0xA1–0xF7) as Unicode, ASCII, and the clause library's own characters. */
function repertoire(): string {
  const gb = new TextDecoder('gb18030');
  let s = '';
  for (let a = 0xa1; a <= 0xf7; a++) for (let b = 0xa1; b <= 0xfe; b++) s += gb.decode(new Uint8Array([a, b]));
  for (let c = 0x20; c < 0x7f; c++) s += String.fromCharCode(c);
  return [...new Set(s + libraryDocument())]
    .filter((ch) => ch !== '\uFFFD' && notoSansSc.hasGlyph(ch))
    .sort()
    .join('');
}

/** Builds the working base once per process (idempotent; later calls wait for the first). */
export function prepareContractFont(): Promise<void> {
  preparing ??= (async () => {
    const chars = repertoire();
    const bytes = await subsetFont(baseFontBytes(), chars, options());
    working = { bytes, chars: new Set(chars) };
  })();
  return preparing;
}

/** Whether contracts are subset from the working base (after prepareContractFont). */
export function contractFontPrepared(): boolean {
  return working !== null;
}

export const contractFont: FontSource = {
  hasGlyph: notoSansSc.hasGlyph,
  async subset(chars: string): Promise<FontSubset> {
    const base = working;
    if (!base || [...chars].some((ch) => !base.chars.has(ch))) return notoSansSc.subset(chars);
    const bytes = new Uint8Array(await subsetFont(base.bytes, chars, options()));
    return { bytes, tag: subsetTag(bytes) };
  },
};
