import { z } from 'zod';
import { CONTRACT_READ_ROLES, CONTRACT_WRITE_ROLES } from '../../shared/api/areas';
import {
  ContractDataQuerySchema,
  ContractDataResponseSchema,
  ContractListQuerySchema,
  ContractListSchema,
  ContractQueueQuerySchema,
  ContractQueueSchema,
  ContractStatusRequestSchema,
  ContractStatusResponseSchema,
  DocumentIdSchema,
  RecordContractRequestSchema,
  RecordContractResponseSchema,
} from '../../shared/api/contracts';
import { buildContractData } from '../contracts/data';
import { type ContractPartySource, sandboxContractParties } from '../contracts/parties';
import { contractQueue, listContracts, recordContract, setContractStatus } from '../contracts/records';
import type { Database } from '../db/database';
import { idempotent } from '../http/idempotency';
import { parseIdempotencyKey, parseIfMatch } from '../http/preconditions';
import { defineRoute } from '../http/routes';

const IdParams = z.strictObject({ id: z.string().regex(/^[A-Z0-9-]{4,40}$/, 'not an application id') });
const DocParams = z.strictObject({ documentId: DocumentIdSchema });

/** Contract records (issue 6): the contract officer's queue, contract data, records and their status. */
export function contractRoutes(db: Database, parties: ContractPartySource = sandboxContractParties()) {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/contracts/queue',
      summary: 'Approved cases awaiting contracts in your scope, with where their contracts stand.',
      tags: ['contracts'],
      access: CONTRACT_READ_ROLES,
      query: ContractQueueQuerySchema,
      response: ContractQueueSchema,
      async handler({ query, user }) {
        return contractQueue(db, user, query);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/applications/:id/contract-data',
      summary:
        'Everything the contract templates print for an approved case, with sources and what is missing. 409 when not approved.',
      tags: ['contracts'],
      access: CONTRACT_WRITE_ROLES,
      params: IdParams,
      query: ContractDataQuerySchema,
      response: ContractDataResponseSchema,
      async handler({ params, query, user }) {
        // A transaction: the audit event of the personal-data read commits with the answer or not at all.
        return db.tx((q) => buildContractData(q, user, parties, params.id, query.revision));
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/contracts',
      summary:
        'Record a generated, bank-signed contract document; moves the case to contracting. Needs Idempotency-Key; a regeneration names `supersedes`.',
      tags: ['contracts'],
      access: CONTRACT_WRITE_ROLES,
      body: RecordContractRequestSchema,
      response: RecordContractResponseSchema,
      status: 201,
      async handler({ body, user, req, reply }) {
        const key = parseIdempotencyKey(req.headers['idempotency-key']);
        const r = await idempotent(db, user.id, key, body, (q) => recordContract(q, user, body), {
          status: 201,
        });
        if (r.replayed) reply.header('Idempotent-Replayed', 'true');
        reply.header('ETag', `"${r.body.contract.version}"`);
        reply.header('Location', `/api/v1/contracts?applicationId=${r.body.contract.applicationId}`);
        return r.body;
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/contracts/:documentId/status',
      summary:
        'Move a contract document on: generated → exported → signed. Needs If-Match (the record version); the last one signed signs the case.',
      tags: ['contracts'],
      access: CONTRACT_WRITE_ROLES,
      params: DocParams,
      body: ContractStatusRequestSchema,
      response: ContractStatusResponseSchema,
      async handler({ params, body, user, req, reply }) {
        const version = parseIfMatch(req.headers['if-match']);
        const r = await db.tx((q) => setContractStatus(q, user, params.documentId, version, body.status));
        reply.header('ETag', `"${r.contract.version}"`);
        return r;
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/contracts',
      summary: "A case's contract documents, newest revision first, superseded ones included.",
      tags: ['contracts'],
      access: CONTRACT_READ_ROLES,
      query: ContractListQuerySchema,
      response: ContractListSchema,
      async handler({ query, user }) {
        const items = await listContracts(db, user, query.applicationId, query.includeSuperseded === 'true');
        return { items, nextCursor: null, total: items.length };
      },
    }),
  ];
}
