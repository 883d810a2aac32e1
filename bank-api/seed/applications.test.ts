/**
 * The seeded applications look like a working day at the bank: open cases arrived over the last working
 * days and stand on track / due soon / overdue by the queue's own SLA rules; instant decisions run
 * through today up to now; history reaches back months; nothing is dated after now; every status and
 * tier has a true history (its decision rows link up to its status) and the audit chain verifies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingDate, beijingInstant, isWorkingDay, slaState, toBeijingIso } from '../../shared/calendar';
import { LOAN_CONDITION_TYPES, LoanConditionSchema } from '../../shared/credit/loan-conditions';
import { getProduct } from '../../shared/credit/products';
import { missingConditions } from '../../shared/credit/required-conditions';
import { parseMoney } from '../../shared/money/money';
import { STATUSES, TIERS } from '../../shared/workflow/status';
import { createTestDatabase, type TestDatabase, testEngines } from '../../test/helpers/test-db';
import { verifyAuditChain } from '../audit/chain';
import { userById } from '../auth/sessions';
import type { Database } from '../db/database';
import { sandboxApplicationRequests } from '../sources/sandbox-applications';
import { approvalGates } from '../workflow/plan';
import { queueCounts } from '../workflow/queue';
import { type ApplicationRow, conditionsOf, guarantorsOf } from '../workflow/rows';
import { sandboxProfileProvider } from '../workflow/sandbox-provider';
import { seedApplications } from './applications';
import type { SeedProgress } from './progress';
import { seedSandbox } from './sandbox';

const SEED = 'sandbox-2026';
/** A Wednesday afternoon; the fast lane's four hours reach back into the morning. */
const NOW = Date.parse('2026-11-25T15:10:00+08:00');
const AS_OF = beijingDate(NOW);
/** Two months at the small seed's recent daily volume (5,000 over six months, tapering off). */
const COUNT = 3200;
const MONTHS = 2;
const ENTERPRISES = 600;

async function seedBank(db: Database, count: number, progress: SeedProgress[] = [], enterprises = ENTERPRISES) {
  await seedSandbox(db, { size: 'small', seed: SEED, asOf: AS_OF, counts: { enterprises, loans: 10 } });
  const requests = sandboxApplicationRequests(count, SEED, {
    asOf: AS_OF,
    now: NOW,
    enterprises,
    months: MONTHS,
  });
  return seedApplications(db, sandboxProfileProvider(SEED), requests, (p) => progress.push(p), { now: NOW });
}

interface Row {
  id: string;
  status: string;
  tier: string;
  submitted_at: Date;
  updated_at: Date;
  decided_at: Date | null;
  sla_due_at: Date | null;
  instant_outcome: string | null;
}

const opened: TestDatabase[] = [];
afterAll(async () => {
  for (const t of opened) await t.drop();
});

describe.each(testEngines())('seeded applications on %s', (engine) => {
  let db: Database;
  let result: { created: number; failed: number };
  const progress: SeedProgress[] = [];
  let apps: Row[];

  beforeAll(async () => {
    const t = await createTestDatabase(engine);
    opened.push(t);
    db = t.db;
    result = await seedBank(db, COUNT, progress);
    apps = (
      await db.query<Row>(
        'SELECT id, status, tier, submitted_at, updated_at, decided_at, sla_due_at, instant_outcome FROM applications',
      )
    ).rows;
  }, 600_000);

  it('creates every request through the workflow, reporting each batch', () => {
    expect(result).toEqual({ created: COUNT, failed: 0 });
    expect(apps).toHaveLength(COUNT);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.every((p) => p.stage === 'applications' && p.total === COUNT)).toBe(true);
    expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((a, b) => a - b));
    expect(progress.at(-1)!.done).toBe(COUNT);
  });

  it('dates nothing after now', async () => {
    const iso = new Date(NOW).toISOString();
    const later = await db.query<{ a: number; d: number; e: number }>(
      `SELECT (SELECT count(*) FROM applications WHERE submitted_at > $1 OR updated_at > $1 OR decided_at > $1)::int AS a,
              (SELECT count(*) FROM decisions WHERE created_at > $1)::int AS d,
              (SELECT count(*) FROM audit_events WHERE at > $1)::int AS e`,
      [iso],
    );
    expect(later.rows[0]).toEqual({ a: 0, d: 0, e: 0 });
  });

  it('leaves open cases that arrived over the last working days, mostly on track, some due soon, a few overdue', async () => {
    const open = apps.filter((a) => ['in_review', 'escalated', 'committee'].includes(a.status));
    const states = open.map((a) => slaState(NOW, a.sla_due_at!));
    const n = (s: string) => states.filter((x) => x === s).length;
    console.info(
      `open cases at ${toBeijingIso(NOW)}: ${open.length} — on track ${n('on_track')}, due soon ${n('due_soon')}, overdue ${n('overdue')}`,
    );
    expect(open.length).toBeGreaterThanOrEqual(30);
    expect(n('on_track') / open.length).toBeGreaterThanOrEqual(0.6);
    expect(n('due_soon')).toBeGreaterThanOrEqual(1);
    expect(n('overdue')).toBeGreaterThanOrEqual(1);
    expect(n('overdue') / open.length).toBeLessThanOrEqual(0.15);
    // Open means recent: nothing older than ten working days is still waiting.
    const oldest = Math.min(...open.map((a) => a.submitted_at.getTime()));
    expect(NOW - oldest).toBeLessThan(16 * 86_400_000);
    // The queue counts the same cases the same way (the supervisor sees the whole bank).
    const sup = (await userById(db, 'u-supervisor1'))!;
    const counts = await queueCounts(db, sup, NOW);
    // Per tier, plus the senior lane (cases escalated to a senior approver wait there, not in their tier).
    const senior = (counts as { senior?: Record<'open' | 'dueSoon' | 'overdue', number> }).senior;
    const sum = (k: 'open' | 'dueSoon' | 'overdue') => counts.tiers.reduce((s, t) => s + t[k], 0) + (senior?.[k] ?? 0);
    expect([sum('open'), sum('dueSoon'), sum('overdue')]).toEqual([open.length, n('due_soon'), n('overdue')]);
  });

  it('spreads instant decisions through today up to now, and history over the months before', () => {
    const today = apps.filter((a) => beijingDate(a.submitted_at) === AS_OF);
    const instantToday = today.filter((a) => a.instant_outcome === 'approve' || a.instant_outcome === 'decline');
    expect(instantToday.length).toBeGreaterThanOrEqual(5);
    // Through the day: some in the morning, some in the afternoon.
    expect(instantToday.some((a) => a.submitted_at.getTime() < beijingInstant(AS_OF, 12))).toBe(true);
    expect(instantToday.some((a) => a.submitted_at.getTime() >= beijingInstant(AS_OF, 13, 30))).toBe(true);
    // Decided cases in each of the last months, more in recent ones.
    const month = (k: number) =>
      apps.filter((a) => a.decided_at && NOW - a.decided_at.getTime() >= k * 30 * 86_400_000).length -
      apps.filter((a) => a.decided_at && NOW - a.decided_at.getTime() >= (k + 1) * 30 * 86_400_000).length;
    expect(month(1)).toBeGreaterThan(50);
    expect(month(0)).toBeGreaterThan(month(1));
    // Submissions of working-hours channels fall on working days.
    const onDaysOff = apps.filter((a) => !isWorkingDay(a.submitted_at)).length;
    expect(onDaysOff / apps.length).toBeLessThan(0.1);
  });

  it('works most cases inside their SLA, as the dashboard counts breaches', () => {
    // process.breaches: decided after the deadline, or undecided and past it now.
    const withSla = apps.filter((a) => a.sla_due_at);
    const late = withSla.filter((a) => (a.decided_at?.getTime() ?? NOW) > a.sla_due_at!.getTime()).length;
    console.info(`SLA breaches: ${late} of ${withSla.length}`);
    expect(withSla.length).toBeGreaterThan(300);
    expect(late).toBeGreaterThan(0);
    expect(late / withSla.length).toBeLessThan(0.15);
  });

  it('has every status and tier, each with a history that leads to it', async () => {
    const statuses = new Set(apps.map((a) => a.status));
    for (const s of STATUSES.filter((x) => x !== 'submitted' && x !== 'screened')) expect(statuses, s).toContain(s);
    expect(new Set(apps.map((a) => a.tier))).toEqual(new Set(TIERS));
    const history = (
      await db.query<{ application_id: string; from_status: string; to_status: string; created_at: Date }>(
        'SELECT application_id, from_status, to_status, created_at FROM decisions ORDER BY application_id, id',
      )
    ).rows;
    const byApp = new Map<string, typeof history>();
    for (const h of history) byApp.set(h.application_id, [...(byApp.get(h.application_id) ?? []), h]);
    for (const a of apps) {
      const h = byApp.get(a.id)!;
      expect(h[0]!.from_status).toBe('submitted');
      for (let i = 1; i < h.length; i++) {
        expect(h[i]!.from_status).toBe(h[i - 1]!.to_status);
        expect(h[i]!.created_at.getTime()).toBeGreaterThanOrEqual(h[i - 1]!.created_at.getTime());
      }
      expect(h.at(-1)!.to_status, a.id).toBe(a.status);
    }
  });

  it('leaves open cases that mostly pass the approval gates, investigated by the relationship manager; a few to return', async () => {
    const open = (
      await db.query<ApplicationRow>("SELECT * FROM applications WHERE status = 'in_review' AND tier <> 'instant'")
    ).rows;
    const blocked = open.filter((a) => approvalGates(a).length > 0);
    expect(open.length).toBeGreaterThan(20);
    expect(blocked.length).toBeGreaterThanOrEqual(1);
    expect(blocked.length / open.length).toBeLessThan(0.3);
    for (const a of open.filter((x) => x.tier === 'standard' || x.tier === 'committee')) {
      expect(a.investigation, a.id).toMatchObject({
        kind: expect.stringMatching(/^(field_visit|video)$/),
        investigators: ['u-rm1'],
        date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        summary: expect.any(String),
      });
      expect(a.investigated_by).toBe('u-rm1');
    }
    // Nobody decides a case they investigated: no decision on any case by its investigator.
    const own = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM decisions d JOIN applications a ON a.id = d.application_id
       WHERE d.actor_id = a.investigated_by AND d.action IN ('approve', 'sign', 'decline', 'vote', 'escalate', 'return')`,
    );
    expect(own.rows[0]!.n).toBe(0);
    // Seniors decide cases escalated to them, and the escalated cases waiting now say where they wait.
    const lanes = await db.query<{ escalated_to: string | null; n: number }>(
      "SELECT escalated_to, count(*)::int AS n FROM applications WHERE status = 'escalated' GROUP BY 1",
    );
    expect(lanes.rows.every((r) => r.escalated_to !== null)).toBe(true);
  });

  it('approves with structured conditions as the rules require; a guaranteed case naming no guarantor is not approved', async () => {
    const rows = (
      await db.query<
        Pick<ApplicationRow, 'id' | 'product_code' | 'conditions' | 'guarantors' | 'profile_snapshot'> & {
          amount: string;
        }
      >(
        `SELECT id, product_code, conditions, guarantors, profile_snapshot, approved_terms->>'amount' AS amount
         FROM applications WHERE status IN ('approved', 'contracting', 'signed', 'disbursed') AND approved_terms IS NOT NULL
           AND jsonb_array_length(conditions) > 0`,
      )
    ).rows;
    expect(rows.length).toBeGreaterThan(50);
    const types = new Set<string>();
    for (const r of rows) {
      const items = conditionsOf(r);
      for (const c of items) types.add(c.type);
      const product = getProduct(r.product_code);
      const input = {
        productCode: product.code,
        guaranteeType: product.guaranteeType,
        amount: parseMoney(r.amount),
        guarantors: guarantorsOf(r),
      };
      expect(missingConditions(input, items), r.id).toEqual([]);
      expect(
        items.every((c) => typeof c === 'object' && LoanConditionSchema.safeParse(c).success),
        r.id,
      ).toBe(true);
    }
    // Every standard type appears: guarantees (LDD), mortgages (DYD), 受托支付 above 1,000,000, accounts, other.
    expect([...types].sort()).toEqual([...LOAN_CONDITION_TYPES].sort());
    const ungranted = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM applications
       WHERE product_code = 'LDD' AND guarantors = '[]'::jsonb AND status IN ('approved', 'contracting', 'signed', 'disbursed')
         AND NOT (profile_snapshot->'relations' @> '[{"kind": "guarantor"}]'::jsonb) AND instant_outcome IS NULL`,
    );
    expect(ungranted.rows[0]!.n).toBe(0);
  });

  it('keeps the audit chain whole, in time order within each batch', async () => {
    const v = await verifyAuditChain(db);
    expect(v.ok).toBe(true);
    const n = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_events WHERE entity_type = 'application'",
    );
    expect(v.events).toBe(n.rows[0]!.n);
    expect(v.events).toBeGreaterThan(COUNT * 2);
  });
});

describe('seeded applications', () => {
  it('are the same for the same seed and now', async () => {
    const digest = async () => {
      const t = await createTestDatabase('pglite');
      opened.push(t);
      await seedBank(t.db, 300, [], 150);
      const r = await t.db.query<{ a: string; d: string }>(
        `SELECT (SELECT md5(string_agg(concat_ws('|', id, status, tier, assignee_id, version, submitted_at, decided_at, updated_at), ',' ORDER BY id)) FROM applications) AS a,
                (SELECT md5(string_agg(concat_ws('|', application_id, actor_id, action, to_status, created_at), ',' ORDER BY id)) FROM decisions) AS d`,
      );
      return r.rows[0];
    };
    expect(await digest()).toEqual(await digest());
  }, 300_000);
});
