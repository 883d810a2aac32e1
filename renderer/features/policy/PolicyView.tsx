import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { PolicyDocument, PolicyRule } from '../../../shared/api/policy';
import { langOf } from '../../format';
import { errorMessage } from '../../i18n';
import { policyQueries, usePolicyPdf } from './queries';
import './policy.css';

/**
 * The published 清单 (准入标准、负面清单与材料清单) for every member of staff: the rule set in force with
 * its admission standards and negative list in words, and the material lists by product and customer
 * group, laid out to print (the print style sheet drops the frame).
 */
export function PolicyView() {
  const { t } = useTranslation();
  const q = useQuery(policyQueries.get());
  const pdf = usePolicyPdf();
  const doc = q.data;

  return (
    <section className="page policy" aria-labelledby="policy-heading">
      <h2 id="policy-heading">{t('policy.heading')}</h2>
      <p className="policy-intro">{t('policy.intro')}</p>
      {q.error && <p role="alert">{errorMessage(q.error)}</p>}
      {q.isLoading && <p aria-live="polite">{t('policy.loading')}</p>}
      {doc && (
        <>
          <p data-testid="policy-version">
            {t('policy.version', { version: doc.version, date: doc.effectiveFrom })} ·{' '}
            {t('policy.asOf', { date: doc.asOf })}
          </p>
          <p className="policy-actions">
            <button type="button" data-testid="policy-print" onClick={() => window.print()}>
              {t('policy.print')}
            </button>{' '}
            <button type="button" data-testid="policy-pdf" disabled={pdf.isPending} onClick={() => pdf.mutate()}>
              {pdf.isPending ? t('policy.pdfPreparing') : t('policy.pdf')}
            </button>
          </p>
          {pdf.error && <p role="alert">{errorMessage(pdf.error)}</p>}
          <Rules id="admission" title={t('policy.admission')} note={t('policy.admissionNote')} rules={doc.admission} />
          <Rules id="negative" title={t('policy.negative')} note={t('policy.negativeNote')} rules={doc.negativeList} />
          <Materials doc={doc} />
        </>
      )}
    </section>
  );
}

function Rules({ id, title, note, rules }: { id: string; title: string; note: string; rules: PolicyRule[] }) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  return (
    <section aria-labelledby={`policy-${id}`} data-testid={`policy-${id}`}>
      <h3 id={`policy-${id}`}>{title}</h3>
      <p>{note}</p>
      <table className="policy-table">
        <thead>
          <tr>
            <th scope="col">{t('policy.col.rule')}</th>
            <th scope="col">{t('policy.col.threshold')}</th>
          </tr>
        </thead>
        <tbody>
          {rules.map((r) => (
            <tr key={r.id}>
              <td>{r.text[lang]}</td>
              <td>{r.threshold[lang]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Materials({ doc }: { doc: PolicyDocument }) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const products = [...new Map(doc.materials.map((m) => [m.productCode, m.productName])).entries()];
  return (
    <section aria-labelledby="policy-materials" data-testid="policy-materials">
      <h3 id="policy-materials">{t('policy.materials')}</h3>
      <p>{t('policy.materialsNote')}</p>
      <h4>{t('policy.groups')}</h4>
      <table className="policy-table">
        <thead>
          <tr>
            <th scope="col">{t('policy.col.group')}</th>
            <th scope="col">{t('policy.col.who')}</th>
          </tr>
        </thead>
        <tbody>
          {doc.groups.map((g) => (
            <tr key={g.code}>
              <td>{g.name[lang]}</td>
              <td>{g.who[lang]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {products.map(([code, name]) => (
        <section key={code} className="policy-product" data-testid={`policy-product-${code}`}>
          <h4>{name[lang]}</h4>
          {doc.materials
            .filter((m) => m.productCode === code)
            .map((list) => (
              <table key={list.group} className="policy-table">
                <caption>{list.groupName[lang]}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('policy.col.item')}</th>
                    <th scope="col">{t('policy.col.how')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.items.map((i) => (
                    <tr key={i.code}>
                      <td>{i.name[lang]}</td>
                      <td>{i.electronic ? t('policy.electronic') : t('policy.paper')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ))}
        </section>
      ))}
    </section>
  );
}
