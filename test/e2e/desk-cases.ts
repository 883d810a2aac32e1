/**
 * Cases for the approver's-desk tests, created through the real bank API as the relationship manager
 * would. The running API draws profiles from the sandbox sources, so the enterprise for each tier is
 * found by running the same sandbox provider and the real credit engine here — nothing is faked.
 */
import { randomUUID } from 'node:crypto';
import { branchForRegion } from '../../bank-api/workflow/branches';
import { sandboxProfileProvider } from '../../bank-api/workflow/sandbox-provider';
import type { ApplicationDetail, ApplicationSummary } from '../../shared/api/applications';
import type { User } from '../../shared/api/auth';
import { beijingDate } from '../../shared/calendar';
import { type Assessment, assess } from '../../shared/credit/assess';
import { checkAuthority, missingForApproval } from '../../shared/credit/authority';
import type { EnterpriseProfile } from '../../shared/credit/profile';
import { makeUscc } from '../../shared/ids';

export interface CaseSpec {
  productCode: string;
  amount: string;
  termMonths?: number;
  repaymentMethod?: string;
}

const provider = sandboxProfileProvider();
const used = new Set<string>();

/** The first sandbox enterprise (from `from`) in Shanghai whose real assessment satisfies `want`. */
export async function findSandboxCase(
  spec: CaseSpec,
  want: (a: Assessment, p: EnterpriseProfile) => boolean,
  from = 1,
): Promise<{ uscc: string; assessment: Assessment }> {
  const asOf = beijingDate(new Date());
  for (let seed = from; seed < from + 4000; seed++) {
    const uscc = makeUscc(seed + 500_000);
    if (used.has(uscc)) continue;
    const profile = await provider.profile(uscc, asOf);
    // rm1 (sub-branch SH-PD) submits only for enterprises its sub-branch serves.
    if (!profile || branchForRegion(profile.region) !== 'SH-PD') continue;
    const assessment = assess(profile, {
      productCode: spec.productCode,
      amount: spec.amount,
      termMonths: spec.termMonths ?? 12,
      repaymentMethod: spec.repaymentMethod ?? 'equal_installment',
      asOf,
    });
    if (want(assessment, profile)) {
      used.add(uscc);
      return { uscc, assessment };
    }
  }
  throw new Error('no sandbox enterprise matches');
}

/** Tokens per bank API and user: a test file signs each user in once (sign-in is rate-limited per name). */
const tokens = new Map<string, Promise<string>>();

export function apiLogin(bankApiUrl: string, username: string): Promise<string> {
  const key = `${bankApiUrl} ${username}`;
  let token = tokens.get(key);
  if (!token) {
    token = signIn(bankApiUrl, username);
    tokens.set(key, token);
    token.catch(() => tokens.delete(key));
  }
  return token;
}

async function signIn(bankApiUrl: string, username: string): Promise<string> {
  const r = await fetch(`${bankApiUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'demo-pass' }),
  });
  if (!r.ok) throw new Error(`login ${username}: ${r.status}`);
  return ((await r.json()) as { token: string }).token;
}

/** Submits an application as rm1 through POST /api/v1/applications. */
export async function submitCase(bankApiUrl: string, uscc: string, spec: CaseSpec): Promise<ApplicationSummary> {
  const token = await apiLogin(bankApiUrl, 'rm1');
  const r = await fetch(`${bankApiUrl}/api/v1/applications`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() },
    body: JSON.stringify({
      uscc,
      productCode: spec.productCode,
      amount: spec.amount,
      termMonths: spec.termMonths ?? 12,
      repaymentMethod: spec.repaymentMethod ?? 'equal_installment',
      purpose: '采购原材料',
      channel: 'branch',
      // A guaranteed product names its guarantor (without one: policy exception guarantor_missing).
      ...(spec.productCode === 'LDD' ? { guarantors: [{ name: '上海市中小微企业政策性融资担保基金管理中心' }] } : {}),
    }),
  });
  if (r.status !== 201) throw new Error(`submit: ${r.status} ${await r.text()}`);
  return ((await r.json()) as { application: ApplicationSummary }).application;
}

/** Finds and submits a case that lands in `tier` for human review. */
export async function caseInTier(
  bankApiUrl: string,
  tier: 'fast' | 'standard' | 'committee',
  spec: CaseSpec,
  extra: (a: Assessment) => boolean = () => true,
): Promise<ApplicationSummary> {
  const c = await findSandboxCase(spec, (a) => a.instant.outcome === 'refer' && a.instant.tier === tier && extra(a));
  const app = await submitCase(bankApiUrl, c.uscc, spec);
  if (app.tier !== tier || app.status !== 'in_review')
    throw new Error(`expected ${tier}/in_review, got ${app.tier}/${app.status}`);
  return app;
}

/**
 * A seeded open case in `tier` that approver1 may work and approve: in its scope, nobody working it, no
 * signature or vote yet, the approval gates met (material in hand; investigation on standard and
 * committee cases — bank-api/workflow/plan.ts approvalGates), and `want`. Freshly submitted cases have
 * their paper material outstanding, so approvals take these (the front office captured the material).
 */
export async function seededCaseInTier(
  bankApiUrl: string,
  tier: 'fast' | 'standard' | 'committee',
  want: (d: ApplicationDetail) => boolean = () => true,
  /** When no seeded case qualifies: a fresh one of this spec from rm1 (SH-PD), its material brought in. */
  fresh?: CaseSpec,
): Promise<ApplicationDetail> {
  const token = await apiLogin(bankApiUrl, 'approver1');
  const get = async <T>(path: string) =>
    (await (await fetch(`${bankApiUrl}${path}`, { headers: { authorization: `Bearer ${token}` } })).json()) as T;
  const list = await get<{ items: ApplicationSummary[] }>(
    `/api/v1/applications?status=in_review&tier=${tier}&limit=200`,
  );
  // approver1 as the bank API sees it (its authority per grade may have been changed by an earlier file).
  const { user: me } = await get<{ user: User }>('/api/v1/me');
  const approver = { id: me.id, roles: me.roles, authority: me.authority };
  for (const s of list.items) {
    if (s.assigneeId || seededUsed.has(s.id)) continue;
    const d = await get<ApplicationDetail>(`/api/v1/applications/${s.id}`);
    const gates = missingForApproval({
      checklist: d.checklist,
      investigation: d.investigation,
      tier: d.tier,
      routedTier: (d.routing as { tier?: string }).tier ?? null,
    });
    const acted = d.history.some((h) => h.action === 'sign' || h.action === 'vote');
    // A guaranteed product naming no guarantor cannot be approved (422 conditions.guarantor_missing).
    // A case beyond approver1's authority for its grade (a D-grade 500,000 in the fast lane) is refused (403).
    const approvable =
      (d.productCode !== 'LDD' || (d.guarantors ?? []).length > 0) &&
      d.grade !== null &&
      // On the committee tier approver1 only prepares and escalates; the votes are the committee's.
      (d.tier === 'committee' ||
        checkAuthority(approver, {
          amount: d.amount,
          grade: d.grade,
          tier: d.tier,
          createdBy: d.createdBy ?? '',
          investigatedBy: d.investigatedBy,
        }).allowed);
    if (
      gates.length === 0 &&
      approvable &&
      !acted &&
      !['u-approver1', 'u-senior1'].includes(d.investigatedBy ?? '') &&
      want(d)
    ) {
      seededUsed.add(d.id);
      return d;
    }
  }
  if (!fresh) throw new Error(`no seeded ${tier} case with its approval gates met`);
  // The seed's open fast cases are those submitted in the last working hours (their SLA is hours), so on
  // some mornings the earlier tests have taken them all: the front office then brings a fresh one.
  return frontOfficeCase(bankApiUrl, tier, fresh);
}
const seededUsed = new Set<string>();

const TINY_PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n').toString('base64');

/**
 * A fresh case in `tier` (rm1, sub-branch SH-PD) with its material in hand, as the front office brings it
 * through the bank API: every paper item uploaded, every electronic one received from its source.
 */
export async function frontOfficeCase(
  bankApiUrl: string,
  tier: 'fast' | 'standard' | 'committee',
  spec: CaseSpec,
): Promise<ApplicationDetail> {
  if (tier !== 'fast') throw new Error(`a fresh ${tier} case also needs its investigation; not built here`);
  const app = await caseInTier(bankApiUrl, tier, spec);
  const token = await apiLogin(bankApiUrl, 'rm1');
  const call = async (path: string, body?: unknown) => {
    const r = await fetch(`${bankApiUrl}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
    return r.json() as Promise<unknown>;
  };
  const before = (await call(`/api/v1/applications/${app.id}`)) as ApplicationDetail;
  for (const item of before.checklist as { code: string; electronic: boolean; state: string }[]) {
    if (item.state === 'received') continue;
    const path = `/api/v1/applications/${app.id}/materials/${item.code}`;
    if (item.electronic) await call(`${path}/receive`, {});
    else await call(`${path}/upload`, { fileName: '前台收件扫描件.pdf', contentBase64: TINY_PDF });
  }
  const d = (await call(`/api/v1/applications/${app.id}`)) as ApplicationDetail;
  const gates = missingForApproval({
    checklist: d.checklist,
    investigation: d.investigation,
    tier: d.tier,
    routedTier: (d.routing as { tier?: string }).tier ?? null,
  });
  if (gates.length) throw new Error(`fresh case ${d.id}: gates still not met (${JSON.stringify(gates)})`);
  seededUsed.add(d.id);
  return d;
}
