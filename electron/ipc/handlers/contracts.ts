import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { unzipSync } from 'fflate';
import { COUNTERSIGN_MAX_BYTES } from '../../../node-shared/countersign/verify';
import type { ContractRecord } from '../../../shared/api/contracts';
import type { BatchStatus, ContractChannel } from '../../../shared/ipc/channels/contracts';
import { IpcErrorCode } from '../../../shared/ipc/transport';
import { expectationFrom, sendCountersigned, tooLargeReport, verifyForImport } from '../../contracts/countersign';
import { ContractService, contractError, type GeneratedDocument } from '../../contracts/service';
import { BankApiError } from '../../services/bank-client';
import { type FeatureHandlers, FILE_KINDS, type HandlerContext, requireToken } from '../context';

function service(ctx: HandlerContext): ContractService {
  return new ContractService({
    bank: ctx.bank,
    token: requireToken(ctx),
    dataDir: ctx.contracts?.dataDir ?? resolve(process.env.DATA_DIR ?? '.data'),
    env: process.env,
  });
}

const info = (d: GeneratedDocument) => ({
  documentId: d.documentId,
  templateId: d.templateId,
  templateVersion: d.templateVersion,
  title: d.title,
  sha256: d.sha256,
  pdfBytes: d.pdfBytes,
  pageCount: d.pageCount,
  fileName: d.fileName,
  supersedes: d.supersedes,
  record: d.record,
});

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/**
 * The case a contract document belongs to. Document ids are `HT` + the application id without its
 * `APP` prefix (bank-api/contracts/data.ts `contractIdFor`), then `-R<n>` for a later revision and the
 * template's suffix; null when the id has no such form. A wrong guess cannot widen access: the bank
 * must still list the document under that case for this user (`readableRecord`).
 */
export function caseOfDocument(documentId: string): string | null {
  const m = /^HT([A-Z0-9]{4,37})(?:-[A-Z0-9-]+)?$/.exec(documentId);
  return m ? `APP${m[1]}` : null;
}

/**
 * The access check in front of every local file of a case (issue 19): before a kept package is read,
 * the bank API is asked, as this user, for the case's contract documents (one cheap GET; the bank
 * applies its roles and branch scope). Only a document the bank lists under that case is read; a
 * refusal is the bank's own (403 for a role that may not see contracts, 404 out of scope) and nothing
 * on this workstation is touched.
 */
export async function readableRecord(
  s: ContractService,
  applicationId: string | null,
  documentId: string,
): Promise<ContractRecord> {
  if (!applicationId) {
    throw contractError('not_found', `合同 ${documentId} 不属于任何申请。 No case has a contract ${documentId}.`, 404);
  }
  const rec = (await s.list(applicationId)).find((r) => r.documentId === documentId);
  if (!rec) {
    throw contractError(
      'not_found',
      `申请 ${applicationId} 下没有合同 ${documentId}。 No contract ${documentId} for ${applicationId}.`,
      404,
    );
  }
  return rec;
}

/** Batch jobs of this process, by id (a job outlives the call that started it; the page polls). */
const jobs = new Map<string, BatchStatus>();
const MAX_JOBS = 50;

function snapshot(job: BatchStatus): BatchStatus {
  return { ...job, items: job.items.map((i) => ({ ...i, documents: [...i.documents] })) };
}

/** The contract officer's screen: queue, variables, generate, preview, export, batch. */
export const contractHandlers: FeatureHandlers<ContractChannel> = {
  async 'contracts.queue'(req, ctx) {
    return service(ctx).queue({ ...req, limit: 200 });
  },

  async 'contracts.preview'(req, ctx) {
    return service(ctx).preview(req.applicationId, req.templateIds);
  },

  async 'contracts.list'(req, ctx) {
    return { items: await service(ctx).list(req.applicationId) };
  },

  async 'contracts.generate'(req, ctx) {
    const docs = await service(ctx).generate(req);
    return { documents: docs.map(info) };
  },

  async 'contracts.pdf'(req, ctx) {
    const s = service(ctx);
    await readableRecord(s, caseOfDocument(req.documentId), req.documentId);
    const { zip } = s.packageBytes(req.documentId);
    const pdf = unzipSync(zip)[`${req.documentId}.pdf`];
    if (!pdf) throw contractError('contract.package_invalid', `The package of ${req.documentId} has no PDF.`);
    return { documentId: req.documentId, pdfBase64: b64(pdf) };
  },

  async 'contracts.export'(req, ctx) {
    const s = service(ctx);
    // The bank first: nothing is read unless it lists this document under this case for this user.
    const rec = await readableRecord(s, req.applicationId, req.documentId);
    const saveFile = ctx.saveFile;
    if (saveFile) {
      // Ask where to save first: a cancelled dialog leaves the record as it was.
      const pkg = s.packageBytes(req.documentId);
      const savedTo = await saveFile(pkg.fileName, pkg.zip, FILE_KINDS.zip);
      if (!savedTo) return { fileName: pkg.fileName, savedTo: null, zipBase64: null, record: rec };
      const e = await s.export(req.applicationId, req.documentId);
      return { fileName: e.fileName, savedTo, zipBase64: null, record: e.record };
    }
    const e = await s.export(req.applicationId, req.documentId);
    return { fileName: e.fileName, savedTo: null, zipBase64: b64(e.zip), record: e.record };
  },

  async 'contracts.importSigned'(req, ctx) {
    const s = service(ctx);
    // The bank first: the record (sealed hash and length) of a document it lists for this user.
    const rec = await readableRecord(s, req.applicationId, req.documentId);
    const expected = expectationFrom(rec, s.packageBytes(req.documentId).zip);
    let fileName = req.fileName ?? null;
    let pdf: Uint8Array;
    if (req.pdfBase64 !== undefined) {
      pdf = new Uint8Array(Buffer.from(req.pdfBase64, 'base64'));
    } else if (ctx.openFile) {
      const picked = await ctx.openFile(FILE_KINDS.pdf, COUNTERSIGN_MAX_BYTES);
      if (!picked)
        return { outcome: 'cancelled', fileName: null, verification: null, record: null, applicationStatus: null };
      fileName = picked.name;
      if (!picked.bytes) {
        const verification = tooLargeReport(picked.size);
        return { outcome: 'refused', fileName, verification, record: null, applicationStatus: null };
      }
      pdf = picked.bytes;
    } else {
      throw contractError('validation_failed', 'No file: browser mode uploads the PDF (pdfBase64).');
    }
    const verification = await verifyForImport(pdf, expected);
    if (!verification.ok) return { outcome: 'refused', fileName, verification, record: null, applicationStatus: null };
    const r = await sendCountersigned(ctx.bank, requireToken(ctx), req.documentId, req.version, pdf);
    return { outcome: 'signed', fileName, verification, record: r.contract, applicationStatus: r.applicationStatus };
  },

  async 'contracts.batch.start'(req, ctx) {
    const s = service(ctx);
    const job: BatchStatus = {
      jobId: randomUUID(),
      total: req.applicationIds.length,
      done: 0,
      failed: 0,
      finished: false,
      items: req.applicationIds.map((applicationId) => ({
        applicationId,
        state: 'pending',
        documents: [],
        error: null,
      })),
    };
    if (jobs.size >= MAX_JOBS) jobs.delete(jobs.keys().next().value as string);
    jobs.set(job.jobId, job);
    void (async () => {
      for (const item of job.items) {
        item.state = 'running';
        try {
          item.documents = (await s.generate({ applicationId: item.applicationId })).map((d) => d.documentId);
          item.state = 'done';
        } catch (e) {
          item.state = 'failed';
          item.error =
            e instanceof BankApiError
              ? { code: e.code, message: e.message }
              : { code: IpcErrorCode.internal, message: (e as Error).message };
          job.failed++;
        }
        job.done++;
      }
      job.finished = true;
    })();
    return snapshot(job);
  },

  async 'contracts.batch.status'(req) {
    const job = jobs.get(req.jobId);
    if (!job) throw contractError('not_found', 'No such batch job (the workstation may have restarted).', 404);
    return snapshot(job);
  },
};
