import { z } from 'zod';
import {
  ApplicationDetailSchema,
  ApplicationListQuerySchema,
  ApplicationListSchema,
  ApplicationSummarySchema,
  CreateApplicationRequestSchema,
  DecisionRequestSchema,
  DecisionResponseSchema,
  ForceReleaseRequestSchema,
  QueueCountsSchema,
} from '../../shared/api/applications';
import type { Role } from '../../shared/api/auth';
import { ProductListSchema } from '../../shared/api/preapprovals';
import { ROLES } from '../../shared/credit/authority';
import { PRODUCTS, productToApi } from '../../shared/credit/products';
import { appendAudit } from '../audit/chain';
import { decideReveal } from '../audit/reveals';
import type { Database } from '../db/database';
import { idempotent } from '../http/idempotency';
import { parseIdempotencyKey, parseIfMatch } from '../http/preconditions';
import { notFound } from '../http/problems';
import { defineRoute } from '../http/routes';
import { applicationById, historyOf } from '../workflow/applications-repo';
import {
  configuredClaimLapseMs,
  forceRelease,
  releaseIfLapsed,
  releaseLapsedClaims,
  setClaim,
} from '../workflow/claims';
import { createApplication, type ProfileProvider } from '../workflow/create';
import { decide } from '../workflow/decide';
import { notesOf, serviceOfficerOf, withNotes } from '../workflow/notes';
import { listApplications, queueCounts } from '../workflow/queue';
import { toDetail } from '../workflow/rows';
import { canRead, readScope } from '../workflow/scope';

const IdParams = z.strictObject({ id: z.string().regex(/^[A-Z0-9-]{4,40}$/, 'not an application id') });
/** Every staff role reads the queue; what each sees is narrowed by scope (workflow/scope.ts). */
const READERS: readonly Role[] = ROLES;
const DECIDERS: Role[] = ['approver', 'senior_approver', 'committee'];
/** Roles that need the legal representative's full ID number (contracts); every such read is audited. */
const FULL_ID_ROLES: Role[] = ['contract_officer'];

export function applicationRoutes(db: Database, provider: ProfileProvider) {
  const claimLapse = configuredClaimLapseMs();
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/products',
      summary: 'The product catalogue: limits, repayment methods, guarantee type, material checklist.',
      tags: ['applications'],
      access: 'authenticated',
      response: ProductListSchema,
      async handler() {
        return { items: PRODUCTS.map(productToApi), nextCursor: null, total: PRODUCTS.length };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/applications',
      summary:
        'Submit an application from a bank channel; it is screened and routed at once, and decided at once on the instant tier.',
      tags: ['applications'],
      access: ['relationship_manager', 'approver', 'senior_approver'],
      body: CreateApplicationRequestSchema,
      response: z.object({ application: ApplicationSummarySchema, decidedInstantly: z.boolean() }),
      status: 201,
      async handler({ body, user, req, reply }) {
        const key = parseIdempotencyKey(req.headers['idempotency-key']);
        const r = await idempotent(
          db,
          user.id,
          key,
          body,
          (q, answer) => createApplication(q, provider, body, user, undefined, answer),
          {
            status: 201,
          },
        );
        if (r.replayed) reply.header('Idempotent-Replayed', 'true');
        reply.header('Location', `/api/v1/applications/${r.body.application.id}`);
        return r.body;
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/applications',
      summary: 'The queue: filter, sort and page through the applications in your scope.',
      tags: ['applications'],
      access: READERS,
      query: ApplicationListQuerySchema,
      response: ApplicationListSchema,
      async handler({ query, user }) {
        // Lapsed claims are released on read — after the query is known to be good, so a refused
        // request (a bad cursor, a branch outside scope) writes nothing; then the page is read again.
        const page = await listApplications(db, user, query);
        if ((await releaseLapsedClaims(db, await readScope(db, user), claimLapse)) === 0) return page;
        return listApplications(db, user, query);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/applications/counts',
      summary: 'Open cases per tier with how many are due soon or overdue, and returned cases (queue header).',
      tags: ['applications'],
      access: READERS,
      response: QueueCountsSchema,
      async handler({ user }) {
        return queueCounts(db, user);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/applications/:id',
      summary: 'One application: profile snapshot, assessment, checklist, investigation, history. ETag = version.',
      tags: ['applications'],
      access: READERS,
      params: IdParams,
      response: ApplicationDetailSchema,
      async handler({ params, user, reply }) {
        const found = await applicationById(db, params.id);
        if (
          !found ||
          !canRead(await readScope(db, user), {
            branchId: found.branch_id,
            status: found.status,
            enterpriseId: found.enterprise_id,
          })
        ) {
          throw notFound(`No application ${params.id}.`);
        }
        const row = await releaseIfLapsed(db, found, claimLapse);
        const history = withNotes(await historyOf(db, params.id), await notesOf(db, params.id), row.status);
        const serviceOfficer = await serviceOfficerOf(db, row.enterprise_id);
        const reveal = await decideReveal(db, user, {
          roleNeedsIt: user.roles.some((r) => FULL_ID_ROLES.includes(r)),
          applicationId: params.id,
          status: row.status,
          field: 'legalRepId',
        });
        if (reveal.full) {
          await appendAudit(db, {
            actorId: user.id,
            action: 'personal_data.read',
            entityType: 'application',
            entityId: params.id,
            payload: { field: 'legalRepId' },
          });
        }
        reply.header('ETag', `"${row.version}"`);
        const withheld = reveal.full ? null : reveal.withheld;
        return {
          ...toDetail(row, history, reveal.full),
          serviceOfficer,
          // The loan a disbursed case became (the case view links to its loan page).
          loanId:
            row.status === 'disbursed'
              ? ((await db.query<{ id: string }>('SELECT id FROM loans WHERE application_id = $1', [row.id])).rows[0]
                  ?.id ?? null)
              : null,
          ...(withheld ? { legalRepIdWithheld: withheld } : {}),
        };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/applications/:id/decisions',
      summary:
        'Approve, decline, return for material, escalate, or vote. Needs If-Match (version) and Idempotency-Key.',
      tags: ['applications'],
      access: DECIDERS,
      params: IdParams,
      body: DecisionRequestSchema,
      response: DecisionResponseSchema,
      problems: {
        404: 'No such application in your scope',
        409: 'Claimed by someone else, the status does not allow it, or the approval gates are not met (gates.not_met)',
        412: 'The application changed since the version in If-Match',
        422: 'An approval without the conditions the case requires (conditions.required_missing, naming each missing item: a guarantee per guarantor, the mortgage registration, 受托支付 above the product threshold), a guaranteed product with no guarantor (conditions.guarantor_missing), or an Idempotency-Key reused for another request',
        428: 'If-Match or Idempotency-Key missing',
      },
      async handler({ params, body, user, req, reply }) {
        const key = parseIdempotencyKey(req.headers['idempotency-key']);
        const version = parseIfMatch(req.headers['if-match']);
        const r = await decide(db, user, params.id, version, key, body);
        if (r.replayed) reply.header('Idempotent-Replayed', 'true');
        reply.header('ETag', `"${r.body.application.version}"`);
        return r.body;
      },
    }),
    ...(['claim', 'release'] as const).map((verb) =>
      defineRoute({
        method: 'POST',
        url: `/api/v1/applications/:id/${verb}`,
        summary:
          verb === 'claim'
            ? 'Claim a case to work it, so no one else acts on it meanwhile: only if you could act on its tier, status and amount (403 with the reason otherwise); a claim lapses after CLAIM_LAPSE_WORKING_HOURS working hours without activity. Needs If-Match.'
            : 'Release a case you claimed. Needs If-Match.',
        tags: ['applications'],
        access: DECIDERS,
        params: IdParams,
        response: ApplicationSummarySchema,
        async handler({ params, user, req, reply }) {
          const version = parseIfMatch(req.headers['if-match']);
          const s = await setClaim(db, user, params.id, version, verb === 'claim', claimLapse);
          reply.header('ETag', `"${s.version}"`);
          return s;
        },
      }),
    ),
    defineRoute({
      method: 'POST',
      url: '/api/v1/applications/:id/force-release',
      summary:
        "Take another user's claim off a case (senior approver or supervisor), with a reason; recorded in the case history and the audit chain. Needs If-Match.",
      tags: ['applications'],
      access: ['senior_approver', 'supervisor'],
      params: IdParams,
      body: ForceReleaseRequestSchema,
      response: ApplicationSummarySchema,
      async handler({ params, body, user, req, reply }) {
        const version = parseIfMatch(req.headers['if-match']);
        const s = await forceRelease(db, user, params.id, version, body.reason);
        reply.header('ETag', `"${s.version}"`);
        return s;
      },
    }),
  ];
}
