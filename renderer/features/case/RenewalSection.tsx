/**
 * A renewal (续贷) or top-up (增额) case (issue 17): which loan it renews or tops up, linked to the loan
 * page, and the 无还本续贷 answer the relationship manager started it with — the verdict, then each
 * condition with the rule's reason in the screen's language. The answer is the one stored with the
 * application (applications.renewal_eligibility), so the approver reads what the borrower was told.
 */
import { useTranslation } from 'react-i18next';
import type { ApplicationDetail } from '../../../shared/api/applications';
import type { CaseRenewal } from '../../../shared/api/renewal-eligibility';
import { loanLink } from '../../common/links';

type Words = { zh: string; en: string };
const inLang = (w: Words, language: string) => (language.startsWith('en') ? w.en : w.zh);

/** The 续贷 / 增额 line of a case: "续贷，原贷款 X" with a link to the loan page. */
function RenewalLine({ r }: { r: CaseRenewal }) {
  const { t } = useTranslation();
  return (
    <span data-testid="case-renewal-line" data-kind={r.kind}>
      {t(`case.renewal.line_${r.kind}`, { loanId: r.loanId })}{' '}
      <a href={loanLink(r.loanId)} data-testid="case-renewal-loan-link">
        {t('case.renewal.openLoan', { loanId: r.loanId })}
      </a>
    </span>
  );
}

export function RenewalSection({ d }: { d: ApplicationDetail }) {
  const { t, i18n } = useTranslation();
  const r = d.renewal;
  if (!r) return null;
  const e = r.eligibility;
  const failed = e ? e.noPrincipalRenewal.conditions.filter((c) => !c.passed) : [];
  return (
    <section className="card" aria-labelledby="case-renewal-h" data-testid="case-renewal">
      <h3 id="case-renewal-h">{t('case.renewal.heading')}</h3>
      <p>
        <RenewalLine r={r} />
      </p>
      {!e ? (
        <p className="muted">{t('case.renewal.unknown')}</p>
      ) : (
        <>
          {e.blocked ? (
            <p className="banner stale" data-testid="case-renewal-verdict" data-allowed="false">
              {t('case.renewal.blocked', { reason: inLang(e.blocked.reason, i18n.language) })}
            </p>
          ) : (
            <p data-testid="case-renewal-verdict" data-allowed={String(e.noPrincipalRenewal.allowed)}>
              {e.noPrincipalRenewal.allowed
                ? t('case.renewal.allowed')
                : t('case.renewal.notAllowed', { count: failed.length })}
            </p>
          )}
          {r.kind === 'top_up' && <p className="muted small">{t('case.renewal.topUpNote')}</p>}
          <table className="dense" data-testid="case-renewal-conditions">
            <caption>{t('case.renewal.conditionsCaption')}</caption>
            <tbody>
              {e.noPrincipalRenewal.conditions.map((c) => (
                <tr key={c.code} data-passed={String(c.passed)}>
                  <th scope="row">{inLang(c.label, i18n.language)}</th>
                  <td>{c.passed ? t('case.renewal.passed') : t('case.renewal.failed')}</td>
                  <td>{c.reason ? inLang(c.reason, i18n.language) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small">
            {t('case.renewal.basis', { source: e.source, version: e.ruleVersion, date: e.asOf })}
          </p>
        </>
      )}
    </section>
  );
}
