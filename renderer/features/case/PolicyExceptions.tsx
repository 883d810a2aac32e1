import { useTranslation } from 'react-i18next';
import type { ApplicationDetail } from '../../../shared/api/applications';
import { langOf } from '../../format';

/** A policy exception as the bank API stores it (shared/credit/policy-exceptions.ts). */
interface StoredException {
  code: string;
  zh: string;
  en: string;
}

const KNOWN = ['related_party', 'industry_restricted', 'guarantor_missing', 'rate_below_floor'] as const;

const isException = (x: Record<string, unknown>): x is Record<string, unknown> & StoredException =>
  typeof x.code === 'string' && typeof x.zh === 'string' && typeof x.en === 'string';

/**
 * The policy exceptions raised when the case was submitted (related party, restricted industry, guarantor
 * missing, a rate below the floor), each with the reason in the desk's language; they decided its lane.
 * Nothing is shown for a case without any.
 */
export function PolicyExceptions({ d }: { d: Pick<ApplicationDetail, 'policyExceptions'> }) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const list = (d.policyExceptions ?? []).filter(isException);
  if (list.length === 0) return null;
  return (
    <section
      className="card policy-exceptions"
      aria-labelledby="policy-exceptions-heading"
      data-testid="policy-exceptions"
    >
      <h3 id="policy-exceptions-heading">{t('case.policyExceptions.title')}</h3>
      <p className="muted">{t('case.policyExceptions.intro')}</p>
      <ul>
        {list.map((e) => (
          <li key={`${e.code}:${e.en}`} data-code={e.code}>
            <strong>
              {(KNOWN as readonly string[]).includes(e.code)
                ? t(`case.policyExceptions.code.${e.code as (typeof KNOWN)[number]}`)
                : t('case.policyExceptions.title')}
            </strong>{' '}
            {lang === 'zh' ? e.zh : e.en}
          </li>
        ))}
      </ul>
    </section>
  );
}
