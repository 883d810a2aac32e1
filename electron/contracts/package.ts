/**
 * The e-signature export package: one zip per contract document with the bank-signed PDF, a
 * manifest.json (IDs, template, SHA-256 of the PDF, signers in order with their field positions)
 * and the repayment schedule as CSV (UTF-8 with BOM, so Excel shows the Chinese headers).
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { type ContractData, maskIdentifier } from '../../shared/contracts/index.js';
import { writeFileAtomic } from './atomic.js';
import type { RenderedContract, SignatureField } from './render.js';

export const MANIFEST_FORMAT = 'sme-credit-workstation/contract-package@1';

export interface ManifestSigner {
  order: number;
  role: SignatureField['role'];
  label: string;
  name: string;
  /** A USCC in full (it is public); a person's ID number masked. */
  identifier: string;
  identifierKind: SignatureField['identifierKind'];
  fieldName: string;
  page: number;
  rect: [number, number, number, number];
  status: 'signed' | 'pending';
}

export interface ExportManifest {
  format: typeof MANIFEST_FORMAT;
  contractId: string;
  applicationId: string;
  documentId: string;
  templateId: string;
  templateVersion: string;
  contentHash: string;
  pdf: { file: string; sha256: string; bytes: number; pages: number };
  schedule: { file: string; rows: number } | null;
  /** How `page` and `rect` of each signer are to be read. */
  coordinates: 'PDF points (1/72 inch), origin at the bottom-left of the page, rect = [x1, y1, x2, y2], page 1-based';
  signers: ManifestSigner[];
  generatedAt: string;
}

export interface ExportPackage {
  fileName: string;
  zip: Uint8Array;
  manifest: ExportManifest;
}

const CSV_HEADER = ['期数', '还款日', '应还本金', '应还利息', '应还本息合计', '剩余本金'];

/** The schedule as CSV: UTF-8 with BOM and CRLF, amounts as plain decimals (no thousands separators). */
export function scheduleCsv(data: ContractData): string {
  const rows = data.schedule.map((r) => [r.period, r.dueDate, r.principal, r.interest, r.payment, r.balance].join(','));
  return `\uFEFF${[CSV_HEADER.join(','), ...rows].join('\r\n')}\r\n`;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function buildExportPackage(input: {
  data: ContractData;
  rendered: RenderedContract;
  signedPdf: Uint8Array;
  generatedAt?: Date;
}): ExportPackage {
  const { data, rendered, signedPdf } = input;
  const pdfFile = `${rendered.documentId}.pdf`;
  const withSchedule = rendered.templateId.startsWith('loan.');
  const manifest: ExportManifest = {
    format: MANIFEST_FORMAT,
    contractId: data.contractId,
    applicationId: data.applicationId,
    documentId: rendered.documentId,
    templateId: rendered.templateId,
    templateVersion: rendered.templateVersion,
    contentHash: rendered.contentHash,
    pdf: { file: pdfFile, sha256: sha256Hex(signedPdf), bytes: signedPdf.length, pages: rendered.pageCount },
    schedule: withSchedule ? { file: 'schedule.csv', rows: data.schedule.length } : null,
    coordinates: 'PDF points (1/72 inch), origin at the bottom-left of the page, rect = [x1, y1, x2, y2], page 1-based',
    signers: rendered.fields.map((f, i) => ({
      order: i + 1,
      role: f.role,
      label: f.label,
      name: f.name,
      identifier: maskIdentifier(f.identifier, f.identifierKind),
      identifierKind: f.identifierKind,
      fieldName: f.fieldName,
      page: f.page,
      rect: f.rect,
      status: f.role === 'bank' ? 'signed' : 'pending',
    })),
    generatedAt: (input.generatedAt ?? new Date()).toISOString(),
  };
  const files: Record<string, Uint8Array> = {
    [pdfFile]: signedPdf,
    'manifest.json': strToU8(`${JSON.stringify(manifest, null, 2)}\n`),
  };
  if (withSchedule) files['schedule.csv'] = strToU8(scheduleCsv(data));
  // The PDF is already compressed; storing it keeps the zip fast to build.
  const zip = zipSync(
    Object.fromEntries(Object.entries(files).map(([k, v]) => [k, [v, { level: k.endsWith('.pdf') ? 0 : 6 }]])),
  );
  return { fileName: `${rendered.documentId}.zip`, zip, manifest };
}

/** Writes the zip into `dir` atomically; returns its path. */
export function writeExportPackage(dir: string, pkg: ExportPackage): string {
  const path = join(dir, pkg.fileName);
  writeFileAtomic(path, pkg.zip);
  return path;
}
