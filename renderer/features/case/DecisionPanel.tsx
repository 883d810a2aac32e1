import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApplicationDetail } from '../../../shared/api/applications';
import type { User } from '../../../shared/api/auth';
import { groupAmountsInText } from '../../../shared/credit/describe';
import type { Grade } from '../../../shared/credit/grades';
import { type DecideResult, type DecisionDraft, DRAFT_TEXT_MAX } from '../../../shared/ipc/channels/case';
import type { DecisionAction } from '../../../shared/workflow/status';
import { assigneeName, formatInstant, langOf, percent, yuan } from '../../format';
import { errorMessage } from '../../i18n';
import { DecisionFields } from './DecisionFields';
import {
  availableActions,
  awaitingSecondSignature,
  buildDecision,
  type DecisionForm,
  explainAuthority,
  type FormErrors,
  initialForm,
  signaturesOf,
  toDraft,
} from './decision-form';
import { checklistItemName, declineReasonText } from './labels';
import { useClearDraftMutation, useDecideMutation, useSaveDraftMutation } from './mutations';

const DRAFT_SAVE_MS = 400;

export function DecisionPanel({
  d,
  user,
  draft,
  requestedAction,
  onFormChange,
}: {
  d: ApplicationDetail;
  user: User;
  draft: DecisionDraft | null;
  requestedAction: DecisionAction | null;
  onFormChange: (f: DecisionForm) => void;
}) {
  const { t, i18n } = useTranslation();
  const live = availableActions(d, user);
  /** The actions and case version the user started from: a change by someone else must not wipe their input. */
  const [started] = useState(live);
  const [dirty, setDirty] = useState(draft !== null);
  const [baseVersion, setBaseVersion] = useState(draft?.version ?? d.version);
  const actions = dirty ? started : live;
  const [form, setForm] = useState<DecisionForm>(() =>
    initialForm(d, requestedAction && live.includes(requestedAction) ? requestedAction : (live[0] ?? 'approve'), draft),
  );
  const [errors, setErrors] = useState<FormErrors>({});
  const [confirming, setConfirming] = useState(false);
  const [outcome, setOutcome] = useState<DecideResult | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const [restored] = useState(draft !== null);
  const decide = useDecideMutation();
  const saveDraft = useSaveDraftMutation();
  const clearDraft = useClearDraftMutation();
  const confirmRef = useRef<HTMLDialogElement>(null);
  /** The version the user saw when they pressed submit (what a conflict message compares against). */
  const lastVersion = useRef(d.version);

  // Untouched, the form simply follows the case; touched, it keeps the version it was written against.
  useEffect(() => {
    if (!dirty) setBaseVersion(d.version);
  }, [d.version, dirty]);

  const actionsKey = actions.join(',');
  useEffect(() => {
    if (requestedAction && actionsKey.split(',').includes(requestedAction))
      setForm((f) => ({ ...f, action: requestedAction }));
  }, [requestedAction, actionsKey]);

  useEffect(() => onFormChange(form), [form, onFormChange]);

  // Every change is kept by main (debounced): a reload or a restart never loses a half-written decision.
  useEffect(() => {
    if (!dirty) return;
    const h = setTimeout(() => {
      const tooBig = Object.values(form).some((v) => typeof v === 'string' && v.length > DRAFT_TEXT_MAX);
      if (tooBig) return;
      saveDraft.mutate(
        { caseId: d.id, draft: toDraft(form, baseVersion) },
        { onSuccess: () => setSavedAt(new Date().toISOString()) },
      );
    }, DRAFT_SAVE_MS);
    return () => clearTimeout(h);
  }, [form, dirty, d.id, baseVersion, saveDraft.mutate]);

  useEffect(() => {
    const dlg = confirmRef.current;
    if (confirming && dlg && !dlg.open) dlg.showModal();
    if (!confirming && dlg?.open) dlg.close();
  }, [confirming]);

  if (actions.length === 0) {
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
          <p>{t('decision.notActionable', { status: t(`status.${d.status}`) })}</p>
        )}
        {outcome?.ok && (
          <p role="status" className="ok" data-testid="decision-outcome">
            {doneText(outcome)}
          </p>
        )}
      </aside>
    );
  }

  const update = (patch: Partial<DecisionForm>) => {
    setDirty(true);
    setForm((f) => ({ ...f, ...patch }));
    setErrors({});
  };
  const zh = i18n.getFixedT('zh-CN');
  const built = () => buildDecision(d, user, form, (k) => zh(`decision.standardConditions.${k}`));
  const authority = explainAuthority(d, user, form);
  /** What the authority check adds to its heading: nothing when it only says "within your authority". */
  const authorityDetail = (() => {
    if (!authority || authority.code === 'AUTH_OK') return null;
    if (authority.code === 'AUTH_ABOVE_LIMIT') {
      const grade = (d.grade ?? 'E') as Grade;
      const limit = user.authority?.[grade];
      const amount =
        form.action === 'approve' && /^\d+(\.\d{1,2})?$/.test(form.amount.trim()) ? form.amount.trim() : d.amount;
      return t('decision.aboveLimit', {
        amount: yuan(amount, i18n.language),
        grade,
        limit: limit ? yuan(limit, i18n.language) : t('decision.noLimit'),
      });
    }
    return groupAmountsInText(authority.reason[langOf(i18n.language)]);
  })();
  const signatures = signaturesOf(d);
  const votes = d.history.filter((h) => h.action === 'vote');

  function doneText(r: DecideResult) {
    if (!r.ok) return '';
    return `${t(`decision.done.${r.result.outcome}`, { defaultValue: r.result.message })}${r.replayed ? ` ${t('decision.replayed')}` : ''}`;
  }

  const submit = async () => {
    const { request } = built();
    if (!request) return;
    setFailure(null);
    try {
      lastVersion.current = baseVersion;
      const r = await decide.mutateAsync({ id: d.id, version: baseVersion, decision: request });
      setOutcome(r);
      setConfirming(false);
      if (r.ok) {
        setDirty(false);
        clearDraft.mutate(d.id);
      } else if (r.status === 412 && r.current) {
        // Explained to the user and reloaded; the next submission is made against what they now see.
        setBaseVersion(r.current.version);
      }
    } catch (e) {
      setConfirming(false);
      setFailure(errorMessage(e));
    }
  };

  const refusal = outcome && !outcome.ok ? outcome : null;
  const refusalText = (r: Extract<DecideResult, { ok: false }>) => {
    if (r.status === 412 && r.current)
      return t('decision.conflict', {
        mine: lastVersion.current,
        now: r.current.version,
        status: t(`status.${r.current.status}`),
      });
    if (r.code === 'claimed_by_other') return t('decision.claimedByOther', { who: assigneeName(d) });
    const reason = i18n.language === 'en' || !r.reasonZh ? r.message : r.reasonZh;
    const role = r.requiredRole ? ` ${t('decision.refusedRole', { role: t(`roles.${r.requiredRole}`) })}` : '';
    return `${t('decision.refused', { reason })}${role}`;
  };
  return (
    <aside className="card decision" aria-labelledby="decision-h" data-testid="decision-panel">
      <h3 id="decision-h">{t('decision.heading')}</h3>
      <div role="tablist" aria-label={t('decision.actionsLabel')} className="action-tabs">
        {actions.map((a) => (
          <button
            key={a}
            type="button"
            role="tab"
            aria-selected={form.action === a}
            onClick={() => update({ action: a })}
            data-testid={`action-${a}`}
          >
            {t(`decision.action.${a}`)}
          </button>
        ))}
      </div>
      {restored && (
        <p className="note" role="status" data-testid="draft-restored">
          {t('decision.draftRestored')}
          {draft?.version !== null && draft?.version !== d.version
            ? ` ${t('decision.draftChanged', { draft: draft?.version ?? '', now: d.version })}`
            : ''}
        </p>
      )}
      {dirty && d.version !== baseVersion && !refusal && (
        <p className="note warn" role="status" data-testid="case-changed">
          {t('decision.changedUnderYou', { mine: baseVersion, now: d.version, status: t(`status.${d.status}`) })}
        </p>
      )}
      {signatures[0] && d.status === 'in_review' && <FirstSignature signature={signatures[0]} />}
      {votes.length > 0 && (
        <p className="note" data-testid="votes-so-far">
          {t('case.votesSoFar', {
            n: votes.length,
            a: votes.filter((v) => v.payload.vote === 'approve').length,
            d: votes.filter((v) => v.payload.vote === 'decline').length,
          })}
        </p>
      )}
      {authority && (
        <div className={`authority ${authority.allowed ? 'ok' : 'no'}`} data-testid="authority" role="status">
          <strong>{authority.allowed ? t('decision.authorityOk') : t('decision.authorityNo')}</strong>
          {authorityDetail && <span>{` ${authorityDetail}`}</span>}
          {authority.requiredRole && (
            <span> · {t('decision.mustDecide', { role: t(`roles.${authority.requiredRole}`) })}</span>
          )}
        </div>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const r = built();
          setErrors(r.errors);
          setOutcome(null);
          if (r.request) setConfirming(true);
        }}
        noValidate
      >
        <DecisionFields d={d} form={form} errors={errors} update={update} />
        <div className="form-actions">
          <button type="submit" disabled={decide.isPending} data-testid="decision-submit">
            {t('decision.submit')}
          </button>
          {savedAt && (
            <span className="muted" data-testid="draft-saved">
              {t('decision.draftSaved', { time: formatInstant(savedAt, i18n.language) })}
            </span>
          )}
        </div>
      </form>
      {outcome?.ok && (
        <p role="status" className="ok" data-testid="decision-outcome">
          {doneText(outcome)}
        </p>
      )}
      {refusal && (
        <p role="alert" className="error" data-testid="decision-refused">
          {refusalText(refusal)}
        </p>
      )}
      {failure && (
        <p role="alert" className="error" data-testid="decision-failure">
          {t('decision.retryable', { message: failure })}{' '}
          <button type="button" onClick={submit} disabled={decide.isPending}>
            {t('decision.retry')}
          </button>
        </p>
      )}
      <dialog
        ref={confirmRef}
        className="confirm"
        aria-labelledby="confirm-h"
        onClose={() => setConfirming(false)}
        data-testid="confirm-dialog"
      >
        <h3 id="confirm-h">{t('decision.confirmHeading')}</h3>
        <p>{t('decision.confirmIntro')}</p>
        {confirming && <Summary d={d} request={built().request} />}
        <div className="form-actions">
          <button type="button" onClick={submit} disabled={decide.isPending} data-testid="confirm-submit">
            {decide.isPending ? t('decision.submitting') : t('decision.confirm')}
          </button>
          <button type="button" className="secondary" onClick={() => setConfirming(false)}>
            {t('decision.cancel')}
          </button>
        </div>
      </dialog>
    </aside>
  );
}

/** Who signed a standard case first, when, and on what terms. */
function FirstSignature({ signature: s }: { signature: ReturnType<typeof signaturesOf>[number] }) {
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

function Summary({ d, request }: { d: ApplicationDetail; request: ReturnType<typeof buildDecision>['request'] }) {
  const { t, i18n } = useTranslation();
  if (!request) return null;
  const lang = langOf(i18n.language);
  const sep = lang === 'en' ? '; ' : '、';
  const rows: [string, string][] = [[t('decision.actionsLabel'), t(`decision.action.${request.action}`)]];
  rows.push([
    t('case.heading', { name: d.enterpriseName, id: d.id }),
    `${t(`product.${d.productCode}`, { defaultValue: d.productCode })} · ${yuan(d.amount, i18n.language)}`,
  ]);
  if (request.action === 'approve') {
    rows.push([t('decision.amountLabel'), yuan(request.amount, i18n.language)]);
    rows.push([t('decision.rateLabel'), percent(request.annualRate)]);
    rows.push([t('decision.termLabel'), t('case.months', { n: request.termMonths })]);
    rows.push([t('decision.method'), t(`method.${request.repaymentMethod}`)]);
    if (request.conditions?.length) rows.push([t('decision.conditions'), request.conditions.join('；')]);
  }
  if (request.action === 'decline')
    rows.push([t('decision.reasonCodes'), request.reasonCodes.map((c) => declineReasonText(c, d, t, lang)).join(sep)]);
  if (request.action === 'return')
    rows.push([t('decision.items'), request.items.map((c) => checklistItemName(c, d, lang)).join(sep)]);
  if (request.action === 'escalate') {
    rows.push([t('decision.escalateTo'), t(`decision.escalateTargets.${request.to ?? 'committee'}`)]);
    rows.push([t('decision.escalateReason'), request.reason]);
  }
  if (request.action === 'vote') rows.push([t('decision.vote'), t(`decision.votes.${request.vote}`)]);
  if ('comment' in request && request.comment) rows.push([t('decision.comment'), request.comment]);
  return (
    <dl className="facts" data-testid="confirm-summary">
      {rows.map(([k, v]) => (
        <div key={k} className="fact-row">
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
