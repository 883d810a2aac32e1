/**
 * The submission path in few statements (issue 14's 100/s, migration 0031): one statement reads the caller's
 * scope, the related-party entries and the rule set in force; one writes the enterprise, the application
 * (its id from the sequence), its history and its queue event and takes the audit chain's lock; then the
 * events. On both engines: what each of those pieces did before still holds — under concurrency too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../shared/api/auth';
import { beijingDate } from '../../shared/calendar';
import { findCase, sampleProfile, testProfileProvider } from '../../test/helpers/profiles';
import { createTestDatabase, type TestDatabase, testEngines } from '../../test/helpers/test-db';
import { verifyAuditChain } from '../audit/chain';
import { userById } from '../auth/sessions';
import { idempotent } from '../http/idempotency';
import { branchForRegion } from './branches';
import { createApplication } from './create';
import { QUEUE_CHANNEL } from './events';

const ASOF = beijingDate(new Date());
const provider = testProfileProvider();
const request = (uscc: string) => ({
  uscc,
  productCode: 'XMD',
  amount: '200000.00',
  termMonths: 12,
  repaymentMethod: 'equal_installment' as const,
  purpose: '经营周转',
  channel: 'mobile' as const,
});
const terms = { productCode: 'XMD', amount: '200000.00', termMonths: 12, repaymentMethod: 'equal_installment' };

/** `n` distinct sample enterprises served by SH-PD (rm1's branch), from sample seed `from` on. */
function shanghaiPudong(n: number, from: number): string[] {
  const out: string[] = [];
  for (let seed = from; out.length < n; seed++) {
    const p = sampleProfile(seed, ASOF);
    if (branchForRegion(p.region) === 'SH-PD') out.push(p.uscc);
  }
  return out;
}

const seqOf = (id: string) => Number(id.slice(-7));

describe.each(testEngines())('submission path on %s', (engine) => {
  let tdb: TestDatabase;
  let rm1: User;

  beforeAll(async () => {
    tdb = await createTestDatabase(engine);
    rm1 = (await userById(tdb.db, 'u-rm1'))!;
    expect(rm1.branch.id).toBe('SH-PD');
  });
  afterAll(async () => {
    await tdb.drop();
  });

  const submit = (uscc: string, user: User | null = rm1) =>
    tdb.db.tx((q) => createApplication(q, provider, request(uscc), user));

  it('20 simultaneous submissions: consecutive ids, each with its history and queue event, and the chain verifies', async () => {
    const events: { id: string; enterpriseId?: string; type: string; version: number }[] = [];
    const unlisten = await tdb.db.listen(QUEUE_CHANNEL, (payload) => events.push(JSON.parse(payload)));
    const before = await verifyAuditChain(tdb.db);
    expect(before.ok).toBe(true);
    const usccs = shanghaiPudong(20, 1);
    const results = await Promise.all(usccs.map((u) => submit(u)));
    const ids = results.map((r) => r.application.id);
    expect(new Set(ids).size).toBe(20);
    const seqs = ids.map(seqOf).sort((a, b) => a - b);
    expect(seqs[19]! - seqs[0]!).toBe(19);
    expect(ids.every((id) => id.startsWith(`APP${ASOF.replace(/-/g, '')}`) && id.length === 3 + 8 + 7)).toBe(true);

    const after = await verifyAuditChain(tdb.db);
    expect(after).toEqual({ ok: true, events: before.events + 40, firstBrokenSeq: null });
    for (const r of results) {
      const id = r.application.id;
      const history = await tdb.db.query<{ action: string; to_status: string }>(
        'SELECT action, to_status FROM decisions WHERE application_id = $1 ORDER BY id',
        [id],
      );
      expect(history.rows.map((h) => h.action)).toEqual([
        'screen',
        r.application.status === 'in_review'
          ? 'route'
          : r.application.status === 'auto_approved'
            ? 'auto_approve'
            : 'auto_decline',
      ]);
      expect(history.rows[1]!.to_status).toBe(r.application.status);
      const audit = await tdb.db.query<{ action: string }>(
        "SELECT action FROM audit_events WHERE entity_type = 'application' AND entity_id = $1 ORDER BY seq",
        [id],
      );
      expect(audit.rows.map((a) => a.action)).toEqual(['application.submitted', `application.${r.application.status}`]);
      const stored = await tdb.db.query<{ enterprise_id: string; profile: unknown; snapshot: unknown }>(
        `SELECT a.enterprise_id, e.profile, a.profile_snapshot AS snapshot
         FROM applications a JOIN enterprises e ON e.id = a.enterprise_id WHERE a.id = $1`,
        [id],
      );
      expect(stored.rows[0]!.snapshot).toEqual(stored.rows[0]!.profile);
    }
    // NOTIFY is delivered on commit; give the listener its turn.
    for (let i = 0; i < 50 && events.length < 20; i++) await new Promise((r) => setTimeout(r, 20));
    await unlisten();
    const mine = events.filter((e) => ids.includes(e.id));
    expect(mine).toHaveLength(20);
    for (const e of mine) {
      expect(e.type).toBe('application.created');
      expect(e.version).toBe(1);
      expect(e.enterpriseId).toBe(`E${usccs[ids.indexOf(e.id)]}`);
    }
  });

  it('stores the idempotent answer with the audit events: a retry replays it, nothing is written twice', async () => {
    const [c] = shanghaiPudong(1, 1000);
    const key = `create-test-${engine}-${Date.now()}`;
    const send = () =>
      idempotent(
        tdb.db,
        rm1.id,
        key,
        request(c!),
        (q, answer) => createApplication(q, provider, request(c!), rm1, undefined, answer),
        { status: 201 },
      );
    const first = await send();
    expect(first.replayed).toBe(false);
    const stored = (
      await tdb.db.query<{ status: number; response: unknown }>(
        'SELECT status, response FROM idempotency_keys WHERE user_id = $1 AND key = $2',
        [rm1.id, key],
      )
    ).rows[0]!;
    expect(stored).toEqual({ status: 201, response: JSON.parse(JSON.stringify(first.body)) });
    const again = await send();
    expect(again).toEqual({ status: 201, body: stored.response, replayed: true });
    const n = await tdb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM applications WHERE uscc = $1', [c]);
    expect(n.rows[0]!.n).toBe(1);
  });

  it('refuses a submission outside the caller’s branch with a 403, writing nothing and using no number', async () => {
    const hz = findCase(terms, ASOF, (_, p) => branchForRegion(p.region).startsWith('HZ'), 400);
    const [inScope] = shanghaiPudong(1, 600);
    const count = async () =>
      (
        await tdb.db.query<{ a: number; e: number; d: number; ev: number }>(
          `SELECT (SELECT count(*)::int FROM applications) AS a, (SELECT count(*)::int FROM enterprises) AS e,
                  (SELECT count(*)::int FROM decisions) AS d, (SELECT count(*)::int FROM audit_events) AS ev`,
        )
      ).rows[0];
    const first = await submit(shanghaiPudong(1, 500)[0]!);
    const before = await count();
    await expect(submit(hz.uscc)).rejects.toMatchObject({ status: 403 });
    expect(await count()).toEqual(before);
    const next = await submit(inScope!);
    expect(seqOf(next.application.id)).toBe(seqOf(first.application.id) + 1);
    // A system submission (no caller) has no branch scope to check.
    const system = await submit(
      findCase(terms, ASOF, (_, p) => branchForRegion(p.region).startsWith('HZ'), 700).uscc,
      null,
    );
    expect(system.application.branchId.startsWith('HZ')).toBe(true);
  });

  it('assesses with the rule set in force at each submission: a version published in between is used at once', async () => {
    const [a, b] = shanghaiPudong(2, 800);
    const inForce = async (id: string) =>
      (
        await tdb.db.query<{ v: string }>("SELECT assessment->>'ruleSetVersion' AS v FROM applications WHERE id = $1", [
          id,
        ])
      ).rows[0]!.v;
    const x = await submit(a!);
    const old = await inForce(x.application.id);
    const next = `${old}-T${engine}`;
    await tdb.db.query(
      `INSERT INTO rule_sets (version, status, effective_from, note, data, decided_at)
       SELECT $1, 'published', effective_from, 'test', jsonb_set(data, '{version}', to_jsonb($1::text)), now()
       FROM rule_sets WHERE version = $2`,
      [next, old],
    );
    const y = await submit(b!);
    expect(await inForce(y.application.id)).toBe(next);
  });

  it('finds the related-party entries a submission’s keys hit, and routes on them', async () => {
    // An enterprise the engine would approve at once, were it not for the related party.
    const c = findCase(
      terms,
      ASOF,
      (a, p) => a.instant.outcome === 'approve' && branchForRegion(p.region) === 'SH-PD',
      900,
    ).uscc;
    const profile = (await provider.profile(c, ASOF))!;
    await tdb.db.query(
      `INSERT INTO related_parties (kind, name, id_number, uscc, relation_zh, relation_en)
       VALUES ('person', $1, $2, NULL, '测试', 'test')`,
      [profile.legalRepName, profile.legalRepId],
    );
    const r = await submit(c);
    const row = (
      await tdb.db.query<{ policy_exceptions: { code: string }[] }>(
        'SELECT policy_exceptions FROM applications WHERE id = $1',
        [r.application.id],
      )
    ).rows[0]!;
    expect(row.policy_exceptions.map((e) => e.code)).toContain('related_party');
    expect(r.application.status).not.toBe('auto_approved');
  });
});
