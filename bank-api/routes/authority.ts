import { AUTHORITY_ADMIN_ROLES } from '../../shared/api/areas';
import {
  AuthorityChangeParamsSchema,
  AuthorityChangeSchema,
  AuthorityConfirmSchema,
  AuthorityHistoryQuerySchema,
  AuthorityHistorySchema,
  AuthorityHoldersSchema,
  AuthorityProposalSchema,
  AuthorityRejectSchema,
  AuthorityWithdrawSchema,
} from '../../shared/api/authority';
import { AuthorityAdmin } from '../auth/authority-grants';
import type { Database } from '../db/database';
import { defineRoute } from '../http/routes';

/** Only supervisors administer authority (shared/api/areas.ts AREA_ROLES.authority). */
const ACCESS = AUTHORITY_ADMIN_ROLES;
const DECIDE_PROBLEMS = {
  404: 'No such authority change in your branches',
  409: 'The change is no longer pending (authority.not_pending), or its effective date has passed (authority.effective_date_passed)',
  422: 'A delegated grant is above the grantor’s own authority (authority.above_grantor) or otherwise not allowed',
};

/** Authority administration (授权管理): bank-api/auth/authority-grants.ts holds the rules. */
export function authorityRoutes(db: Database) {
  const admin = new AuthorityAdmin(db);
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/authority/users',
      summary:
        'Users in your branches who may hold an approval authority, with the matrix in force today, confirmed future grants and any proposal awaiting confirmation.',
      tags: ['authority'],
      access: ACCESS,
      response: AuthorityHoldersSchema,
      async handler({ user }) {
        return admin.holders(user);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/authority/changes',
      summary:
        'History of authority grants, changes and withdrawals in your branches (proposed, confirmed, rejected, withdrawn), newest first.',
      tags: ['authority'],
      access: ACCESS,
      query: AuthorityHistoryQuerySchema,
      response: AuthorityHistorySchema,
      async handler({ user, query }) {
        return { items: await admin.history(user, query) };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/authority/changes',
      summary:
        'Propose a grant, change or withdrawal (authority null) of a user’s authority matrix, effective today or later, with the 年度授权书 number; a second supervisor confirms it.',
      tags: ['authority'],
      access: ACCESS,
      body: AuthorityProposalSchema,
      response: AuthorityChangeSchema,
      status: 201,
      problems: {
        404: 'No such user in your branches',
        409: 'The user already has a proposal awaiting confirmation (authority.pending_exists)',
        422: 'Effective date in the past (authority.effective_date_past), above the grantor’s own authority (authority.above_grantor), or a user whose role holds no authority',
      },
      async handler({ user, body }) {
        return admin.propose(user, body);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/authority/changes/:id/confirm',
      summary:
        'Confirm a proposed change (four eyes: not by its proposer, 403 AUTH_FOUR_EYES). From its effective date it is the user’s authority.',
      tags: ['authority'],
      access: ACCESS,
      params: AuthorityChangeParamsSchema,
      body: AuthorityConfirmSchema,
      response: AuthorityChangeSchema,
      problems: DECIDE_PROBLEMS,
      async handler({ user, params, body }) {
        return admin.confirm(user, params.id, body.note);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/authority/changes/:id/reject',
      summary: 'Reject a proposed change, with the reason (four eyes: not by its proposer).',
      tags: ['authority'],
      access: ACCESS,
      params: AuthorityChangeParamsSchema,
      body: AuthorityRejectSchema,
      response: AuthorityChangeSchema,
      problems: DECIDE_PROBLEMS,
      async handler({ user, params, body }) {
        return admin.reject(user, params.id, body.reason);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/authority/changes/:id/withdraw',
      summary: 'Withdraw your own proposed change before it is confirmed (403 AUTH_NOT_PROPOSER for anyone else).',
      tags: ['authority'],
      access: ACCESS,
      params: AuthorityChangeParamsSchema,
      body: AuthorityWithdrawSchema,
      response: AuthorityChangeSchema,
      problems: DECIDE_PROBLEMS,
      async handler({ user, params, body }) {
        return admin.withdraw(user, params.id, body.reason);
      },
    }),
  ];
}
