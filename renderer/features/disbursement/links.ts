import type { QueueView } from './queries';

/** The case a `#/disbursement/<id>` link names, or null. */
export function linkedCase(hash: string): string | null {
  const m = /^#\/disbursement\/([A-Z0-9-]{4,40})/.exec(hash);
  return m?.[1] ?? null;
}

/** The queue view a link names (`#/disbursement?view=prepared`, from the home's 待复核 card). */
export function linkedView(hash: string): QueueView {
  const v = /[?&]view=(open|prepared|all)\b/.exec(hash)?.[1];
  return (v as QueueView | undefined) ?? 'open';
}
