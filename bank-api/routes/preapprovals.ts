/**
 * POST /api/v1/preapprovals (预审批, issue 15 item 1): what a submission of these terms would meet, from
 * the same engine run a submission makes (workflow/create.ts screenForCaller — scope, related parties,
 * rule set in force), with nothing written but the audit event: it pulls the enterprise's external data,
 * so every answer is audited as a data query; a refusal writes nothing.
 */
import type { Role, User } from '../../shared/api/auth';
import {
  type Preapproval,
  type PreapprovalBlocker,
  type PreapprovalRequest,
  PreapprovalRequestSchema,
  PreapprovalSchema,
} from '../../shared/api/preapprovals';
import { describeOutcome, type StoredOutcome } from '../../shared/credit/describe';
import { preapprovalRange } from '../../shared/credit/preapproval';
import { getProduct } from '../../shared/credit/products';
import { formatMoney, parsePositiveMoney } from '../../shared/money/money';
import { appendAudit } from '../audit/chain';
import type { Database } from '../db/database';
import { defineRoute } from '../http/routes';
import { type ProfileProvider, type Screened, screenForCaller } from '../workflow/create';

/** Who asks: those who submit applications (POST /api/v1/applications). */
export const PREAPPROVAL_ROLES: readonly Role[] = ['relationship_manager', 'approver', 'senior_approver'];

const both = (o: StoredOutcome) => {
  const zh = describeOutcome(o, 'zh');
  const en = describeOutcome(o, 'en');
  return { seen: { zh: zh.seen, en: en.seen }, threshold: { zh: zh.threshold, en: en.threshold } };
};

/** The answer from a screened request: nothing in it the engine did not compute for a submission. */
export function preapprovalAnswer(s: Screened): Preapproval {
  const a = s.assessment;
  const product = getProduct(a.productCode);
  const blockers: PreapprovalBlocker[] = [
    ...a.admission.outcomes
      .filter((o) => !o.passed)
      .map((o) => ({ id: o.id, kind: 'admission' as const, rule: o.text, fact: o.fact, ...both(o) })),
    ...a.negativeList.outcomes
      .filter((o) => o.hit)
      .map((o) => ({ id: o.id, kind: 'negative_list' as const, rule: o.text, fact: o.fact, ...both(o) })),
  ];
  const pre = a.preapproval;
  // The same pure function the assessment ran, for its reason in both languages.
  const rangeReason = preapprovalRange(product, a.score.grade, a.features).reason;
  if (!pre.eligible) {
    blockers.push({
      id: pre.code,
      kind: 'preapproval',
      rule: rangeReason,
      fact: null,
      seen: { zh: '—', en: '—' },
      threshold: { zh: `≥ ${formatMoney(product.minAmount)} 元`, en: `≥ ${formatMoney(product.minAmount)} yuan` },
    });
  }
  const eligible = blockers.length === 0;
  const range = pre.eligible ? { minAmount: pre.minAmount, maxAmount: pre.maxAmount } : null;
  const amount = parsePositiveMoney(a.amount);
  return {
    uscc: s.uscc,
    enterpriseName: s.profile.name,
    productCode: a.productCode,
    amount: a.amount,
    asOf: a.asOf,
    ruleSetVersion: a.ruleSetVersion,
    modelVersion: a.modelVersion,
    eligible,
    range,
    rangeReason,
    amountWithinRange:
      range !== null && amount >= parsePositiveMoney(range.minAmount) && amount <= parsePositiveMoney(range.maxAmount),
    grade: a.score.grade,
    indicativeRate: a.price?.annualRate ?? null,
    tier: s.tier,
    blockers,
    policyExceptions: (s.policyExceptions ?? []).map((e) => ({ code: e.code, zh: e.zh, en: e.en })),
    materials: product.materials.map((m) => ({
      code: m.code,
      name: m.name.zh,
      nameEn: m.name.en,
      electronic: m.electronic,
    })),
  };
}

/** The request as screening takes it: a submission's body with neutral purpose and channel. */
const asSubmission = (b: PreapprovalRequest) => ({ purpose: '预审批', channel: 'branch' as const, ...b });

export function preapprovalRoutes(db: Database, provider: ProfileProvider) {
  return [
    defineRoute({
      method: 'POST',
      url: '/api/v1/preapprovals',
      summary:
        'Pre-approval (预审批): amount range, indicative grade and rate, blockers with fact and threshold, policy exceptions and material list for an enterprise in your scope. Creates no application; audited as a data query.',
      tags: ['applications'],
      access: PREAPPROVAL_ROLES,
      body: PreapprovalRequestSchema,
      response: PreapprovalSchema,
      problems: {
        403: 'The enterprise is outside your branch scope (nothing about it is revealed).',
        400: 'Malformed code, unknown product or enterprise, or terms outside the product limits.',
      },
      async handler({ body, user }) {
        return preapprove(db, provider, body, user);
      },
    }),
  ];
}

export async function preapprove(db: Database, provider: ProfileProvider, body: PreapprovalRequest, user: User) {
  // One transaction: a refusal (out of scope, bad terms) rolls back anything screening touched and
  // writes nothing — the 403 says nothing about the enterprise, and leaves no row behind either.
  return db.tx(async (q) => {
    const s = await screenForCaller(q, provider, asSubmission(body), user);
    const answer = preapprovalAnswer(s);
    await appendAudit(q, {
      actorId: user.id,
      action: 'preapproval.query',
      entityType: 'enterprise',
      entityId: s.uscc,
      payload: {
        productCode: answer.productCode,
        amount: answer.amount,
        termMonths: body.termMonths,
        eligible: answer.eligible,
        grade: answer.grade,
        blockers: answer.blockers.map((b) => b.id),
        ruleSetVersion: answer.ruleSetVersion,
      },
    });
    return answer;
  });
}
