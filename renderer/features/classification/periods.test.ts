import { describe, expect, it } from 'vitest';
import { recentMonthEnds } from './periods';

describe('recentMonthEnds', () => {
  it('starts at today when today is a month-end, else at the month-end before', () => {
    expect(recentMonthEnds('2026-11-30', 3)).toEqual(['2026-11-30', '2026-10-31', '2026-09-30']);
    expect(recentMonthEnds('2026-03-15', 2)).toEqual(['2026-02-28', '2026-01-31']);
  });
});
