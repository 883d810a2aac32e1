/**
 * Sandbox applications: each one submitted through the real workflow (adapters → engine → routing →
 * instant decision), then some carried further by the demo staff through the real decision service,
 * so that every state and tier is present with a true history and audit chain.
 */
import type { CreateApplicationRequest } from '../../shared/api/applications';
import type { User } from '../../shared/api/auth';
import { userById } from '../auth/sessions';
import type { Database } from '../db/database';
import { withinTransaction } from '../db/savepoint';
import { advance } from '../workflow/advance';
import { createApplication, type ProfileProvider } from '../workflow/create';
import { decide } from '../workflow/decide';
import { noProgress, type OnSeedProgress } from './progress';

export interface SeedRequest extends CreateApplicationRequest {
  submittedAt: string;
}

/** Deterministic 0–99 from an id, so the same seed makes the same states. */
const bucket = (id: string, salt: number) => {
  let h = 2166136261 ^ salt;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  return (h >>> 0) % 100;
};

export async function seedApplications(
  db: Database,
  provider: ProfileProvider,
  requests: Iterable<SeedRequest>,
  onProgress: OnSeedProgress = noProgress,
): Promise<{ created: number; failed: number }> {
  const staff = new Map<string, User>();
  for (const id of [
    'u-approver1',
    'u-approver2',
    'u-approver3',
    'u-senior1',
    'u-senior2',
    'u-committee1',
    'u-committee2',
    'u-committee3',
    'u-rm1',
    'u-contract1',
  ]) {
    const u = await userById(db, id);
    if (u) staff.set(id, u);
  }
  const rm = staff.get('u-rm1') ?? null;
  let created = 0;
  let failed = 0;
  // One commit per batch (commits dominate on the embedded database); each case is its own savepoint.
  const all = [...requests];
  for (let i = 0; i < all.length; i += SEED_BATCH) {
    const r = await db.tx((q) =>
      seedBatch(withinTransaction(q, db.kind), provider, all.slice(i, i + SEED_BATCH), staff, rm),
    );
    created += r.created;
    failed += r.failed;
    onProgress({ stage: 'applications', done: Math.min(i + SEED_BATCH, all.length), total: all.length });
  }
  return { created, failed };
}

const SEED_BATCH = 200;

async function seedBatch(
  db: Database,
  provider: ProfileProvider,
  requests: SeedRequest[],
  staff: Map<string, User>,
  rm: User | null,
) {
  let created = 0;
  let failed = 0;
  for (const req of requests) {
    const { submittedAt, ...body } = req;
    const at = new Date(submittedAt);
    let app: Awaited<ReturnType<typeof createApplication>>['application'];
    try {
      app = (await db.tx((q) => createApplication(q, provider, body, rm, at))).application;
      created++;
    } catch {
      failed++;
      continue;
    }
    const later = (h: number) => new Date(Math.min(at.getTime() + h * 3_600_000, Date.now()));
    const hz = app.branchId.startsWith('HZ');
    const approver = staff.get(hz ? 'u-approver3' : 'u-approver1')!;
    const senior = staff.get(hz ? 'u-senior2' : 'u-senior1')!;
    // Older cases have mostly been worked; recent ones are still in the queue.
    const old = Date.now() - at.getTime() > 7 * 86_400_000;
    const b = old ? bucket(app.id, 1) % 60 : bucket(app.id, 1);
    let key = 0;
    const act = async (u: User, body2: Parameters<typeof decide>[5], hours: number) => {
      const cur = (await db.query<{ version: number }>('SELECT version FROM applications WHERE id = $1', [app.id]))
        .rows[0]!.version;
      return decide(db, u, app.id, cur, `seed-${app.id}-${key++}`, body2, later(hours));
    };
    const terms = {
      action: 'approve' as const,
      amount: app.amount,
      annualRate: '4.20',
      termMonths: app.termMonths,
      repaymentMethod: app.repaymentMethod,
      conditions: ['按月报送财务报表'],
    };
    try {
      if (app.status === 'in_review' && app.tier === 'fast') {
        if (b < 35) await act(approver, terms, 2);
        else if (b < 45)
          await act(approver, { action: 'decline', reasonCodes: ['SC_SALES_TREND'], comment: '销售持续下滑' }, 3);
        else if (b < 53)
          await act(approver, { action: 'return', items: ['MAT_STATEMENTS'], comment: '请补充近一年财务报表' }, 1);
      } else if (app.status === 'in_review' && app.tier === 'standard') {
        if (b < 30) {
          await act(approver, terms, 4);
          await act(senior, terms, 10);
        } else if (b < 45) await act(approver, terms, 5);
        else if (b < 55)
          await act(approver, { action: 'decline', reasonCodes: ['SC_LEVERAGE'], comment: '负债率偏高' }, 6);
      } else if (app.status === 'in_review' && app.tier === 'committee') {
        if (b < 60) {
          const votes = b < 35 ? 3 : b < 50 ? 2 : 1;
          for (let v = 1; v <= votes; v++)
            await act(
              staff.get(`u-committee${v}`)!,
              { action: 'vote', vote: b % 7 === 0 ? 'decline' : 'approve' },
              24 * v,
            );
        }
      }
      // Approved cases move on through contracting, signing and disbursement.
      const now = (await db.query<{ status: string }>('SELECT status FROM applications WHERE id = $1', [app.id]))
        .rows[0]!.status;
      if (now === 'approved' || now === 'auto_approved') {
        const c = bucket(app.id, 2);
        if (c < 60) {
          await db.tx(async (q) => {
            await advance(q, app.id, 'contracting', 'u-contract1', 'contract_generated', {}, later(30));
            if (c < 40) await advance(q, app.id, 'signed', 'u-contract1', 'contract_signed', {}, later(60));
            if (c < 25) await advance(q, app.id, 'disbursed', 'u-contract1', 'disbursed', {}, later(80));
          });
        }
      }
    } catch {
      // A seeded step the rules refuse (e.g. authority) leaves the case where it is — as in real life.
    }
  }
  return { created, failed };
}
