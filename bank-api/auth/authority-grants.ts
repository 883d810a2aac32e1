/**
 * Authority administration (授权管理, issue 14 item 8). Grants live in `authority_grants` (migration
 * 0015); the session's user carries the confirmed grant in force today (auth/sessions.ts), so decisions,
 * the desk's explanation and this screen read the same matrix.
 *
 * Rules: a supervisor proposes for a user in their branch sub-tree who holds an approving role; the
 * effective date is today (Beijing) or later; a delegated grant (转授权) stays within the grantor's own
 * matrix per grade; a second, different supervisor confirms or rejects; the proposer may withdraw an
 * open proposal. Every step is one transaction with its audit event; a refusal changes nothing.
 */
import type { User } from '../../shared/api/auth';
import type {
  AuthorityChange,
  AuthorityHolder,
  AuthorityHolders,
  AuthorityMatrixInput,
  AuthorityMatrixView,
  AuthorityProposal,
} from '../../shared/api/authority';
import { beijingDate } from '../../shared/calendar';
import { GRADES, type Grade } from '../../shared/credit/grades';
import { groupMoney } from '../../shared/money/group';
import { type Fen, formatMoney, parseMoney } from '../../shared/money/money';
import { appendAudit } from '../audit/chain';
import type { Database, Queryable } from '../db/database';
import { conflict, forbidden, notFound, unprocessable } from '../http/problems';
import { branchScope } from '../workflow/scope';

/** Roles whose decisions an authority matrix limits. */
export const AUTHORITY_HOLDER_ROLES = ['approver', 'senior_approver', 'committee'] as const;

type FenMatrix = Partial<Record<Grade, string>>;

interface GrantRow {
  id: string;
  user_id: string;
  authority: Record<string, string | number> | null;
  kind: AuthorityChange['kind'];
  effective_from: string;
  document_ref: string;
  grantor_id: string | null;
  reason: string | null;
  status: AuthorityChange['status'];
  proposed_by: string | null;
  proposed_at: Date | string;
  decided_by: string | null;
  decided_at: Date | string | null;
  decision_note: string | null;
  u_username: string;
  u_name: string;
  gr_username: string | null;
  gr_name: string | null;
  p_username: string | null;
  p_name: string | null;
  d_username: string | null;
  d_name: string | null;
}

const GRANT_SELECT = `SELECT ag.id::text AS id, ag.user_id, ag.authority, ag.kind,
    to_char(ag.effective_from, 'YYYY-MM-DD') AS effective_from, ag.document_ref, ag.grantor_id, ag.reason,
    ag.status, ag.proposed_by, ag.proposed_at, ag.decided_by, ag.decided_at, ag.decision_note,
    u.username AS u_username, u.display_name AS u_name,
    gr.username AS gr_username, gr.display_name AS gr_name,
    p.username AS p_username, p.display_name AS p_name,
    d.username AS d_username, d.display_name AS d_name
  FROM authority_grants ag
  JOIN users u ON u.id = ag.user_id
  LEFT JOIN users gr ON gr.id = ag.grantor_id
  LEFT JOIN users p ON p.id = ag.proposed_by
  LEFT JOIN users d ON d.id = ag.decided_by`;

const iso = (v: Date | string) => new Date(v).toISOString();
const person = (id: string | null, username: string | null, name: string | null) =>
  id && username && name ? { id, username, displayName: name } : null;

/** Stored fen (strings or numbers) → yuan per grade, null where a grade is absent. */
export function matrixView(a: Record<string, string | number> | null): AuthorityMatrixView | null {
  if (!a) return null;
  const out = {} as AuthorityMatrixView;
  for (const g of GRADES) {
    const v = a[g];
    out[g] = v === undefined || v === null ? null : formatMoney(BigInt(v));
  }
  return out;
}

function toChange(r: GrantRow): AuthorityChange {
  return {
    id: r.id,
    user: { id: r.user_id, username: r.u_username, displayName: r.u_name },
    kind: r.kind,
    authority: matrixView(r.authority),
    effectiveFrom: r.effective_from,
    documentRef: r.document_ref,
    grantor: person(r.grantor_id, r.gr_username, r.gr_name),
    reason: r.reason,
    status: r.status,
    proposedBy: person(r.proposed_by, r.p_username, r.p_name),
    proposedAt: iso(r.proposed_at),
    decidedBy: person(r.decided_by, r.d_username, r.d_name),
    decidedAt: r.decided_at ? iso(r.decided_at) : null,
    decisionNote: r.decision_note,
  };
}

/** The bank's date today (Beijing). */
export const bankToday = (now = new Date()) => beijingDate(now);

/** Yuan per grade → fen per grade (absent = none). */
function toFen(m: AuthorityMatrixInput): FenMatrix {
  const out: FenMatrix = {};
  for (const g of GRADES) {
    const v = m[g];
    if (v !== null) out[g] = parseMoney(v, `authority.${g}`).toString();
  }
  return out;
}

const fenOf = (m: Record<string, string | number> | null, g: Grade): Fen | null => {
  const v = m?.[g];
  return v === undefined || v === null ? null : BigInt(v);
};

interface InForce {
  found: boolean;
  authority: Record<string, string | number> | null;
}

/** The matrix in force for a user on a date: the latest confirmed grant on or before it, else users.authority. */
async function authorityOn(q: Queryable, userId: string, date: string): Promise<InForce> {
  const r = await q.query<{ found: boolean | null; authority: Record<string, string | number> | null }>(
    `SELECT g.found, CASE WHEN g.found THEN g.authority ELSE u.authority END AS authority
     FROM users u LEFT JOIN LATERAL (
       SELECT true AS found, ag.authority FROM authority_grants ag
       WHERE ag.user_id = u.id AND ag.status = 'confirmed' AND ag.effective_from <= $2::date
       ORDER BY ag.effective_from DESC, ag.decided_at DESC, ag.id DESC LIMIT 1
     ) g ON true WHERE u.id = $1`,
    [userId, date],
  );
  const row = r.rows[0];
  return { found: Boolean(row?.found), authority: row?.authority ?? null };
}

interface UserFacts {
  id: string;
  roles: string[];
  branch_id: string;
  active: boolean;
}

/** A user in the supervisor's branch sub-tree, or 404 (a user outside it is not revealed). */
async function userInScope(q: Queryable, supervisor: User, userId: string, field: string): Promise<UserFacts> {
  const scope = await branchScope(q, supervisor);
  const r = await q.query<UserFacts>('SELECT id, roles, branch_id, active FROM users WHERE id = $1', [userId]);
  const u = r.rows[0];
  if (!u || !scope.includes(u.branch_id)) throw notFound(`${field}: no such user in your branches: ${userId}`);
  return u;
}

const holdsAuthorityRole = (roles: readonly string[]) =>
  roles.some((r) => (AUTHORITY_HOLDER_ROLES as readonly string[]).includes(r));

/**
 * 转授权: the grantee's branch lies under the grantor's (same branch or beneath), the grantor holds an
 * approving role, and per grade the new limit is within the grantor's own matrix in force on `date`.
 */
async function checkDelegation(
  q: Queryable,
  supervisor: User,
  grantee: UserFacts,
  grantorId: string,
  fen: FenMatrix | null,
  date: string,
): Promise<void> {
  if (grantorId === grantee.id) {
    throw unprocessable('authority.self_delegation', 'grantorId: a user cannot delegate authority to themselves', {
      reasonZh: '不得向本人转授权',
    });
  }
  const grantor = await userInScope(q, supervisor, grantorId, 'grantorId');
  if (!holdsAuthorityRole(grantor.roles)) {
    throw unprocessable('authority.grantor_no_authority', `grantorId: ${grantorId} holds no approval authority`, {
      reasonZh: '转授权人本身没有审批权限',
    });
  }
  const under = await q.query<{ ok: boolean }>(
    `SELECT (e.path = r.path OR e.path LIKE r.path || '.%') AS ok
     FROM branches e, branches r WHERE e.id = $1 AND r.id = $2`,
    [grantee.branch_id, grantor.branch_id],
  );
  if (!under.rows[0]?.ok) {
    throw unprocessable(
      'authority.grantor_not_above',
      `grantorId: ${grantorId}'s branch is not above ${grantee.id}'s; delegation goes from a branch to its own sub-branches`,
      { reasonZh: '转授权只能由上级机构向其所辖机构授予' },
    );
  }
  if (!fen) return; // a withdrawal is always within anyone's authority
  const own = await authorityOn(q, grantorId, date);
  for (const g of GRADES) {
    const asked = fen[g] === undefined ? null : BigInt(fen[g]);
    if (asked === null || asked === 0n) continue;
    const cap = fenOf(own.authority, g);
    if (cap === null || asked > cap) {
      const capText = cap === null ? 'none' : `${formatMoney(cap)} yuan`;
      throw unprocessable(
        'authority.above_grantor',
        `Grade ${g}: ${formatMoney(asked)} yuan is above the grantor's own authority for grade ${g} (${capText}) on ${date}`,
        {
          grade: g,
          requested: formatMoney(asked),
          grantorLimit: cap === null ? null : formatMoney(cap),
          reasonZh: `${g} 级：${groupMoney(formatMoney(asked))} 元超出转授权人本人的 ${g} 级权限（${cap === null || cap === 0n ? '无' : `${groupMoney(formatMoney(cap))} 元`}）`,
        },
      );
    }
  }
}

/** Proposing with a past date is 422; confirming after the date has passed is 409 (propose again). */
function checkEffectiveDate(date: string, today: string, when: 'propose' | 'confirm') {
  if (date >= today) return;
  const extra = { today, reasonZh: `生效日期 ${date} 早于今天（${today}），授权只能自今天或以后生效` };
  if (when === 'propose') {
    throw unprocessable(
      'authority.effective_date_past',
      `effectiveFrom: ${date} is in the past; an authority takes effect today (${today}) or later`,
      extra,
    );
  }
  throw conflict(
    'authority.effective_date_passed',
    `the change was to take effect on ${date}, which has passed; it is not backdated — reject it and propose it again`,
    extra,
  );
}

async function changeById(q: Queryable, id: string, lock = false): Promise<GrantRow | null> {
  if (lock) await q.query('SELECT id FROM authority_grants WHERE id = $1::bigint FOR UPDATE', [id]);
  const r = await q.query<GrantRow>(`${GRANT_SELECT} WHERE ag.id = $1::bigint`, [id]);
  return r.rows[0] ?? null;
}

/** A change the supervisor may see (its user in their sub-tree), or 404. */
async function changeInScope(q: Queryable, supervisor: User, id: string, lock = false): Promise<GrantRow> {
  const row = await changeById(q, id, lock);
  if (!row) throw notFound(`no authority change ${id}`);
  const scope = await branchScope(q, supervisor);
  const b = await q.query<{ branch_id: string }>('SELECT branch_id FROM users WHERE id = $1', [row.user_id]);
  if (!scope.includes(b.rows[0]?.branch_id ?? '')) throw notFound(`no authority change ${id}`);
  return row;
}

const auditPayload = (c: AuthorityChange) => ({
  userId: c.user.id,
  kind: c.kind,
  authority: c.authority,
  effectiveFrom: c.effectiveFrom,
  documentRef: c.documentRef,
  grantorId: c.grantor?.id ?? null,
  reason: c.reason,
  status: c.status,
  proposedBy: c.proposedBy?.id ?? null,
  decidedBy: c.decidedBy?.id ?? null,
  decisionNote: c.decisionNote,
});

export class AuthorityAdmin {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Users in the supervisor's sub-tree who may hold an authority, with in force / scheduled / pending. */
  async holders(supervisor: User): Promise<AuthorityHolders> {
    const today = bankToday(this.now());
    const scope = await branchScope(this.db, supervisor);
    const users = await this.db.query<{
      id: string;
      username: string;
      display_name: string;
      roles: User['roles'];
      branch_id: string;
      parent_id: string | null;
      name_zh: string;
      name_en: string;
      level: User['branch']['level'];
    }>(
      `SELECT u.id, u.username, u.display_name, u.roles, b.id AS branch_id, b.parent_id, b.name_zh, b.name_en, b.level
       FROM users u JOIN branches b ON b.id = u.branch_id
       WHERE u.active AND u.branch_id = ANY($1::text[]) AND u.roles && $2::text[]
       ORDER BY b.path, u.username`,
      [scope, [...AUTHORITY_HOLDER_ROLES]],
    );
    const ids = users.rows.map((u) => u.id);
    // Every grant of these users that is pending, or confirmed and not yet superseded: one query.
    const grants = await this.db.query<GrantRow>(
      `${GRANT_SELECT} WHERE ag.user_id = ANY($1::text[]) AND ag.status IN ('pending', 'confirmed')
       ORDER BY ag.user_id, ag.effective_from DESC, ag.decided_at DESC NULLS FIRST, ag.id DESC`,
      [ids],
    );
    const byUser = new Map<string, GrantRow[]>();
    for (const g of grants.rows) byUser.set(g.user_id, [...(byUser.get(g.user_id) ?? []), g]);
    const items: AuthorityHolder[] = users.rows.map((u) => {
      const mine = byUser.get(u.id) ?? [];
      const confirmed = mine.filter((g) => g.status === 'confirmed');
      const inForce = confirmed.find((g) => g.effective_from <= today) ?? null;
      const scheduled = confirmed.filter((g) => g.effective_from > today).reverse();
      const pending = mine.find((g) => g.status === 'pending') ?? null;
      return {
        id: u.id,
        username: u.username,
        displayName: u.display_name,
        roles: u.roles,
        branch: { id: u.branch_id, parentId: u.parent_id, nameZh: u.name_zh, nameEn: u.name_en, level: u.level },
        inForce: inForce ? toChange(inForce) : null,
        scheduled: scheduled.map(toChange),
        pending: pending ? toChange(pending) : null,
      };
    });
    return { today, items };
  }

  /** The history of changes in the supervisor's sub-tree, newest first. */
  async history(supervisor: User, opts: { userId?: string | undefined; limit: number }): Promise<AuthorityChange[]> {
    const scope = await branchScope(this.db, supervisor);
    const r = await this.db.query<GrantRow>(
      `${GRANT_SELECT} WHERE u.branch_id = ANY($1::text[]) AND ($2::text IS NULL OR ag.user_id = $2)
       ORDER BY greatest(ag.proposed_at, coalesce(ag.decided_at, ag.proposed_at)) DESC, ag.id DESC LIMIT $3`,
      [scope, opts.userId ?? null, opts.limit],
    );
    return r.rows.map(toChange);
  }

  async propose(supervisor: User, p: AuthorityProposal): Promise<AuthorityChange> {
    const today = bankToday(this.now());
    return this.db.tx(async (q) => {
      const grantee = await userInScope(q, supervisor, p.userId, 'userId');
      // Serialises proposals for one user (at most one open at a time).
      await q.query('SELECT id FROM users WHERE id = $1 FOR UPDATE', [grantee.id]);
      if (!grantee.active) throw unprocessable('authority.user_inactive', `userId: ${p.userId} is not an active user`);
      if (!holdsAuthorityRole(grantee.roles)) {
        throw unprocessable(
          'authority.role_without_authority',
          `userId: ${p.userId}'s roles (${grantee.roles.join(', ')}) do not approve loans; only approvers, senior approvers and committee members hold an authority`,
          { reasonZh: '该用户的岗位不审批贷款，不能授予审批权限' },
        );
      }
      checkEffectiveDate(p.effectiveFrom, today, 'propose');
      const fen = p.authority ? toFen(p.authority) : null;
      if (p.grantorId) await checkDelegation(q, supervisor, grantee, p.grantorId, fen, p.effectiveFrom);
      const open = await q.query<{ id: string }>(
        "SELECT id::text AS id FROM authority_grants WHERE user_id = $1 AND status = 'pending'",
        [grantee.id],
      );
      if (open.rows[0]) {
        throw conflict(
          'authority.pending_exists',
          `${p.userId} already has a proposed change (${open.rows[0].id}) awaiting confirmation; confirm, reject or withdraw it first`,
          { changeId: open.rows[0].id, reasonZh: '该用户已有一项待复核的授权变更' },
        );
      }
      const current = await authorityOn(q, grantee.id, today);
      const kind = fen === null ? 'withdraw' : current.authority ? 'change' : 'grant';
      const ins = await q.query<{ id: string }>(
        `INSERT INTO authority_grants (user_id, authority, kind, effective_from, document_ref, grantor_id, reason,
           status, proposed_by)
         VALUES ($1, $2, $3, $4::date, $5, $6, $7, 'pending', $8) RETURNING id::text AS id`,
        [
          grantee.id,
          fen === null ? null : JSON.stringify(fen),
          kind,
          p.effectiveFrom,
          p.documentRef,
          p.grantorId ?? null,
          p.reason || null,
          supervisor.id,
        ],
      );
      const change = toChange((await changeById(q, ins.rows[0]!.id))!);
      await appendAudit(q, {
        actorId: supervisor.id,
        action: 'authority.proposed',
        entityType: 'authority_grant',
        entityId: change.id,
        payload: auditPayload(change),
      });
      return change;
    });
  }

  /** The second supervisor confirms: from its effective date the matrix is the user's authority. */
  async confirm(supervisor: User, id: string, note: string | undefined): Promise<AuthorityChange> {
    const today = bankToday(this.now());
    return this.db.tx(async (q) => {
      const row = await changeInScope(q, supervisor, id, true);
      this.ensurePending(row);
      if (row.proposed_by === supervisor.id) {
        throw forbidden('Four eyes: a change is confirmed by a second supervisor, not by the one who proposed it.', {
          reasonCode: 'AUTH_FOUR_EYES',
          reasonZh: '四眼原则：授权变更须由提议人以外的另一名主管复核确认',
          requiredRole: 'supervisor',
        });
      }
      checkEffectiveDate(row.effective_from, today, 'confirm');
      if (row.grantor_id) {
        const grantee = await userInScope(q, supervisor, row.user_id, 'userId');
        const fen = row.authority
          ? (Object.fromEntries(Object.entries(row.authority).map(([g, v]) => [g, String(v)])) as FenMatrix)
          : null;
        await checkDelegation(q, supervisor, grantee, row.grantor_id, fen, row.effective_from);
      }
      const confirmed = await this.decide(q, supervisor, row, 'confirmed', note, 'authority.confirmed');
      await this.capDelegations(q, supervisor, row);
      return confirmed;
    });
  }

  /**
   * 转授权 follows its source: when a grantor's authority is lowered (or withdrawn), every delegated grant
   * from them in force on that date that now exceeds it is capped, per grade, to the grantor's new
   * matrix — a confirmed change of the same date, in the same transaction, audited as authority.capped
   * (proposed by nobody: it follows from the confirmed change; decided by the confirming supervisor).
   */
  private async capDelegations(q: Queryable, supervisor: User, source: GrantRow) {
    const date = source.effective_from;
    const own = source.authority;
    const delegated = await q.query<{
      user_id: string;
      authority: Record<string, string | number> | null;
      grantor_id: string | null;
    }>(
      `SELECT DISTINCT ON (ag.user_id) ag.user_id, ag.authority, ag.grantor_id
         FROM authority_grants ag
        WHERE ag.status = 'confirmed' AND ag.effective_from <= $2::date
          AND ag.user_id IN (SELECT user_id FROM authority_grants WHERE grantor_id = $1 AND status = 'confirmed')
        ORDER BY ag.user_id, ag.effective_from DESC, ag.decided_at DESC, ag.id DESC`,
      [source.user_id, date],
    );
    for (const d of delegated.rows) {
      if (d.grantor_id !== source.user_id || !d.authority) continue;
      const capped: FenMatrix = {};
      let lowered = false;
      for (const g of GRADES) {
        const mine = fenOf(d.authority, g);
        if (mine === null) continue;
        const cap = fenOf(own, g) ?? 0n;
        const v = mine > cap ? cap : mine;
        if (v !== mine) lowered = true;
        capped[g] = v.toString();
      }
      if (!lowered) continue;
      const ins = await q.query<{ id: string }>(
        `INSERT INTO authority_grants (user_id, authority, kind, effective_from, document_ref, grantor_id, reason,
           status, proposed_by, decided_by, decided_at, decision_note)
         VALUES ($1, $2, 'change', $3::date, $4, $5, $6, 'confirmed', NULL, $7, now(), $8) RETURNING id::text AS id`,
        [
          d.user_id,
          JSON.stringify(capped),
          date,
          source.document_ref,
          source.user_id,
          '转授权人权限调整，转授权随之压降',
          supervisor.id,
          `capped with change ${source.id}`,
        ],
      );
      await this.audited(q, supervisor, ins.rows[0]!.id, 'authority.capped');
    }
  }

  async reject(supervisor: User, id: string, reason: string): Promise<AuthorityChange> {
    return this.db.tx(async (q) => {
      const row = await changeInScope(q, supervisor, id, true);
      this.ensurePending(row);
      if (row.proposed_by === supervisor.id) {
        throw forbidden('Four eyes: a second supervisor rejects a change; the proposer withdraws it instead.', {
          reasonCode: 'AUTH_FOUR_EYES',
          reasonZh: '四眼原则：提议人不能复核本人的提议，可撤回',
          requiredRole: 'supervisor',
        });
      }
      return this.decide(q, supervisor, row, 'rejected', reason, 'authority.rejected');
    });
  }

  /** The proposer takes back an open proposal. */
  async withdraw(supervisor: User, id: string, reason: string | undefined): Promise<AuthorityChange> {
    return this.db.tx(async (q) => {
      const row = await changeInScope(q, supervisor, id, true);
      this.ensurePending(row);
      if (row.proposed_by !== supervisor.id) {
        throw forbidden('Only the supervisor who proposed a change may withdraw it; a second supervisor rejects it.', {
          reasonCode: 'AUTH_NOT_PROPOSER',
          reasonZh: '只有提议人可以撤回该授权变更',
          requiredRole: 'supervisor',
        });
      }
      await q.query(
        "UPDATE authority_grants SET status = 'withdrawn', decided_at = now(), decision_note = $2 WHERE id = $1::bigint",
        [id, reason || null],
      );
      return this.audited(q, supervisor, id, 'authority.withdrawn');
    });
  }

  private ensurePending(row: GrantRow) {
    if (row.status !== 'pending') {
      throw conflict('authority.not_pending', `authority change ${row.id} is already ${row.status}`, {
        changeStatus: row.status,
        reasonZh: '该授权变更已处理',
      });
    }
  }

  private async decide(
    q: Queryable,
    supervisor: User,
    row: GrantRow,
    status: 'confirmed' | 'rejected',
    note: string | undefined,
    action: string,
  ) {
    await q.query(
      'UPDATE authority_grants SET status = $2, decided_by = $3, decided_at = now(), decision_note = $4 WHERE id = $1::bigint',
      [row.id, status, supervisor.id, note || null],
    );
    return this.audited(q, supervisor, row.id, action);
  }

  private async audited(q: Queryable, supervisor: User, id: string, action: string) {
    const change = toChange((await changeById(q, id))!);
    await appendAudit(q, {
      actorId: supervisor.id,
      action,
      entityType: 'authority_grant',
      entityId: change.id,
      payload: auditPayload(change),
    });
    return change;
  }
}
