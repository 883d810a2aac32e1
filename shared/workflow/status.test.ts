import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import { assertTransition, canTransition, OPEN_STATUSES, STATUSES } from './status';

describe('application status machine', () => {
  it('allows the paths SPEC §4 describes', () => {
    const path = [
      'submitted',
      'screened',
      'in_review',
      'escalated',
      'committee',
      'approved',
      'contracting',
      'signed',
      'disbursed',
    ] as const;
    for (let i = 1; i < path.length; i++) expect(canTransition(path[i - 1]!, path[i]!)).toBe(true);
    expect(canTransition('screened', 'auto_approved')).toBe(true);
    expect(canTransition('in_review', 'returned')).toBe(true);
    expect(canTransition('returned', 'in_review')).toBe(true);
  });

  it('lets every open state be withdrawn or expire, and no closed one', () => {
    for (const s of STATUSES) {
      const open = OPEN_STATUSES.includes(s);
      expect(canTransition(s, 'withdrawn')).toBe(open);
      expect(canTransition(s, 'expired')).toBe(open);
    }
  });

  it('refuses an illegal transition naming both states', () => {
    expect(() => assertTransition('declined', 'approved')).toThrow(DomainError);
    try {
      assertTransition('auto_declined', 'approved');
    } catch (e) {
      expect((e as DomainError).code).toBe('workflow.illegal_transition');
      expect((e as DomainError).message).toContain('auto_declined');
    }
  });
});
