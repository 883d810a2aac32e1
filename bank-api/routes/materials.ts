/**
 * Materials and 补件 (the loop back), and the pre-loan investigation — issue 15 items 2 and 3.
 *
 * - A checklist item is received by upload (relationship manager: PDF, JPEG or PNG, the type checked by
 *   its content — magic bytes — never by name or declared type; size-limited by MATERIAL_MAX_BYTES,
 *   default 10 MB, a larger body refused by the route's body limit before it is read; SHA-256 recorded;
 *   the bytes kept in `materials` and only ever sent back as an attachment) or electronically (the RM or
 *   an approver: the e-licence verified through the source adapter, marked with its source).
 * - POST …/resubmit: when every item asked for at the return is in hand, returned → in_review with a
 *   new SLA clock, a history entry naming who returned it (the queue shows them it came back).
 * - PUT …/investigation: field visit by two distinct staff, video, or waived where a waiver rule allows.
 * Every route reads the case as the case read does (workflow/scope.ts): out of scope is 404, as absent.
 */
import { z } from 'zod';
import { ApplicationSummarySchema } from '../../shared/api/applications';
import type { Role, User } from '../../shared/api/auth';
import { slaDeadline } from '../../shared/calendar';
import {
  checkAnswers,
  flagsOf,
  type InvestigationRecord,
  InvestigationRecordSchema,
  InvestigationRequestSchema,
  questionnaireFor,
  waiverRuleFor,
} from '../../shared/credit/investigation';
import { getProduct } from '../../shared/credit/products';
import { SLA_BY_TIER } from '../../shared/workflow/sla';
import type { Tier } from '../../shared/workflow/status';
import { appendAudit } from '../audit/chain';
import type { Database, Queryable } from '../db/database';
import {
  checkUpload,
  DISBURSEMENT_EVIDENCE_ITEM,
  materialMaxBytes,
  sendStoredFile,
  storeUpload,
  UploadRequestSchema,
  uploadBodyLimit,
} from '../files/uploads';
import { conflict, notFound, unprocessable, validationFailed } from '../http/problems';
import { defineRoute } from '../http/routes';
import { verifyLicence } from '../sources/licence';
import { applicationById, insertDecisions } from '../workflow/applications-repo';
import { publishQueueEvent } from '../workflow/events';
import { type ApplicationRow, toSummary } from '../workflow/rows';
import { canRead, readScope } from '../workflow/scope';

const RM: readonly Role[] = ['relationship_manager'];
const RECEIVERS: readonly Role[] = ['relationship_manager', 'approver', 'senior_approver'];
const READERS: readonly Role[] = [
  'relationship_manager',
  'approver',
  'senior_approver',
  'committee',
  'supervisor',
  'contract_officer',
];

const IdParams = z.strictObject({ id: z.string().regex(/^[A-Z0-9-]{4,40}$/, 'not an application id') });
const ItemParams = z.strictObject({
  id: z.string().regex(/^[A-Z0-9-]{4,40}$/, 'not an application id'),
  code: z.string().regex(/^[A-Z0-9_]{2,40}$/, 'not a checklist item code'),
});
const MaterialParams = z.strictObject({
  id: z.string().regex(/^[A-Z0-9-]{4,40}$/, 'not an application id'),
  materialId: z.string().regex(/^[0-9]{1,15}$/, 'not a material id'),
});

export const MaterialSchema = z.object({
  id: z.string(),
  itemCode: z.string(),
  via: z.enum(['upload', 'electronic']),
  fileName: z.string().nullable(),
  mediaType: z.string().nullable(),
  sizeBytes: z.number().int().nullable(),
  sha256: z.string().nullable(),
  source: z.string().nullable(),
  sourceRef: z.record(z.string(), z.unknown()).nullable(),
  receivedBy: z.string(),
  receivedAt: z.string(),
});
export type Material = z.output<typeof MaterialSchema>;

const ReceiptSchema = z.object({
  material: MaterialSchema,
  application: ApplicationSummarySchema,
  checklist: z.array(z.record(z.string(), z.unknown())),
});

type MaterialRow = {
  id: string;
  application_id: string;
  item_code: string;
  via: 'upload' | 'electronic';
  file_name: string | null;
  media_type: string | null;
  size_bytes: string | number | null;
  sha256: string | null;
  source: string | null;
  source_ref: Record<string, unknown> | null;
  received_by: string;
  received_at: Date | string;
};
const MATERIAL_COLUMNS =
  'id, application_id, item_code, via, file_name, media_type, size_bytes, sha256, source, source_ref, received_by, received_at';

const toMaterial = (r: MaterialRow): Material => ({
  id: String(r.id),
  itemCode: r.item_code,
  via: r.via,
  fileName: r.file_name,
  mediaType: r.media_type,
  sizeBytes: r.size_bytes === null ? null : Number(r.size_bytes),
  sha256: r.sha256,
  source: r.source,
  sourceRef: r.source_ref,
  receivedBy: r.received_by,
  receivedAt: new Date(r.received_at).toISOString(),
});

/** The case as the case read sees it, or 404 (absent and out of scope alike). */
async function readable(q: Queryable, user: User, id: string, forUpdate = false): Promise<ApplicationRow> {
  const row = await applicationById(q, id, forUpdate);
  if (!row || !canRead(await readScope(q, user), { branchId: row.branch_id, status: row.status })) {
    throw notFound(`No application ${id}.`);
  }
  return row;
}

/** Material may come while the front office holds the case or before it is decided. */
const OPEN_FOR_MATERIAL = new Set(['screened', 'in_review', 'returned', 'escalated', 'committee']);

function itemOf(row: ApplicationRow, code: string) {
  const item = row.checklist.find((c) => String(c.code) === code);
  if (!item) throw notFound(`No checklist item ${code} on application ${row.id}.`);
  if (!OPEN_FOR_MATERIAL.has(row.status))
    throw conflict('material.case_closed', `Application ${row.id} is ${row.status}; it takes no more material.`);
  return item;
}

/** Marks the item received (state, how, when, by whom) and raises the version. */
async function markReceived(
  q: Queryable,
  row: ApplicationRow,
  code: string,
  m: Material,
  user: User,
): Promise<ApplicationRow> {
  const checklist = row.checklist.map((c) =>
    String(c.code) === code
      ? { ...c, state: 'received', via: m.via, materialId: m.id, receivedBy: user.id, receivedAt: m.receivedAt }
      : c,
  );
  const r = await q.query<ApplicationRow>(
    'UPDATE applications SET checklist = $2, updated_at = $3, version = version + 1 WHERE id = $1 RETURNING *',
    [row.id, JSON.stringify(checklist), m.receivedAt],
  );
  const after = r.rows[0]!;
  await appendAudit(q, {
    actorId: user.id,
    action: 'material.received',
    entityType: 'application',
    entityId: row.id,
    payload: { item: code, via: m.via, materialId: m.id, sha256: m.sha256, source: m.source },
  });
  await publishQueueEvent(q, {
    type: 'application.updated',
    id: row.id,
    status: after.status,
    tier: after.tier,
    branchId: after.branch_id,
    version: after.version,
  });
  return after;
}

export async function uploadMaterial(
  db: Database,
  user: User,
  id: string,
  code: string,
  body: { fileName: string; contentBase64: string },
  maxBytes = materialMaxBytes(),
) {
  const file = checkUpload(body, maxBytes);
  return db.tx(async (q) => {
    const row = await readable(q, user, id, true);
    itemOf(row, code);
    const stored = await storeUpload(q, id, code, file, user.id);
    const m: Material = {
      id: stored.id,
      itemCode: code,
      via: 'upload',
      fileName: file.fileName,
      mediaType: file.mediaType,
      sizeBytes: file.bytes.length,
      sha256: file.sha256,
      source: null,
      sourceRef: null,
      receivedBy: user.id,
      receivedAt: stored.receivedAt,
    };
    const after = await markReceived(q, row, code, m, user);
    return { material: m, application: toSummary(after), checklist: after.checklist };
  });
}

export async function receiveElectronically(db: Database, user: User, id: string, code: string) {
  return db.tx(async (q) => {
    const row = await readable(q, user, id, true);
    const item = itemOf(row, code);
    const product = getProduct(row.product_code);
    const mat = product.materials.find((m) => m.code === code);
    if (!(item.electronic ?? mat?.electronic))
      throw unprocessable('material.not_electronic', `Item ${code} cannot be received electronically; upload it.`);
    let source = 'e-channel';
    let sourceRef: Record<string, unknown> = { item: code };
    if (code === 'MAT_LICENCE') {
      const v = await verifyLicence(row.uscc);
      if (!v.verified)
        throw unprocessable(
          'material.licence_not_verified',
          `The e-licence for ${row.uscc} could not be verified: ${v.reason}.`,
        );
      source = v.source;
      sourceRef = { uscc: row.uscc, name: v.name, verifiedAt: v.verifiedAt, reference: v.reference };
    }
    const r = await q.query<MaterialRow>(
      `INSERT INTO materials (application_id, item_code, via, source, source_ref, received_by, received_at)
       VALUES ($1, $2, 'electronic', $3, $4, $5, now()) RETURNING ${MATERIAL_COLUMNS}`,
      [id, code, source, JSON.stringify(sourceRef), user.id],
    );
    const m = toMaterial(r.rows[0]!);
    const after = await markReceived(q, row, code, m, user);
    return { material: m, application: toSummary(after), checklist: after.checklist };
  });
}

/** Who returned the case last (its most recent return), or null. */
async function returnedBy(q: Queryable, id: string) {
  const r = await q.query<{ actor_id: string | null; payload: { items?: string[] } }>(
    `SELECT actor_id, payload FROM decisions WHERE application_id = $1 AND action = 'return' ORDER BY id DESC LIMIT 1`,
    [id],
  );
  return r.rows[0] ?? null;
}

export async function resubmit(db: Database, user: User, id: string, now = new Date()) {
  return db.tx(async (q) => {
    const row = await readable(q, user, id, true);
    if (row.status !== 'returned')
      throw conflict(
        'workflow.illegal_transition',
        `Application ${id} is ${row.status}; only a returned case is resubmitted.`,
      );
    const outstanding = row.checklist.filter((c) => c.state === 'requested' || c.state === 'pending');
    if (outstanding.length) {
      const missing = outstanding.map((c) => ({
        code: String(c.code),
        zh: String(c.name ?? c.code),
        en: String(c.nameEn ?? c.name ?? c.code),
      }));
      throw conflict(
        'resubmit.items_missing',
        `Not every item asked for is in hand; missing: ${missing.map((m) => `${m.en} (${m.code})`).join(', ')}.`,
        { missing, reasonZh: `补件未齐：${missing.map((m) => m.zh).join('、')}` },
      );
    }
    const back = await returnedBy(q, id);
    const sla = SLA_BY_TIER[row.tier as Tier];
    const due = sla ? new Date(slaDeadline(now, sla)).toISOString() : null;
    const r = await q.query<ApplicationRow>(
      `UPDATE applications SET status = 'in_review', sla_due_at = $2, updated_at = $3, assignee_id = NULL,
         version = version + 1 WHERE id = $1 RETURNING *`,
      [id, due, now.toISOString()],
    );
    const after = r.rows[0]!;
    const payload = { returnedBy: back?.actor_id ?? null, items: back?.payload.items ?? [], slaDueAt: due };
    await insertDecisions(q, [
      { applicationId: id, actorId: user.id, action: 'resubmit', from: 'returned', to: 'in_review', payload, at: now },
    ]);
    await appendAudit(q, {
      actorId: user.id,
      action: 'application.resubmit',
      entityType: 'application',
      entityId: id,
      payload: { from: 'returned', to: 'in_review', ...payload },
      at: now,
    });
    await publishQueueEvent(q, {
      type: 'application.updated',
      id,
      status: 'in_review',
      tier: after.tier,
      branchId: after.branch_id,
      version: after.version,
    });
    return { application: toSummary(after, now.getTime()), returnedBy: payload.returnedBy };
  });
}

export async function recordInvestigation(
  db: Database,
  user: User,
  id: string,
  body: z.output<typeof InvestigationRequestSchema>,
  now = new Date(),
) {
  return db.tx(async (q) => {
    const row = await readable(q, user, id, true);
    if (!OPEN_FOR_MATERIAL.has(row.status))
      throw conflict('investigation.case_closed', `Application ${id} is ${row.status}; its investigation is closed.`);
    const qn = questionnaireFor(row.product_code);
    const base = { recordedBy: user.id, recordedAt: now.toISOString(), date: now.toISOString().slice(0, 10) };
    let record: InvestigationRecord;
    if (body.kind === 'waived') {
      const routed = String((row.routing as { tier?: string }).tier ?? row.tier);
      const rule = waiverRuleFor({
        tier: routed === row.tier ? row.tier : routed,
        guaranteeType: getProduct(row.product_code).guaranteeType,
        grade: row.grade,
      });
      if (!rule || row.tier !== 'fast')
        throw unprocessable(
          'investigation.waiver_not_allowed',
          `No waiver rule allows this case to go without an investigation (tier ${row.tier}, grade ${row.grade ?? '—'}, product ${row.product_code}).`,
          { reasonZh: '该案件不满足免调查规则，须实地或视频调查' },
        );
      record = {
        ...base,
        kind: 'waived',
        investigators: [user.id],
        summary: body.summary ?? rule.text.zh,
        waiver: { ruleId: rule.id, zh: rule.text.zh, en: rule.text.en },
      };
    } else {
      const bad = checkAnswers(qn, body.answers);
      if (bad) throw validationFailed(`body.${bad.field}`, bad.reason);
      const flags = flagsOf(qn, body.answers);
      const questionnaire = { id: qn.id, version: qn.version };
      if (body.kind === 'field_visit') {
        if (body.secondInvestigator === user.id)
          throw validationFailed('body.secondInvestigator', 'a field visit takes two distinct staff (双人调查)');
        const other = await q.query<{ id: string }>('SELECT id FROM users WHERE id = $1 AND active', [
          body.secondInvestigator,
        ]);
        if (!other.rows[0]) throw validationFailed('body.secondInvestigator', 'no such active user');
        record = {
          ...base,
          kind: 'field_visit',
          date: body.date,
          investigators: [user.id, body.secondInvestigator],
          summary: body.summary,
          questionnaire,
          answers: body.answers,
          flags,
        };
      } else {
        if (Date.parse(body.endedAt) <= Date.parse(body.startedAt))
          throw validationFailed('body.endedAt', 'the call ends after it starts');
        record = {
          ...base,
          kind: 'video',
          date: body.startedAt.slice(0, 10),
          investigators: [user.id],
          summary: body.summary,
          questionnaire,
          answers: body.answers,
          flags,
          video: {
            participants: body.participants,
            startedAt: body.startedAt,
            endedAt: body.endedAt,
            recordingRef: body.recordingRef,
          },
        };
      }
    }
    const r = await q.query<ApplicationRow>(
      `UPDATE applications SET investigation = $2, investigated_by = $3, updated_at = $4, version = version + 1
       WHERE id = $1 RETURNING *`,
      [id, JSON.stringify(record), user.id, now.toISOString()],
    );
    const after = r.rows[0]!;
    await appendAudit(q, {
      actorId: user.id,
      action: 'investigation.recorded',
      entityType: 'application',
      entityId: id,
      payload: { kind: record.kind, investigators: record.investigators, flags: (record.flags ?? []).length },
      at: now,
    });
    await publishQueueEvent(q, {
      type: 'application.updated',
      id,
      status: after.status,
      tier: after.tier,
      branchId: after.branch_id,
      version: after.version,
    });
    return { application: toSummary(after, now.getTime()), investigation: record };
  });
}

export function materialRoutes(db: Database) {
  const maxBytes = materialMaxBytes();
  return [
    defineRoute({
      method: 'POST',
      url: '/api/v1/applications/:id/materials/:code/upload',
      summary:
        'Upload a checklist item (relationship manager): PDF, JPEG or PNG checked by content, base64 in JSON, at most MATERIAL_MAX_BYTES (default 10 MB); SHA-256 recorded; the item is marked received.',
      tags: ['applications'],
      access: RM,
      params: ItemParams,
      body: UploadRequestSchema,
      response: ReceiptSchema,
      status: 201,
      // A larger body is refused before it is read.
      bodyLimit: uploadBodyLimit(maxBytes),
      problems: {
        404: 'No such case in your scope, or no such item on its checklist.',
        409: 'The case is closed to material.',
        413: 'The file (or the request body) is larger than allowed.',
        415: 'The content is not a PDF, JPEG or PNG.',
        422: "The file name's extension does not match its content.",
      },
      async handler({ params, body, user }) {
        return uploadMaterial(db, user, params.id, params.code, body, maxBytes);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/applications/:id/materials/:code/receive',
      summary:
        'Receive a checklist item electronically (relationship manager or approver): the e-licence verified through the source adapter; marked with its source.',
      tags: ['applications'],
      access: RECEIVERS,
      params: ItemParams,
      response: ReceiptSchema,
      status: 201,
      problems: {
        404: 'No such case in your scope, or no such item on its checklist.',
        409: 'The case is closed to material.',
        422: 'The item is not an electronic one, or the e-licence could not be verified.',
      },
      async handler({ params, user }) {
        return receiveElectronically(db, user, params.id, params.code);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/applications/:id/materials',
      summary: "A case's checklist materials received (scope as the case read); no file content.",
      tags: ['applications'],
      access: READERS,
      params: IdParams,
      response: z.object({ items: z.array(MaterialSchema), nextCursor: z.null(), total: z.number().int() }),
      problems: { 404: 'No such case in your scope.' },
      async handler({ params, user }) {
        await readable(db, user, params.id);
        const r = await db.query<MaterialRow>(
          `SELECT ${MATERIAL_COLUMNS} FROM materials WHERE application_id = $1 AND item_code <> $2 ORDER BY id`,
          [params.id, DISBURSEMENT_EVIDENCE_ITEM],
        );
        const items = r.rows.map(toMaterial);
        return { items, nextCursor: null, total: items.length };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/applications/:id/materials/:materialId',
      summary: 'Download one uploaded file as an attachment (scope as the case read); never rendered by the bank API.',
      tags: ['applications'],
      access: READERS,
      params: MaterialParams,
      response: z.custom<Buffer>((v) => v instanceof Uint8Array, 'file bytes'),
      produces: 'application/octet-stream',
      problems: { 404: 'No such case in your scope, or no such uploaded file on it.' },
      async handler({ params, user, reply }) {
        await readable(db, user, params.id);
        const r = await db.query<MaterialRow & { content: Uint8Array | null }>(
          `SELECT ${MATERIAL_COLUMNS}, content FROM materials WHERE application_id = $1 AND id = $2`,
          [params.id, params.materialId],
        );
        const m = r.rows[0];
        if (!m?.content) throw notFound(`No uploaded file ${params.materialId} on application ${params.id}.`);
        return sendStoredFile(reply, { ...m, content: m.content });
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/applications/:id/resubmit',
      summary:
        '补件: resubmit a returned case (relationship manager) once every item asked for is in hand: returned → in_review with a new SLA clock; the approver who returned it sees it come back.',
      tags: ['applications'],
      access: RM,
      params: IdParams,
      response: z.object({ application: ApplicationSummarySchema, returnedBy: z.string().nullable() }),
      problems: {
        404: 'No such case in your scope.',
        409: 'The case is not returned, or items asked for are still missing (named).',
      },
      async handler({ params, user }) {
        return resubmit(db, user, params.id);
      },
    }),
    defineRoute({
      method: 'PUT',
      url: '/api/v1/applications/:id/investigation',
      summary:
        'Record the pre-loan investigation (贷前调查): field visit by two distinct staff, video, or waived where a waiver rule allows; answers checked against the product questionnaire; the investigators may not approve the case.',
      tags: ['applications'],
      access: RM,
      params: IdParams,
      body: InvestigationRequestSchema,
      response: z.object({ application: ApplicationSummarySchema, investigation: InvestigationRecordSchema }),
      problems: {
        404: 'No such case in your scope.',
        409: 'The case is closed.',
        422: 'A waiver no rule allows.',
      },
      async handler({ params, body, user }) {
        return recordInvestigation(db, user, params.id, body);
      },
    }),
  ];
}
