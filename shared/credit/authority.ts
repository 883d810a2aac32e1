import { DomainError } from '../errors';
import { type Fen, formatMoney, parseMoney } from '../money/money';
import type { Bilingual, Grade } from './grades';
import type { Tier } from './routing';

/**
 * Delegated authority (授权) and separation of duties. The bank API enforces these on every decision;
 * the UI only explains them. An authority matrix gives, per risk grade, the largest amount the user may
 * approve (yuan string as in the API, or fen); a grade missing or null means "may not approve".
 */
export const ROLES = [
  'approver',
  'senior_approver',
  'committee',
  'contract_officer',
  'supervisor',
  'relationship_manager',
  /** 放款审核岗: checks the approval's conditions and disburses signed cases (maker and checker). */
  'disbursement_officer',
] as const;
export type Role = (typeof ROLES)[number];
export type AuthorityMatrix = Partial<Record<Grade, string | Fen | null>>;

export interface AuthorityUser {
  id: string;
  roles: readonly Role[];
  authority: AuthorityMatrix | null;
}

export interface Signature {
  userId: string;
  role: Role;
}

export interface AuthorityCase {
  amount: string | Fen;
  grade: Grade;
  tier: Tier;
  createdBy: string;
  investigatedBy?: string | null;
  /** Approval signatures already on the case, in order. */
  signatures?: readonly Signature[];
  action?: 'approve' | 'decline' | 'vote';
  /** Where an escalated case waits: the senior lane or the committee (null or absent: not escalated). */
  escalatedTo?: 'senior_approver' | 'committee' | null;
  /** Who escalated it to where it now waits. */
  escalatedBy?: string | null;
}

export interface AuthorityCheck {
  allowed: boolean;
  code: string;
  reason: Bilingual;
  /** Who must decide instead, or who signs next. */
  requiredRole: Role | null;
  /** For standard cases: which of the two signatures this would be. */
  signatureStep: 1 | 2 | null;
  /** True when this user's decision settles the case (no further signature or vote needed). */
  completesDecision: boolean;
}

const APPROVING: readonly Role[] = ['approver', 'senior_approver'];

/** The user's limit for a grade in fen, or null when the user may not approve that grade. */
export function authorityLimit(user: AuthorityUser, grade: Grade): Fen | null {
  const v = user.authority?.[grade];
  if (v === undefined || v === null) return null;
  return typeof v === 'bigint' ? v : parseMoney(v, `authority.${grade}`);
}

function result(
  allowed: boolean,
  code: string,
  zh: string,
  en: string,
  extra: Partial<Pick<AuthorityCheck, 'requiredRole' | 'signatureStep' | 'completesDecision'>> = {},
): AuthorityCheck {
  return {
    allowed,
    code,
    reason: { zh, en },
    requiredRole: extra.requiredRole ?? null,
    signatureStep: extra.signatureStep ?? null,
    completesDecision: extra.completesDecision ?? false,
  };
}

/** May `user` take `c.action` (default approve) on this case — and if not, who must? */
export function checkAuthority(user: AuthorityUser, c: AuthorityCase): AuthorityCheck {
  const amount = typeof c.amount === 'bigint' ? c.amount : parseMoney(c.amount, 'amount');
  const action = c.action ?? 'approve';
  const sigs = c.signatures ?? [];
  const has = (r: Role) => user.roles.includes(r);

  if (c.tier === 'instant') {
    return result(
      false,
      'AUTH_INSTANT_SYSTEM',
      '秒批通道由系统决策，无需人工审批',
      'Instant-tier cases are decided by the system, not by a person',
    );
  }
  if (user.id === c.createdBy) {
    return result(false, 'SOD_CREATOR', '不得审批本人创建的申请', 'You created this case and cannot decide it', {
      requiredRole: 'approver',
    });
  }
  if (c.investigatedBy && user.id === c.investigatedBy) {
    return result(
      false,
      'SOD_INVESTIGATOR',
      '不得审批本人调查的申请',
      'You investigated this case and cannot decide it',
      { requiredRole: 'approver' },
    );
  }
  if (sigs.some((s) => s.userId === user.id)) {
    return result(
      false,
      'SOD_SAME_SIGNER',
      '双签须由两名不同人员完成',
      'The two signatures must come from two different people',
      { requiredRole: 'senior_approver' },
    );
  }

  if (c.escalatedTo === 'senior_approver' && c.tier !== 'committee') return seniorLane(user, c, amount, action);

  if (c.tier === 'committee') {
    if (action === 'vote' && has('committee')) {
      return result(true, 'AUTH_COMMITTEE_VOTE', '审贷会委员投票', 'Committee member vote');
    }
    return result(false, 'AUTH_COMMITTEE_ONLY', '该申请须由审贷会表决', 'This case is decided by a committee vote', {
      requiredRole: 'committee',
    });
  }
  if (!APPROVING.some(has)) {
    return result(false, 'AUTH_ROLE', '当前角色无审批权限', 'Your role does not approve loans', {
      requiredRole: 'approver',
    });
  }
  if (action === 'decline') {
    return result(true, 'AUTH_DECLINE', '审批人可拒绝申请并说明理由', 'An approver may decline with reasons', {
      completesDecision: true,
    });
  }

  const limit = authorityLimit(user, c.grade);
  const amt = formatMoney(amount);
  if (limit === null || amount > limit) {
    const shown = limit === null ? '无' : formatMoney(limit);
    const shownEn = limit === null ? 'none' : formatMoney(limit);
    return result(
      false,
      'AUTH_ABOVE_LIMIT',
      `金额 ${amt} 元超出您对 ${c.grade} 级客户的审批权限（${shown}），须上报`,
      `Amount ${amt} yuan is above your authority for grade ${c.grade} (${shownEn}); escalate`,
      { requiredRole: has('senior_approver') ? 'committee' : 'senior_approver' },
    );
  }
  if (c.tier === 'fast') {
    return result(true, 'AUTH_OK', '在审批权限内', 'Within your authority', { completesDecision: true });
  }
  // standard: two signatures, the second from a senior approver.
  if (sigs.length === 0) {
    return result(
      true,
      'AUTH_FIRST_SIGNATURE',
      '第一签，尚需高级审批人第二签',
      'First signature; a senior approver must sign second',
      {
        signatureStep: 1,
        requiredRole: 'senior_approver',
      },
    );
  }
  if (!has('senior_approver')) {
    return result(
      false,
      'AUTH_SECOND_NEEDS_SENIOR',
      '第二签须由高级审批人完成',
      'The second signature must come from a senior approver',
      {
        requiredRole: 'senior_approver',
      },
    );
  }
  if (sigs.length >= 2) {
    return result(false, 'AUTH_ALREADY_SIGNED', '该申请已完成双签', 'This case already has both signatures');
  }
  return result(true, 'AUTH_SECOND_SIGNATURE', '第二签，完成双签', 'Second signature; the decision is complete', {
    signatureStep: 2,
    completesDecision: true,
  });
}

/** What a queue row knows of a case: enough to tell whether its user could claim it. */
export interface ClaimableRow {
  tier: Tier;
  status: string;
  amount: string;
  grade: Grade | null;
}

/**
 * Whether `user` could claim a case by its lane, tier, amount and grade alone — the role and authority
 * part of the bank API's claim check (bank-api/workflow/claims.ts claimCheck), so a queue row offers 认领
 * only where it would be granted: the senior lane (escalated, not to the committee) to senior approvers,
 * committee cases to committee members, other cases to whoever could approve them. The API also refuses
 * the case's creator, its investigator and a standard case's first signer; a row does not know those,
 * and the API's refusal names them.
 */
export function mayClaim(user: AuthorityUser, r: ClaimableRow): boolean {
  if (r.status === 'escalated' && r.tier !== 'committee') return user.roles.includes('senior_approver');
  const c = { amount: r.amount, grade: r.grade ?? 'E', tier: r.tier, createdBy: '' };
  return checkAuthority(user, { ...c, action: r.tier === 'committee' ? 'vote' : 'approve' }).allowed;
}

/**
 * A case escalated to a senior approver (the senior lane): a senior approver other than the one who
 * escalated it decides it alone — approves within their authority matrix (no second signature), or
 * declines; above their authority it goes on to the committee.
 */
function seniorLane(user: AuthorityUser, c: AuthorityCase, amount: Fen, action: string): AuthorityCheck {
  const lane = laneRefusal(user, c, { zh: '审批', en: 'decide' });
  if (lane) return lane;
  if (action === 'vote') {
    return result(false, 'AUTH_COMMITTEE_ONLY', '该申请不在审贷会审议中', 'This case is not before the committee', {
      requiredRole: 'senior_approver',
    });
  }
  if (action === 'decline') {
    return result(
      true,
      'AUTH_SENIOR_DECLINE',
      '高级审批人可拒绝上报的申请',
      'A senior approver may decline an escalated case',
      {
        completesDecision: true,
      },
    );
  }
  const limit = authorityLimit(user, c.grade);
  if (limit === null || amount > limit) {
    const shown = limit === null ? '无' : formatMoney(limit);
    const shownEn = limit === null ? 'none' : formatMoney(limit);
    return result(
      false,
      'AUTH_ABOVE_LIMIT',
      `金额 ${formatMoney(amount)} 元超出您对 ${c.grade} 级客户的审批权限（${shown}），须上报审贷会`,
      `Amount ${formatMoney(amount)} yuan is above your authority for grade ${c.grade} (${shownEn}); escalate to the committee`,
      { requiredRole: 'committee' },
    );
  }
  return result(
    true,
    'AUTH_SENIOR_DECISION',
    '上报件：高级审批人在权限内独立审批，审批即生效',
    'Escalated case: a senior approver decides it alone within their authority',
    { completesDecision: true },
  );
}

/** On the senior lane only a senior approver acts, and never the one who escalated the case there. */
function laneRefusal(
  user: AuthorityUser,
  c: Pick<AuthorityCase, 'escalatedTo' | 'escalatedBy'>,
  verb: Bilingual,
): AuthorityCheck | null {
  if (c.escalatedTo !== 'senior_approver') return null;
  if (c.escalatedBy && user.id === c.escalatedBy) {
    return result(
      false,
      'SOD_ESCALATOR',
      `不得${verb.zh}本人上报的申请，须由另一名高级审批人处理`,
      `You escalated this case and cannot ${verb.en} it; another senior approver must`,
      { requiredRole: 'senior_approver' },
    );
  }
  if (!user.roles.includes('senior_approver')) {
    return result(
      false,
      'AUTH_SENIOR_LANE',
      `该申请已上报高级审批人，须由高级审批人${verb.zh}`,
      `This case was escalated to a senior approver; only a senior approver may ${verb.en} it`,
      { requiredRole: 'senior_approver' },
    );
  }
  return null;
}

/**
 * Returning a case for material or escalating it: an approver's step (no limit), and — as for every
 * action on a case — not the step of whoever created or investigated it.
 */
export function checkHandling(
  user: AuthorityUser,
  action: 'return' | 'escalate',
  c: Pick<AuthorityCase, 'createdBy' | 'investigatedBy' | 'escalatedTo' | 'escalatedBy'>,
): AuthorityCheck {
  const verb = action === 'return' ? { zh: '退回', en: 'return' } : { zh: '上报', en: 'escalate' };
  if (user.id === c.createdBy) {
    return result(
      false,
      'SOD_CREATOR',
      `不得${verb.zh}本人创建的申请`,
      `You created this case and cannot ${verb.en} it`,
      { requiredRole: 'approver' },
    );
  }
  if (c.investigatedBy && user.id === c.investigatedBy) {
    return result(
      false,
      'SOD_INVESTIGATOR',
      `不得${verb.zh}本人调查的申请`,
      `You investigated this case and cannot ${verb.en} it`,
      { requiredRole: 'approver' },
    );
  }
  const lane = laneRefusal(user, c, verb);
  if (lane) return lane;
  if (APPROVING.some((r) => user.roles.includes(r)))
    return result(true, 'AUTH_HANDLE', '审批人可退回补件或上报', 'An approver may return or escalate a case');
  return action === 'return'
    ? result(false, 'AUTH_RETURN_ROLE', '只有审批人可以退回补件', 'Only approvers return cases for material', {
        requiredRole: 'approver',
      })
    : result(false, 'AUTH_ESCALATE_ROLE', '只有审批人可以上报', 'Only approvers escalate cases', {
        requiredRole: 'approver',
      });
}

/** Committee votes: decided once `quorum` distinct eligible members have voted; approval needs two-thirds. */
export const COMMITTEE_QUORUM = 3;

export function committeeOutcome(
  votes: readonly { userId: string; vote: 'approve' | 'decline' }[],
  c: Pick<AuthorityCase, 'createdBy' | 'investigatedBy'>,
  quorum = COMMITTEE_QUORUM,
): { decided: boolean; outcome: 'approve' | 'decline' | null; approvals: number; declines: number } {
  const seen = new Set<string>();
  let approvals = 0;
  let declines = 0;
  for (const v of votes) {
    if (v.userId === c.createdBy || v.userId === c.investigatedBy) {
      throw new DomainError(
        'sod.committee_conflict',
        'The creator or investigator of a case cannot vote on it',
        'userId',
      );
    }
    if (seen.has(v.userId)) throw new DomainError('sod.duplicate_vote', 'Each member votes once', 'userId');
    seen.add(v.userId);
    if (v.vote === 'approve') approvals++;
    else declines++;
  }
  const total = approvals + declines;
  if (total < quorum) return { decided: false, outcome: null, approvals, declines };
  return { decided: true, outcome: approvals * 3 >= total * 2 ? 'approve' : 'decline', approvals, declines };
}

/** A checklist item counts as in hand once received (or waived by the bank). */
const IN_HAND = new Set(['received', 'waived']);

export interface GateItem {
  code: string;
  zh: string;
  en: string;
}

/**
 * The gates before an approval signature or an approving vote: every checklist item in hand and, on
 * standard and committee cases (as routed, or standard now), the investigation recorded. What is
 * missing, in order; empty when the case may be approved. The bank API refuses on it (409
 * gates.not_met); the desk shows it as a checklist before the approve button.
 */
export function missingForApproval(c: {
  checklist: readonly Record<string, unknown>[];
  investigation: unknown;
  tier: string;
  routedTier?: string | null;
}): GateItem[] {
  const missing: GateItem[] = [];
  for (const item of c.checklist) {
    if (!IN_HAND.has(String(item.state))) {
      const code = String(item.code);
      missing.push({ code, zh: String(item.name ?? code), en: String(item.nameEn ?? item.name ?? code) });
    }
  }
  const routed = c.routedTier ?? c.tier;
  if ((routed === 'standard' || routed === 'committee' || c.tier === 'standard') && !c.investigation) {
    missing.push({ code: 'INVESTIGATION', zh: '尽职调查记录', en: 'Investigation record' });
  }
  return missing;
}
