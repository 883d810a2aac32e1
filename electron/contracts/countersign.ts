/**
 * The workstation's side of the counter-signed contract import: what main checks the file against
 * (the bank's record — sealed SHA-256 and length — and the exported package's manifest: its signers,
 * identifiers masked), the verification itself (node-shared/countersign), and the upload to the bank
 * API, which verifies again. Nothing is sent when a check fails.
 */
import { strFromU8, unzipSync } from 'fflate';
import {
  COUNTERSIGN_MAX_BYTES,
  type CountersignExpectation,
  type CountersignReport,
  verifyCountersigned,
} from '../../node-shared/countersign/verify';
import type { ContractRecord } from '../../shared/api/contracts';
import { bankApi } from '../../shared/api/paths';
import { BankHeader, etag } from '../../shared/ipc/transport';
import type { BankClient } from '../services/bank-client';
import type { ExportManifest } from './package';
import { contractError } from './service';

/** The expectation for one document: the bank's record for the hash, the kept manifest for the signers. */
export function expectationFrom(rec: ContractRecord, zip: Uint8Array): CountersignExpectation {
  const files = unzipSync(zip, { filter: (f) => f.name === 'manifest.json' });
  const raw = files['manifest.json'];
  if (!raw) throw contractError('contract.package_invalid', `The package of ${rec.documentId} has no manifest.`);
  const manifest = JSON.parse(strFromU8(raw)) as ExportManifest;
  if (manifest.documentId !== rec.documentId || manifest.pdf.sha256 !== rec.pdfSha256) {
    throw contractError(
      'contract.package_stale',
      `本机的导出包与银行记录不一致（${rec.documentId}），请重新导出后再导入。 The kept package of ${rec.documentId} is not the one the bank recorded.`,
      409,
    );
  }
  return { sha256: rec.pdfSha256, bytes: rec.pdfBytes, signers: manifest.signers };
}

/** A report for a file refused before it is read (over the size cap). */
export function tooLargeReport(size: number, cap = COUNTERSIGN_MAX_BYTES): CountersignReport {
  return {
    ok: false,
    code: 'too_large',
    sha256: '',
    bytes: size,
    checks: [{ check: 'format', ok: false, code: 'too_large', detail: `${size} bytes; the limit is ${cap}.` }],
    signatures: [],
  };
}

export async function verifyForImport(pdf: Uint8Array, expected: CountersignExpectation): Promise<CountersignReport> {
  return verifyCountersigned(pdf, expected);
}

/** Sends a verified file to the bank API (which verifies it again) under If-Match. */
export async function sendCountersigned(
  bank: BankClient,
  token: string,
  documentId: string,
  version: number,
  pdf: Uint8Array,
) {
  return bank.call(bankApi.importCountersigned, {
    params: { documentId },
    token,
    body: { pdfBase64: Buffer.from(pdf).toString('base64') },
    headers: { [BankHeader.ifMatch]: etag(version) },
  });
}
