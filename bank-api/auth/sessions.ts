import { createHash, randomBytes } from 'node:crypto';
import type { AuthorityLimits, Role, User } from '../../shared/api/auth';
import { formatMoney } from '../../shared/money/money';
import type { Queryable } from '../db/database';
import { dummyPasswordHash, verifyPassword } from './password';

export const DEFAULT_SESSION_TTL_MINUTES = 8 * 60; // one working day

/** Only the token's hash is stored: a copy of the table does not let anyone sign in. */
const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  roles: Role[];
  authority: Record<string, number | string> | null;
  active: boolean;
  branch_id: string;
  parent_id: string | null;
  name_zh: string;
  name_en: string;
  level: 'head_office' | 'branch' | 'sub_branch';
}

/**
 * A user with the authority in force today: the latest confirmed grant effective on or before the bank's
 * date (migration 0015, authority_grants), else the seeded users.authority. One indexed probe, no N+1.
 */
const USER_SELECT = `SELECT u.id, u.username, u.display_name, u.password_hash, u.roles,
  CASE WHEN g.found THEN g.authority ELSE u.authority END AS authority, u.active,
  b.id AS branch_id, b.parent_id, b.name_zh, b.name_en, b.level
  FROM users u JOIN branches b ON b.id = u.branch_id
  LEFT JOIN LATERAL (
    SELECT true AS found, ag.authority FROM authority_grants ag
    WHERE ag.user_id = u.id AND ag.status = 'confirmed' AND ag.effective_from <= bank_today()
    ORDER BY ag.effective_from DESC, ag.decided_at DESC, ag.id DESC LIMIT 1
  ) g ON true`;

const fenToYuan = (fen: number | string) => formatMoney(BigInt(fen));

function toUser(r: UserRow): User {
  const a = r.authority;
  const authority: AuthorityLimits | null = a
    ? {
        A: fenToYuan(a.A ?? 0),
        B: fenToYuan(a.B ?? 0),
        C: fenToYuan(a.C ?? 0),
        D: fenToYuan(a.D ?? 0),
        E: fenToYuan(a.E ?? 0),
      }
    : null;
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    roles: r.roles,
    branch: { id: r.branch_id, parentId: r.parent_id, nameZh: r.name_zh, nameEn: r.name_en, level: r.level },
    authority,
  };
}

/** A user by id, as the API presents users (seeding and system jobs act as named users). */
export async function userById(q: Queryable, id: string): Promise<User | null> {
  const r = await q.query<UserRow>(`${USER_SELECT} WHERE u.id = $1`, [id]);
  return r.rows[0] ? toUser(r.rows[0]) : null;
}

export class SessionService {
  constructor(
    private readonly db: Queryable,
    private readonly ttlMinutes = DEFAULT_SESSION_TTL_MINUTES,
  ) {}

  /**
   * Checks the password; on success opens a session. Null when the name or password is wrong.
   * `username` is the normalised name (auth/username.ts), the form usernames are stored in.
   */
  async login(username: string, password: string): Promise<{ token: string; expiresAt: Date; user: User } | null> {
    const r = await this.db.query<UserRow>(`${USER_SELECT} WHERE u.username = $1`, [username]);
    const row = r.rows[0];
    // Verify against a dummy hash for unknown users so the answer takes as long either way.
    const ok = await verifyPassword(password, row?.password_hash ?? dummyPasswordHash());
    if (!row || !ok || !row.active) return null;
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + this.ttlMinutes * 60_000);
    await this.db.query('INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, $3)', [
      hashToken(token),
      row.id,
      expiresAt.toISOString(),
    ]);
    return { token, expiresAt, user: toUser(row) };
  }

  async resolve(token: string): Promise<User | null> {
    // session_user_row (migrations 0008, 0015): the same query as USER_SELECT, with a plan prepared once.
    const r = await this.db.query<UserRow>('SELECT * FROM session_user_row($1)', [hashToken(token)]);
    return r.rows[0] ? toUser(r.rows[0]) : null;
  }

  async expiresAt(token: string): Promise<Date | null> {
    const r = await this.db.query<{ expires_at: Date | string }>(
      'SELECT expires_at FROM sessions WHERE token_hash = $1',
      [hashToken(token)],
    );
    return r.rows[0] ? new Date(r.rows[0].expires_at) : null;
  }

  async logout(token: string): Promise<void> {
    await this.db.query('UPDATE sessions SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL', [
      hashToken(token),
    ]);
  }
}

/** A token as the sessions table stores it; ended sessions are announced by it (routes/events.ts). */
export const sessionTokenHash = (token: string) => hashToken(token);
