/**
 * The credit memo of one case for one user: read exactly as GET /applications/{id} reads (the same
 * scope rule, workflow/scope.ts), refused with 409 while the case has no final decision, then worded
 * (content.ts) and rendered (render.ts).
 */
import type { User } from '../../shared/api/auth';
import { BANK_LEGAL_NAME } from '../contracts/data';
import type { Queryable } from '../db/database';
import { conflict, forbidden, notFound } from '../http/problems';
import { applicationById } from '../workflow/applications-repo';
import { canRead, readScope } from '../workflow/scope';
import { buildMemo, finalDecision, type MemoHistoryEntry } from './content';
import { type RenderedMemo, renderMemo } from './render';

/** The decision history with each actor's name and roles. */
async function historyWithRoles(q: Queryable, id: string): Promise<MemoHistoryEntry[]> {
  const r = await q.query<{
    id: string;
    actor_id: string | null;
    display_name: string | null;
    roles: string[] | null;
    action: string;
    from_status: string;
    to_status: string;
    payload: Record<string, unknown>;
    created_at: Date | string;
  }>(
    `SELECT d.id, d.actor_id, u.display_name, u.roles, d.action, d.from_status, d.to_status, d.payload, d.created_at
     FROM decisions d LEFT JOIN users u ON u.id = d.actor_id WHERE d.application_id = $1 ORDER BY d.id`,
    [id],
  );
  return r.rows.map((h) => ({
    id: Number(h.id),
    action: h.action,
    fromStatus: h.from_status,
    toStatus: h.to_status,
    actorId: h.actor_id,
    actorName: h.display_name,
    actorRoles: h.roles ?? [],
    payload: h.payload ?? {},
    at: new Date(h.created_at),
  }));
}

export async function memoFor(q: Queryable, user: User, id: string): Promise<RenderedMemo & { fileName: string }> {
  const row = await applicationById(q, id);
  if (!row) throw notFound(`No application ${id}.`);
  if (!canRead(await readScope(q, user), { branchId: row.branch_id, status: row.status })) {
    // Says nothing about the case: not its enterprise, status or branch.
    throw forbidden('该案件不在您的查阅范围内。 This case is outside what you may read.', {
      reasonCode: 'OUT_OF_SCOPE',
      reasonZh: '该案件不在您的查阅范围内',
    });
  }
  const history = await historyWithRoles(q, id);
  if (!finalDecision(history)) {
    throw conflict(
      'memo.no_final_decision',
      `该案件尚未作出最终审批决定，暂无审批意见书。 Case ${id} has no final decision yet (it is ${row.status}); the credit memo is written at approval or decline.`,
      { applicationStatus: row.status },
    );
  }
  const branch = await q.query<{ name_zh: string }>('SELECT name_zh FROM branches WHERE id = $1', [row.branch_id]);
  const memo = buildMemo({
    row,
    history,
    bankName: BANK_LEGAL_NAME,
    branchName: branch.rows[0]?.name_zh ?? row.branch_id,
  });
  const rendered = await renderMemo(memo);
  return { ...rendered, fileName: `审批意见书-${id}.pdf` };
}
