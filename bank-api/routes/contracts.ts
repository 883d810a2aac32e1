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
import {
  COUNTERSIGNED_MAX_BASE64,
  ImportCountersignedRequestSchema,
  ImportCountersignedResponseSchema,
} from '../../shared/api/countersign';
import { bankVerifier } from '../contracts/countersign';
import { buildContractData } from '../contracts/data';
import { type ContractPartySource, sandboxContractParties } from '../contracts/parties';
import {
  contractQueue,
  importCountersigned,
  listContracts,
  recordContract,
  setContractStatus,
} from '../contracts/records';
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
        'Move a contract document on: generated → exported. Needs If-Match (the record version). `signed` is refused (409 contract.import_required): import the counter-signed PDF with POST /api/v1/contracts/{documentId}/countersigned.',
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
      method: 'POST',
      url: '/api/v1/contracts/:documentId/countersigned',
      summary:
        'Import the counter-signed PDF returned by the e-signature platform (base64, at most 20 MiB): verified here against the sealed original (SHA-256), the bank seal, every party signature (CMS over its ByteRange, certificate subject vs the party) and signature-only updates; then kept, and the document signed with its hash (the last one signed signs the case). Needs If-Match (the record version).',
      tags: ['contracts'],
      access: CONTRACT_WRITE_ROLES,
      params: DocParams,
      body: ImportCountersignedRequestSchema,
      response: ImportCountersignedResponseSchema,
      bodyLimit: COUNTERSIGNED_MAX_BASE64 + 4096,
      problems: {
        404: 'No such contract document in your scope.',
        409: 'The document is not exported (or superseded or already signed).',
        412: 'The contract record changed since you read it (If-Match).',
        413: 'The request body is larger than allowed.',
        422: 'The file failed verification: `reason` is the code (not_pdf, encrypted, original_altered, bank_signature_invalid, bank_only, signer_missing, signer_signature_invalid, signer_mismatch, update_not_signature_only…), `checks` every check.',
        428: 'If-Match is missing.',
      },
      async handler({ params, body, user, req, reply }) {
        const version = parseIfMatch(req.headers['if-match']);
        const pdf = new Uint8Array(Buffer.from(body.pdfBase64, 'base64'));
        const r = await db.tx((q) =>
          importCountersigned(q, user, params.documentId, version, pdf, bankVerifier(q, user, parties, pdf)),
        );
        reply.header('ETag', `"${r.contract.version}"`);
        return {
          contract: r.contract,
          applicationStatus: r.applicationStatus,
          verification: r.accepted.report as never,
        };
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
