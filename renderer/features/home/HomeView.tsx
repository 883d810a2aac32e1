import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { MouseEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { DISBURSEMENT_ROLES } from '../../../shared/api/areas';
import type { User } from '../../../shared/api/auth';
import { GradeSchema } from '../../../shared/api/auth';
import type { DisbursementQueueItem } from '../../../shared/api/disbursement';
import type {
  ContractsHome,
  DeciderHome,
  HomeCase,
  HomeList,
  OriginationHome,
  SupervisionHome,
} from '../../../shared/api/home';
import { DEFAULT_QUEUE_LAYOUT, type QueueLane, type QueueLayout } from '../../../shared/ipc/channels/queue';
import { invoke } from '../../client/workstation';
import { caseLink, contractLink, dashboardLink } from '../../common/links';
import { queueLayoutQuery } from '../../common/queries';
import { formatSla, groupMoney, yuan } from '../../format';
import { errorMessage } from '../../i18n';
import { laneOf } from './lane';
import { disbursementHomeQuery, homeQuery } from './queries';
import './home.css';

type QueueView = { lane: QueueLane; scope: QueueLayout['scope']; slaState?: 'due_soon' | 'overdue' };

/**
 * Opens the queue on a view (lane, my cases or the branch, an SLA filter): the queue keeps its layout
 * per user, so the view is stored as the layout first and the queue opens on it.
 */
function useOpenQueue() {
  const qc = useQueryClient();
  return (view: QueueView) => async (e: MouseEvent) => {
    e.preventDefault();
    const current = await qc.fetchQuery(queueLayoutQuery()).catch(() => DEFAULT_QUEUE_LAYOUT);
    const next: QueueLayout = {
      ...current,
      lane: view.lane,
      scope: view.scope,
      filters: view.slaState ? { slaState: view.slaState } : {},
    };
    qc.setQueryData(queueLayoutQuery().queryKey, next);
    await invoke('queue.layout.set', next).catch(() => undefined);
    location.hash = '#/queue';
  };
}

function useFormat() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return {
    money: (a: string) => yuan(a, lang),
    time: (iso: string) =>
      new Date(iso).toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN', {
        timeZone: 'Asia/Shanghai',
        month: 'numeric',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        hour12: false,
      }),
    percent: (v: string | null) => (v == null ? '—' : `${v}%`),
    count: (n: number) => n.toLocaleString(lang),
    t,
  };
}

interface CardProps {
  id: string;
  title: string;
  hint: string;
  /** The big figure (a count, or a ratio for the NPL card). */
  figure: string;
  unit?: string;
  /** Where the figure leads: a hash, with an optional handler that prepares the view first. */
  href?: string;
  onOpen?: (e: MouseEvent) => void;
  tone?: 'alert' | 'ok' | 'neutral';
  children?: ReactNode;
}

function Card({ id, title, hint, figure, unit, href, onOpen, tone = 'neutral', children }: CardProps) {
  const { t } = useTranslation();
  const titleId = `home-${id}-title`;
  return (
    <article className={`home-card tone-${tone}`} aria-labelledby={titleId} data-testid={`home-card-${id}`}>
      <h4 id={titleId}>{title}</h4>
      <p className="home-figure">
        {href ? (
          <a
            href={href}
            onClick={onOpen}
            data-testid={`home-count-${id}`}
            aria-label={t('home.openList', { title: `${title} ${figure}${unit ? ` ${unit}` : ''}` })}
          >
            {figure}
          </a>
        ) : (
          <span data-testid={`home-count-${id}`}>{figure}</span>
        )}
        {unit && <span className="home-unit"> {unit}</span>}
      </p>
      <p className="home-hint">{hint}</p>
      {children}
      {href && (
        <p className="home-more">
          <a href={href} onClick={onOpen} data-testid={`home-all-${id}`}>
            {t('home.viewAll')}
            <span className="sr-only">: {title}</span>
          </a>
        </p>
      )}
    </article>
  );
}

/** The few cases under a count, each a link to the case; "n more" when the list is longer. */
function CaseRows({
  id,
  list,
  href = caseLink,
  detail,
  sla = false,
}: {
  id: string;
  list: HomeList;
  href?: (id: string) => string;
  detail: (c: HomeCase) => string | null;
  /** The detail is the SLA countdown: coloured by the case's SLA state. */
  sla?: boolean;
}) {
  const f = useFormat();
  if (list.count === 0) return <p className="home-empty">{f.t('home.nothing')}</p>;
  return (
    <>
      <ul className="home-rows" data-testid={`home-rows-${id}`}>
        {list.items.map((c) => (
          <li key={c.id}>
            <a href={href(c.id)} title={c.enterpriseName} data-testid={`home-row-${id}`} data-case={c.id}>
              {c.enterpriseName}
            </a>
            <span className="home-row-meta">
              {f.t(`product.${c.productCode}`, { defaultValue: c.productCode })} · {f.money(c.amount)}
            </span>
            {detail(c) && (
              <span className={`home-row-detail${sla && c.slaState ? ` home-sla-${c.slaState}` : ''}`}>
                {detail(c)}
              </span>
            )}
          </li>
        ))}
      </ul>
      {list.count > list.items.length && (
        <p className="home-hint">{f.t('home.more', { n: list.count - list.items.length })}</p>
      )}
    </>
  );
}

function DeciderSection({ d, now }: { d: DeciderHome; now: number }) {
  const f = useFormat();
  const t = f.t;
  const open = useOpenQueue();
  const tiers = d.tiers.map((x) => t(`tier.${x}`)).join(t('home.tierJoin'));
  const sla = (c: HomeCase) => formatSla(t, now, c.slaDueAt);
  const cases = t('home.units.cases');
  const first = d.tiers[0] ?? 'fast';
  return (
    <section className="home-section" aria-labelledby="home-decider" data-testid="home-decider">
      <h3 id="home-decider">{t('home.sections.decider')}</h3>
      <div className="home-grid">
        <Card
          id="claimed"
          title={t('home.cards.claimed')}
          hint={t('home.hints.claimed')}
          figure={f.count(d.claimed.count)}
          unit={cases}
          href="#/queue"
          onOpen={open({ lane: laneOf(d.claimed.items[0], first), scope: 'mine' })}
        >
          <CaseRows id="claimed" list={d.claimed} detail={sla} sla />
        </Card>
        <Card
          id="dueSoon"
          title={t('home.cards.dueSoon')}
          hint={t('home.hints.dueSoon', { tiers })}
          figure={f.count(d.dueSoon.count)}
          unit={cases}
          tone={d.dueSoon.count > 0 ? 'alert' : 'ok'}
          href="#/queue"
          onOpen={open({ lane: laneOf(d.dueSoon.items[0], first), scope: 'branch', slaState: 'due_soon' })}
        >
          <CaseRows id="dueSoon" list={d.dueSoon} detail={sla} sla />
        </Card>
        <Card
          id="overdue"
          title={t('home.cards.overdue')}
          hint={t('home.hints.overdue', { tiers })}
          figure={f.count(d.overdue.count)}
          unit={cases}
          tone={d.overdue.count > 0 ? 'alert' : 'ok'}
          href="#/queue"
          onOpen={open({ lane: laneOf(d.overdue.items[0], first), scope: 'branch', slaState: 'overdue' })}
        >
          <CaseRows id="overdue" list={d.overdue} detail={sla} sla />
        </Card>
        <Card
          id="returned"
          title={t('home.cards.returned')}
          hint={t('home.hints.returned')}
          figure={f.count(d.returned.count)}
          unit={cases}
          href="#/queue"
          onOpen={open({ lane: 'returned', scope: 'branch' })}
        >
          <CaseRows
            id="returned"
            list={d.returned}
            detail={(c) => (c.at ? t('home.rowAt.returned', { time: f.time(c.at) }) : null)}
          />
        </Card>
        <Card
          id="decidedToday"
          title={t('home.cards.decidedToday')}
          hint={t('home.hints.decidedToday')}
          figure={f.count(d.decidedToday.count)}
          unit={cases}
        >
          <CaseRows
            id="decidedToday"
            list={d.decidedToday}
            detail={(c) =>
              [c.action ? t(`home.action.${c.action}`, { defaultValue: c.action }) : null, c.at ? f.time(c.at) : null]
                .filter(Boolean)
                .join(' · ')
            }
          />
        </Card>
      </div>
    </section>
  );
}

function ContractsSection({ c }: { c: ContractsHome }) {
  const f = useFormat();
  const t = f.t;
  const cases = t('home.units.cases');
  return (
    <section className="home-section" aria-labelledby="home-contracts" data-testid="home-contracts">
      <h3 id="home-contracts">{t('home.sections.contracts')}</h3>
      <div className="home-grid">
        <Card
          id="awaiting"
          title={t('home.cards.awaiting')}
          hint={t('home.hints.awaiting')}
          figure={f.count(c.awaiting.count)}
          unit={cases}
          tone={c.awaiting.count > 0 ? 'alert' : 'ok'}
          href="#/contracts"
        >
          <CaseRows
            id="awaiting"
            list={c.awaiting}
            href={contractLink}
            detail={(x) => (x.at ? t('home.rowAt.decided', { time: f.time(x.at) }) : null)}
          />
        </Card>
        <Card
          id="exportedUnsigned"
          title={t('home.cards.exportedUnsigned')}
          hint={t('home.hints.exportedUnsigned')}
          figure={f.count(c.exportedUnsigned.count)}
          unit={cases}
          href="#/contracts"
        >
          <CaseRows
            id="exportedUnsigned"
            list={c.exportedUnsigned}
            href={contractLink}
            detail={(x) => (x.at ? t('home.rowAt.exported', { time: f.time(x.at) }) : null)}
          />
        </Card>
      </div>
    </section>
  );
}

function SupervisionSection({ s }: { s: SupervisionHome }) {
  const f = useFormat();
  const t = f.t;
  const value = (v: string | null, unit: 'percent' | 'count') =>
    v == null ? '—' : unit === 'percent' ? f.percent(v) : `${f.count(Number(v))} ${t('home.units.borrowers')}`;
  const verdict = (met: boolean | null) =>
    met == null ? t('home.check.unknown') : met ? t('home.check.met') : t('home.check.notMet');
  return (
    <section className="home-section" aria-labelledby="home-supervision" data-testid="home-supervision">
      <h3 id="home-supervision">{t('home.sections.supervision')}</h3>
      <p className="home-hint">{t('home.dataAsOf', { date: s.dataAsOf })}</p>
      <div className="home-grid">
        <Card
          id="breaches"
          title={t('home.cards.breaches')}
          hint={t('home.hints.breaches')}
          figure={f.count(s.breaches.count)}
          unit={t('home.units.checks')}
          tone={s.breaches.count > 0 ? 'alert' : 'ok'}
          href={dashboardLink('regulatory')}
        >
          <ul className="home-rows" data-testid="home-rows-breaches">
            {s.breaches.checks.map((c) => (
              <li key={c.key}>
                <span>{t(`dash.rows.${c.key}`)}</span>
                <span className="home-row-meta">
                  {t('home.check.valueAgainst', { value: value(c.value, c.unit), target: value(c.target, c.unit) })}
                </span>
                <span className={`home-badge ${c.met === false ? 'bad' : c.met ? 'good' : ''}`}>{verdict(c.met)}</span>
              </li>
            ))}
          </ul>
        </Card>
        <Card
          id="warnings"
          title={t('home.cards.warnings')}
          hint={t('home.hints.warnings')}
          figure={f.count(s.warnings.count)}
          unit={t('home.units.loans')}
          tone={s.warnings.count > 0 ? 'alert' : 'ok'}
          href={dashboardLink('warning', { panel: 'warning.ranked', row: 'any', series: 'loans' })}
        >
          <p className="home-row-meta">{t('home.warnings.balance', { balance: f.money(s.warnings.balance) })}</p>
          <ul className="home-rows" data-testid="home-rows-warnings">
            {s.warnings.items.map((l) => (
              <li key={l.id}>
                <span>{l.enterpriseName}</span>
                <span className="home-row-meta">
                  {f.money(l.balance)}
                  {l.daysPastDue > 0 && ` · ${t('home.warnings.dpd', { n: l.daysPastDue })}`}
                </span>
                <span className="home-row-detail">
                  {l.warningSignals.map((x) => t(`dash.rows.${x}`, { defaultValue: x })).join('、')}
                </span>
              </li>
            ))}
          </ul>
        </Card>
        <Card
          id="npl"
          title={t('home.cards.npl')}
          hint={t('home.hints.npl')}
          figure={f.percent(s.npl.inclusiveRatio)}
          tone={s.npl.met === false ? 'alert' : 'ok'}
          href={dashboardLink('regulatory', { panel: 'regulatory.indicators', row: 'inclusive', series: 'nplBalance' })}
        >
          <ul className="home-rows">
            <li>
              <span>{t('home.npl.limit', { limit: f.percent(s.npl.limit), all: f.percent(s.npl.allRatio) })}</span>
              <span className={`home-badge ${s.npl.met === false ? 'bad' : s.npl.met ? 'good' : ''}`}>
                {s.npl.met == null ? verdict(null) : s.npl.met ? t('home.npl.within') : t('home.npl.over')}
              </span>
            </li>
            <li>
              <span data-testid="home-npl-loans">
                {t('home.npl.loans', { n: f.count(s.npl.loans), balance: f.money(s.npl.balance) })}
              </span>
            </li>
          </ul>
        </Card>
      </div>
    </section>
  );
}

function OriginationSection({ o }: { o: OriginationHome }) {
  const f = useFormat();
  const t = f.t;
  const open = useOpenQueue();
  const cases = t('home.units.cases');
  const updated = (c: HomeCase) =>
    [t(`status.${c.status}`), c.at ? t('home.rowAt.updated', { time: f.time(c.at) }) : null]
      .filter(Boolean)
      .join(' · ');
  return (
    <section className="home-section" aria-labelledby="home-origination" data-testid="home-origination">
      <h3 id="home-origination">{t('home.sections.origination')}</h3>
      <div className="home-grid">
        <Card
          id="inApproval"
          title={t('home.cards.inApproval')}
          hint={t('home.hints.inApproval')}
          figure={f.count(o.inApproval.count)}
          unit={cases}
          href="#/queue"
          onOpen={open({ lane: laneOf(o.inApproval.items[0], 'fast'), scope: 'branch' })}
        >
          <CaseRows id="inApproval" list={o.inApproval} detail={updated} />
        </Card>
        <Card
          id="returnedRm"
          title={t('home.cards.returnedRm')}
          hint={t('home.hints.returnedRm')}
          figure={f.count(o.returned.count)}
          unit={cases}
          tone={o.returned.count > 0 ? 'alert' : 'ok'}
          href="#/queue"
          onOpen={open({ lane: 'returned', scope: 'branch' })}
        >
          <CaseRows id="returnedRm" list={o.returned} detail={updated} />
        </Card>
        <Card
          id="approved"
          title={t('home.cards.approved')}
          hint={t('home.hints.approved')}
          figure={f.count(o.approved.count)}
          unit={cases}
        >
          <CaseRows id="approved" list={o.approved} detail={updated} />
        </Card>
        <Card
          id="declined"
          title={t('home.cards.declined')}
          hint={t('home.hints.declined')}
          figure={f.count(o.declined.count)}
          unit={cases}
        >
          <CaseRows id="declined" list={o.declined} detail={updated} />
        </Card>
      </div>
      <table className="data-table home-status-table" data-testid="home-by-status">
        <caption>
          {t('home.byStatus')} · {t('home.total', { n: f.count(o.total) })}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('home.status')}</th>
            <th scope="col" className="num">
              {t('home.count')}
            </th>
          </tr>
        </thead>
        <tbody>
          {o.byStatus.map((s) => (
            <tr key={s.status} data-status={s.status}>
              <th scope="row">{t(`status.${s.status}`)}</th>
              <td className="num">{f.count(s.count)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** A disbursement officer (放款审核): signed cases to prepare (maker) and prepared ones to check (checker). */
function DisbursementSection({ userId }: { userId: string }) {
  const f = useFormat();
  const t = f.t;
  const q = useQuery(disbursementHomeQuery(userId));
  const cases = t('home.units.cases');
  const rows = (id: string, list: { count: number; items: DisbursementQueueItem[] }) =>
    list.count === 0 ? (
      <p className="home-empty">{t('home.nothing')}</p>
    ) : (
      <>
        <ul className="home-rows" data-testid={`home-rows-${id}`}>
          {list.items.map((c) => (
            <li key={c.applicationId}>
              <a href={`#/disbursement/${c.applicationId}`} title={c.enterpriseName} data-case={c.applicationId}>
                {c.enterpriseName}
              </a>
              <span className="home-row-meta">
                {t(`product.${c.productCode}`, { defaultValue: c.productCode })} · {f.money(c.amount)}
              </span>
              <span className="home-row-detail">
                {t(`disbursement.state.${c.disbursementStatus}`)}
                {c.makerName ? ` · ${c.makerName}` : ''}
              </span>
            </li>
          ))}
        </ul>
        {list.count > list.items.length && (
          <p className="home-hint">{t('home.more', { n: list.count - list.items.length })}</p>
        )}
      </>
    );
  return (
    <section className="home-section" aria-labelledby="home-disbursement" data-testid="home-disbursement">
      <h3 id="home-disbursement">{t('disbursement.home.section')}</h3>
      {q.isError && <p role="alert">{errorMessage(q.error)}</p>}
      {q.data && (
        <div className="home-grid">
          <Card
            id="toPrepare"
            title={t('disbursement.home.toPrepare')}
            hint={t('disbursement.home.toPrepareHint')}
            figure={f.count(q.data.toPrepare.count)}
            unit={cases}
            tone={q.data.toPrepare.count > 0 ? 'alert' : 'ok'}
            href="#/disbursement"
          >
            {rows('toPrepare', q.data.toPrepare)}
          </Card>
          <Card
            id="toCheck"
            title={t('disbursement.home.toCheck')}
            hint={t('disbursement.home.toCheckHint')}
            figure={f.count(q.data.toCheck.count)}
            unit={cases}
            tone={q.data.toCheck.count > 0 ? 'alert' : 'ok'}
            href="#/disbursement?view=prepared"
          >
            {rows('toCheck', q.data.toCheck)}
          </Card>
        </div>
      )}
    </section>
  );
}

export function HomeView({ user, expiresAt }: { user: User; expiresAt: string | null }) {
  const { t, i18n } = useTranslation();
  const q = useQuery(homeQuery(user.id));
  const h = q.data;
  const now = h ? Date.parse(h.generatedAt) : Date.now();
  const when = (iso: string) => new Date(iso).toLocaleString(i18n.language, { timeZone: 'Asia/Shanghai' });
  return (
    <section aria-labelledby="home-heading" className="page home">
      <h2 id="home-heading">{t('home.welcome', { name: user.displayName })}</h2>
      <p className="muted home-meta">
        {h && <span>{t('home.today', { date: h.today })}</span>}
        {expiresAt && <span>{t('home.sessionUntil', { time: when(expiresAt) })}</span>}
        {h && <span data-testid="home-updated">{t('home.updatedAt', { time: when(h.generatedAt) })}</span>}
        <button type="button" onClick={() => q.refetch()} disabled={q.isFetching} data-testid="home-refresh">
          {t('home.refresh')}
        </button>
      </p>
      {q.isPending && <p aria-busy="true">{t('home.loading')}</p>}
      {q.isError && <p role="alert">{errorMessage(q.error)}</p>}
      {h?.decider && <DeciderSection d={h.decider} now={now} />}
      {h?.contracts && <ContractsSection c={h.contracts} />}
      {h?.supervision && <SupervisionSection s={h.supervision} />}
      {h?.origination && <OriginationSection o={h.origination} />}
      {user.roles.some((r) => DISBURSEMENT_ROLES.includes(r)) && <DisbursementSection userId={user.id} />}
      {(user.authority || h?.decider) && (
        <section className="home-section" aria-labelledby="home-authority">
          <h3 id="home-authority">{t('home.authorityHeading')}</h3>
          {user.authority ? (
            <table className="data-table home-authority" data-testid="authority-table">
              <thead>
                <tr>
                  <th scope="col">{t('home.grade')}</th>
                  <th scope="col" className="num">
                    {t('home.maxAmount')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {GradeSchema.options.map((g) => (
                  <tr key={g}>
                    <th scope="row">{g}</th>
                    <td className="num">{groupMoney(user.authority?.[g] ?? '0.00')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p>{t('home.noAuthority')}</p>
          )}
        </section>
      )}
    </section>
  );
}
