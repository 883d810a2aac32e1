import { useTranslation } from 'react-i18next';
import type { ApplicationDetail } from '../../../shared/api/applications';
import { formatFact } from '../../../shared/credit/describe';
import { industryLabel } from '../../../shared/reference/industries';
import { regionLabel } from '../../../shared/reference/regions';
import { beijingDateTime, groupMoney, langOf } from '../../format';
import { Sparkline } from './Sparkline';

interface Monthly {
  month: string;
  vatSales: string;
  taxPaid: string;
  settlementInflow: string;
}
interface Profile {
  uscc?: string;
  establishedDate?: string;
  industryCode?: string;
  sizeClass?: string;
  region?: string;
  taxRating?: string;
  insuredHeadcount?: number;
  dataCompleteness?: number;
  monthly?: Monthly[];
  bureau?: { loansOutstanding?: string; overdueCount12m?: number; maxOverdueDays24m?: number; inquiries6m?: number };
  publicFlags?: { courtEnforcement?: boolean; adminPenalties?: number; abnormalOperation?: boolean };
}

/** Yuan string → number, for drawing only (exact money stays a string everywhere else). */
const chartValue = (s: string) => Number(s);

function years(from: string | undefined, asOf: string) {
  if (!from) return null;
  const a = new Date(`${from}T00:00:00Z`).getTime();
  const b = new Date(asOf).getTime();
  return Math.max(0, Math.floor((b - a) / (365.25 * 86_400_000)));
}

export function ProfileSection({ d }: { d: ApplicationDetail }) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const p = d.profile as Profile;
  const monthly = p.monthly ?? [];
  const series = (k: keyof Omit<Monthly, 'month'>) => monthly.map((m) => ({ month: m.month, v: chartValue(m[k]) }));
  const last = monthly[monthly.length - 1];
  const spark = (k: keyof Omit<Monthly, 'month'>, what: string, testId: string) => (
    <div className="spark-cell">
      <span className="spark-title">{what}</span>
      <Sparkline
        values={series(k)}
        testId={testId}
        label={t('case.sparkLabel', {
          what,
          first: monthly[0]?.month ?? '',
          last: last?.month ?? '',
          value: last ? groupMoney(last[k]) : '—',
        })}
      />
      <span className="num">{last ? `${groupMoney(last[k])} ${t('case.yuan')}` : '—'}</span>
    </div>
  );
  const flags = p.publicFlags ?? {};
  const age = years(p.establishedDate, d.submittedAt);
  return (
    <section className="card" aria-labelledby="profile-h" data-testid="case-profile">
      <h3 id="profile-h">{t('case.profile')}</h3>
      <dl className="facts">
        <dt>{t('case.uscc')}</dt>
        <dd>{d.uscc}</dd>
        <dt>{t('case.legalRep')}</dt>
        <dd>
          {d.legalRepName}{' '}
          <span className="muted">
            ({t('case.legalRepId')} {d.legalRepId})
          </span>
          {d.legalRepIdWithheld && (
            <p className="muted" role="note" data-testid="legal-rep-id-withheld">
              {t('case.legalRepIdWithheld', {
                limit: d.legalRepIdWithheld.limitPerHour,
                at: beijingDateTime(d.legalRepIdWithheld.availableAt),
              })}
            </p>
          )}
        </dd>
        <dt>{t('case.established')}</dt>
        <dd>
          {p.establishedDate ?? '—'} {age !== null && <span className="muted">({t('case.years', { n: age })})</span>}
        </dd>
        <dt>{t('case.industry')}</dt>
        <dd data-testid="case-industry">{p.industryCode ? industryLabel(p.industryCode, lang) : '—'}</dd>
        <dt>{t('case.size')}</dt>
        <dd>{p.sizeClass ? t(`case.sizes.${p.sizeClass}`, { defaultValue: p.sizeClass }) : '—'}</dd>
        <dt>{t('case.region')}</dt>
        <dd data-testid="case-region">{p.region ? regionLabel(p.region, lang) : '—'}</dd>
        <dt>{t('case.taxRating')}</dt>
        <dd>{p.taxRating ? formatFact(p.taxRating, 'rating', lang) : '—'}</dd>
        <dt>{t('case.headcount')}</dt>
        <dd>{formatFact(p.insuredHeadcount, 'people', lang)}</dd>
        <dt>{t('case.completeness')}</dt>
        <dd>{p.dataCompleteness !== undefined ? `${p.dataCompleteness}%` : '—'}</dd>
      </dl>
      <h4>{t('case.trends')}</h4>
      <div className="sparks">
        {spark('vatSales', t('case.sales'), 'spark-sales')}
        {spark('taxPaid', t('case.tax'), 'spark-tax')}
        {spark('settlementInflow', t('case.inflow'), 'spark-inflow')}
      </div>
      <h4>{t('case.bureau')}</h4>
      <dl className="facts">
        <dt>{t('case.loansOutstanding')}</dt>
        <dd className="num">
          {p.bureau?.loansOutstanding ? `${groupMoney(p.bureau.loansOutstanding)} ${t('case.yuan')}` : '—'}
        </dd>
        <dt>{t('case.overdueHistory')}</dt>
        <dd>
          {t('case.overdueHistoryValue', {
            count: formatFact(p.bureau?.overdueCount12m ?? 0, 'times', lang),
            days: formatFact(p.bureau?.maxOverdueDays24m ?? 0, 'days', lang),
          })}
        </dd>
        <dt>{t('case.inquiries')}</dt>
        <dd>{formatFact(p.bureau?.inquiries6m, 'times', lang)}</dd>
        <dt>{t('case.court')}</dt>
        <dd>{flags.courtEnforcement ? t('case.yes') : t('case.no')}</dd>
        <dt>{t('case.penalties')}</dt>
        <dd>{formatFact(flags.adminPenalties ?? 0, 'times', lang)}</dd>
        <dt>{t('case.abnormal')}</dt>
        <dd>{flags.abnormalOperation ? t('case.yes') : t('case.no')}</dd>
      </dl>
    </section>
  );
}
