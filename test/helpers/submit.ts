/**
 * A case submitted by rm1 through the bank API for a Shanghai sample enterprise the real engine refers
 * (in review), picked with `findCase` — the setup the API tests of controls, materials, investigation
 * and conditions share. Each call moves on to fresh enterprises so that cases never share one.
 */
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { Assessment } from '../../shared/credit/assess';
import type { EnterpriseProfile } from '../../shared/credit/profile';
import type { signIn } from './api';
import { findCase, type Pick } from './profiles';

export interface ReferredCase {
  id: string;
  status: string;
  tier: string;
  version: number;
  grade: string;
}

export interface ReferredSpec {
  productCode: string;
  amount: string;
  /** Beyond "referred, in Shanghai": the tier, the grade… */
  want?: (a: Assessment, p: EnterpriseProfile) => boolean;
  /** Absent: none named. */
  guarantors?: { name: string }[] | null;
}

const inShanghai = (p: { region: string }) => p.region.startsWith('31');
let keyN = 0;

/** `submit(spec)` for this app; `from` is the first sample seed to try. */
export function referredCaseSubmitter(
  app: FastifyInstance,
  as: Awaited<ReturnType<typeof signIn>>,
  asOf: string,
  from = 1,
) {
  let next = from;
  return async (spec: ReferredSpec): Promise<{ application: ReferredCase; pick: Pick }> => {
    const terms = { termMonths: 12, repaymentMethod: 'equal_installment' };
    const pick = findCase(
      { productCode: spec.productCode, amount: spec.amount, ...terms },
      asOf,
      (a, p) => a.instant.outcome === 'refer' && inShanghai(p) && (spec.want?.(a, p) ?? true),
      next,
    );
    next += 211;
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/applications',
      headers: as('rm1', { 'idempotency-key': `referred-${Date.now()}-${keyN++}` }),
      payload: {
        uscc: pick.uscc,
        productCode: spec.productCode,
        amount: spec.amount,
        ...terms,
        purpose: '采购原材料',
        channel: 'branch',
        ...(spec.guarantors ? { guarantors: spec.guarantors } : {}),
      },
    });
    expect(r.statusCode, r.body).toBe(201);
    const application = r.json().application as ReferredCase;
    expect(application.status).toBe('in_review');
    return { application, pick };
  };
}
