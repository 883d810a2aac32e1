import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { unzipSync } from 'fflate';
import type { BatchStatus, ContractChannel } from '../../../shared/ipc/channels/contracts';
import { IpcErrorCode } from '../../../shared/ipc/transport';
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
    const { zip } = service(ctx).packageBytes(req.documentId);
    const pdf = unzipSync(zip)[`${req.documentId}.pdf`];
    if (!pdf) throw contractError('contract.package_invalid', `The package of ${req.documentId} has no PDF.`);
    return { documentId: req.documentId, pdfBase64: b64(pdf) };
  },

  async 'contracts.export'(req, ctx) {
    const s = service(ctx);
    const saveFile = ctx.saveFile;
    if (saveFile) {
      // Ask first: a cancelled dialog leaves the record as it was.
      const pkg = s.packageBytes(req.documentId);
      const savedTo = await saveFile(pkg.fileName, pkg.zip, FILE_KINDS.zip);
      if (!savedTo) {
        const rec = (await s.list(req.applicationId)).find((r) => r.documentId === req.documentId);
        if (!rec) throw contractError('not_found', `No contract ${req.documentId}.`, 404);
        return { fileName: pkg.fileName, savedTo: null, zipBase64: null, record: rec };
      }
      const e = await s.export(req.applicationId, req.documentId);
      return { fileName: e.fileName, savedTo, zipBase64: null, record: e.record };
    }
    const e = await s.export(req.applicationId, req.documentId);
    return { fileName: e.fileName, savedTo: null, zipBase64: b64(e.zip), record: e.record };
  },

  async 'contracts.markSigned'(req, ctx) {
    const r = await service(ctx).setStatus(req.documentId, req.version, 'signed');
    return { record: r.contract, applicationStatus: r.applicationStatus };
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
