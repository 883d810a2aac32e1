/**
 * Contract records and their status flow: generated → exported → signed, per document. Recording the
 * first contract moves the case approved → contracting; the last live document signed moves it
 * contracting → signed. A regeneration names the document it replaces, which is kept as superseded.
 * Every change writes its audit event (and the case's history and queue event through `advance`) in
 * the same transaction.
 */
import type { User } from '../../shared/api/auth';
import type {
  CaseContractStatus,
  ContractQueue,
  ContractRecord,
  ContractStatus,
  RecordContractRequest,
} from '../../shared/api/contracts';
import { getTemplate } from '../../shared/contracts/engine';
import { formatMoney } from '../../shared/money/money';
import type { Status } from '../../shared/workflow/status';
import { appendAudit } from '../audit/chain';
import type { Queryable } from '../db/database';
import { conflict, notFound, preconditionFailed, validationFailed } from '../http/problems';
import { advance } from '../workflow/advance';
import { branchScope } from '../workflow/scope';
import { CONTRACTABLE, contractIdFor, loadApplication, notApproved } from './data';

interface RecordRow {
  document_id: string;
  application_id: string;
  contract_id: string;
  revision: number;
  template_id: string;
  template_version: string;
  kind: ContractRecord['kind'];
  content_hash: string;
  pdf_sha256: string;
  pdf_bytes: number;
  signed_pdf_sha256?: string | null;
  status: ContractStatus;
  supersedes: string | null;
  superseded_by: string | null;
  generated_by: string;
  display_name?: string | null;
  generated_at: Date | string;
  updated_at: Date | string;
  version: number;
}

const SELECT_RECORD = `SELECT c.*, u.display_name FROM contracts c LEFT JOIN users u ON u.id = c.generated_by`;

function toRecord(r: RecordRow): ContractRecord {
  return {
    documentId: r.document_id,
    applicationId: r.application_id,
    contractId: r.contract_id,
    revision: r.revision,
    templateId: r.template_id,
    templateVersion: r.template_version,
    kind: r.kind,
    contentHash: r.content_hash,
    pdfSha256: r.pdf_sha256,
    pdfBytes: r.pdf_bytes,
    signedPdfSha256: r.signed_pdf_sha256 ?? null,
    status: r.status,
    supersedes: r.supersedes,
    supersededBy: r.superseded_by,
    generatedBy: r.generated_by,
    generatedByName: r.display_name ?? null,
    generatedAt: new Date(r.generated_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
    version: r.version,
  };
}

async function recordById(q: Queryable, documentId: string, forUpdate = false): Promise<RecordRow | undefined> {
  return (
    await q.query<RecordRow>(`${SELECT_RECORD} WHERE c.document_id = $1${forUpdate ? ' FOR UPDATE OF c' : ''}`, [
      documentId,
    ])
  ).rows[0];
}

/** Records a generated (bank-signed) contract document; see the module comment for the status flow. */
export async function recordContract(
  q: Queryable,
  user: User,
  body: RecordContractRequest,
  now = new Date(),
): Promise<{ contract: ContractRecord; applicationStatus: Status }> {
  const app = await loadApplication(q, user, body.applicationId, true);
  if (!CONTRACTABLE.includes(app.status)) throw notApproved(app.id, app.status);
  const template = getTemplate(body.templateId, body.templateVersion);
  checkDocumentIds(app.id, body, template);
  const live = await documentReplaced(q, app.id, body, template);
  await storeRecord(q, user, app.id, body, template, live, now);
  let status = app.status;
  if (status !== 'contracting') {
    await advance(q, app.id, 'contracting', user.id, 'contract', { documentId: body.documentId }, now);
    status = 'contracting';
  }
  return { contract: toRecord((await recordById(q, body.documentId))!), applicationStatus: status };
}

type Template = ReturnType<typeof getTemplate>;

/** The contract and document numbers must be those of this case, revision and template (else 400). */
function checkDocumentIds(applicationId: string, body: RecordContractRequest, template: Template): void {
  const expectedContract = contractIdFor(applicationId, body.revision);
  if (body.contractId !== expectedContract) {
    throw validationFailed(
      'body.contractId',
      `revision ${body.revision} of ${applicationId} is contract ${expectedContract}, not ${body.contractId}.`,
    );
  }
  const expectedDoc = template.documentSuffix ? `${expectedContract}-${template.documentSuffix}` : expectedContract;
  if (body.documentId !== expectedDoc) {
    throw validationFailed(
      'body.documentId',
      `the ${template.titleEn} of contract ${expectedContract} is document ${expectedDoc}.`,
    );
  }
}

/**
 * The live document of this template that the new one replaces (locked), or undefined for a first one.
 * Refuses (409) a document already recorded, a second live one without `supersedes`, a `supersedes`
 * naming no live document, and replacing a signed one; a regeneration must be a higher revision (400).
 */
async function documentReplaced(
  q: Queryable,
  applicationId: string,
  body: RecordContractRequest,
  template: Template,
): Promise<RecordRow | undefined> {
  if (await recordById(q, body.documentId)) {
    throw conflict(
      'contract.already_recorded',
      `合同 ${body.documentId} 已经登记过。 Document ${body.documentId} is already recorded.`,
    );
  }
  const live = (
    await q.query<RecordRow>(
      `${SELECT_RECORD} WHERE c.application_id = $1 AND c.template_id = $2 AND c.status <> 'superseded' FOR UPDATE OF c`,
      [applicationId, body.templateId],
    )
  ).rows[0];
  if (live && body.supersedes !== live.document_id) {
    throw conflict(
      'contract.exists',
      `本案已有${template.title}（${live.document_id}，状态 ${live.status}）；如需按新模板重新生成，请使用"重新生成"并注明替代的合同。 ` +
        `This case already has a live ${template.titleEn} (${live.document_id}); regenerate explicitly with supersedes.`,
      { documentId: live.document_id },
    );
  }
  if (!live && body.supersedes) {
    throw conflict(
      'contract.supersedes_unknown',
      `没有可被替代的合同 ${body.supersedes}。 ${body.supersedes} is not a live ${template.titleEn} of this case.`,
    );
  }
  if (live) {
    if (live.status === 'signed') {
      throw conflict(
        'contract.already_signed',
        `合同 ${live.document_id} 已签署，不能再被替代。 ${live.document_id} is signed and cannot be superseded.`,
      );
    }
    if (body.revision <= live.revision) {
      throw validationFailed('body.revision', `a regeneration is a new revision (above ${live.revision}).`);
    }
  }
  return live;
}

/** Inserts the new document (marking `live`, if any, superseded by it) and audits the generation. */
async function storeRecord(
  q: Queryable,
  user: User,
  applicationId: string,
  body: RecordContractRequest,
  template: Template,
  live: RecordRow | undefined,
  now: Date,
): Promise<void> {
  if (live) {
    await q.query(
      "UPDATE contracts SET status = 'superseded', updated_at = $2, version = version + 1 WHERE document_id = $1",
      [live.document_id, now.toISOString()],
    );
  }
  await q.query(
    `INSERT INTO contracts (document_id, application_id, contract_id, revision, template_id, template_version, kind,
       content_hash, pdf_sha256, pdf_bytes, status, supersedes, generated_by, generated_at, updated_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,'generated',$11,$12,$13,$13)`,
    [
      body.documentId,
      applicationId,
      body.contractId,
      body.revision,
      template.id,
      template.version,
      template.kind,
      body.contentHash,
      body.pdfSha256,
      body.pdfBytes,
      live?.document_id ?? null,
      user.id,
      now.toISOString(),
    ],
  );
  if (live) {
    await q.query('UPDATE contracts SET superseded_by = $2 WHERE document_id = $1', [
      live.document_id,
      body.documentId,
    ]);
  }
  await appendAudit(q, {
    actorId: user.id,
    action: live ? 'contract.regenerated' : 'contract.generated',
    entityType: 'contract',
    entityId: body.documentId,
    payload: {
      applicationId,
      templateId: template.id,
      templateVersion: template.version,
      contentHash: body.contentHash,
      pdfSha256: body.pdfSha256,
      supersedes: live?.document_id ?? null,
    },
    at: now,
  });
}

const NEXT: Partial<Record<ContractStatus, ContractStatus>> = { generated: 'exported', exported: 'signed' };

export const IMPORT_ROUTE = 'POST /api/v1/contracts/{documentId}/countersigned';

/** The record and its case, locked (case first, as recordContract does), at the version the caller saw. */
async function lockedAt(
  q: Queryable,
  user: User,
  documentId: string,
  version: number,
): Promise<{ rec: RecordRow; app: Awaited<ReturnType<typeof loadApplication>> }> {
  const seen = await recordById(q, documentId);
  if (!seen) throw notFound(`No contract ${documentId}.`);
  const app = await loadApplication(q, user, seen.application_id, true).catch(() => {
    throw notFound(`No contract ${documentId}.`);
  });
  const rec = (await recordById(q, documentId, true))!;
  if (rec.version !== version) {
    throw preconditionFailed(
      'version_mismatch',
      'The contract changed',
      `合同记录已被他人更新（您看到的是第 ${version} 版，现为第 ${rec.version} 版），请刷新后重试。 ` +
        `You had version ${version} of ${documentId}; it is now version ${rec.version}.`,
      { current: toRecord(rec) },
    );
  }
  return { rec, app };
}

function illegalTransition(rec: RecordRow, to: ContractStatus) {
  return conflict(
    'contract.illegal_transition',
    rec.status === 'superseded'
      ? `合同 ${rec.document_id} 已被 ${rec.superseded_by} 替代，不能再变更状态。 ${rec.document_id} was superseded by ${rec.superseded_by}.`
      : `合同 ${rec.document_id} 当前状态为 ${rec.status}，不能改为 ${to}（顺序：已生成 → 已导出 → 已签署）。 ` +
          `A ${rec.status} contract cannot become ${to}: generated → exported → signed.`,
    { from: rec.status, to },
  );
}

/**
 * Moves one document generated → exported. `signed` is refused (409 contract.import_required): a
 * document is signed only by importing the counter-signed PDF (importCountersigned).
 */
export async function setContractStatus(
  q: Queryable,
  user: User,
  documentId: string,
  version: number,
  to: 'exported' | 'signed',
  now = new Date(),
): Promise<{ contract: ContractRecord; applicationStatus: Status }> {
  if (to === 'signed') {
    throw conflict(
      'contract.import_required',
      `合同须导入客户签署后的 PDF 并通过验签才能标记为已签署（${IMPORT_ROUTE}）。 ` +
        `A contract is signed only by importing the counter-signed PDF: ${IMPORT_ROUTE}.`,
      { importRoute: IMPORT_ROUTE },
    );
  }
  const { rec, app } = await lockedAt(q, user, documentId, version);
  if (NEXT[rec.status] !== to) throw illegalTransition(rec, to);
  await q.query('UPDATE contracts SET status = $2, updated_at = $3, version = version + 1 WHERE document_id = $1', [
    documentId,
    to,
    now.toISOString(),
  ]);
  await appendAudit(q, {
    actorId: user.id,
    action: `contract.${to}`,
    entityType: 'contract',
    entityId: documentId,
    payload: { applicationId: rec.application_id, from: rec.status, to },
    at: now,
  });
  return { contract: toRecord((await recordById(q, documentId))!), applicationStatus: app.status };
}

/** What the import checks the file against: the record's sealed hash and length, and its signers. */
export interface CountersignTarget {
  documentId: string;
  applicationId: string;
  revision: number;
  templateId: string;
  templateVersion: string;
  pdfSha256: string;
  pdfBytes: number;
}

/** What the verifier said about an accepted file (node-shared/countersign's report, ok). */
export interface AcceptedCountersign {
  sha256: string;
  bytes: number;
  signatures: { fieldName: string; role: string; subject: string; serialNumber: string }[];
  report: unknown;
}

/**
 * The counter-signed PDF import: the record locked at `version`, exported (409 otherwise), `verify`
 * run on it (it throws the 422 on a bad file, and nothing changes); then the file, its signers and the
 * report are kept, the document becomes signed with the file's SHA-256, audited, and the last live
 * document signed signs the case.
 */
export async function importCountersigned(
  q: Queryable,
  user: User,
  documentId: string,
  version: number,
  pdf: Uint8Array,
  verify: (target: CountersignTarget) => Promise<AcceptedCountersign>,
  now = new Date(),
): Promise<{ contract: ContractRecord; applicationStatus: Status; accepted: AcceptedCountersign }> {
  const { rec, app } = await lockedAt(q, user, documentId, version);
  if (rec.status !== 'exported') throw illegalTransition(rec, 'signed');
  const accepted = await verify({
    documentId,
    applicationId: rec.application_id,
    revision: rec.revision,
    templateId: rec.template_id,
    templateVersion: rec.template_version,
    pdfSha256: rec.pdf_sha256,
    pdfBytes: rec.pdf_bytes,
  });
  const signers = accepted.signatures.filter((s) => s.role !== 'bank');
  await q.query(
    `INSERT INTO contract_signed_files (document_id, sha256, size_bytes, content, signers, verification, imported_by, imported_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      documentId,
      accepted.sha256,
      pdf.length,
      pdf,
      JSON.stringify(signers),
      JSON.stringify(accepted.report),
      user.id,
      now.toISOString(),
    ],
  );
  await q.query(
    `UPDATE contracts SET status = 'signed', signed_pdf_sha256 = $2, updated_at = $3, version = version + 1
     WHERE document_id = $1`,
    [documentId, accepted.sha256, now.toISOString()],
  );
  await appendAudit(q, {
    actorId: user.id,
    action: 'contract.signed',
    entityType: 'contract',
    entityId: documentId,
    payload: {
      applicationId: rec.application_id,
      from: rec.status,
      to: 'signed',
      pdfSha256: rec.pdf_sha256,
      signedPdfSha256: accepted.sha256,
      signedPdfBytes: pdf.length,
      signers: signers.map((s) => ({ fieldName: s.fieldName, subject: s.subject, serialNumber: s.serialNumber })),
    },
    at: now,
  });
  let status = app.status;
  if (status === 'contracting') {
    const open = await q.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM contracts WHERE application_id = $1 AND status IN ('generated', 'exported')",
      [rec.application_id],
    );
    if ((open.rows[0]?.n ?? 0) === 0) {
      await advance(q, rec.application_id, 'signed', user.id, 'contracts_signed', { lastDocumentId: documentId }, now);
      status = 'signed';
    }
  }
  return { contract: toRecord((await recordById(q, documentId))!), applicationStatus: status, accepted };
}

/** A case's contract documents, newest first (superseded ones too unless asked not to). */
export async function listContracts(
  q: Queryable,
  user: User,
  applicationId: string,
  includeSuperseded: boolean,
): Promise<ContractRecord[]> {
  await loadApplication(q, user, applicationId);
  const r = await q.query<RecordRow>(
    `${SELECT_RECORD} WHERE c.application_id = $1 ${includeSuperseded ? '' : "AND c.status <> 'superseded'"}
     ORDER BY c.revision DESC, c.generated_at DESC, c.document_id`,
    [applicationId],
  );
  return r.rows.map(toRecord);
}

const RANK: Record<Exclude<CaseContractStatus, 'none'>, number> = { generated: 0, exported: 1, signed: 2 };

/** Approved cases awaiting contracts in the caller's scope (view=open), or every contract-stage case (all). */
export async function contractQueue(
  q: Queryable,
  user: User,
  query: { view: 'open' | 'all'; q?: string | undefined; limit: number; cursor?: string | undefined },
): Promise<ContractQueue> {
  const scope = await branchScope(q, user);
  const statuses = query.view === 'open' ? ['approved', 'auto_approved', 'contracting'] : [...CONTRACTABLE, 'signed'];
  const where = ['a.branch_id = ANY($1)', 'a.status = ANY($2)'];
  const args: unknown[] = [scope, statuses];
  if (query.q) {
    args.push(`%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    where.push(
      `(a.enterprise_name ILIKE $${args.length} OR a.uscc ILIKE $${args.length} OR a.id ILIKE $${args.length})`,
    );
  }
  const total = (
    await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM applications a WHERE ${where.join(' AND ')}`, args)
  ).rows[0]!.n;
  if (query.cursor) {
    args.push(query.cursor);
    where.push(`a.id > $${args.length}`);
  }
  args.push(query.limit + 1);
  const rows = (
    await q.query<{
      id: string;
      enterprise_name: string;
      uscc: string;
      product_code: string;
      amount_fen: string;
      term_months: number;
      repayment_method: string;
      approved_terms: { amount?: string; termMonths?: number; repaymentMethod?: string } | null;
      status: Status;
      branch_id: string;
      decided_at: Date | string | null;
      version: number;
      statuses: ContractStatus[] | null;
    }>(
      `SELECT a.id, a.enterprise_name, a.uscc, a.product_code, a.amount_fen, a.term_months,
         a.repayment_method, a.approved_terms, a.status, a.branch_id, a.decided_at, a.version,
         (SELECT array_agg(c.status) FROM contracts c WHERE c.application_id = a.id AND c.status <> 'superseded') AS statuses
       FROM applications a WHERE ${where.join(' AND ')} ORDER BY a.id LIMIT $${args.length}`,
      args,
    )
  ).rows;
  const page = rows.slice(0, query.limit);
  return {
    items: page.map((r) => {
      const live = (r.statuses ?? []).filter((s): s is Exclude<ContractStatus, 'superseded'> => s !== 'superseded');
      const least = live.reduce<CaseContractStatus>(
        (acc, s) => (acc === 'none' || RANK[s] < RANK[acc as keyof typeof RANK] ? s : acc),
        'none',
      );
      return {
        applicationId: r.id,
        enterpriseName: r.enterprise_name,
        uscc: r.uscc,
        productCode: r.product_code,
        amount: r.approved_terms?.amount ?? formatMoney(BigInt(r.amount_fen)),
        termMonths: r.approved_terms?.termMonths ?? r.term_months,
        repaymentMethod: (r.approved_terms?.repaymentMethod ?? r.repayment_method) as never,
        status: r.status,
        branchId: r.branch_id,
        decidedAt: r.decided_at ? new Date(r.decided_at).toISOString() : null,
        version: r.version,
        contractStatus: least,
        documents: live.length,
      };
    }),
    nextCursor: rows.length > query.limit ? (page[page.length - 1]?.id ?? null) : null,
    total,
  };
}
