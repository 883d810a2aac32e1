import { z } from 'zod';
import {
  COMPARE_ROLES,
  CompareQuerySchema,
  CompareSchema,
  EnterpriseIdSchema,
  EnterpriseListSchema,
  EnterpriseSearchQuerySchema,
  PeersQuerySchema,
  PeersSchema,
} from '../../shared/api/enterprises';
import { closestPeers, compareEnterprises, searchEnterprises } from '../dashboards/compare';
import type { Database } from '../db/database';
import { defineRoute } from '../http/routes';

export function enterpriseRoutes(db: Database) {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/enterprises',
      summary: 'Find enterprises in your scope by name or unified social credit code.',
      tags: ['enterprises'],
      access: COMPARE_ROLES,
      query: EnterpriseSearchQuerySchema,
      response: EnterpriseListSchema,
      async handler({ query, user }) {
        return searchEnterprises(db, user, query.q, query.limit);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/enterprises/compare',
      summary:
        'Compare 2–4 enterprises side by side: aligned metrics with percentiles within industry and size class, score and reasons, trends, data dates.',
      tags: ['enterprises'],
      access: COMPARE_ROLES,
      query: CompareQuerySchema,
      response: CompareSchema,
      async handler({ query, user }) {
        return compareEnterprises(db, user, query.ids);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/enterprises/:id/peers',
      summary: 'The closest peers of an enterprise: same industry and size class, nearest annual sales, in your scope.',
      tags: ['enterprises'],
      access: COMPARE_ROLES,
      params: z.strictObject({ id: EnterpriseIdSchema }),
      query: PeersQuerySchema,
      response: PeersSchema,
      async handler({ params, query, user }) {
        return closestPeers(db, user, params.id, query.limit);
      },
    }),
  ];
}
