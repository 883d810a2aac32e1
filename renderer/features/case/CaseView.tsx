import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApplicationDetail } from '../../../shared/api/applications';
import type { User } from '../../../shared/api/auth';
import { COMPARE_ROLES } from '../../../shared/api/enterprises';
import { slaRuns } from '../../../shared/workflow/sla';
import type { DecisionAction } from '../../../shared/workflow/status';
import { isTyping } from '../../common/keyboard';
import { loanLink } from '../../common/links';
import { useNow } from '../../common/useNow';
import { assigneeName, formatInstant, formatSla, yuan } from '../../format';
import { errorMessage } from '../../i18n';
import { AssessmentSection, ChecklistSection } from './AssessmentSection';
import { DecisionPanel } from './DecisionPanel';
import { awaitingSecondSignature, type DecisionForm } from './decision-form';
import { HistorySection } from './HistorySection';
import { InvestigationSection } from './InvestigationSection';
import { MaterialsSection } from './MaterialsSection';
import { useClaimMutation, useReleaseMutation } from './mutations';
import { NotesSection } from './NotesSection';
import { PolicyExceptions } from './PolicyExceptions';
import { ProfileSection } from './ProfileSection';
import { QuotePreview } from './QuotePreview';
import { caseQueries } from './queries';
import { RenewalSection } from './RenewalSection';

const ACTION_KEYS: Record<string, DecisionAction> = { a: 'approve', d: 'decline', r: 'return', e: 'escalate' };

export function CaseView({
  id,
  user,
  initialAction,
  onBack,
}: {
  id: string;
  user: User;
  initialAction: DecisionAction | null;
  onBack: () => void;
}) {
  const { t } = useTranslation();
  const detail = useQuery(caseQueries.detail(id));
  const draft = useQuery(caseQueries.draft(id));
  const [action, setAction] = useState<DecisionAction | null>(initialAction);
  const [form, setForm] = useState<DecisionForm | null>(null);
  const onFormChange = useCallback((f: DecisionForm) => setForm(f), []);

  useEffect(() => setAction(initialAction), [initialAction]);
  useCaseKeys(onBack, setAction);

  useEffect(() => {
    document.getElementById('case-heading')?.focus();
  }, []);

  if (detail.isPending) return <p aria-busy="true">{t('case.loading')}</p>;
  if (detail.isError && !detail.data)
    return (
      <section className="page">
        <button type="button" className="link" onClick={onBack}>
          ← {t('case.back')}
        </button>
        <p role="alert" className="error">
          {errorMessage(detail.error)}
        </p>
      </section>
    );
  const d = detail.data;
  return (
    <section className="page case-page" aria-labelledby="case-heading" data-testid="case-view" data-version={d.version}>
      <CaseHead d={d} user={user} onBack={onBack} />
      {detail.isError && (
        <p role="alert" className="banner stale">
          {errorMessage(detail.error)}
        </p>
      )}
      <div className="case-grid">
        <div className="case-main">
          <CaseSummary d={d} />
          <RenewalSection d={d} />
          <ProfileSection d={d} />
          <AssessmentSection d={d} />
          <PolicyExceptions d={d} />
          <ChecklistSection d={d} />
          <MaterialsSection d={d} user={user} />
          <InvestigationSection d={d} user={user} />
          <QuotePreview d={d} form={quoteTerms(d, form)} />
          <NotesSection d={d} />
          <HistorySection d={d} />
        </div>
        <div className="case-side">
          {draft.isPending ? null : (
            <DecisionPanel
              key={d.id}
              d={d}
              user={user}
              draft={draft.data ?? null}
              requestedAction={action}
              onFormChange={onFormChange}
            />
          )}
        </div>
      </div>
    </section>
  );
}

/** The case's keys: Escape goes back to the queue; a, d, r, e pick an action and put the user in the form. */
function useCaseKeys(onBack: () => void, onAction: (a: DecisionAction) => void) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || document.querySelector('dialog[open]')) return;
      if (e.key === 'Escape' && !isTyping(e)) {
        e.preventDefault();
        onBack();
        return;
      }
      if (isTyping(e)) return;
      const a = ACTION_KEYS[e.key];
      if (a) {
        e.preventDefault();
        onAction(a);
        // Put the user in the form at once.
        setTimeout(
          () =>
            document
              .querySelector<HTMLElement>('.decision form input, .decision form textarea, .decision form select')
              ?.focus(),
          0,
        );
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onBack, onAction]);
}

/** Back, the case's name, status, tier and SLA (or since when it stands), and what the user may do with it. */
function CaseHead({ d, user, onBack }: { d: ApplicationDetail; user: User; onBack: () => void }) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  const claim = useClaimMutation();
  const release = useReleaseMutation();
  const deciding = user.roles.some((r) => r === 'approver' || r === 'senior_approver' || r === 'committee');
  const open = ['in_review', 'committee', 'escalated', 'returned'].includes(d.status);
  /** Signed once, the second signature not this user's to give: nothing to claim. */
  const waitingForSecond = awaitingSecondSignature(d, user) !== null;
  /** Since when the case has been in its status (its last move into it), where the history has it. */
  const since = d.history.findLast((h) => h.toStatus === d.status)?.at ?? null;
  return (
    <div className="case-head">
      <button type="button" className="link" onClick={onBack} data-testid="case-back">
        ← {t('case.back')}
      </button>
      <h2 id="case-heading" tabIndex={-1}>
        {t('case.heading', { name: d.enterpriseName, id: d.id })}
      </h2>
      <span className="badge" data-testid="case-status">
        {t(`status.${d.status}`)}
      </span>
      <span className="badge">{t(`tier.${d.tier}`)}</span>
      {d.renewal && (
        <span className="badge" data-testid="case-renewal-tag">
          {t(`renewal.kind.${d.renewal.kind}`)}
        </span>
      )}
      {d.loanId && (
        <a href={loanLink(d.loanId)} data-testid="case-loan-link">
          {t('case.openLoanPage', { loanId: d.loanId })}
        </a>
      )}
      <span className="muted" data-testid="case-service-officer">
        {d.serviceOfficer ? t('case.serviceOfficer', { name: d.serviceOfficer.name }) : t('case.serviceOfficerNone')}
      </span>
      {slaRuns(d.status) ? (
        <span className={`sla sla-${d.slaState ?? 'none'}`} data-testid="case-sla">
          {formatSla(t, now, d.slaDueAt)}
        </span>
      ) : (
        since && (
          <span className="sla sla-none" data-testid="case-since">
            {d.status === 'returned'
              ? t('sla.returnedSince', { at: formatInstant(since, i18n.language) })
              : t('sla.statusSince', { status: t(`status.${d.status}`), at: formatInstant(since, i18n.language) })}
          </span>
        )
      )}
      {deciding && open && !d.assigneeId && !waitingForSecond && (
        <button type="button" onClick={() => claim.mutate(d)} disabled={claim.isPending} data-testid="case-claim">
          {t('queue.claim')}
        </button>
      )}
      {deciding && d.assigneeId === user.id && (
        <button
          type="button"
          className="secondary"
          onClick={() => release.mutate(d)}
          disabled={release.isPending}
          data-testid="case-release"
        >
          {t('queue.release')}
        </button>
      )}
      {user.roles.some((r) => COMPARE_ROLES.includes(r)) && (
        <button
          type="button"
          className="secondary"
          onClick={() => {
            location.hash = `#/compare?add=${encodeURIComponent(d.enterpriseId)}&peers=1`;
          }}
          data-testid="case-compare"
        >
          {t('case.comparePeers')}
        </button>
      )}
      {d.assigneeId && d.assigneeId !== user.id && (
        <span className="note">{t('case.claimed', { who: assigneeName(d) })}</span>
      )}
    </div>
  );
}

/** The pre-approval range computed at submission (applications.preapproval), beside the amount asked. */
function PreapprovalRange({ pre }: { pre: Record<string, unknown> | null }) {
  const { t, i18n } = useTranslation();
  if (!pre) return null;
  const min = typeof pre.minAmount === 'string' ? pre.minAmount : null;
  const max = typeof pre.maxAmount === 'string' ? pre.maxAmount : null;
  return (
    <span className="muted" data-testid="case-preapproval">
      {pre.eligible === true && min && max
        ? t('workspace.caseRange', { min: yuan(min, i18n.language), max: yuan(max, i18n.language) })
        : t('workspace.caseNoRange')}
    </span>
  );
}

/** The request at a glance: product, amount, term, purpose, channel, when submitted. */
function CaseSummary({ d }: { d: ApplicationDetail }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="card" aria-labelledby="sum-h">
      <h3 id="sum-h">{t('case.summary')}</h3>
      <dl className="facts">
        <dt>{t('queue.col.product')}</dt>
        <dd>{t(`product.${d.productCode}`, { defaultValue: d.productCode })}</dd>

        <dt>{t('case.requested')}</dt>
        <dd className="num" data-testid="case-amount">
          {yuan(d.amount, i18n.language)} <PreapprovalRange pre={d.preapproval} />
        </dd>
        <dt>{t('case.term')}</dt>
        <dd>
          {t('case.months', { n: d.termMonths })} · {t(`method.${d.repaymentMethod}`)}
        </dd>
        <dt>{t('case.purpose')}</dt>
        <dd>{d.purpose}</dd>
        <dt>{t('queue.col.channel')}</dt>
        <dd>{t(`channel.${d.channel}`)}</dd>
        <dt>{t('case.submittedAt')}</dt>
        <dd>{formatInstant(d.submittedAt, i18n.language)}</dd>
      </dl>
    </section>
  );
}

/** The terms the quote shows: the approval being written, else the request at the assessed rate. */
function quoteTerms(d: ApplicationDetail, form: DecisionForm | null) {
  return form && form.action === 'approve'
    ? form
    : {
        amount: d.amount,
        rate: (d.assessment as { price?: { annualRate?: string } }).price?.annualRate ?? '',
        term: String(d.termMonths),
        method: d.repaymentMethod,
      };
}
