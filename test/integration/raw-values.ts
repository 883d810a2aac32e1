/**
 * Raw values on a screen: what a bank's staff should never have to read. A pure function over the text
 * a page shows (its innerText and the attribute text people read: title, aria-label, placeholder, alt,
 * chart labels), used by the Playwright screen tour (test/e2e/tour.e2e.ts) and unit-tested beside it.
 *
 * It flags:
 * - `key`      i18n keys: dotted lowercase keys (`dash.rows.avgRate`), camelCase words standing alone
 *              (`avgRate`), uninterpolated `{{name}}`;
 * - `literal`  `true`, `false`, `undefined`, `null`, `NaN`, `Infinity`, `[object Object]`, `Invalid Date`;
 * - `percent`  a percentage above 1,000 %, and the engine's 999.99 % cap shown as if it were a figure;
 * - `code`     a code where its name exists: GB/T 4754 industry codes (C3911, `K701,J69`), GB/T 2260 region
 *              codes (310104), branch codes (HO, SH-PD), product codes (LDD), reason codes (SC_SALES_TREND),
 *              status / enum values (in_review) — unless the name stands right after it (`C3911 计算机制造`)
 *              or the code is bracketed after the name (`计算机制造（C3911）`);
 * - `number`   an amount or count of five or more digits without separators (`650126 ≥ 500000`);
 * - `english`  (zh-CN only, conservative) a lowercase English word, or a capitalised one of four letters or
 *              more, where a Chinese label is expected (`fast`, `approved`, `Loading`). Acronyms (PDF, LPR),
 *              user names (approver1), ids, e-mail addresses, URLs and file names are never flagged.
 */

export type RawKind = 'key' | 'literal' | 'percent' | 'code' | 'number' | 'english';

export interface TextSample {
  text: string;
  /** Where the text came from: 'text' (innerText), 'title', 'aria-label', 'placeholder', 'alt', 'svg'. */
  source?: string;
}

export interface RawFinding {
  screen: string;
  kind: RawKind;
  token: string;
  /** About 40 characters around the token, whitespace collapsed. */
  context: string;
  source: string;
  why: string;
}

export interface DetectOptions {
  screen: string;
  lang: 'zh-CN' | 'en';
  /**
   * The page's separate text nodes, when known. innerText runs adjacent flex items together
   * (`6 months` + `Repayment` reads `6 monthsRepayment`); a key-like token is only a key if one text
   * node holds it whole.
   */
  atoms?: readonly string[];
}

const LITERALS = new Set(['true', 'false', 'undefined', 'null', 'NaN', 'Infinity']);
const PRODUCT_CODES = new Set(['XMD', 'SYD', 'LDD', 'DYD']);
const BRANCH_CODES = new Set(['HO', 'SH', 'SH-PD', 'SH-XH', 'HZ', 'HZ-XH']);
/** GB/T 2260 province-level prefixes. */
const PROVINCES = new Set(
  '11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65'.split(' '),
);
/** camelCase words that are names, not keys. */
const CAMEL_OK = new Set(['iPhone', 'iPad', 'iOS', 'macOS', 'eBay', 'pdfjs', 'recharts']);
/** Dotted lowercase words that are names, not keys. */
const DOTTED_OK = new Set(['pdf.js', 'node.js', 'e.g', 'i.e', 'etc']);
/** Latin words the Chinese UI may show as they are. */
const ZH_LATIN_OK = new Set(['English', 'Chromium', 'Electron', 'Excel']);
const FILE_RE = /\.(pdf|png|csv|zip|json|txt|xlsx?|docx?|jpe?g|svg|p7s|ofd|html?)$/i;
const CJK = '\\u3400-\\u9fff\\uf900-\\ufaff';

/** A token: letters, digits and the joiners ids, keys, codes, e-mails and URLs are made of. */
const TOKEN_RE = /[A-Za-z0-9_](?:[A-Za-z0-9_.@/:-]*[A-Za-z0-9_])?/g;
/** Two or more Latin words in a row: `This action needs one of the roles: contract_officer`. */
const PHRASE_RE = /[A-Za-z][A-Za-z_'’-]*(?:[,:;.]? +[A-Za-z][A-Za-z_'’-]*)+\.?(?![A-Za-z0-9])/g;
/** A percentage: 12%, 1,448 %, -3.5%. */
const PERCENT_RE = /(?<![\d.,A-Za-z])([+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*[%％]/g;

/** True when a name stands right after the code (`C3911 计算机制造`, `LDD 流动资金贷款`, `SH Shanghai Branch`). */
function namedAfter(rest: string, lang: DetectOptions['lang']): boolean {
  const cjk = new RegExp(`^[ \\t]*[（(:：]?[ \\t]*([${CJK}]+)(.*)$`).exec(rest);
  // A short word followed by another value is the next field's label (`A0141 地区 310104`), not a name.
  if (cjk) return !(cjk[1]!.length <= 4 && /^ *[：:]? *[A-Za-z0-9]/.test(cjk[2]!));
  return lang === 'en' && /^[ \t]*[（(:：]?[ \t]*[A-Z][a-z]{2,}/.test(rest);
}

/** True when the code is bracketed right after its name (`计算机制造（C3911）`, `Other wholesale n.e.c. (F5199)`). */
function bracketedAfterName(before: string, rest: string): boolean {
  return /[^\s（(][ \t]*[（(][ \t]*$/.test(before) && /^[ \t]*[）)]/.test(rest);
}

function contextOf(line: string, start: number, end: number): string {
  const from = Math.max(0, start - 20);
  const to = Math.min(line.length, end + 20);
  const s = `${from > 0 ? '…' : ''}${line.slice(from, to)}${to < line.length ? '…' : ''}`;
  return s.replace(/\s+/g, ' ').trim();
}

interface Verdict {
  kind: RawKind;
  why: string;
}

function classify(
  token: string,
  line: string,
  start: number,
  opts: DetectOptions & { atomText?: string },
): Verdict | null {
  const { lang } = opts;
  const end = start + token.length;
  const before = line.slice(0, start);
  const rest = line.slice(end);
  // Digits beside a mask belong to a masked identifier (310104********1234).
  if (/\*$/.test(before) || /^\*/.test(rest)) return null;
  // Never raw: e-mail addresses, URLs, file names.
  if (token.includes('@') || /^[a-z]+:\/\//i.test(token) || /^(https?|file):/i.test(token)) return null;
  if (FILE_RE.test(token)) return null;
  if (LITERALS.has(token)) return { kind: 'literal', why: 'raw JavaScript value' };

  const named = namedAfter(rest, lang) || bracketedAfterName(before, rest);

  // i18n keys.
  if (/^[a-z][a-zA-Z0-9_]*(?:\.[a-zA-Z0-9_-]+)+$/.test(token) && !DOTTED_OK.has(token)) {
    const parts = token.split('.');
    if (parts.some((p) => p.length >= 3) && !/^(com|cn|org|net|io|js)$/.test(parts.at(-1)!))
      return { kind: 'key', why: 'dotted i18n key' };
  }
  if (/^[a-z]+(?:[A-Z][a-z0-9]*)+$/.test(token) && !CAMEL_OK.has(token)) {
    if (opts.atomText === undefined || opts.atomText.includes(token))
      return { kind: 'key', why: 'camelCase key standing alone' };
  }
  // Enum values and reason codes.
  if (/^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$/.test(token)) return { kind: 'code', why: 'snake_case status / enum value' };
  if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(token) && !named) return { kind: 'code', why: 'reason code' };
  if (PRODUCT_CODES.has(token) && !named) return { kind: 'code', why: 'product code without its name' };
  if (BRANCH_CODES.has(token) && !named) return { kind: 'code', why: 'branch code without its name' };
  // GB/T 4754 industry codes: class (C3911) or group (C391); a division (J69) only in a list of codes.
  // P0–P100 is a percentile, not section P of the industry classification.
  const percentile = /^P(\d{1,2}|100)$/.test(token);
  if (/^[A-T]\d{3,4}$/.test(token) && !named && !percentile)
    return { kind: 'code', why: 'industry code without its name' };
  if (/^[A-T]\d{2}$/.test(token) && !percentile) {
    const listy = /[,，、][ \t]*$/.test(before) && /[A-T]\d{2,4}[ \t]*[,，、][ \t]*$/.test(before);
    const listNext = /^[ \t]*[,，、][ \t]*[A-T]\d{2,4}\b/.test(rest);
    if (listy || listNext) return { kind: 'code', why: 'industry code without its name' };
  }
  // Numbers: region codes and amounts or counts without separators.
  if (/^\d{6}$/.test(token) && PROVINCES.has(token.slice(0, 2)) && !named) {
    const numeric = /[≥≤<>=＝][ \t]*$/.test(before) || /^[ \t]*([≥≤<>=＝]|元|万|笔|户|%|个)/.test(rest);
    if (!numeric) return { kind: 'code', why: 'region code without its name' };
  }
  if (
    /^\d{5,14}(?:\.\d+)?$/.test(token) &&
    !bracketedAfterName(before, rest) &&
    !/[-/:.]$/.test(before) &&
    !/^[-/:]\d/.test(rest)
  )
    return { kind: 'number', why: 'number without thousands separators' };
  // English where a Chinese label is expected (zh-CN only).
  if (lang === 'zh-CN' && /^[A-Za-z]+$/.test(token) && !ZH_LATIN_OK.has(token)) {
    if (/^[a-z]{3,}$/.test(token)) return { kind: 'english', why: 'English word in the Chinese UI' };
    if (/^[A-Z][a-z]{3,}$/.test(token)) return { kind: 'english', why: 'English word in the Chinese UI' };
  }
  return null;
}

/** Every raw value in the samples, one finding per (kind, token, context). */
export function findRawValues(samples: readonly (string | TextSample)[], opts: DetectOptions): RawFinding[] {
  const out: RawFinding[] = [];
  const seen = new Set<string>();
  const atomText = opts.atoms?.join('\n');
  const add = (f: Omit<RawFinding, 'screen'>) => {
    const k = `${f.kind}|${f.token}|${f.context}`;
    if (seen.has(k)) return;
    seen.add(k);
    out.push({ screen: opts.screen, ...f });
  };
  for (const sample of samples) {
    const { text, source = 'text' } = typeof sample === 'string' ? { text: sample } : sample;
    if (!text) continue;
    for (const line of text.split(/\r?\n/)) {
      if (!line.trim()) continue;
      for (const m of line.matchAll(/\{\{\s*[\w.]+\s*\}\}|\[object Object\]|Invalid Date/g)) {
        const kind: RawKind = m[0].startsWith('{{') ? 'key' : 'literal';
        add({ kind, token: m[0], context: contextOf(line, m.index, m.index + m[0].length), source, why: 'raw value' });
      }
      for (const m of line.matchAll(PERCENT_RE)) {
        const v = Number(m[1]!.replace(/,/g, ''));
        const ctx = contextOf(line, m.index, m.index + m[0].length);
        if (Math.abs(v) > 1000)
          add({ kind: 'percent', token: m[0].trim(), context: ctx, source, why: 'percentage above 1,000%' });
        // "≥ 999.99%" states the cap as the bound it is; a bare 999.99% passes it off as the figure.
        else if (Math.abs(v) === 999.99 && !/[≥>]\s*$/.test(line.slice(0, m.index)))
          add({
            kind: 'percent',
            token: m[0].trim(),
            context: ctx,
            source,
            why: "the engine's 999.99% cap shown as a figure",
          });
      }
      // Tokens are read with placeholders blanked out (`{{name}}` is one finding, not two).
      let bare = line.replace(/\{\{[^}]*\}\}/g, (p) => ' '.repeat(p.length));
      // In the Chinese UI an English phrase (an untranslated message, `legend icon`) is one finding.
      if (opts.lang === 'zh-CN') {
        for (const m of bare.matchAll(PHRASE_RE)) {
          const words = m[0].split(/[^A-Za-z0-9_'’-]+/).filter(Boolean);
          const english = words.filter((w) => /^[A-Za-z]{2,}$/.test(w) && !/^[A-Z]+$/.test(w) && !ZH_LATIN_OK.has(w));
          if (words.length < 2 || english.length === 0) continue;
          const phrase = m[0].length > 80 ? `${m[0].slice(0, 79)}…` : m[0];
          add({
            kind: 'english',
            token: phrase,
            context: contextOf(line, m.index, m.index + m[0].length),
            source,
            why: 'English phrase in the Chinese UI',
          });
          bare = bare.slice(0, m.index) + ' '.repeat(m[0].length) + bare.slice(m.index + m[0].length);
        }
      }
      for (const m of bare.matchAll(TOKEN_RE)) {
        const v = classify(m[0], bare, m.index, { ...opts, atomText });
        if (v) add({ ...v, token: m[0], context: contextOf(line, m.index, m.index + m[0].length), source });
      }
    }
  }
  return out;
}

/** One readable list, grouped by screen; a value repeated on a screen is listed once with its count. */
export function formatFindings(findings: readonly RawFinding[]): string {
  const by = new Map<string, Map<string, { f: RawFinding; n: number }>>();
  for (const f of findings) {
    const screen = by.get(f.screen) ?? new Map<string, { f: RawFinding; n: number }>();
    by.set(f.screen, screen);
    const k = `${f.kind}|${f.token}`;
    const seen = screen.get(k);
    if (seen) seen.n++;
    else screen.set(k, { f, n: 1 });
  }
  const lines: string[] = [];
  for (const [screen, fs] of by) {
    lines.push(`${screen} (${fs.size})`);
    for (const { f, n } of fs.values()) {
      const src = f.source === 'text' ? '' : ` [${f.source}]`;
      const times = n > 1 ? ` (×${n})` : '';
      lines.push(`  ${f.kind.padEnd(8)} ${JSON.stringify(f.token)}${times} in "${f.context}"${src} — ${f.why}`);
    }
  }
  return lines.join('\n');
}

/** The distinct raw values across all screens, most widespread first, each with the screens that show it. */
export function summarizeFindings(findings: readonly RawFinding[]): string {
  const by = new Map<string, { f: RawFinding; screens: Set<string> }>();
  for (const f of findings) {
    const k = `${f.kind}|${f.token}`;
    const e = by.get(k) ?? { f, screens: new Set<string>() };
    e.screens.add(f.screen);
    by.set(k, e);
  }
  return [...by.values()]
    .sort((a, b) => b.screens.size - a.screens.size || a.f.kind.localeCompare(b.f.kind))
    .map(({ f, screens }) => {
      const list = [...screens];
      const shown = list.length > 4 ? `${list.slice(0, 4).join(', ')} and ${list.length - 4} more` : list.join(', ');
      return `  ${f.kind.padEnd(8)} ${JSON.stringify(f.token)} in "${f.context}" — ${f.why}; on ${shown}`;
    })
    .join('\n');
}
