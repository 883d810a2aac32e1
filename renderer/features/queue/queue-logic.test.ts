import { describe, expect, it } from 'vitest';
import {
  anchoredScrollTop,
  applyView,
  canForceRelease,
  laneQuery,
  rowFilter,
  sortRows,
  taggedKind,
  visibleLanes,
} from './queue-logic';
import { row } from './rows.fixture';

describe('lane queries', () => {
  it('asks the bank API for the lane’s tier and open statuses, mine or branch', () => {
    expect(laneQuery('fast', 'branch', 'u1', {}, 'slaDueAt')).toEqual({
      status: ['in_review'],
      tier: 'fast',
      sort: 'slaDueAt',
      limit: 500,
    });
    expect(laneQuery('committee', 'mine', 'u1', {}, '-amount')).toMatchObject({
      tier: 'committee',
      status: ['in_review', 'escalated', 'committee'],
      assigneeId: 'u1',
    });
    expect(laneQuery('returned', 'branch', 'u1', {}, 'slaDueAt').tier).toBeUndefined();
  });

  it('passes only well-formed filters on, with amounts normalised to two places', () => {
    const q = laneQuery(
      'fast',
      'branch',
      'u1',
      { amountMin: '100000', amountMax: '12abc', q: '  上海 ', productCode: 'LDD' },
      'slaDueAt',
    );
    expect(q).toMatchObject({ amountMin: '100000.00', q: '上海', productCode: 'LDD' });
    expect(q.amountMax).toBeUndefined();
  });
});

describe('client filter and sort', () => {
  it('filters by text (name, USCC, id), product, grade, channel, SLA state and amount bounds', () => {
    const rows = Array.from({ length: 300 }, (_, i) => row(i));
    const f = rowFilter({ q: '上海', productCode: 'LDD', grade: 'B', amountMin: '200000', amountMax: '900000.00' });
    const kept = rows.filter(f);
    expect(kept.length).toBeGreaterThan(0);
    for (const r of kept) {
      expect(r.enterpriseName).toContain('上海');
      expect(r.productCode).toBe('LDD');
      expect(r.grade).toBe('B');
      expect(Number(r.amount)).toBeGreaterThanOrEqual(200000);
      expect(Number(r.amount)).toBeLessThanOrEqual(900000);
    }
    expect(rows.filter(rowFilter({ q: 'app000007' })).map((r) => r.id)).toEqual(['APP000007']);
    expect(
      rows
        .filter(rowFilter({ slaState: 'overdue', channel: 'mobile' }))
        .every((r) => r.slaState === 'overdue' && r.channel === 'mobile'),
    ).toBe(true);
  });

  it('sorts exactly by amount (no float rounding), by deadline with none last, ties by id', () => {
    const rows = [
      row(1, { amount: '9007199254740.99' }),
      row(2, { amount: '9007199254740.98' }),
      row(3, { amount: '5.00' }),
    ];
    expect(sortRows(rows, 'amount').map((r) => r.id)).toEqual(['APP000003', 'APP000002', 'APP000001']);
    expect(sortRows(rows, '-amount').map((r) => r.id)).toEqual(['APP000001', 'APP000002', 'APP000003']);
    const due = [row(1, { slaDueAt: null }), row(2), row(3)];
    expect(sortRows(due, 'slaDueAt').at(-1)!.id).toBe('APP000001');
    expect(sortRows(due, '-slaDueAt').at(-1)!.id).toBe('APP000001');
  });

  // Its speed is measured by `npm run bench` (queue: client filter + sort over 100,000 rows), not here.
  it('filters and sorts 100,000 loaded rows exactly', () => {
    const rows = Array.from({ length: 100_000 }, (_, i) => row(i));
    const out = applyView(rows, { q: '上海', grade: 'A', amountMin: '300000' }, 'slaDueAt');
    const expected = rows.filter(
      (r) => r.enterpriseName.includes('上海') && r.grade === 'A' && Number(r.amount) >= 300000,
    );
    expect(out.length).toBeGreaterThan(0);
    expect(new Set(out.map((r) => r.id))).toEqual(new Set(expected.map((r) => r.id)));
    for (let i = 1; i < out.length; i++) expect(out[i - 1]!.slaDueAt! <= out[i]!.slaDueAt!).toBe(true);
  });
});

describe('keeping the focused row still', () => {
  it('moves the scroll offset by the rows inserted or removed above the focused row', () => {
    expect(anchoredScrollTop(['a', 'b', 'c'], ['x', 'y', 'a', 'b', 'c'], 'b', 100, 36)).toBe(172);
    expect(anchoredScrollTop(['a', 'b', 'c'], ['b', 'c'], 'b', 100, 36)).toBe(64);
    expect(anchoredScrollTop(['a', 'b'], ['a', 'b', 'z'], 'b', 100, 36)).toBeNull();
    expect(anchoredScrollTop(['a', 'b'], ['a'], 'b', 100, 36)).toBeNull();
  });
});

describe('the senior lane', () => {
  it('asks the bank API for cases escalated to a senior approver, whatever their tier', () => {
    const q = laneQuery('senior', 'branch', 'u-senior1', {}, 'slaDueAt');
    expect(q).toMatchObject({ status: ['escalated'], escalatedTo: 'senior_approver' });
    expect(q.tier).toBeUndefined();
    expect(laneQuery('fast', 'branch', 'u', {}, 'slaDueAt').escalatedTo).toBeUndefined();
  });
  it('is shown to senior approvers and supervisors only; they alone may force-release', () => {
    expect(visibleLanes(['approver'])).not.toContain('senior');
    expect(visibleLanes(['committee'])).not.toContain('senior');
    expect(visibleLanes(['approver', 'senior_approver'])).toContain('senior');
    expect(visibleLanes(['supervisor'])).toContain('senior');
    expect(canForceRelease(['approver'])).toBe(false);
    expect(canForceRelease(['approver', 'senior_approver'])).toBe(true);
    expect(canForceRelease(['supervisor'])).toBe(true);
  });
});

describe('the 续贷 / 增额 tag', () => {
  it('tags a renewal and a top-up by their kind, and a new loan not at all', () => {
    expect(taggedKind(row(1, { kind: 'renewal' }))).toBe('renewal');
    expect(taggedKind(row(2, { kind: 'top_up' }))).toBe('top_up');
    expect(taggedKind(row(3))).toBeNull();
  });
});
