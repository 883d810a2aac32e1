import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DrillApplication, DrillLoan, DrillResult } from '../../../shared/api/dashboards';
import { PRODUCTS } from '../../../shared/credit/products';
import { industryName } from '../../../shared/reference/industries';
import { loanLink } from '../../common/links';
import { beijingDateTime, formatValue } from '../../format';
import { errorMessage } from '../../i18n';
import type { DrillTarget } from './PanelCard';
import { type DashboardRequest, dashboardQueries } from './queries';

const PAGE = 500;

/** A product's name in the UI's language; its code when unknown. */
function useProductName() {
  const { i18n } = useTranslation();
  const en = i18n.language === 'en';
  return (code: string) => {
    const p = PRODUCTS.find((x) => x.code === code);
    return p ? (en ? p.name.en : p.name.zh) : code;
  };
}

const openCompare = (enterpriseId: string) => {
  location.hash = `#/compare?add=${encodeURIComponent(enterpriseId)}`;
};

/** The rows behind one figure: the same filters and instant as the dashboard, so the count matches. */
export function DrillList({
  target,
  request,
  at,
  branchName,
  onClose,
}: {
  target: DrillTarget;
  request: DashboardRequest;
  at: string;
  /** A branch's name in the current language. */
  branchName: (id: string) => string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const q = useQuery(
    dashboardQueries.drill({
      ...request,
      at,
      panel: target.panel,
      row: target.row,
      series: target.series,
      limit: PAGE,
      ...(cursor ? { cursor } : {}),
    }),
  );
  return (
    <section className="drill" aria-labelledby="drill-heading" data-testid="drill">
      <header className="panel-head">
        <h3 id="drill-heading" data-testid="drill-title">
          {t('dash.drillHeading', { title: target.title })}
        </h3>
        <button type="button" onClick={onClose}>
          {t('dash.close')}
        </button>
      </header>
      {q.isPending && <p aria-busy="true">{t('dash.loading')}</p>}
      {q.isError && <p role="alert">{errorMessage(q.error)}</p>}
      {q.data && (
        <>
          <DrillTotals data={q.data} />
          <div className="table-scroll tall">
            {q.data.kind === 'applications' ? (
              <ApplicationRows items={q.data.items as DrillApplication[]} branchName={branchName} />
            ) : (
              <LoanRows items={q.data.items as DrillLoan[]} branchName={branchName} />
            )}
          </div>
          {(cursor || q.data.nextCursor) && (
            <nav className="pager" aria-label={t('dash.pages')}>
              <button type="button" disabled={!cursor} onClick={() => setCursor(undefined)}>
                {t('dash.firstPage')}
              </button>
              <button
                type="button"
                disabled={!q.data.nextCursor}
                onClick={() => setCursor(q.data.nextCursor ?? undefined)}
              >
                {t('dash.nextPage')}
              </button>
            </nav>
          )}
        </>
      )}
    </section>
  );
}

/** How many rows, borrowers and how much balance the figure stands for. */
function DrillTotals({ data }: { data: DrillResult }) {
  const { t, i18n } = useTranslation();
  return (
    <p>
      {t('dash.drillTotal')}{' '}
      <strong data-testid="drill-total" data-value={data.total}>
        {formatValue(String(data.total), 'count', i18n.language, { withUnit: true })}
      </strong>
      {data.enterprises != null && (
        <>
          {' · '}
          <strong data-testid="drill-enterprises">
            {formatValue(String(data.enterprises), 'borrowers', i18n.language, { withUnit: true })}
          </strong>
        </>
      )}
      {data.balance != null && (
        <>
          {' · '}
          {t('dash.drillBalance')}{' '}
          <strong data-testid="drill-balance" data-value={data.balance}>
            {formatValue(data.balance, 'yuan', i18n.language, { withUnit: true })}
          </strong>
        </>
      )}
    </p>
  );
}

function Head({ cols }: { cols: readonly string[] }) {
  const { t } = useTranslation();
  return (
    <thead>
      <tr>
        {cols.map((c) => (
          <th key={c} scope="col">
            {t(`dash.cols.${c}`)}
          </th>
        ))}
      </tr>
    </thead>
  );
}

const APPLICATION_COLS = [
  'id',
  'enterprise',
  'product',
  'tier',
  'status',
  'branch',
  'amount',
  'submittedAt',
  'decidedAt',
];
const LOAN_COLS = [
  'loan',
  'enterprise',
  'product',
  'branch',
  'industry',
  'balance',
  'dpd',
  'classification',
  'signals',
];

/** Applications behind a figure; times in Beijing time like the rest of the app. */
function ApplicationRows({ items, branchName }: { items: DrillApplication[]; branchName: (id: string) => string }) {
  const { t, i18n } = useTranslation();
  const product = useProductName();
  return (
    <table className="data-table">
      <Head cols={APPLICATION_COLS} />
      <tbody>
        {items.map((a) => (
          <tr key={a.id} data-testid="drill-row">
            <td>{a.id}</td>
            <td>
              <button type="button" className="link" onClick={() => openCompare(a.enterpriseId)}>
                {a.enterpriseName}
              </button>
            </td>
            <td>{product(a.productCode)}</td>
            <td>{t(`dash.rows.${a.tier}`, { defaultValue: a.tier })}</td>
            <td>{t(`dash.rows.${a.status}`, { defaultValue: a.status })}</td>
            <td>{branchName(a.branchId)}</td>
            <td className="num">{formatValue(a.amount, 'yuan', i18n.language)}</td>
            <td>{beijingDateTime(a.submittedAt)}</td>
            <td>{beijingDateTime(a.decidedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Loans behind a figure: balance, days past due, classification and warning signals. */
function LoanRows({ items, branchName }: { items: DrillLoan[]; branchName: (id: string) => string }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const product = useProductName();
  return (
    <table className="data-table">
      <Head cols={LOAN_COLS} />
      <tbody>
        {items.map((l) => (
          <tr key={l.id} data-testid="drill-row">
            <td>
              <a href={loanLink(l.id)} data-testid="drill-loan-link">
                {l.id}
              </a>
            </td>
            <td>
              <button type="button" className="link" onClick={() => openCompare(l.enterpriseId)}>
                {l.enterpriseName}
              </button>
            </td>
            <td>{product(l.productCode)}</td>
            <td>{branchName(l.branchId)}</td>
            <td title={l.industryCode}>{industryName(l.industryCode, en ? 'en' : 'zh') ?? l.industryCode}</td>
            <td className="num">{formatValue(l.balance, 'yuan', i18n.language)}</td>
            <td className="num">{formatValue(String(l.daysPastDue), 'count', i18n.language)}</td>
            <td>{t(`dash.rows.${l.classification}`, { defaultValue: l.classification })}</td>
            <td>{l.warningSignals.map((s) => t(`dash.rows.${s}`, { defaultValue: s })).join('、')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
