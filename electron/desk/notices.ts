/**
 * Which OS notifications to show (opt-in per user, off by default): a new case in my lanes, a case of
 * my lanes due soon, a case returned to me. Pure selection over what main already receives — the bank
 * API's case events (services/bank-events.ts) and the user's home summary (GET /api/v1/home, which
 * names the lanes this user decides in, the cases due soon and, for a relationship manager, the cases
 * returned for material) — with a memory of what was already shown, so nothing is said twice.
 *
 * A notice carries the case id and lane only: an OS notification can show on a locked screen, so no
 * enterprise or person's name goes into it.
 */
import type { HomeSummary } from '../../shared/api/home';
import type { WorkstationEvent } from '../../shared/ipc/channels/queue';
import type { Status, Tier } from '../../shared/workflow/status';

export type NoticeKind = 'newCase' | 'dueSoon' | 'returned';
export interface Notice {
  kind: NoticeKind;
  caseId: string;
  tier?: Tier;
}

/** Statuses in which a case waits for a decider of its lane. */
export const AWAITING_DECISION: readonly Status[] = ['screened', 'in_review', 'escalated', 'committee'];
/** More notices than this at once are summed up in one (`more`). */
export const MAX_NOTICES_AT_ONCE = 3;

export class NoticeMemory {
  /** Cases already announced as new, or due soon. */
  readonly announced = new Set<string>();
  readonly due = new Set<string>();
  /** The returned cases last seen; null until the first home summary (then nothing is "new"). */
  returned: Set<string> | null = null;
  /** The lanes this user decides in (from the home summary); none until it has been read. */
  lanes: readonly Tier[] = [];

  /** A new sign-in: forget everything. */
  clear(): void {
    this.announced.clear();
    this.due.clear();
    this.returned = null;
    this.lanes = [];
  }
}

/** A case event: a new case in one of my lanes, waiting for a decision, not announced before. */
export function noticeFromEvent(e: WorkstationEvent, memory: NoticeMemory): Notice | null {
  if (e.type !== 'application.created' && e.type !== 'application.updated') return null;
  if (!memory.lanes.includes(e.tier) || !AWAITING_DECISION.includes(e.status)) return null;
  if (memory.announced.has(e.id)) return null;
  memory.announced.add(e.id);
  return { kind: 'newCase', caseId: e.id, tier: e.tier };
}

/** The home summary: cases newly due soon in my lanes, cases newly returned to me. Updates the memory. */
export function noticesFromHome(home: HomeSummary, memory: NoticeMemory): Notice[] {
  const out: Notice[] = [];
  if (home.decider) {
    memory.lanes = home.decider.tiers;
    for (const c of home.decider.dueSoon.items) {
      if (memory.due.has(c.id)) continue;
      memory.due.add(c.id);
      out.push({ kind: 'dueSoon', caseId: c.id, tier: c.tier });
    }
  }
  if (home.origination) {
    const now = new Set(home.origination.returned.items.map((c) => c.id));
    if (memory.returned)
      for (const c of home.origination.returned.items)
        if (!memory.returned.has(c.id)) out.push({ kind: 'returned', caseId: c.id, tier: c.tier });
    memory.returned = now;
  }
  return out;
}

/** What is shown: the first few notices, the rest summed up as one count. */
export function batch(notices: readonly Notice[]): { shown: Notice[]; more: number } {
  return { shown: notices.slice(0, MAX_NOTICES_AT_ONCE), more: Math.max(0, notices.length - MAX_NOTICES_AT_ONCE) };
}
