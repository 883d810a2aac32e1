import { hashPassword } from '../auth/password';
import type { Queryable } from '../db/database';

/** The sandbox bank: a head office, two branches, three sub-branches. Sandbox seed only. */
export const SANDBOX_BRANCHES = [
  { id: 'HO', parentId: null, path: 'HO', nameZh: '总行', nameEn: 'Head Office', level: 'head_office' },
  { id: 'SH', parentId: 'HO', path: 'HO.SH', nameZh: '上海分行', nameEn: 'Shanghai Branch', level: 'branch' },
  {
    id: 'SH-PD',
    parentId: 'SH',
    path: 'HO.SH.SH-PD',
    nameZh: '上海浦东支行',
    nameEn: 'Shanghai Pudong Sub-branch',
    level: 'sub_branch',
  },
  {
    id: 'SH-XH',
    parentId: 'SH',
    path: 'HO.SH.SH-XH',
    nameZh: '上海徐汇支行',
    nameEn: 'Shanghai Xuhui Sub-branch',
    level: 'sub_branch',
  },
  { id: 'HZ', parentId: 'HO', path: 'HO.HZ', nameZh: '杭州分行', nameEn: 'Hangzhou Branch', level: 'branch' },
  {
    id: 'HZ-XH',
    parentId: 'HZ',
    path: 'HO.HZ.HZ-XH',
    nameZh: '杭州西湖支行',
    nameEn: 'Hangzhou Xihu Sub-branch',
    level: 'sub_branch',
  },
] as const;

const WAN = 10_000 * 100; // one 万元 in fen

/** Authority per grade, in fen. Grade E is never within anyone's single authority. */
const APPROVER_AUTHORITY = { A: 300 * WAN, B: 200 * WAN, C: 100 * WAN, D: 30 * WAN, E: 0 };
const SENIOR_AUTHORITY = { A: 1000 * WAN, B: 600 * WAN, C: 300 * WAN, D: 100 * WAN, E: 0 };
const COMMITTEE_AUTHORITY = { A: 5000 * WAN, B: 3000 * WAN, C: 2000 * WAN, D: 1000 * WAN, E: 500 * WAN };

export const DEMO_PASSWORD = 'demo-pass';

export const DEMO_USERS = [
  {
    id: 'u-approver1',
    username: 'approver1',
    displayName: '王审批',
    roles: ['approver'],
    branchId: 'SH',
    authority: APPROVER_AUTHORITY,
  },
  {
    id: 'u-approver2',
    username: 'approver2',
    displayName: '李审批',
    roles: ['approver'],
    branchId: 'SH-PD',
    authority: APPROVER_AUTHORITY,
  },
  {
    id: 'u-senior1',
    username: 'senior1',
    displayName: '张高审',
    roles: ['approver', 'senior_approver'],
    branchId: 'SH',
    authority: SENIOR_AUTHORITY,
  },
  {
    id: 'u-approver3',
    username: 'approver3',
    displayName: '钱审批',
    roles: ['approver'],
    branchId: 'HZ',
    authority: APPROVER_AUTHORITY,
  },
  {
    id: 'u-senior2',
    username: 'senior2',
    displayName: '冯高审',
    roles: ['approver', 'senior_approver'],
    branchId: 'HZ',
    authority: SENIOR_AUTHORITY,
  },
  {
    id: 'u-committee1',
    username: 'committee1',
    displayName: '陈委员',
    roles: ['committee'],
    branchId: 'HO',
    authority: COMMITTEE_AUTHORITY,
  },
  {
    id: 'u-committee2',
    username: 'committee2',
    displayName: '刘委员',
    roles: ['committee'],
    branchId: 'HO',
    authority: COMMITTEE_AUTHORITY,
  },
  {
    id: 'u-committee3',
    username: 'committee3',
    displayName: '赵委员',
    roles: ['committee'],
    branchId: 'HO',
    authority: COMMITTEE_AUTHORITY,
  },
  {
    id: 'u-contract1',
    username: 'contract1',
    displayName: '周合同',
    roles: ['contract_officer'],
    branchId: 'SH',
    authority: null,
  },
  {
    id: 'u-supervisor1',
    username: 'supervisor1',
    displayName: '吴主管',
    roles: ['supervisor'],
    branchId: 'HO',
    authority: null,
  },
  {
    id: 'u-supervisor2',
    username: 'supervisor2',
    displayName: '郑主管',
    roles: ['supervisor'],
    branchId: 'HO',
    authority: null,
  },
  {
    id: 'u-rm1',
    username: 'rm1',
    displayName: '孙客户经理',
    roles: ['relationship_manager'],
    branchId: 'SH-PD',
    authority: null,
  },
  {
    id: 'u-rm2',
    username: 'rm2',
    displayName: '钱客户经理',
    roles: ['relationship_manager'],
    branchId: 'SH-XH',
    authority: null,
  },
  {
    id: 'u-rm3',
    username: 'rm3',
    displayName: '冯客户经理',
    roles: ['relationship_manager'],
    branchId: 'HZ-XH',
    authority: null,
  },
  {
    id: 'u-ops1',
    username: 'ops1',
    displayName: '韩放款',
    roles: ['disbursement_officer'],
    branchId: 'SH',
    authority: null,
  },
  {
    id: 'u-ops2',
    username: 'ops2',
    displayName: '杨放款',
    roles: ['disbursement_officer'],
    branchId: 'SH',
    authority: null,
  },
  {
    id: 'u-ops3',
    username: 'ops3',
    displayName: '蒋放款',
    roles: ['disbursement_officer'],
    branchId: 'HZ',
    authority: null,
  },
  {
    id: 'u-ops4',
    username: 'ops4',
    displayName: '沈放款',
    roles: ['disbursement_officer'],
    branchId: 'HZ',
    authority: null,
  },
] as const;

/** Seeds the organisation and demo users if the database has none. Returns whether it seeded. */
export async function seedOrganisation(q: Queryable): Promise<boolean> {
  const existing = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM branches');
  if ((existing.rows[0]?.n ?? 0) > 0) return false;
  for (const b of SANDBOX_BRANCHES) {
    await q.query('INSERT INTO branches (id, parent_id, path, name_zh, name_en, level) VALUES ($1,$2,$3,$4,$5,$6)', [
      b.id,
      b.parentId,
      b.path,
      b.nameZh,
      b.nameEn,
      b.level,
    ]);
  }
  // One hash for all demo users: they share the documented demo password, and scrypt is slow by design.
  const hash = await hashPassword(DEMO_PASSWORD);
  for (const u of DEMO_USERS) {
    await q.query(
      'INSERT INTO users (id, username, display_name, password_hash, roles, branch_id, authority) VALUES ($1,$2,$3,$4,$5,$6,$7)',
      [
        u.id,
        u.username,
        u.displayName,
        hash,
        [...u.roles],
        u.branchId,
        u.authority ? JSON.stringify(u.authority) : null,
      ],
    );
  }
  // Each matrix is also the user's initial, confirmed grant (authority_grants, migration 0015): what
  // authority administration (授权管理) shows and later changes. Fen as strings, exact.
  for (const u of DEMO_USERS) {
    if (!u.authority) continue;
    const fen = Object.fromEntries(Object.entries(u.authority).map(([g, v]) => [g, String(v)]));
    await q.query(
      `INSERT INTO authority_grants (user_id, authority, kind, effective_from, document_ref, status, decided_at)
       VALUES ($1, $2, 'initial', DATE '2000-01-01', 'INITIAL', 'confirmed', now())`,
      [u.id, JSON.stringify(fen)],
    );
  }
  await q.query("INSERT INTO meta (key, value) VALUES ('seed', 'sandbox')");
  return true;
}
