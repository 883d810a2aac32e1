import { useTranslation } from 'react-i18next';
import type { ApplicationDetail } from '../../../shared/api/applications';
import type { User } from '../../../shared/api/auth';
import type { DecisionDraft } from '../../../shared/ipc/channels/case';
import type { DecisionAction } from '../../../shared/workflow/status';
import { formatInstant } from '../../format';
import { ConfirmDecision } from './ConfirmDecision';
import { DecisionFields } from './DecisionFields';
import {
  AuthorityNote,
  CaseChanged,
  DecisionClosed,
  DecisionOutcome,
  DraftRestored,
  EscalatedTo,
  FailureNote,
  FirstSignature,
  GatesChecklist,
  RefusalNote,
  VotesSoFar,
} from './DecisionNotes';
import { approvalGates, buildDecision, type DecisionForm, signaturesOf } from './decision-form';
import { useConfirmDialog } from './useConfirmDialog';
import { useDecisionDraft } from './useDecisionDraft';
import { useDecisionForm } from './useDecisionForm';
import { useDecisionSubmit } from './useDecisionSubmit';
import { useVersionConflict } from './useVersionConflict';

/**
 * The decision on a case: the action tabs, the form for the chosen action, what the user should know
 * before deciding (a draft restored, the case changed meanwhile, signatures, votes, authority), the
 * confirm step, and the outcome or refusal. The state lives in hooks: the form (useDecisionForm), the
 * version it is written against (useVersionConflict), the draft kept by main (useDecisionDraft), the
 * submission (useDecisionSubmit) and the confirm dialog (useConfirmDialog).
 */
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
  const { actions, form, errors, setErrors, dirty, update, settled } = useDecisionForm(
    d,
    user,
    draft,
    requestedAction,
    onFormChange,
  );
  const versions = useVersionConflict(d, draft, dirty);
  const drafts = useDecisionDraft(d.id, draft, form, dirty, versions.baseVersion);
  const confirm = useConfirmDialog();
  const decision = useDecisionSubmit(d.id, versions, {
    answered: confirm.hide,
    decided: () => {
      settled();
      drafts.clear();
    },
  });

  if (actions.length === 0) return <DecisionClosed d={d} user={user} outcome={decision.outcome} />;

  const built = () => buildDecision(d, user, form);
  const submit = () => decision.submit(built().request);
  const refusal = decision.outcome && !decision.outcome.ok ? decision.outcome : null;
  const firstSignature = signaturesOf(d)[0];
  // An approval (signature) needs the gates open: the bank API refuses otherwise (409 gates.not_met), so
  // the form does not send one; the other actions (return for the material above all) stay open.
  const gatesClosed = form.action === 'approve' && approvalGates(d).length > 0;
  return (
    <aside className="card decision" aria-labelledby="decision-h" data-testid="decision-panel">
      <h3 id="decision-h">{t('decision.heading')}</h3>
      <ActionTabs actions={actions} current={form.action} onPick={(action) => update({ action })} />
      <EscalatedTo d={d} />
      {drafts.restored && <DraftRestored d={d} draft={draft} />}
      {versions.changedUnderYou && !refusal && <CaseChanged d={d} mine={versions.baseVersion} />}
      {firstSignature && d.status === 'in_review' && <FirstSignature signature={firstSignature} />}
      <VotesSoFar d={d} />
      <AuthorityNote d={d} user={user} form={form} />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const r = built();
          setErrors(r.errors);
          decision.clearOutcome();
          // The gates closed: the checklist above says what is missing; nothing is sent.
          if (r.request && !gatesClosed) confirm.show();
        }}
        noValidate
      >
        <DecisionFields d={d} user={user} form={form} errors={errors} update={update} />
        {form.action === 'approve' && <GatesChecklist d={d} />}
        <div className="form-actions">
          <button type="submit" disabled={decision.pending} data-testid="decision-submit">
            {t('decision.submit')}
          </button>
          {drafts.savedAt && (
            <span className="muted" data-testid="draft-saved">
              {t('decision.draftSaved', { time: formatInstant(drafts.savedAt, i18n.language) })}
            </span>
          )}
        </div>
      </form>
      <DecisionOutcome outcome={decision.outcome} />
      {refusal && <RefusalNote d={d} refusal={refusal} submittedVersion={versions.submittedVersion.current} />}
      {decision.failure && <FailureNote message={decision.failure} pending={decision.pending} onRetry={submit} />}
      <ConfirmDecision
        dialogRef={confirm.ref}
        open={confirm.open}
        d={d}
        request={confirm.open ? built().request : null}
        pending={decision.pending}
        onConfirm={submit}
        onCancel={confirm.hide}
      />
    </aside>
  );
}

/** One tab per action the user may take on this case. */
function ActionTabs({
  actions,
  current,
  onPick,
}: {
  actions: readonly DecisionAction[];
  current: DecisionAction;
  onPick: (a: DecisionAction) => void;
}) {
  const { t } = useTranslation();
  return (
    <div role="tablist" aria-label={t('decision.actionsLabel')} className="action-tabs">
      {actions.map((a) => (
        <button
          key={a}
          type="button"
          role="tab"
          aria-selected={current === a}
          onClick={() => onPick(a)}
          data-testid={`action-${a}`}
        >
          {t(`decision.action.${a}`)}
        </button>
      ))}
    </div>
  );
}
