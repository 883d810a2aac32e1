import { monthEndOnOrBefore } from '../../../shared/credit/classification';

/** The last `n` month-ends on or before `today` (YYYY-MM-DD), latest first. */
export function recentMonthEnds(today: string, n = 12): string[] {
  const out: string[] = [];
  let d = monthEndOnOrBefore(today);
  for (let i = 0; i < n; i++) {
    out.push(d);
    d = monthEndOnOrBefore(`${d.slice(0, 8)}01`);
  }
  return out;
}
