import { bankApi } from '../../../shared/api/paths';
import { ProblemSchema } from '../../../shared/api/problem';
import type { PolicyChannel } from '../../../shared/ipc/channels/policy';
import { BankHeader, bearer, IpcErrorCode } from '../../../shared/ipc/transport';
import { BANK_REQUEST_TIMEOUT_MS, BankApiError } from '../../services/bank-client';
import { type FeatureHandlers, requireToken } from '../context';

/** The PDF's route (GET, application/pdf). */
const POLICY_PDF_URL = '/api/v1/policy.pdf';

/** The published 清单 (准入标准、负面清单与材料清单), from the bank API. */
export const policyHandlers: FeatureHandlers<PolicyChannel> = {
  async 'policy.get'(_req, ctx) {
    return ctx.bank.call(bankApi.policy, { token: requireToken(ctx) });
  },
  // A PDF, not JSON: fetched as bytes (as case.memo does); a refusal still comes as a problem document.
  async 'policy.pdf'(_req, ctx) {
    let res: Response;
    try {
      res = await fetch(new URL(POLICY_PDF_URL, ctx.bank.baseUrl), {
        headers: { [BankHeader.accept]: 'application/pdf', [BankHeader.authorization]: bearer(requireToken(ctx)) },
        signal: AbortSignal.timeout(BANK_REQUEST_TIMEOUT_MS),
      });
    } catch (e) {
      throw new BankApiError(
        IpcErrorCode.bankUnreachable,
        `The bank API at ${ctx.bank.baseUrl} cannot be reached (${(e as Error).message}).`,
      );
    }
    if (res.ok && res.headers.get('content-type')?.startsWith('application/pdf')) {
      const pdf = Buffer.from(await res.arrayBuffer());
      return { fileName: '准入标准、负面清单与材料清单.pdf', pdfBase64: pdf.toString('base64') };
    }
    const json: unknown = await res.json().catch(() => null);
    const p = ProblemSchema.safeParse(json);
    if (p.success) throw new BankApiError(p.data.code, p.data.detail, p.data.status, json);
    throw new BankApiError(
      IpcErrorCode.bankBadResponse,
      `The bank API answered ${res.status} without a PDF.`,
      res.status,
    );
  },
};
