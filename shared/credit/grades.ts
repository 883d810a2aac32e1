/** Risk grades, A (best) to E. */
export const GRADES = ['A', 'B', 'C', 'D', 'E'] as const;
export type Grade = (typeof GRADES)[number];

/** Text shown to people, in both interface languages. */
export interface Bilingual {
  zh: string;
  en: string;
}
