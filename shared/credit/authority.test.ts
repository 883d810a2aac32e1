import { describe, expect, it } from 'vitest';
import { type AuthorityCase, type AuthorityUser, checkAuthority, checkHandling, committeeOutcome } from './authority';

const approver1: AuthorityUser = {
  id: 'approver1',
  roles: ['approver'],
  authority: { A: '1000000.00', B: '800000.00', C: '500000.00', D: '200000.00', E: null },
};
const approver2: AuthorityUser = { ...approver1, id: 'approver2' };
const senior1: AuthorityUser = {
  id: 'senior1',
  roles: ['approver', 'senior_approver'],
  authority: { A: '5000000.00', B: '3000000.00', C: '2000000.00', D: '1000000.00', E: '300000.00' },
};
const fast: AuthorityCase = { amount: '500000.00', grade: 'B', tier: 'fast', createdBy: 'rm1' };

describe('authority matrix', () => {
  it('lets an approver decide a fast case within authority', () => {
    expect(checkAuthority(approver1, fast)).toMatchObject({ allowed: true, code: 'AUTH_OK', completesDecision: true });
  });
  it('refuses an approval above the approver’s authority and names who must decide', () => {
    const r = checkAuthority(approver1, { ...fast, amount: '800000.01' });
    expect(r).toMatchObject({ allowed: false, code: 'AUTH_ABOVE_LIMIT', requiredRole: 'senior_approver' });
    expect(r.reason.zh).toContain('800000.01');
    expect(checkAuthority(senior1, { ...fast, amount: '3000000.01' }).requiredRole).toBe('committee');
  });
  it('treats a grade without a limit as no authority', () => {
    expect(checkAuthority(approver1, { ...fast, grade: 'E', amount: '1.00' })).toMatchObject({
      allowed: false,
      code: 'AUTH_ABOVE_LIMIT',
    });
  });
  it('accepts limits as fen too', () => {
    const u: AuthorityUser = { id: 'x', roles: ['approver'], authority: { B: 50_000_000n } };
    expect(checkAuthority(u, fast).allowed).toBe(true);
  });
  it('leaves instant cases to the system and committee cases to the vote', () => {
    expect(checkAuthority(senior1, { ...fast, tier: 'instant' }).code).toBe('AUTH_INSTANT_SYSTEM');
    expect(checkAuthority(senior1, { ...fast, tier: 'committee' })).toMatchObject({
      allowed: false,
      requiredRole: 'committee',
    });
    const member: AuthorityUser = { id: 'committee1', roles: ['committee'], authority: null };
    expect(checkAuthority(member, { ...fast, tier: 'committee', action: 'vote' }).allowed).toBe(true);
  });
  it('refuses roles that do not approve', () => {
    const officer: AuthorityUser = { id: 'contract1', roles: ['contract_officer'], authority: null };
    expect(checkAuthority(officer, fast)).toMatchObject({ allowed: false, code: 'AUTH_ROLE' });
  });
});

describe('separation of duties', () => {
  it('refuses the creator and the investigator', () => {
    expect(checkAuthority(approver1, { ...fast, createdBy: 'approver1' }).code).toBe('SOD_CREATOR');
    expect(checkAuthority(approver1, { ...fast, investigatedBy: 'approver1' }).code).toBe('SOD_INVESTIGATOR');
    expect(checkAuthority(approver1, { ...fast, createdBy: 'approver1', action: 'decline' }).allowed).toBe(false);
  });
  it('refuses the creator and the investigator a return or an escalation too, in both languages', () => {
    const own = { createdBy: 'approver1', investigatedBy: null };
    expect(checkHandling(approver1, 'return', own)).toMatchObject({
      allowed: false,
      code: 'SOD_CREATOR',
      reason: { zh: '不得退回本人创建的申请', en: 'You created this case and cannot return it' },
    });
    expect(checkHandling(approver1, 'escalate', { createdBy: 'rm1', investigatedBy: 'approver1' })).toMatchObject({
      allowed: false,
      code: 'SOD_INVESTIGATOR',
      reason: { zh: '不得上报本人调查的申请' },
    });
    expect(checkHandling(approver2, 'return', own)).toMatchObject({ allowed: true, code: 'AUTH_HANDLE' });
  });
  it('needs two different people on a standard case, the second a senior approver', () => {
    const std: AuthorityCase = { amount: '300000.00', grade: 'C', tier: 'standard', createdBy: 'rm1' };
    const first = checkAuthority(approver1, std);
    expect(first).toMatchObject({
      allowed: true,
      signatureStep: 1,
      completesDecision: false,
      requiredRole: 'senior_approver',
    });
    const signed = { ...std, signatures: [{ userId: 'approver1', role: 'approver' as const }] };
    expect(checkAuthority(approver1, signed).code).toBe('SOD_SAME_SIGNER');
    expect(checkAuthority(approver2, signed).code).toBe('AUTH_SECOND_NEEDS_SENIOR');
    expect(checkAuthority(senior1, signed)).toMatchObject({ allowed: true, signatureStep: 2, completesDecision: true });
    const both = {
      ...std,
      signatures: [...signed.signatures, { userId: 'senior1', role: 'senior_approver' as const }],
    };
    expect(checkAuthority({ ...senior1, id: 'senior2' }, both).code).toBe('AUTH_ALREADY_SIGNED');
  });
});

describe('the senior lane (a case escalated to a senior approver)', () => {
  const lane: AuthorityCase = {
    amount: '900000.00',
    grade: 'B',
    tier: 'standard',
    createdBy: 'rm1',
    escalatedTo: 'senior_approver',
    escalatedBy: 'approver1',
  };
  const senior2: AuthorityUser = { ...senior1, id: 'senior2' };
  it('lets a senior approver decide it alone within their authority, with no second signature', () => {
    expect(checkAuthority(senior1, lane)).toMatchObject({
      allowed: true,
      code: 'AUTH_SENIOR_DECISION',
      completesDecision: true,
      signatureStep: null,
    });
    expect(checkAuthority(senior1, { ...lane, action: 'decline' })).toMatchObject({
      allowed: true,
      completesDecision: true,
    });
  });
  it('sends it on to the committee above the senior’s authority', () => {
    expect(checkAuthority(senior1, { ...lane, amount: '3000000.01' })).toMatchObject({
      allowed: false,
      code: 'AUTH_ABOVE_LIMIT',
      requiredRole: 'committee',
    });
  });
  it('refuses an approver on the senior lane, and the senior who escalated it, in both languages', () => {
    expect(checkAuthority(approver2, lane)).toMatchObject({
      allowed: false,
      code: 'AUTH_SENIOR_LANE',
      requiredRole: 'senior_approver',
      reason: { zh: expect.stringContaining('高级审批人') },
    });
    expect(checkHandling(approver2, 'return', lane)).toMatchObject({ allowed: false, code: 'AUTH_SENIOR_LANE' });
    const own = { ...lane, escalatedBy: 'senior1' };
    expect(checkAuthority(senior1, own)).toMatchObject({ allowed: false, code: 'SOD_ESCALATOR' });
    expect(checkHandling(senior1, 'escalate', own)).toMatchObject({ allowed: false, code: 'SOD_ESCALATOR' });
    expect(checkAuthority(senior2, own).allowed).toBe(true);
    expect(checkHandling(senior2, 'escalate', own).allowed).toBe(true);
  });
  it('still refuses the creator and the investigator', () => {
    expect(checkAuthority(senior1, { ...lane, createdBy: 'senior1' }).code).toBe('SOD_CREATOR');
    expect(checkAuthority(senior1, { ...lane, investigatedBy: 'senior1' }).code).toBe('SOD_INVESTIGATOR');
  });
});

describe('committee', () => {
  const c = { createdBy: 'rm1', investigatedBy: 'approver1' };
  it('decides once a quorum has voted, approving on two-thirds', () => {
    expect(committeeOutcome([{ userId: 'c1', vote: 'approve' }], c)).toMatchObject({ decided: false, outcome: null });
    const votes = [
      { userId: 'c1', vote: 'approve' as const },
      { userId: 'c2', vote: 'approve' as const },
      { userId: 'c3', vote: 'decline' as const },
    ];
    expect(committeeOutcome(votes, c)).toMatchObject({ decided: true, outcome: 'approve' });
    expect(
      committeeOutcome([...votes.slice(0, 1), ...votes.slice(2), { userId: 'c4', vote: 'decline' }], c).outcome,
    ).toBe('decline');
  });
  it('refuses conflicted and duplicate votes', () => {
    expect(() => committeeOutcome([{ userId: 'approver1', vote: 'approve' }], c)).toThrow(
      expect.objectContaining({ code: 'sod.committee_conflict' }),
    );
    expect(() =>
      committeeOutcome(
        [
          { userId: 'c1', vote: 'approve' },
          { userId: 'c1', vote: 'approve' },
        ],
        c,
      ),
    ).toThrow(expect.objectContaining({ code: 'sod.duplicate_vote' }));
  });
});
