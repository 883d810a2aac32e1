import type { Compare } from '../../../shared/api/enterprises';
import { bankApi } from '../../../shared/api/paths';
import { DomainError } from '../../../shared/errors';
import type { CompareChannel } from '../../../shared/ipc/channels/compare';
import { renderCompareReport, reportFileName } from '../../compare/report';
import { BankApiError } from '../../services/bank-client';
import { type FeatureHandlers, FILE_KINDS, type HandlerContext, requireToken } from '../context';

/** Enterprise search, closest peers and comparison, from the bank API. */
export const compareHandlers: FeatureHandlers<CompareChannel> = {
  async 'enterprises.search'(req, ctx) {
    return ctx.bank.call(bankApi.enterprises, { query: req, token: requireToken(ctx) });
  },
  async 'enterprises.peers'({ id, limit }, ctx) {
    return ctx.bank.call(bankApi.peers, { params: { id }, query: { limit }, token: requireToken(ctx) });
  },
  async 'enterprises.compare'({ ids }, ctx) {
    return fetchComparison(ctx, ids);
  },
  async 'enterprises.compareExport'({ ids, lang, deliver }, ctx) {
    const token = requireToken(ctx);
    // The same comparison the screen shows, asked of the bank API as this user: its scope and checks apply.
    const [cmp, me] = await Promise.all([fetchComparison(ctx, ids), ctx.bank.call(bankApi.me, { token })]);
    const generatedAt = new Date();
    let report: Awaited<ReturnType<typeof renderCompareReport>>;
    try {
      report = await renderCompareReport(cmp, {
        lang,
        generatedAt,
        user: {
          displayName: me.user.displayName,
          username: me.user.username,
          branchName: lang === 'en' ? me.user.branch.nameEn : me.user.branch.nameZh,
        },
      });
    } catch (e) {
      if (e instanceof DomainError) throw new BankApiError(e.code, e.message, 422);
      throw e;
    }
    const fileName = reportFileName(generatedAt);
    if (deliver === 'save' && ctx.saveFile) {
      const savedTo = await ctx.saveFile(fileName, report.pdf, FILE_KINDS.pdf);
      return { fileName, pdfBase64: null, savedTo, pageCount: report.pageCount };
    }
    return {
      fileName,
      pdfBase64: Buffer.from(report.pdf).toString('base64'),
      savedTo: null,
      pageCount: report.pageCount,
    };
  },
};

function fetchComparison(ctx: HandlerContext, ids: string[]): Promise<Compare> {
  return ctx.bank.call(bankApi.compare, { query: { ids }, token: requireToken(ctx) });
}
