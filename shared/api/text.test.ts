import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { charCount, text, textCharacterProblem } from './text';

const messages = (schema: z.ZodType, v: unknown) => {
  const r = schema.safeParse(v);
  return r.success ? [] : r.error.issues.map((i) => i.message);
};

describe('text', () => {
  const line = text({ max: 5, min: 1 });
  const trimmed = text({ max: 5, min: 1, trim: true });
  const para = text({ max: 20, multiline: true, trim: true });

  it.each([
    ['NUL', 'a\u0000b', 'U+0000 at character 2'],
    ['a C0 control', '\u001b[31m', 'U+001B at character 1'],
    ['DEL', 'x\u007f', 'U+007F at character 2'],
    ['a C1 control', '\u0085', 'U+0085 at character 1'],
    ['a line feed in one-line text', 'a\nb', 'U+000A at character 2'],
    ['a tab in one-line text', 'a\tb', 'U+0009'],
  ])('refuses %s, naming the character and where it is', (_, v, where) => {
    const [m] = messages(line, v);
    expect(m).toContain('must not contain control characters');
    expect(m).toContain(where);
  });

  it('refuses lone surrogates, high or low, and takes a proper pair as one character', () => {
    expect(messages(line, 'a\ud800')[0]).toContain('lone surrogate U+D800 at character 2');
    expect(messages(line, '\udc00b')[0]).toContain('lone surrogate U+DC00 at character 1');
    expect(line.parse('😀😀😀😀😀')).toBe('😀😀😀😀😀');
  });

  it('counts characters, not UTF-16 units or bytes', () => {
    expect(charCount('汉字😀')).toBe(3);
    expect(line.parse('一二三四五')).toBe('一二三四五');
    expect(messages(line, '一二三四五六')).toEqual(['must be at most 5 characters']);
    expect(messages(line, '😀😀😀😀😀😀')).toEqual(['must be at most 5 characters']);
  });

  it('allows line feeds and tabs in multi-line text, but not carriage returns or NUL', () => {
    expect(para.parse('first\n\tsecond')).toBe('first\n\tsecond');
    expect(messages(para, 'a\r\nb')[0]).toContain('U+000D');
    expect(messages(para, 'a\n\u0000')[0]).toContain('U+0000 at character 3');
  });

  it('trims only where asked, and measures after trimming', () => {
    expect(trimmed.parse('  abcde  ')).toBe('abcde');
    expect(trimmed.parse('abc\n')).toBe('abc');
    expect(messages(trimmed, '   ')).toEqual(['must not be empty']);
    expect(line.parse(' ab ')).toBe(' ab ');
    expect(messages(line, '  abcde  ')).toEqual(['must be at most 5 characters']);
  });

  it('says a required field is missing in its own words', () => {
    expect(messages(text({ max: 10, min: 1, minMessage: 'username is required' }), '')).toEqual([
      'username is required',
    ]);
    expect(messages(text({ max: 10, min: 3 }), 'ab')).toEqual(['must be at least 3 characters']);
  });

  it('refuses what is not a string', () => {
    for (const v of [1, null, ['a'], { a: 1 }, true]) expect(line.safeParse(v).success).toBe(false);
  });

  it('declares its bounds and character rule in the JSON Schema the OpenAPI document carries', () => {
    const js = z.toJSONSchema(z.object({ q: trimmed }), { io: 'input' }) as unknown as {
      properties: { q: { maxLength: number; minLength: number; pattern: string } };
    };
    expect(js.properties.q).toMatchObject({ type: 'string', maxLength: 5, minLength: 1 });
    expect(new RegExp(js.properties.q.pattern, 'u').test('ok')).toBe(true);
    expect(new RegExp(js.properties.q.pattern, 'u').test('\u0000')).toBe(false);
  });

  it('accepts a string exactly when it has no forbidden character and fits, for any string', () => {
    const any = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 12 }),
      fc.string({ unit: 'grapheme', maxLength: 12 }),
      fc.string({ maxLength: 12 }),
    );
    fc.assert(
      fc.property(any, (s) => {
        const ok = line.safeParse(s).success;
        const clean = [...s].every((ch) => !/[\p{Cc}\p{Cs}]/u.test(ch));
        expect(ok).toBe(clean && charCount(s) >= 1 && charCount(s) <= 5);
        expect(textCharacterProblem(s) === null).toBe(clean);
      }),
      { numRuns: 500, seed: 13 },
    );
  });
});
