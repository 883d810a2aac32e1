import { useTranslation } from 'react-i18next';
import type { ApplicationDetail } from '../../../shared/api/applications';
import { describeOutcome, groupAmountsInText, reasonText, routingReasonText } from '../../../shared/credit/describe';
import { formatInstant, langOf, withoutBase } from '../../format';

type Bilingual = { zh: string; en: string };
interface Outcome {
  id: string;
  passed?: boolean;
  hit?: boolean;
  fact?: string;
  seen: unknown;
  threshold?: string;
  condition?: string;
  text: Bilingual;
}
interface Assessment {
  modelVersion?: string;
  score?: {
    score?: number;
    pd?: string;
    grade?: string;
    reasonCodes?: { code: string; factor?: string; value?: string; pointsLost: number; text: Bilingual }[];
  };
  admission?: { outcomes?: Outcome[] };
  negativeList?: { outcomes?: Outcome[] };
}

/**
 * Score, grade and PD with the reasons in words; admission and negative-list outcomes with the fact seen
 * and the standard, in words and units (shared/credit/describe.ts). A ratio without a base reads "—".
 */
export function AssessmentSection({ d }: { d: ApplicationDetail }) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const words = (b: Bilingual) => b[lang];
  const a = d.assessment as Assessment;
  const reasons = a.score?.reasonCodes ?? [];
  const noBase = withoutBase(d.profile);
  const rules = (title: string, outcomes: Outcome[] | undefined, kind: 'admission' | 'negative', testId: string) => (
    <>
      <h4>{title}</h4>
      <table className="dense" data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">{t('case.rule')}</th>
            <th scope="col">{t('case.seen')}</th>
            <th scope="col">{t('case.threshold')}</th>
            <th scope="col">{kind === 'admission' ? t('case.passed') : t('case.hit')}</th>
          </tr>
        </thead>
        <tbody>
          {(outcomes ?? []).map((o) => {
            const bad = kind === 'admission' ? o.passed === false : o.hit === true;
            const shown = describeOutcome(o, lang, noBase);
            return (
              <tr key={o.id} className={bad ? 'bad' : undefined}>
                <td>{words(o.text)}</td>
                <td className="num">{shown.seen}</td>
                <td>{shown.threshold}</td>
                <td>
                  {kind === 'admission'
                    ? o.passed
                      ? t('case.passed')
                      : t('case.failed')
                    : o.hit
                      ? t('case.hit')
                      : t('case.clear')}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
  return (
    <section className="card" aria-labelledby="score-h" data-testid="case-assessment">
      <h3 id="score-h">{t('case.score')}</h3>
      <dl className="facts score-facts">
        <dt>{t('case.scoreValue')}</dt>
        <dd data-testid="case-score">{a.score?.score ?? d.score ?? '—'}</dd>
        <dt>{t('case.gradeValue')}</dt>
        <dd className={`grade grade-${d.grade ?? 'none'}`} data-testid="case-grade">
          {d.grade ?? '—'}
        </dd>
        <dt>{t('case.pd')}</dt>
        <dd>{a.score?.pd ? `${Number(a.score.pd).toFixed(2)}%` : '—'}</dd>
        <dt>{t('case.model')}</dt>
        <dd>{a.modelVersion ?? '—'}</dd>
      </dl>
      <h4>{t('case.reasons')}</h4>
      {reasons.length ? (
        <ol className="reasons" data-testid="case-reasons">
          {reasons.map((r) => (
            <li key={r.code}>
              <span>{reasonText(r, lang, noBase)}</span>{' '}
              <span className="muted">({t('case.pointsLost', { n: r.pointsLost })})</span>
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted">{t('case.noReasons')}</p>
      )}
      {rules(t('case.admission'), a.admission?.outcomes, 'admission', 'case-admission')}
      {rules(t('case.negativeList'), a.negativeList?.outcomes, 'negative', 'case-negative')}
    </section>
  );
}

/** Material checklist, investigation record and the routing reason. */
export function ChecklistSection({ d }: { d: ApplicationDetail }) {
  const { t, i18n } = useTranslation();
  const routing = d.routing as { code?: string; reason?: Bilingual };
  const inv = d.investigation as { kind?: string; reason?: string; notes?: string; by?: string; at?: string } | null;
  return (
    <section className="card" aria-labelledby="check-h" data-testid="case-checklist">
      <h3 id="check-h">{t('case.checklist')}</h3>
      <ul className="checklist">
        {d.checklist.map((c) => {
          const code = String(c.code);
          const state = String(c.state ?? 'pending');
          return (
            <li key={code} className={`item-${state}`}>
              <span>{String(i18n.language === 'en' ? (c.nameEn ?? c.name) : c.name)}</span>
              {c.electronic ? <span className="badge">{t('case.electronic')}</span> : null}
              <span className="state">{t(`case.itemStates.${state}`, { defaultValue: state })}</span>
            </li>
          );
        })}
      </ul>
      <h3>{t('case.investigation')}</h3>
      {inv ? (
        <p>
          {t(`case.investigationKinds.${inv.kind}`, { defaultValue: inv.kind ?? '' })}
          {inv.reason ? ` — ${inv.reason}` : ''} {inv.notes ? ` ${inv.notes}` : ''}
          {inv.by ? (
            <span className="muted">
              {' '}
              ({inv.by}
              {inv.at ? `, ${formatInstant(inv.at, i18n.language)}` : ''})
            </span>
          ) : null}
        </p>
      ) : (
        <p className="muted">{t('case.noInvestigation')}</p>
      )}
      <h3>{t('case.routing')}</h3>
      <p data-testid="case-routing">
        {routing.reason ? groupAmountsInText(routingReasonText(routing.reason, langOf(i18n.language))) : '—'}
      </p>
    </section>
  );
}
