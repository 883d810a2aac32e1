import { describe, expect, it } from 'vitest';
import type { HomeCase } from '../../../shared/api/home';
import { laneOf } from './lane';

const c = (over: Partial<HomeCase>): HomeCase => ({
  id: 'APP1',
  enterpriseName: '某某公司',
  productCode: 'LDD',
  amount: '100000.00',
  tier: 'fast',
  status: 'in_review',
  branchId: 'SH',
  escalatedTo: null,
  slaDueAt: null,
  slaState: null,
  at: null,
  action: null,
  ...over,
});

describe('home → queue lane', () => {
  it('opens the senior lane for a case escalated to a senior approver, the committee lane for one escalated there', () => {
    expect(laneOf(c({ status: 'escalated', escalatedTo: 'senior_approver' }), 'fast')).toBe('senior');
    expect(laneOf(c({ status: 'escalated', escalatedTo: 'committee', tier: 'committee' }), 'fast')).toBe('committee');
  });
  it('returned cases open the returned lane; others their tier; none the fallback', () => {
    expect(laneOf(c({ status: 'returned' }), 'fast')).toBe('returned');
    expect(laneOf(c({ tier: 'standard' }), 'fast')).toBe('standard');
    expect(laneOf(undefined, 'committee')).toBe('committee');
  });
});
