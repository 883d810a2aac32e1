/**
 * Rule-set publishing (规则版本发布, issue 14 item 9). The credit policy is data in `rule_sets`
 * (migration 0016): a supervisor copies the version in force into a draft, edits it, replays it over the
 * last decided cases and submits it; a second, different supervisor approves and publishes it (or
 * rejects it). `ruleSetInForce` is what the submission path reads: the latest published version whose
 * effective date has come, so every assessment records the version it used.
 */
import type { User } from '../../shared/api/auth';
import type {
  ReplayResponse,
  RuleSetDetail,
  RuleSetList,
  RuleSetStatus,
  RuleSetSummary,
  UpdateRuleSetDraft,
} from '../../shared/api/rule-sets';
import { beijingDate } from '../../shared/calendar/business-calendar';
import type { Decision } from '../../shared/credit/assess';
import type { Grade } from '../../shared/credit/grades';
import type { EnterpriseProfile } from '../../shared/credit/profile';
import { type ReplayCase, replay } from '../../shared/credit/replay';
import {
  DEFAULT_RULE_SET,
  parseRuleSet,
  type RuleSet,
  type RuleSetData,
  RuleSetDataSchema,
  ruleSetIssues,
  ruleSetToData,
} from '../../shared/credit/rule-set';
import type { Tier } from '../../shared/workflow/status';
import { appendAuditEvents } from '../audit/chain';
import type { Queryable } from '../db/database';
import { conflict, forbidden, notFound, unprocessable, validationFailed } from '../http/problems';

interface RuleSetRow {
  version: string;
  status: RuleSetStatus;
  effective_from: string;
  based_on: string | null;
  note: string;
  data: RuleSetData;
  author_id: string | null;
  author_name: string | null;
  approver_id: string | null;
  approver_name: string | null;
  created_at: Date | string;
  updated_at: Date | string;
  submitted_at: Date | string | null;
  decided_at: Date | string | null;
  reject_reason: string | null;
}

const COLUMNS = `r.version, r.status, r.effective_from, r.based_on, r.note, r.author_id, r.approver_id,
  r.created_at, r.updated_at, r.submitted_at, r.decided_at, r.reject_reason,
  (SELECT display_name FROM users WHERE users.id = r.author_id) AS author_name,
  (SELECT display_name FROM users WHERE users.id = r.approver_id) AS approver_name`;

const iso = (d: Date | string) => (d instanceof Date ? d.toISOString() : new Date(d).toISOString());
const isoOrNull = (d: Date | string | null) => (d === null ? null : iso(d));

function toSummary(r: RuleSetRow, inForce: string): RuleSetSummary {
  return {
    version: r.version,
    status: r.status,
    effectiveFrom: r.effective_from,
    basedOn: r.based_on,
    note: r.note,
    authorId: r.author_id,
    authorName: r.author_name,
    approverId: r.approver_id,
    approverName: r.approver_name,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    submittedAt: isoOrNull(r.submitted_at),
    decidedAt: isoOrNull(r.decided_at),
    rejectReason: r.reject_reason,
    inForce: r.version === inForce,
  };
}

/**
 * Parsed published versions by id and content digest: a published version's data never changes, so it
 * is parsed once — and two databases in one process (tests) with the same version id never share one.
 */
const parsed = new Map<string, RuleSet>();

async function inForceVersion(q: Queryable, date: string): Promise<string | null> {
  const r = await q.query<{ version: string }>(
    `SELECT version FROM rule_sets WHERE status = 'published' AND effective_from <= $1::date
      ORDER BY effective_from DESC, decided_at DESC NULLS LAST LIMIT 1`,
    [date],
  );
  return r.rows[0]?.version ?? null;
}

/**
 * The rule set in force on `date` (YYYY-MM-DD, Beijing): the latest published version that has taken
 * effect. Before any is published (a database without migration 0016's seed row) the 2025 constants.
 */
export async function ruleSetInForce(q: Queryable, date: string): Promise<RuleSet> {
  const r = await q.query<{ k: string | null }>(`SELECT ${ruleSetInForceKeySql(() => '$1', date)} AS k`, [date]);
  return ruleSetByKey(q, r.rows[0]?.k ?? null);
}

/**
 * Which published version is in force on a date, as a SQL expression yielding its key (the version, its
 * edit counter and the instant it was published: a published version's data never changes, so the key
 * names its data — across databases in one process too — without hashing it on every submission), or NULL
 * before any is published. For a statement that reads it along with other things (create.ts); the key
 * becomes the rule set through ruleSetByKey. `p` adds a parameter and returns its placeholder.
 */
export function ruleSetInForceKeySql(p: (v: unknown) => string, date: string): string {
  return `(SELECT json_build_array(version, version_no, decided_at)::text FROM rule_sets
      WHERE status = 'published' AND effective_from <= ${p(date)}::date
      ORDER BY effective_from DESC, decided_at DESC NULLS LAST LIMIT 1)`;
}

/** The rule set a key from ruleSetInForceKeySql names: parsed once per key; the 2025 constants for none. */
export async function ruleSetByKey(q: Queryable, key: string | null): Promise<RuleSet> {
  if (key === null) return DEFAULT_RULE_SET;
  const cached = parsed.get(key);
  if (cached) return cached;
  const [version] = JSON.parse(key) as [string];
  const d = await q.query<{ data: unknown }>('SELECT data FROM rule_sets WHERE version = $1', [version]);
  const rs = parseRuleSet(d.rows[0]!.data);
  if (parsed.size > 200) parsed.clear();
  parsed.set(key, rs);
  return rs;
}

export async function listRuleSets(q: Queryable, now = new Date()): Promise<RuleSetList> {
  const today = beijingDate(now);
  const inForce = (await inForceVersion(q, today)) ?? DEFAULT_RULE_SET.version;
  const r = await q.query<RuleSetRow>(
    `SELECT ${COLUMNS} FROM rule_sets r ORDER BY r.created_at DESC, r.version DESC LIMIT 500`,
  );
  return { items: r.rows.map((x) => toSummary(x, inForce)), inForce, today };
}

async function loadRow(q: Queryable, version: string, lock = false): Promise<RuleSetRow> {
  const r = await q.query<RuleSetRow>(
    `SELECT ${COLUMNS}, r.data FROM rule_sets r WHERE r.version = $1${lock ? ' FOR UPDATE OF r' : ''}`,
    [version],
  );
  const row = r.rows[0];
  if (!row) throw notFound(`No rule-set version ${version}.`);
  return row;
}

async function detail(q: Queryable, version: string, now: Date): Promise<RuleSetDetail> {
  const row = await loadRow(q, version);
  const inForce = (await inForceVersion(q, beijingDate(now))) ?? DEFAULT_RULE_SET.version;
  return { ...toSummary(row, inForce), data: row.data };
}

export const getRuleSet = (q: Queryable, version: string, now = new Date()) => detail(q, version, now);

const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** A new draft: a copy of the version in force, taking effect tomorrow unless edited. */
export async function createDraft(
  q: Queryable,
  user: User,
  body: { note?: string | undefined },
  now = new Date(),
): Promise<RuleSetDetail> {
  const today = beijingDate(now);
  const base = await ruleSetInForce(q, today);
  const baseRow = await q.query<{ data: RuleSetData }>('SELECT data FROM rule_sets WHERE version = $1', [base.version]);
  const baseData: RuleSetData = baseRow.rows[0]?.data ?? ruleSetToData(base);
  // Version numbers are drawn one at a time: two drafts created at once do not collide.
  await q.query("SELECT pg_advisory_xact_lock(hashtext('rule_sets.version'))");
  const prefix = `RS-${today.replace(/-/g, '.')}-`;
  const n = await q.query<{ n: string }>(`SELECT count(*)::text AS n FROM rule_sets WHERE version LIKE $1`, [
    `${prefix}%`,
  ]);
  const version = `${prefix}${Number(n.rows[0]!.n) + 1}`;
  const data: RuleSetData = { ...baseData, version, effectiveFrom: nextDay(today) };
  await q.query(
    `INSERT INTO rule_sets (version, status, effective_from, based_on, note, data, author_id, created_at, updated_at)
     VALUES ($1, 'draft', $2, $3, $4, $5, $6, $7, $7)`,
    [version, data.effectiveFrom, baseRow.rows[0] ? base.version : null, body.note ?? '', data, user.id, now],
  );
  await appendAuditEvents(q, [
    {
      actorId: user.id,
      action: 'rule_set.draft_created',
      entityType: 'rule_set',
      entityId: version,
      payload: { basedOn: base.version },
      at: now,
    },
  ]);
  return detail(q, version, now);
}

function requireAuthor(row: RuleSetRow, user: User, what: string) {
  if (row.author_id !== user.id) {
    throw forbidden(`Only the author of draft ${row.version} may ${what} it.`, {
      reasonCode: 'RULE_SET_NOT_AUTHOR',
      reasonZh: '只有草稿的起草人可以修改或提交',
    });
  }
}

function requireStatus(row: RuleSetRow, status: RuleSetStatus, code: string) {
  if (row.status !== status) {
    throw conflict(code, `Rule-set version ${row.version} is ${row.status}, not ${status}.`, {
      currentStatus: row.status,
    });
  }
}

function pastDate(effectiveFrom: string, today: string, path: string) {
  if (effectiveFrom < today) {
    throw validationFailed(path, `effective date ${effectiveFrom} is in the past (today is ${today})`, {
      reasonCode: 'RULE_SET_EFFECTIVE_DATE_PAST',
    });
  }
}

/** Replaces a draft's body (its author only, while it is a draft). */
export async function updateDraft(
  q: Queryable,
  user: User,
  version: string,
  body: UpdateRuleSetDraft,
  now = new Date(),
): Promise<RuleSetDetail> {
  const today = beijingDate(now);
  pastDate(body.effectiveFrom, today, 'body.effectiveFrom');
  const row = await loadRow(q, version, true);
  requireStatus(row, 'draft', 'rule_set.not_draft');
  requireAuthor(row, user, 'edit');
  const { note, ...rest } = body;
  const data = RuleSetDataSchema.parse({ ...rest, version });
  await q.query(
    `UPDATE rule_sets SET data = $2, effective_from = $3, note = COALESCE($4, note), updated_at = $5,
       version_no = version_no + 1 WHERE version = $1`,
    [version, data, data.effectiveFrom, note ?? null, now],
  );
  return detail(q, version, now);
}

/** The draft replayed over the last `limit` decided cases: what would change against what was recorded, and why. */
export async function replayDraft(
  q: Queryable,
  version: string,
  limit: number,
  now = new Date(),
): Promise<ReplayResponse> {
  const row = await loadRow(q, version);
  const candidate = parseRuleSet(row.data);
  const baseline = await ruleSetInForce(q, beijingDate(now));
  const r = await q.query<{
    id: string;
    enterprise_name: string;
    product_code: string;
    amount_fen: string;
    term_months: number;
    repayment_method: string;
    decided_at: Date | string | null;
    submitted_at: Date | string;
    profile_snapshot: EnterpriseProfile;
    assessment: { asOf?: string; decision?: Decision; tier?: Tier; ruleSetVersion?: string; score?: { grade?: Grade } };
    policy_exceptions: { code: string }[] | null;
  }>(
    `SELECT id, enterprise_name, product_code, amount_fen::text AS amount_fen, term_months, repayment_method,
            decided_at, submitted_at, profile_snapshot, assessment, policy_exceptions
       FROM applications
      WHERE decided_at IS NOT NULL AND status IN ('approved', 'declined', 'auto_approved', 'auto_declined',
            'contracting', 'signed', 'disbursed')
      ORDER BY decided_at DESC, id DESC LIMIT $1`,
    [limit],
  );
  const meta = new Map(r.rows.map((x) => [x.id, x]));
  const cases: ReplayCase[] = r.rows.map((x) => {
    const fen = BigInt(x.amount_fen);
    const a = x.assessment ?? {};
    return {
      id: x.id,
      profile: x.profile_snapshot,
      application: {
        productCode: x.product_code,
        amount: `${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`,
        termMonths: x.term_months,
        repaymentMethod: x.repayment_method as ReplayCase['application']['repaymentMethod'],
        asOf: a.asOf ?? beijingDate(new Date(x.submitted_at)),
        policyExceptions: (x.policy_exceptions ?? []).map((p) => p.code),
      },
      ...(a.decision && a.tier
        ? { recorded: { decision: a.decision, tier: a.tier, ...(a.score?.grade ? { grade: a.score.grade } : {}) } }
        : {}),
    };
  });
  const rep = replay(cases, candidate, baseline);
  return {
    baselineVersion: rep.baselineVersion,
    candidateVersion: rep.candidateVersion,
    total: rep.total,
    changed: rep.changed,
    unchanged: rep.unchanged,
    transitions: rep.transitions,
    changes: rep.changes.map((c) => {
      const m = meta.get(c.id)!;
      return {
        applicationId: c.id,
        enterpriseName: m.enterprise_name,
        decidedAt: isoOrNull(m.decided_at),
        recordedVersion: m.assessment?.ruleSetVersion ?? null,
        before: c.before,
        after: c.after,
        fields: c.fields,
        why: c.why,
      };
    }),
    errors: rep.errors.map((e) => ({ applicationId: e.id, code: e.code })),
  };
}

/** Draft → pending approval (its author; valid data, not taking effect in the past). Audited. */
export async function submitDraft(q: Queryable, user: User, version: string, now = new Date()): Promise<RuleSetDetail> {
  const row = await loadRow(q, version, true);
  requireStatus(row, 'draft', 'rule_set.not_draft');
  requireAuthor(row, user, 'submit');
  publishable(row, beijingDate(now));
  await q.query(
    `UPDATE rule_sets SET status = 'pending_approval', submitted_at = $2, updated_at = $2,
       version_no = version_no + 1 WHERE version = $1`,
    [version, now],
  );
  await appendAuditEvents(q, [
    {
      actorId: user.id,
      action: 'rule_set.submitted',
      entityType: 'rule_set',
      entityId: version,
      payload: { effectiveFrom: row.effective_from, data: row.data },
      at: now,
    },
  ]);
  return detail(q, version, now);
}

function publishable(row: RuleSetRow, today: string) {
  const issues = ruleSetIssues(row.data, { today });
  if (issues.length > 0) {
    const past = issues.find((i) => i.path === 'effectiveFrom');
    throw unprocessable(
      past ? 'rule_set.effective_date_past' : 'rule_set.invalid',
      `Rule-set version ${row.version} cannot be published: ${issues[0]!.path}: ${issues[0]!.message}`,
      { errors: issues },
    );
  }
}

function fourEyes(row: RuleSetRow, user: User, what: string) {
  if (row.author_id === user.id) {
    throw forbidden(`The author of ${row.version} may not ${what} it: a second supervisor must (four eyes).`, {
      reasonCode: 'SOD_RULE_SET_AUTHOR',
      reasonZh: '起草人不得审批自己起草的规则版本（双人复核）',
      reasonEn: 'The author may not approve their own rule-set version (four eyes)',
    });
  }
}

/** Pending → published by a second supervisor. Takes effect on its effective date. Audited. */
export async function approveRuleSet(
  q: Queryable,
  user: User,
  version: string,
  now = new Date(),
): Promise<RuleSetDetail> {
  const row = await loadRow(q, version, true);
  requireStatus(row, 'pending_approval', 'rule_set.not_pending');
  fourEyes(row, user, 'approve');
  publishable(row, beijingDate(now));
  await q.query(
    `UPDATE rule_sets SET status = 'published', approver_id = $2, decided_at = $3, updated_at = $3,
       version_no = version_no + 1 WHERE version = $1`,
    [version, user.id, now],
  );
  await appendAuditEvents(q, [
    {
      actorId: user.id,
      action: 'rule_set.published',
      entityType: 'rule_set',
      entityId: version,
      payload: { effectiveFrom: row.effective_from, authorId: row.author_id },
      at: now,
    },
  ]);
  return detail(q, version, now);
}

/** Pending → rejected by a second supervisor, with the reason. Audited. */
export async function rejectRuleSet(
  q: Queryable,
  user: User,
  version: string,
  reason: string,
  now = new Date(),
): Promise<RuleSetDetail> {
  const row = await loadRow(q, version, true);
  requireStatus(row, 'pending_approval', 'rule_set.not_pending');
  fourEyes(row, user, 'reject');
  await q.query(
    `UPDATE rule_sets SET status = 'rejected', approver_id = $2, decided_at = $3, updated_at = $3,
       reject_reason = $4, version_no = version_no + 1 WHERE version = $1`,
    [version, user.id, now, reason],
  );
  await appendAuditEvents(q, [
    {
      actorId: user.id,
      action: 'rule_set.rejected',
      entityType: 'rule_set',
      entityId: version,
      payload: { reason },
      at: now,
    },
  ]);
  return detail(q, version, now);
}
