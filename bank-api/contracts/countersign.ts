/**
 * The bank API's own check of a counter-signed contract (never the client's word): the record's
 * sealed SHA-256 and length, and the signers of its template from the case's contract data — with
 * full identifiers, so a person's certificate is compared on the whole resident ID number. A refused
 * file is a 422 `contract.countersign_invalid` naming the verifier's reason code and every check.
 */

import { type ExpectedSigner, verifyCountersigned } from '../../node-shared/countersign/verify';
import type { User } from '../../shared/api/auth';
import { getTemplate, parseContractData, type Signer, signersOf } from '../../shared/contracts';
import type { Queryable } from '../db/database';
import { unprocessable } from '../http/problems';
import { buildContractData } from './data';
import type { ContractPartySource } from './parties';
import type { AcceptedCountersign, CountersignTarget } from './records';

/** AcroForm field names as electron/contracts/layout.ts writes them: the role, guarantors numbered. */
export function signerFields(signers: Signer[]): ExpectedSigner[] {
  let g = 0;
  return signers.map((s) => ({
    fieldName: s.role === 'guarantor' ? `guarantor-${++g}` : s.role,
    role: s.role,
    name: s.name,
    identifier: s.identifier,
    identifierKind: s.identifierKind,
  }));
}

/** The expected signers of a recorded document, from its case's contract data at its revision. */
async function expectedSigners(
  q: Queryable,
  user: User,
  parties: ContractPartySource,
  t: CountersignTarget,
): Promise<ExpectedSigner[]> {
  const r = await buildContractData(q, user, parties, t.applicationId, t.revision);
  const template = getTemplate(t.templateId, t.templateVersion);
  let data: Parameters<typeof signersOf>[1];
  try {
    data = parseContractData(r.data);
  } catch {
    data = r.data as unknown as Parameters<typeof signersOf>[1];
  }
  return signerFields(signersOf(template, data));
}

/** A verifier for importCountersigned: throws the 422 on any failed check. */
export function bankVerifier(q: Queryable, user: User, parties: ContractPartySource, pdf: Uint8Array) {
  return async (t: CountersignTarget): Promise<AcceptedCountersign> => {
    const signers = await expectedSigners(q, user, parties, t);
    const report = await verifyCountersigned(pdf, { sha256: t.pdfSha256, bytes: t.pdfBytes, signers });
    if (!report.ok) {
      const failed = report.checks.find((c) => !c.ok);
      throw unprocessable(
        'contract.countersign_invalid',
        `签署文件未通过验签（${report.code}）：${failed?.detail ?? ''} The counter-signed PDF was refused (${report.code}): ${failed?.detail ?? ''}`,
        { reason: report.code, checks: report.checks },
      );
    }
    return {
      sha256: report.sha256,
      bytes: report.bytes,
      signatures: report.signatures.map((s) => ({
        fieldName: s.fieldName,
        role: s.role,
        subject: s.subject,
        serialNumber: s.serialNumber,
      })),
      report,
    };
  };
}
