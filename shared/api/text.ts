/**
 * The one text type for strings a client sends the bank API (bodies, query strings, path parameters).
 *
 * - Control characters are refused: C0 (U+0000–U+001F, so NUL too), DEL and C1 (U+007F–U+009F), except
 *   line feed and tab in multi-line text (a comment, a reason). Carriage returns are refused as well:
 *   a text area sends line feeds only.
 * - Lone UTF-16 surrogates are refused (PostgreSQL cannot store them; JSON may still carry `\ud800`).
 * - Length is counted in characters (Unicode code points, as JSON Schema's maxLength counts them), so
 *   一个汉字 or an emoji is one character whatever its UTF-16 or UTF-8 size.
 * - Trimming is opt-in (`trim: true`) and keeps exactly what the schemas trimmed before this type existed
 *   (free text and search terms); identifiers and passwords are taken as sent. Characters and length
 *   are checked after trimming, so a line break a form left at the end of a one-line field is dropped
 *   as before, while a NUL (which trimming never removes) is refused wherever it stands.
 */
import { z } from 'zod';

export interface TextOptions {
  /** Most characters (code points) allowed, after trimming where `trim` is set. */
  max: number;
  /** Fewest characters, after trimming; default 0. */
  min?: number;
  /** Line feeds and tabs allowed (a comment); otherwise a single line. */
  multiline?: boolean;
  /** Strip leading and trailing white space before the length check. */
  trim?: boolean;
  /** Message when the text is shorter than `min` (default: "must be at least N characters"). */
  minMessage?: string;
}

const SINGLE_LINE = /^[^\p{Cc}\p{Cs}]*$/u;
const MULTI_LINE = /^(?:[^\p{Cc}\p{Cs}]|[\n\t])*$/u;
const FORBIDDEN = /[\p{Cc}\p{Cs}]/u;

/** Number of characters (code points) in a string; a lone surrogate counts as one. */
export function charCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** What is wrong with the characters of `s`, or null: names the first offending one and where it is. */
export function textCharacterProblem(s: string, multiline = false): string | null {
  if ((multiline ? MULTI_LINE : SINGLE_LINE).test(s)) return null;
  let at = 0;
  for (const ch of s) {
    at++;
    if (multiline && (ch === '\n' || ch === '\t')) continue;
    if (FORBIDDEN.test(ch)) {
      const code = `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
      const surrogate = ch.length === 1 && ch.charCodeAt(0) >= 0xd800 && ch.charCodeAt(0) <= 0xdfff;
      return surrogate
        ? `must be valid Unicode text (a lone surrogate ${code} at character ${at})`
        : `must not contain control characters (${code} at character ${at}${multiline ? '; only line feeds and tabs are allowed' : ''})`;
    }
  }
  return 'must not contain control characters';
}

/** A zod string for client text; see the module comment for the rules. */
export function text(opts: TextOptions): z.ZodString {
  const { max, min = 0, multiline = false, trim = false } = opts;
  let s = z.string();
  if (trim) s = s.trim();
  s = s.regex(multiline ? MULTI_LINE : SINGLE_LINE, {
    error: (iss) => textCharacterProblem(String(iss.input), multiline),
    abort: true,
  });
  s = s.refine((v) => v.length <= max || charCount(v) <= max, {
    error: `must be at most ${max} characters`,
    abort: true,
  });
  if (min > 0) {
    s = s.refine((v) => charCount(v) >= min, {
      error: opts.minMessage ?? (min === 1 ? 'must not be empty' : `must be at least ${min} characters`),
    });
  }
  return s.meta({ maxLength: max, ...(min > 0 ? { minLength: min } : {}) });
}
