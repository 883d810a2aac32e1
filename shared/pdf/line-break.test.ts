import { describe, expect, it } from 'vitest';
import { breakLines, CLOSING, OPENING, tokenize } from './line-break';

// Every CJK character and full-width mark is 1 em, ASCII 0.5 em: enough to test the rules.
const advance = (ch: string) => (ch.charCodeAt(0) < 128 ? 0.5 : 1);

describe('Chinese line breaking', () => {
  it('keeps Latin words and numbers in one piece', () => {
    expect(tokenize('年利率 3.95%，LPR 加点')).toEqual(['年', '利', '率', ' ', '3.95%', '，', 'LPR', ' ', '加', '点']);
  });

  it('wraps by measured width', () => {
    const lines = breakLines('一二三四五六七八九十', 4, 1, advance);
    expect(lines).toEqual(['一二三四', '五六七八', '九十']);
  });

  it('never starts a line with closing punctuation', () => {
    // Naively the line would break as 一二三四 | 。五六: the full stop is carried down with 四.
    const lines = breakLines('一二三四。五六', 4, 1, advance);
    expect(lines).toEqual(['一二三', '四。五六']);
    for (const text of ['甲乙丙丁）》。戊己庚辛壬癸', '甲乙丙丁，戊己庚辛、壬癸；子丑：寅卯']) {
      for (const width of [3, 4, 5, 6, 7]) {
        for (const l of breakLines(text, width, 1, advance).slice(1)) expect(CLOSING.has(l[0]!)).toBe(false);
      }
    }
  });

  it('never ends a line with opening punctuation', () => {
    const lines = breakLines('一二三（四五）六', 4, 1, advance);
    expect(lines).toEqual(['一二三', '（四五）', '六']);
    for (const width of [3, 4, 5, 6]) {
      const ls = breakLines('甲乙《丙丁》戊「己庚」辛【壬癸】子', width, 1, advance);
      for (const l of ls.slice(0, -1)) expect(OPENING.has(l[l.length - 1]!)).toBe(false);
      expect(ls.join('')).toBe('甲乙《丙丁》戊「己庚」辛【壬癸】子');
    }
  });

  it('honours a first-line indent and splits an over-long number', () => {
    expect(breakLines('一二三四五六', 4, 1, advance, 2)).toEqual(['一二', '三四五六']);
    expect(breakLines('12345678901234', 3, 1, advance).every((l) => l.length <= 6)).toBe(true);
  });
});
