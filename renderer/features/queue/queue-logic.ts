/**
 * The queue's pure logic: which API query a lane means, and client-side filter and sort over the rows
 * already loaded (answers in well under 100 ms for 100,000 rows). SLA and waiting-time figures in
 * working time are renderer/common/working-time.ts.
 */
import type { ApplicationSummary } from '../../../shared/api/applications';
import type { RenewalKind } from '../../../shared/credit/renewal';
import {
  LANE_ROLES,
  QUEUE_LANES,
  type QueueLane,
  type QueueLayout,
  type QueueListRequest,
} from '../../../shared/ipc/channels/queue';
import { formatMoney, tryParseMoney } from '../../../shared/money/money';
import type { Status } from '../../../shared/workflow/status';

const LANE_STATUSES: Record<QueueLane, Status[]> = {
  fast: ['in_review'],
  standard: ['in_review'],
  committee: ['in_review', 'escalated', 'committee'],
  // Escalated to a senior approver: they wait here, not in their tier's lane.
  senior: ['escalated'],
  returned: ['returned'],
  // Instant-tier cases the system did not settle (referred, or stuck before a decision).
  instant: ['submitted', 'screened', 'in_review'],
};

export type QueueFilters = QueueLayout['filters'];

/** Rows per page of a lane: the bank API's largest page (`limit` ≤ 500); the table loads further pages as it scrolls. */
export const PAGE_SIZE = 500;

/** The bank API query behind a lane, for "my cases" or the whole branch. */
export function laneQuery(
  lane: QueueLane,
  scope: QueueLayout['scope'],
  userId: string,
  filters: QueueFilters,
  sort: QueueLayout['sort'],
): QueueListRequest {
  const q: QueueListRequest = { status: LANE_STATUSES[lane], sort, limit: PAGE_SIZE };
  if (lane === 'senior') q.escalatedTo = 'senior_approver';
  else if (lane !== 'returned') q.tier = lane;
  if (scope === 'mine') q.assigneeId = userId;
  if (filters.productCode) q.productCode = filters.productCode;
  if (filters.slaState) q.slaState = filters.slaState;
  const min = filters.amountMin ? tryParseMoney(filters.amountMin) : null;
  const max = filters.amountMax ? tryParseMoney(filters.amountMax) : null;
  if (min !== null && min >= 0n) q.amountMin = formatMoney(min);
  if (max !== null && max >= 0n) q.amountMax = formatMoney(max);
  const text = filters.q?.trim();
  if (text) q.q = text;
  return q;
}

/** The lanes a user sees: every lane but those reserved to other roles (the senior lane: seniors, supervisors). */
export function visibleLanes(roles: readonly string[]): QueueLane[] {
  return QUEUE_LANES.filter((l) => {
    const only = LANE_ROLES[l];
    return !only || roles.some((r) => only.includes(r));
  });
}

/** Whether a user may take another's claim off a case (bank API: senior approvers and supervisors). */
export const canForceRelease = (roles: readonly string[]) =>
  roles.includes('senior_approver') || roles.includes('supervisor');

/** A compiled predicate: money bounds parsed once, not per row. */
export function rowFilter(filters: QueueFilters): (r: ApplicationSummary) => boolean {
  const min = filters.amountMin ? tryParseMoney(filters.amountMin) : null;
  const max = filters.amountMax ? tryParseMoney(filters.amountMax) : null;
  const text = filters.q?.trim().toLowerCase() ?? '';
  const { productCode, slaState, grade, channel } = filters;
  return (r) => {
    if (productCode && r.productCode !== productCode) return false;
    if (slaState && r.slaState !== slaState) return false;
    if (grade && r.grade !== grade) return false;
    if (channel && r.channel !== channel) return false;
    if (min !== null || max !== null) {
      const fen = tryParseMoney(r.amount);
      if (fen === null) return false;
      if (min !== null && fen < min) return false;
      if (max !== null && fen > max) return false;
    }
    if (text) {
      return (
        r.enterpriseName.toLowerCase().includes(text) ||
        r.uscc.toLowerCase().includes(text) ||
        r.id.toLowerCase().includes(text)
      );
    }
    return true;
  };
}

/** 续贷 / 增额: the kind a row is tagged with beside the enterprise's name; a new loan has no tag. */
export const taggedKind = (r: Pick<ApplicationSummary, 'kind'>): RenewalKind | null =>
  r.kind === 'renewal' || r.kind === 'top_up' ? r.kind : null;

/** Amount as a number of fen for sorting only (exact up to 2^53 fen ≈ 90 trillion yuan). */
const fenKey = (s: string) => {
  const i = s.indexOf('.');
  return Number(s.slice(0, i)) * 100 + Number(s.slice(i + 1));
};

export function sortRows(rows: readonly ApplicationSummary[], sort: QueueLayout['sort']): ApplicationSummary[] {
  const desc = sort.startsWith('-');
  const field = (desc ? sort.slice(1) : sort) as 'slaDueAt' | 'submittedAt' | 'amount';
  const keyed = rows.map((r) => {
    let k: number;
    if (field === 'amount') k = fenKey(r.amount);
    else {
      const v = r[field];
      // Cases without a deadline sort last whichever way.
      k = v ? Date.parse(v) : desc ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
    }
    return { r, k };
  });
  keyed.sort((a, b) => (desc ? b.k - a.k : a.k - b.k) || (a.r.id < b.r.id ? -1 : a.r.id > b.r.id ? 1 : 0));
  return keyed.map((x) => x.r);
}

export function applyView(
  rows: readonly ApplicationSummary[],
  filters: QueueFilters,
  sort: QueueLayout['sort'],
): ApplicationSummary[] {
  return sortRows(rows.filter(rowFilter(filters)), sort);
}

/**
 * Keeps the row the user is on at the same place on screen when rows arrive or leave above it: the
 * scroll offset that puts `id` where it was. Null when the row is gone or nothing needs to move.
 */
export function anchoredScrollTop(
  prevIds: readonly string[],
  nextIds: readonly string[],
  anchorId: string | null,
  scrollTop: number,
  rowHeight: number,
): number | null {
  if (!anchorId) return null;
  const before = prevIds.indexOf(anchorId);
  const after = nextIds.indexOf(anchorId);
  if (before < 0 || after < 0 || before === after) return null;
  return Math.max(0, scrollTop + (after - before) * rowHeight);
}
