import { useTranslation } from 'react-i18next';

/** Renewal (续贷) and top-up (增额) from one loan: placeholder until the eligibility rules and the route land. */
export function RenewalPanel({ loanId }: { loanId: string }) {
  const { t } = useTranslation();
  return (
    <section className="renewal-panel" aria-labelledby={`renewal-${loanId}`} data-testid="renewal-panel">
      <h3 id={`renewal-${loanId}`}>{t('renewal.heading')}</h3>
      <button type="button" disabled>
        {t('renewal.start')}
      </button>
    </section>
  );
}
