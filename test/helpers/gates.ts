import type { Database } from '../../bank-api/db/database';

/**
 * Test fixture: the case's material in hand (every checklist item received) and, unless told otherwise,
 * its investigation recorded by the relationship manager — what the front office captures before an
 * approver signs (the approval gates, bank-api/workflow/plan.ts approvalGates). Written to the real
 * database as the front office's capture would leave it; the version is left as it is, so a test can go
 * on with the version its submission returned.
 */
export async function materialsInHand(
  db: Database,
  id: string,
  opts: { investigation?: boolean; investigatedBy?: string; pending?: readonly string[] } = {},
) {
  const pending = opts.pending ?? [];
  const investigation =
    opts.investigation === false
      ? null
      : {
          kind: 'field_visit',
          investigators: [opts.investigatedBy ?? 'u-rm1'],
          date: new Date().toISOString().slice(0, 10),
          summary: '实地走访经营场所，核实经营情况、纳税及用电数据与申报一致。',
        };
  await db.tx(async (q) => {
    const r = await q.query<{ checklist: { code: string; state: string }[] }>(
      'SELECT checklist FROM applications WHERE id = $1',
      [id],
    );
    const checklist = r.rows[0]!.checklist.map((c) => ({
      ...c,
      state: pending.includes(c.code) ? 'pending' : 'received',
    }));
    await q.query('UPDATE applications SET checklist = $2, investigation = $3, investigated_by = $4 WHERE id = $1', [
      id,
      JSON.stringify(checklist),
      investigation ? JSON.stringify(investigation) : null,
      investigation ? (opts.investigatedBy ?? 'u-rm1') : null,
    ]);
  });
}
