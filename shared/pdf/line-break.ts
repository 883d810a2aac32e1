/**
 * Chinese line breaking for every PDF main renders (contracts, comparison reports). Lines break
 * between any two CJK characters, never inside a run of Latin letters or digits, never before closing
 * punctuation and never after opening punctuation (the common 禁则 of GB/T 15834 typesetting): the
 * offending character is carried to the next line together with its neighbour.
 */

/** May not begin a line. */
export const CLOSING = new Set([...'。，、；：？！）》」』】〕〉”’…%％,.;:!?)]}']);
/** May not end a line. */
export const OPENING = new Set([...'（《「『【〔〈“‘([{¥￥']);

/** A run of Latin letters, digits and the punctuation that binds to them stays in one piece. */
const WORD = /[A-Za-z0-9][A-Za-z0-9.,%@&_+\-/:']*[A-Za-z0-9%]|[A-Za-z0-9]/y;

export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < text.length) {
    WORD.lastIndex = i;
    const m = WORD.exec(text);
    if (m) {
      tokens.push(m[0]);
      i += m[0].length;
    } else {
      const ch = String.fromCodePoint(text.codePointAt(i)!);
      tokens.push(ch);
      i += ch.length;
    }
  }
  return tokens;
}

export type Advance = (ch: string) => number;

function widthOf(s: string, size: number, advance: Advance): number {
  let w = 0;
  for (const ch of s) w += advance(ch);
  return w * size;
}

/**
 * Breaks `text` into lines no wider than `maxWidth` at `size` (the first line `firstIndent` narrower).
 * A token wider than a whole line (a very long number) is split into characters.
 */
export function breakLines(text: string, maxWidth: number, size: number, advance: Advance, firstIndent = 0): string[] {
  const tokens = tokenize(text).flatMap((t) => (widthOf(t, size, advance) > maxWidth - firstIndent ? [...t] : [t]));
  const lines: string[] = [];
  let line: string[] = [];
  let width = 0;
  const limit = () => (lines.length === 0 ? maxWidth - firstIndent : maxWidth);
  const flush = (next: string[]) => {
    while (line.length > 0 && line[line.length - 1] === ' ') line.pop();
    lines.push(line.join(''));
    line = next;
    width = next.reduce((s, t) => s + widthOf(t, size, advance), 0);
  };
  for (const tok of tokens) {
    const w = widthOf(tok, size, advance);
    if (line.length === 0 || width + w <= limit() + 0.01) {
      if (line.length === 0 && tok === ' ' && lines.length > 0) continue;
      line.push(tok);
      width += w;
      continue;
    }
    if (tok === ' ') {
      flush([]);
      continue;
    }
    const carry: string[] = [];
    if (CLOSING.has(tok[0]!)) {
      // Take the preceding character(s) down with the closing mark, so no line starts with it.
      while (line.length > 1) {
        carry.unshift(line.pop()!);
        if (!CLOSING.has(carry[0]![0]!)) break;
      }
      if (carry.length > 0 && CLOSING.has(carry[0]![0]!)) {
        // A line of nothing but closing marks: hang this one in the margin instead.
        line.push(...carry, tok);
        width += carry.reduce((s, t) => s + widthOf(t, size, advance), 0) + w;
        continue;
      }
    }
    while (line.length > 1 && OPENING.has(line[line.length - 1]!)) carry.unshift(line.pop()!);
    flush([...carry, tok]);
  }
  if (line.length > 0) flush([]);
  return lines;
}
