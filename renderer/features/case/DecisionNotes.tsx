/** What the decision panel tells the user around the form: signatures, votes, authority, outcome, refusal. */
import { useTranslation } from 'react-i18next';
import type { ApplicationDetail } from '../../../shared/api/applications';
import type { User } from '../../../shared/api/auth';
import { groupAmountsInText } from '../../../shared/credit/describe';
import type { Grade } from '../../../shared/credit/grades';
import type { DecideResult, DecisionDraft } from '../../../shared/ipc/channels/case';
import { assigneeName, formatInstant, langOf, percent, yuan } from '../../format';
import {
  approvalGates,
  awaitingSecondSignature,
  type DecisionForm,
  explainAuthority,
  type signaturesOf,
} from './decision-form';

type Refusal = Extract<DecideResult, { ok: false }>;

/** The panel opened on the user's draft; and if the case moved on since it was written, by how much. */
export function DraftRestored({ d, draft }: { d: ApplicationDetail; draft: DecisionDraft | null }) {
  const { t } = useTranslation();
  return (
    <p className="note" role="status" data-testid="draft-restored">
      {t('decision.draftRestored')}
      {draft?.version !== null && draft?.version !== d.version
        ? ` ${t('decision.draftChanged', { draft: draft?.version ?? '', now: d.version })}`
        : ''}
    </p>
  );
}

/** Someone else changed the case while the user was writing (against version `mine`). */
export function CaseChanged({ d, mine }: { d: ApplicationDetail; mine: number }) {
  const { t } = useTranslation();
  return (
    <p className="note warn" role="status" data-testid="case-changed">
      {t('decision.changedUnderYou', { mine, now: d.version, status: t(`status.${d.status}`) })}
    </p>
  );
}

/** The decision did not reach the bank (unreachable, 5xx): say so and offer the same submission again. */
export function FailureNote({ message, pending, onRetry }: { message: string; pending: boolean; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <p role="alert" className="error" data-testid="decision-failure">
      {t('decision.retryable', { message })}{' '}
      <button type="button" onClick={onRetry} disabled={pending}>
        {t('decision.retry')}
      </button>
    </p>
  );
}

/** Who signed a standard case first, when, and on what terms. */
export function FirstSignature({ signature: s }: { signature: ReturnType<typeof signaturesOf>[number] }) {
  const { t, i18n } = useTranslation();
  return (
    <p className="note signature" data-testid="first-signature">
      {t('case.firstSignature', {
        who: s.name ?? s.userId,
        at: formatInstant(s.at, i18n.language),
        amount: yuan(s.payload.amount as string | undefined, i18n.language),
        rate: percent(s.payload.annualRate as string | undefined),
        term: t('case.months', { n: s.payload.termMonths ?? '—' }),
      })}
    </p>
  );
}

/** The committee's votes so far, when there are any. */
export function VotesSoFar({ d }: { d: ApplicationDetail }) {
  const { t } = useTranslation();
  const votes = d.history.filter((h) => h.action === 'vote');
  if (votes.length === 0) return null;
  return (
    <p className="note" data-testid="votes-so-far">
      {t('case.votesSoFar', {
        n: votes.length,
        a: votes.filter((v) => v.payload.vote === 'approve').length,
        d: votes.filter((v) => v.payload.vote === 'decline').length,
      })}
    </p>
  );
}

/** Whether the decision as filled in is within the user's authority, and if not, why and who must decide. */
export function AuthorityNote({ d, user, form }: { d: ApplicationDetail; user: User; form: DecisionForm }) {
  const { t, i18n } = useTranslation();
  const authority = explainAuthority(d, user, form);
  if (!authority) return null;
  /** What the check adds to its heading: nothing when it only says "within your authority". */
  let detail: string | null = null;
  if (authority.code === 'AUTH_ABOVE_LIMIT') {
    const grade = (d.grade ?? 'E') as Grade;
    const limit = user.authority?.[grade];
    const amount =
      form.action === 'approve' && /^\d+(\.\d{1,2})?$/.test(form.amount.trim()) ? form.amount.trim() : d.amount;
    detail = t('decision.aboveLimit', {
      amount: yuan(amount, i18n.language),
      grade,
      limit: limit ? yuan(limit, i18n.language) : t('decision.noLimit'),
    });
  } else if (authority.code !== 'AUTH_OK') {
    detail = groupAmountsInText(authority.reason[langOf(i18n.language)]);
  }
  return (
    <div className={`authority ${authority.allowed ? 'ok' : 'no'}`} data-testid="authority" role="status">
      <strong>{authority.allowed ? t('decision.authorityOk') : t('decision.authorityNo')}</strong>
      {detail && <span>{` ${detail}`}</span>}
      {authority.requiredRole && (
        <span> · {t('decision.mustDecide', { role: t(`roles.${authority.requiredRole}`) })}</span>
      )}
    </div>
  );
}

/** A decision that went through, in words (and whether the answer was a replay of the first). */
export function DecisionOutcome({ outcome }: { outcome: DecideResult | null }) {
  const { t } = useTranslation();
  if (!outcome?.ok) return null;
  return (
    <p role="status" className="ok" data-testid="decision-outcome">
      {`${t(`decision.done.${outcome.result.outcome}`, { defaultValue: outcome.result.message })}${outcome.replayed ? ` ${t('decision.replayed')}` : ''}`}
    </p>
  );
}

/** Why the bank API refused: a newer version (with what changed), another's claim, or the rule and who must decide. */
export function RefusalNote({
  d,
  refusal,
  submittedVersion,
}: {
  d: ApplicationDetail;
  refusal: Refusal;
  submittedVersion: number;
}) {
  const { t, i18n } = useTranslation();
  const r = refusal;
  let text: string;
  if (r.status === 412 && r.current)
    text = t('decision.conflict', {
      mine: submittedVersion,
      now: r.current.version,
      status: t(`status.${r.current.status}`),
    });
  else if (r.code === 'claimed_by_other') text = t('decision.claimedByOther', { who: assigneeName(d) });
  else {
    const reason = i18n.language === 'en' || !r.reasonZh ? r.message : r.reasonZh;
    const role = r.requiredRole ? ` ${t('decision.refusedRole', { role: t(`roles.${r.requiredRole}`) })}` : '';
    text = `${t('decision.refused', { reason })}${role}`;
  }
  return (
    <p role="alert" className="error" data-testid="decision-refused">
      {text}
    </p>
  );
}

/** The panel when this user has nothing to decide: awaiting a second signature, or why not actionable. */
export function DecisionClosed({
  d,
  user,
  outcome,
}: {
  d: ApplicationDetail;
  user: User;
  outcome: DecideResult | null;
}) {
  const { t } = useTranslation();
  const waiting = awaitingSecondSignature(d, user);
  return (
    <aside className="card decision" aria-labelledby="decision-h" data-testid="decision-panel">
      <h3 id="decision-h">{t('decision.heading')}</h3>
      {waiting ? (
        <>
          <FirstSignature signature={waiting} />
          <p className="note" role="status" data-testid="awaiting-second-signature">
            {waiting.userId === user.id
              ? t('decision.awaitingSecondMine', { role: t('roles.senior_approver') })
              : t('decision.awaitingSecond', {
                  who: waiting.name ?? waiting.userId,
                  role: t('roles.senior_approver'),
                })}
          </p>
        </>
      ) : (
        <>
          <EscalatedTo d={d} />
          <p>{t('decision.notActionable', { status: t(`status.${d.status}`) })}</p>
        </>
      )}
      <DecisionOutcome outcome={outcome} />
    </aside>
  );
}

/** Where an escalated case waits (a senior approver or the committee), who sent it and why; a pricing exception's terms. */
export function EscalatedTo({ d }: { d: ApplicationDetail }) {
  const { t, i18n } = useTranslation();
  if (d.status !== 'escalated' && d.status !== 'committee') return null;
  if (!d.escalatedTo) return null;
  const last = d.history.filter((h) => h.action === 'escalate' || h.action === 'pricing_exception').at(-1);
  const pe = d.pricingException as {
    terms?: { annualRate?: string };
    reason?: string;
    zh?: string;
    en?: string;
  } | null;
  return (
    <div className="note" role="status" data-testid="escalated-to">
      <p>
        {t('decision.waitsFor', { who: t(`decision.escalateTargets.${d.escalatedTo}`) })}
        {last
          ? ` ${t('decision.escalatedBy', { who: last.actorName ?? last.actorId ?? '—', reason: String(last.payload.reason ?? '') })}`
          : ''}
      </p>
      {pe && !('grantedBy' in pe) && (
        <p data-testid="pricing-exception-pending">
          {t('decision.pricingPending', { rate: percent(pe.terms?.annualRate) })}{' '}
          {langOf(i18n.language) === 'en' ? pe.en : pe.zh}
        </p>
      )}
    </div>
  );
}

/** The approval gates as a checklist before the approve button: what is in hand, what is missing (why it is disabled). */
export function GatesChecklist({ d }: { d: ApplicationDetail }) {
  const { t, i18n } = useTranslation();
  const missing = approvalGates(d);
  const en = langOf(i18n.language) === 'en';
  const needsInvestigation =
    d.tier === 'standard' ||
    d.tier === 'committee' ||
    ['standard', 'committee'].includes(String((d.routing as { tier?: string }).tier));
  const items = [
    ...d.checklist.map((c) => ({
      code: String(c.code),
      label: String(en ? (c.nameEn ?? c.name) : c.name),
    })),
    ...(needsInvestigation ? [{ code: 'INVESTIGATION', label: t('decision.gates.investigation') }] : []),
  ];
  const open = missing.length === 0;
  return (
    <fieldset className={`gates${open ? '' : ' warn'}`} data-testid="approval-gates">
      <legend>{t('decision.gates.heading')}</legend>
      <ul>
        {items.map((i) => {
          const ok = !missing.some((m) => m.code === i.code);
          return (
            <li key={i.code} data-testid={`gate-${i.code}`} data-ok={ok}>
              {ok ? '✓' : '✗'} {i.label} — {t(ok ? 'decision.gates.inHand' : 'decision.gates.missing')}
            </li>
          );
        })}
      </ul>
      {!open && (
        <p role="status" data-testid="gates-closed">
          {t('decision.gates.closed')}
        </p>
      )}
    </fieldset>
  );
}
