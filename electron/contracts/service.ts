/**
 * The contract officer's workflow in main (plain Node), shared by the screen and the CLI: fetch the
 * contract data of an approved case from the bank API → generate, sign and package each contract with
 * the engine → record each at the bank → keep the packages. Everything is generated in memory first,
 * so a refusal (missing data, bad seal, unknown template) leaves no record and no file behind.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ContractDataResponse, ContractQueue, ContractRecord, ContractStatus } from '../../shared/api/contracts';
import { bankApi } from '../../shared/api/paths';
import { type ContractTemplate, getTemplate, parseContractData } from '../../shared/contracts/index.js';
import { DomainError } from '../../shared/errors';
import { BankHeader, etag } from '../../shared/ipc/transport';
import { BankApiError, type BankClient } from '../services/bank-client';
import { prepareContractFont } from './contract-font.js';
import {
  generateSignedPackage,
  loadSeal,
  previewVariables,
  type SealCredentials,
  sealConfigFromEnv,
  writeExportPackage,
} from './index.js';

export interface ContractServiceOptions {
  bank: BankClient;
  token: string;
  /** Where packages are kept (`<dataDir>/contracts/`) and the sandbox seal lives (`<dataDir>/sandbox-seal/`). */
  dataDir: string;
  /** SEAL_P12_PATH / SEAL_P12_PASSPHRASE come from here. */
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
}

export interface VariablePreview {
  templateId: string;
  templateVersion: string;
  title: string;
  titleEn: string;
  variables: { name: string; label: string; labelEn: string; value: string; source: string }[];
}

export interface CasePreview {
  applicationId: string;
  revision: number;
  templateIds: string[];
  missing: ContractDataResponse['missing'];
  /** Values not taken from the application itself (field → source), e.g. the sandbox party register. */
  sources: ContractDataResponse['sources'];
  templates: VariablePreview[];
}

export interface GeneratedDocument {
  documentId: string;
  contractId: string;
  templateId: string;
  templateVersion: string;
  title: string;
  contentHash: string;
  sha256: string;
  pdfBytes: number;
  pageCount: number;
  /** Where the package (zip) was written. */
  path: string;
  fileName: string;
  supersedes: string | null;
  record: ContractRecord;
  signedPdf: Uint8Array;
}

export interface GenerateRequest {
  applicationId: string;
  /** Which templates (default: every one the case needs). */
  templateIds?: string[];
  /** An explicit regeneration: a new revision superseding the live documents (kept at the bank). */
  regenerate?: boolean;
  /** Also write the packages here (the CLI's --out); they are always kept under dataDir. */
  outDir?: string;
}

/** A refusal the officer can act on; crosses IPC and the CLI with its code. */
export function contractError(code: string, message: string, status = 400): BankApiError {
  return new BankApiError(code, message, status);
}

function asOfficerError(e: unknown): unknown {
  if (e instanceof DomainError) return contractError(e.code, e.message, 400);
  return e;
}

const idempotencyKey = (...parts: string[]) =>
  `ct-${createHash('sha256').update(parts.join('\u241f')).digest('hex').slice(0, 40)}`;

export class ContractService {
  private seal: Promise<SealCredentials> | null = null;
  private readonly now: () => Date;

  constructor(private readonly o: ContractServiceOptions) {
    this.now = o.now ?? (() => new Date());
  }

  /** Where the workstation keeps generated packages. */
  get packagesDir(): string {
    return join(this.o.dataDir, 'contracts');
  }

  queue(query: { view?: 'open' | 'all'; q?: string; limit?: number; cursor?: string } = {}): Promise<ContractQueue> {
    const given = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== ''));
    return this.o.bank.call(bankApi.contractQueue, { query: given, token: this.o.token });
  }

  contractData(applicationId: string, revision?: number): Promise<ContractDataResponse> {
    return this.o.bank.call(bankApi.contractData, {
      params: { id: applicationId },
      query: revision ? { revision } : {},
      token: this.o.token,
    });
  }

  async list(applicationId: string): Promise<ContractRecord[]> {
    const r = await this.o.bank.call(bankApi.contracts, { query: { applicationId }, token: this.o.token });
    return r.items;
  }

  /** The bank seal, loaded and checked once (a wrong passphrase or expired certificate is refused here). */
  private loadSeal(bankName: string): Promise<SealCredentials> {
    // The settings are read inside the promise, so a bad custody switch is refused like a bad seal.
    this.seal ??= (async () =>
      loadSeal({ ...sealConfigFromEnv(this.o.env ?? process.env, this.o.dataDir), bankName }))().catch((e) => {
      this.seal = null;
      throw asOfficerError(e);
    });
    return this.seal;
  }

  private refuseMissing(d: ContractDataResponse) {
    if (d.missing.length === 0) return;
    throw contractError(
      'CONTRACT_VARIABLE_MISSING',
      `申请 ${d.applicationId} 缺少生成合同所需的信息：${d.missing.map((m) => m.labelZh).join('、')}，请补全后重试。 ` +
        `Missing for ${d.applicationId}: ${d.missing.map((m) => m.labelEn).join(', ')}.`,
      422,
    );
  }

  private templatesOf(d: ContractDataResponse, ids?: string[]): ContractTemplate[] {
    const wanted = ids?.length ? ids : d.templateIds;
    for (const id of wanted) {
      if (!d.templateIds.includes(id)) {
        throw contractError(
          'CONTRACT_TEMPLATE_NOT_APPLICABLE',
          `模板 ${id} 不适用于申请 ${d.applicationId}（本案适用：${d.templateIds.join('、')}）。 ` +
            `Template ${id} does not apply to ${d.applicationId}.`,
        );
      }
    }
    const onDate = String((d.data as { signing?: { date?: string } }).signing?.date ?? '');
    try {
      return wanted.map((id) => getTemplate(id, undefined, onDate || undefined));
    } catch (e) {
      throw asOfficerError(e);
    }
  }

  /** Every variable each contract will print, with its value and source. */
  async preview(applicationId: string, templateIds?: string[]): Promise<CasePreview> {
    const d = await this.contractData(applicationId);
    const base = {
      applicationId,
      revision: d.revision,
      templateIds: d.templateIds,
      missing: d.missing,
      sources: d.sources,
    };
    if (d.missing.length > 0) return { ...base, templates: [] };
    try {
      const templates = this.templatesOf(d, templateIds).map((t) => ({
        templateId: t.id,
        templateVersion: t.version,
        title: t.title,
        titleEn: t.titleEn,
        variables: previewVariables(d.data, t).map((v) => {
          const noted = d.sources.find(
            (s) =>
              s.field === v.name ||
              (/^(guarantors|collateral)\./.test(v.name) && s.field.split('.')[0] === v.name.split('.')[0]),
          );
          return { ...v, source: noted ? `${v.source} (${noted.source})` : v.source };
        }),
      }));
      return { ...base, templates };
    } catch (e) {
      throw asOfficerError(e);
    }
  }

  /**
   * Generates, signs, records and keeps the contracts of one case. A case that already has live
   * contracts is refused unless `regenerate` says to supersede them with a new revision.
   */
  async generate(req: GenerateRequest): Promise<GeneratedDocument[]> {
    const existing = (await this.list(req.applicationId)).filter((r) => r.status !== 'superseded');
    const current = await this.contractData(req.applicationId);
    const d =
      req.regenerate && existing.length > 0
        ? await this.contractData(req.applicationId, current.revision + 1)
        : current;
    this.refuseMissing(d);
    const templates = this.templatesOf(d, req.templateIds);
    const liveOf = new Map(existing.map((r) => [r.templateId, r]));
    if (!req.regenerate) {
      const clash = templates.map((t) => liveOf.get(t.id)).filter((r): r is ContractRecord => !!r);
      if (clash.length > 0) {
        throw contractError(
          'contract.exists',
          `申请 ${req.applicationId} 已有合同 ${clash.map((c) => c.documentId).join('、')}；如需按新模板版本重新生成，请使用"重新生成"。 ` +
            `${req.applicationId} already has ${clash.map((c) => c.documentId).join(', ')}; regenerate explicitly.`,
          409,
        );
      }
    } else {
      const signed = templates.map((t) => liveOf.get(t.id)).filter((r) => r?.status === 'signed');
      if (signed.length > 0) {
        throw contractError(
          'contract.already_signed',
          `合同 ${signed.map((s) => s!.documentId).join('、')} 已签署，不能重新生成。 Signed contracts cannot be regenerated.`,
          409,
        );
      }
    }

    let data: ReturnType<typeof parseContractData>;
    try {
      data = parseContractData(d.data);
    } catch (e) {
      throw asOfficerError(e);
    }
    const seal = await this.loadSeal(data.bank.name);
    // The contract font's working base, built once per process on the first generation (0.3–1.2 s of
    // CPU): every contract after it is subset from the base, byte for byte the same as from the full
    // font and 1.2–2× faster (contract-font.ts; `BENCH=contracts npm run bench` measures this path).
    await prepareContractFont();
    const generatedAt = this.now();
    // 1. Everything in memory: any refusal here leaves nothing behind.
    const made = [];
    for (const template of templates) {
      try {
        made.push({ template, r: await generateSignedPackage({ data, template, seal, generatedAt }) });
      } catch (e) {
        throw asOfficerError(e);
      }
    }
    // The folders exist before anything is recorded, so a recorded contract always gets its file.
    mkdirSync(this.packagesDir, { recursive: true });
    if (req.outDir) mkdirSync(req.outDir, { recursive: true });
    // 2. Recorded at the bank (idempotent: a retry of the same bytes records once), 3. then kept.
    const out: GeneratedDocument[] = [];
    for (const { template, r } of made) {
      const supersedes = req.regenerate ? (liveOf.get(template.id)?.documentId ?? null) : null;
      const body = {
        documentId: r.rendered.documentId,
        applicationId: req.applicationId,
        contractId: data.contractId,
        revision: d.revision,
        templateId: template.id,
        templateVersion: template.version,
        contentHash: r.rendered.contentHash,
        pdfSha256: r.sha256,
        pdfBytes: r.signedPdf.length,
        ...(supersedes ? { supersedes } : {}),
      };
      const rec = await this.o.bank.call(bankApi.recordContract, {
        token: this.o.token,
        body,
        headers: { [BankHeader.idempotencyKey]: idempotencyKey(body.documentId, body.pdfSha256) },
      });
      const path = writeExportPackage(this.packagesDir, r.package);
      if (req.outDir) writeExportPackage(req.outDir, r.package);
      out.push({
        documentId: body.documentId,
        contractId: data.contractId,
        templateId: template.id,
        templateVersion: template.version,
        title: template.title,
        contentHash: body.contentHash,
        sha256: r.sha256,
        pdfBytes: r.signedPdf.length,
        pageCount: r.rendered.pageCount,
        path: req.outDir ? join(req.outDir, r.package.fileName) : path,
        fileName: r.package.fileName,
        supersedes,
        record: rec.contract,
        signedPdf: r.signedPdf,
      });
    }
    return out;
  }

  /** The kept package of a document (as generated and recorded), or a clear refusal. */
  packageBytes(documentId: string): { fileName: string; zip: Uint8Array } {
    if (!/^[A-Z0-9-]{4,80}$/.test(documentId)) throw contractError('validation_failed', 'Not a document id.');
    const fileName = `${documentId}.zip`;
    const path = join(this.packagesDir, fileName);
    if (!existsSync(path)) {
      throw contractError(
        'contract.package_missing',
        `本机未找到合同 ${documentId} 的导出包（可能在其他电脑生成），请重新生成。 The package of ${documentId} is not on this workstation; regenerate it.`,
        404,
      );
    }
    return { fileName, zip: new Uint8Array(readFileSync(path)) };
  }

  /** Moves a document on at the bank (generated → exported → signed). */
  async setStatus(documentId: string, version: number, status: Exclude<ContractStatus, 'generated' | 'superseded'>) {
    return this.o.bank.call(bankApi.contractStatus, {
      params: { documentId },
      token: this.o.token,
      body: { status },
      headers: { [BankHeader.ifMatch]: etag(version) },
    });
  }

  /** Export: the kept package, and the record marked exported (a record already exported or signed stays). */
  async export(applicationId: string, documentId: string) {
    const pkg = this.packageBytes(documentId);
    const rec = (await this.list(applicationId)).find((r) => r.documentId === documentId);
    if (!rec) throw contractError('not_found', `No contract ${documentId} for ${applicationId}.`, 404);
    if (rec.status === 'superseded') {
      throw contractError(
        'contract.superseded',
        `合同 ${documentId} 已被 ${rec.supersededBy} 替代，请导出新版本。 ${documentId} was superseded by ${rec.supersededBy}.`,
        409,
      );
    }
    const record =
      rec.status === 'generated' ? (await this.setStatus(documentId, rec.version, 'exported')).contract : rec;
    return { ...pkg, record };
  }
}
