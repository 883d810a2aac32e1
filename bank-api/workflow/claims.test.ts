/**
 * The queue row's 认领 (renderer: shared/credit/authority.ts mayClaim) offers a claim exactly where the
 * bank API's claim check (claimCheck) grants it, for every demo user on every lane, tier, grade and
 * amount a row can show — apart from what a row does not know (creator, investigator, signatures).
 */
import { describe, expect, it } from 'vitest';
import type { User } from '../../shared/api/auth';
import { mayClaim } from '../../shared/credit/authority';
import { formatMoney } from '../../shared/money/money';
import { DEMO_USERS } from '../seed/organisation';
import { claimCheck } from './claims';
import type { ApplicationRow } from './rows';

const users: User[] = DEMO_USERS.map((u) => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  roles: [...u.roles],
  branch: { id: u.branchId, parentId: null, nameZh: u.branchId, nameEn: u.branchId, level: 'branch' },
  authority: u.authority
    ? (Object.fromEntries(
        Object.entries(u.authority).map(([g, fen]) => [g, formatMoney(BigInt(fen))]),
      ) as User['authority'])
    : null,
}));

const lanes = [
  { status: 'in_review', tier: 'fast', escalated_to: null },
  { status: 'in_review', tier: 'standard', escalated_to: null },
  { status: 'committee', tier: 'committee', escalated_to: null },
  { status: 'escalated', tier: 'fast', escalated_to: 'senior_approver' },
  { status: 'escalated', tier: 'standard', escalated_to: 'senior_approver' },
  { status: 'escalated', tier: 'committee', escalated_to: 'committee' },
  { status: 'returned', tier: 'fast', escalated_to: null },
] as const;
const amounts = ['100000.00', '2000000.00', '3000000.00', '8000000.00', '40000000.00'];
const grades = ['A', 'B', 'C', 'D', 'E', null] as const;

describe('the queue row offers 认领 where the bank API grants it', () => {
  it('for every demo user, lane, grade and amount (no creator, investigator or signature involved)', () => {
    let offered = 0;
    let checked = 0;
    for (const user of users)
      for (const lane of lanes)
        for (const amount of amounts)
          for (const grade of grades) {
            const row = {
              ...lane,
              amount_fen: String(BigInt(amount.replace('.', ''))),
              grade,
              created_by: 'u-rm1',
              investigated_by: null,
            } as unknown as ApplicationRow;
            const api = claimCheck(user, row, []).allowed;
            const ui = mayClaim(user, { tier: lane.tier, status: lane.status, amount, grade });
            expect(ui, `${user.username} ${lane.status}/${lane.tier} ${grade} ${amount}`).toBe(api);
            checked++;
            if (ui) offered++;
          }
    // Both answers occur: the comparison is not between two constant functions.
    expect(offered).toBeGreaterThan(0);
    expect(offered).toBeLessThan(checked);
  });

  it('a committee member is not offered fast or standard cases, an approver not committee ones', () => {
    const committee1 = users.find((u) => u.username === 'committee1')!;
    const approver1 = users.find((u) => u.username === 'approver1')!;
    const fast = { tier: 'fast', status: 'in_review', amount: '300000.00', grade: 'A' } as const;
    expect(mayClaim(committee1, fast)).toBe(false);
    expect(mayClaim(approver1, fast)).toBe(true);
    expect(mayClaim(committee1, { ...fast, tier: 'committee', status: 'committee' })).toBe(true);
    expect(mayClaim(approver1, { ...fast, tier: 'committee', status: 'committee' })).toBe(false);
    // Above the approver's authority for grade D (300,000 yuan): not offered.
    expect(mayClaim(approver1, { ...fast, grade: 'D', amount: '500000.00' })).toBe(false);
  });
});
