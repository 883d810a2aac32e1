/**
 * Score bands of the approval-accuracy dashboard (issue 16 item 4): the scorecard's score
 * (shared/credit/scorecard.ts, BASE_SCORE 300 + points) cut into bands near the grade boundaries
 * (PD 1 %, 2 %, 4 %, 8 % fall at about 639, 599, 558 and 515 points). Data, not code: the dashboard's
 * SQL, its summary and the labels are all built from this one table. `min` inclusive, `max` exclusive;
 * a loan with no score falls in UNSCORED.
 */
export interface ScoreBand {
  key: string;
  min: number | null;
  max: number | null;
}

export const SCORE_BANDS: readonly ScoreBand[] = [
  { key: 'lt520', min: null, max: 520 },
  { key: '520_559', min: 520, max: 560 },
  { key: '560_599', min: 560, max: 600 },
  { key: '600_639', min: 600, max: 640 },
  { key: '640_679', min: 640, max: 680 },
  { key: 'ge680', min: 680, max: null },
];

/** The row of loans (or applications) without a value: no grade, tier, channel or score recorded. */
export const UNRATED = '_none';

/** The band a score falls in (UNRATED when there is none). */
export function scoreBand(score: number | null | undefined): string {
  if (score == null) return UNRATED;
  for (const b of SCORE_BANDS) if ((b.min == null || score >= b.min) && (b.max == null || score < b.max)) return b.key;
  return UNRATED;
}
