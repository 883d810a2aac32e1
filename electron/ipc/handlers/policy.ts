import { bankApi } from '../../../shared/api/paths';
import type { PolicyChannel } from '../../../shared/ipc/channels/policy';
import { type FeatureHandlers, requireToken } from '../context';

/** The PDF's route (GET, application/pdf). */
const POLICY_PDF_URL = '/api/v1/policy.pdf';

/** The published 清单 (准入标准、负面清单与材料清单), from the bank API. */
export const policyHandlers: FeatureHandlers<PolicyChannel> = {
  async 'policy.get'(_req, ctx) {
    return ctx.bank.call(bankApi.policy, { token: requireToken(ctx) });
  },
  async 'policy.pdf'(_req, ctx) {
    const pdf = await ctx.bank.pdf(POLICY_PDF_URL, requireToken(ctx));
    return { fileName: '准入标准、负面清单与材料清单.pdf', pdfBase64: Buffer.from(pdf).toString('base64') };
  },
};
