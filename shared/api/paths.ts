/**
 * The bank API routes the workstation calls, in one place: method, URL template (written exactly as the
 * bank API declares it, `:name` for a path parameter) and the zod schema its answer must match. Main's
 * bank client (electron/services/bank-client.ts) takes one of these per call, fills the parameters and
 * checks the answer against the schema; electron/services/bank-client.test.ts checks every entry
 * against the bank API's own OpenAPI document, so the two cannot drift apart.
 */
import { z } from 'zod';
import { QuoteResponseSchema } from '../loan/quote';
import {
  ApplicationDetailSchema,
  ApplicationListSchema,
  ApplicationSummarySchema,
  DecisionResponseSchema,
  QueueCountsSchema,
} from './applications';
import { RevealAlertListSchema } from './audit';
import { HealthSchema, LoginResponseSchema, ReadinessSchema, UserSchema } from './auth';
import { AuthorityChangeSchema, AuthorityHistorySchema, AuthorityHoldersSchema } from './authority';
import {
  ContractDataResponseSchema,
  ContractListSchema,
  ContractQueueSchema,
  ContractStatusResponseSchema,
  RecordContractResponseSchema,
} from './contracts';
import { ImportCountersignedResponseSchema } from './countersign';
import { DashboardSchema, DrillResultSchema } from './dashboards';
import { CompareSchema, EnterpriseListSchema, PeersSchema } from './enterprises';
import { HomeSummarySchema } from './home';
import { PolicyDocumentSchema } from './policy';
import { PreapprovalSchema, ProductListSchema } from './preapprovals';
import { RepaymentsSchema } from './repayments';
import { ReplayResponseSchema, RuleSetDetailSchema, RuleSetListSchema } from './rule-sets';

/** GET /api/v1/me. */
export const MeResponseSchema = z.object({ user: UserSchema, expiresAt: z.string() });
/** POST /api/v1/auth/logout. */
export const LogoutResponseSchema = z.object({ ok: z.literal(true) });

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface BankRoute<U extends string = string, R extends z.ZodType = z.ZodType> {
  method: HttpMethod;
  url: U;
  response: R;
}

const route = <U extends string, R extends z.ZodType>(method: HttpMethod, url: U, response: R): BankRoute<U, R> => ({
  method,
  url,
  response,
});

/** The names of a URL template's `:parameters`. */
type ParamNames<U extends string> = U extends `${string}:${infer P}/${infer Rest}`
  ? P | ParamNames<`/${Rest}`>
  : U extends `${string}:${infer P}`
    ? P
    : never;
/** A URL template's path parameters, all required. */
export type PathParams<U extends string> = { [K in ParamNames<U>]: string };

export const bankApi = {
  health: route('GET', '/healthz', HealthSchema),
  ready: route('GET', '/readyz', ReadinessSchema),
  login: route('POST', '/api/v1/auth/login', LoginResponseSchema),
  logout: route('POST', '/api/v1/auth/logout', LogoutResponseSchema),
  me: route('GET', '/api/v1/me', MeResponseSchema),
  home: route('GET', '/api/v1/home', HomeSummarySchema),

  applications: route('GET', '/api/v1/applications', ApplicationListSchema),
  queueCounts: route('GET', '/api/v1/applications/counts', QueueCountsSchema),
  application: route('GET', '/api/v1/applications/:id', ApplicationDetailSchema),
  claim: route('POST', '/api/v1/applications/:id/claim', ApplicationSummarySchema),
  release: route('POST', '/api/v1/applications/:id/release', ApplicationSummarySchema),
  forceRelease: route('POST', '/api/v1/applications/:id/force-release', ApplicationSummarySchema),
  decide: route('POST', '/api/v1/applications/:id/decisions', DecisionResponseSchema),
  quote: route('POST', '/api/v1/quotes', QuoteResponseSchema),
  /** The relationship manager's workspace (bank-api/routes/preapprovals.ts, applications.ts). */
  products: route('GET', '/api/v1/products', ProductListSchema),
  preapprove: route('POST', '/api/v1/preapprovals', PreapprovalSchema),
  repayments: route('GET', '/api/v1/workspace/repayments', RepaymentsSchema),
  createApplication: route(
    'POST',
    '/api/v1/applications',
    z.object({ application: ApplicationSummarySchema, decidedInstantly: z.boolean() }),
  ),

  dashboard: route('GET', '/api/v1/dashboards/:dashboard', DashboardSchema),
  drill: route('GET', '/api/v1/dashboards/:dashboard/drill', DrillResultSchema),
  enterprises: route('GET', '/api/v1/enterprises', EnterpriseListSchema),
  compare: route('GET', '/api/v1/enterprises/compare', CompareSchema),
  peers: route('GET', '/api/v1/enterprises/:id/peers', PeersSchema),

  contractQueue: route('GET', '/api/v1/contracts/queue', ContractQueueSchema),
  contractData: route('GET', '/api/v1/applications/:id/contract-data', ContractDataResponseSchema),
  contracts: route('GET', '/api/v1/contracts', ContractListSchema),
  recordContract: route('POST', '/api/v1/contracts', RecordContractResponseSchema),
  contractStatus: route('POST', '/api/v1/contracts/:documentId/status', ContractStatusResponseSchema),
  importCountersigned: route('POST', '/api/v1/contracts/:documentId/countersigned', ImportCountersignedResponseSchema),

  /** Supervisors: users who reached the hourly limit of full ID numbers (bank-api/audit/reveals.ts). */
  revealAlerts: route('GET', '/api/v1/audit/reveal-alerts', RevealAlertListSchema),

  /** Supervisors: rule-set versions, drafts, replay and four-eyes publishing (bank-api/routes/rule-sets.ts). */
  ruleSets: route('GET', '/api/v1/rule-sets', RuleSetListSchema),
  ruleSet: route('GET', '/api/v1/rule-sets/:version', RuleSetDetailSchema),
  createRuleSetDraft: route('POST', '/api/v1/rule-sets', RuleSetDetailSchema),
  updateRuleSetDraft: route('PUT', '/api/v1/rule-sets/:version', RuleSetDetailSchema),
  replayRuleSet: route('POST', '/api/v1/rule-sets/:version/replay', ReplayResponseSchema),
  submitRuleSet: route('POST', '/api/v1/rule-sets/:version/submit', RuleSetDetailSchema),
  approveRuleSet: route('POST', '/api/v1/rule-sets/:version/approve', RuleSetDetailSchema),
  rejectRuleSet: route('POST', '/api/v1/rule-sets/:version/reject', RuleSetDetailSchema),
  /** Every member of staff: the published 清单 (bank-api/routes/policy.ts). */
  policy: route('GET', '/api/v1/policy', PolicyDocumentSchema),

  /** Supervisors: authority administration (授权管理, bank-api/routes/authority.ts). */
  authorityUsers: route('GET', '/api/v1/authority/users', AuthorityHoldersSchema),
  authorityChanges: route('GET', '/api/v1/authority/changes', AuthorityHistorySchema),
  proposeAuthority: route('POST', '/api/v1/authority/changes', AuthorityChangeSchema),
  confirmAuthority: route('POST', '/api/v1/authority/changes/:id/confirm', AuthorityChangeSchema),
  rejectAuthority: route('POST', '/api/v1/authority/changes/:id/reject', AuthorityChangeSchema),
  withdrawAuthority: route('POST', '/api/v1/authority/changes/:id/withdraw', AuthorityChangeSchema),

  /** Server-sent events (electron/services/bank-events.ts): a stream, so its messages are checked one by one. */
  events: route('GET', '/api/v1/events', z.unknown()),
} as const;
export type BankApi = typeof bankApi;

/** The path of a route with its parameters filled in (each one URI-encoded). */
export function pathOf<U extends string>(url: U, params: PathParams<U>): string {
  return url.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const v = (params as Record<string, string | undefined>)[name];
    if (v === undefined) throw new Error(`${url}: path parameter ${name} is missing`);
    return encodeURIComponent(v);
  });
}

/** A query parameter's value: null and undefined are left out, lists are comma-joined. */
export type QueryValue = string | number | boolean | readonly string[] | null | undefined;
