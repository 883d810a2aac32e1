import { useEffect, useState } from 'react';
import type { ApplicationDetail } from '../../../shared/api/applications';
import type { User } from '../../../shared/api/auth';
import type { DecisionDraft } from '../../../shared/ipc/channels/case';
import type { DecisionAction } from '../../../shared/workflow/status';
import { availableActions, type DecisionForm, type FormErrors, initialForm } from './decision-form';

/**
 * The decision form's state: the action and fields as typed, their errors, and whether the user has
 * touched it. Untouched, the actions follow the case; touched, they stay those the user started from,
 * so a change by someone else never wipes their input.
 */
export function useDecisionForm(
  d: ApplicationDetail,
  user: User,
  draft: DecisionDraft | null,
  requestedAction: DecisionAction | null,
  onFormChange: (f: DecisionForm) => void,
) {
  const live = availableActions(d, user);
  const [started] = useState(live);
  const [dirty, setDirty] = useState(draft !== null);
  const actions = dirty ? started : live;
  const [form, setForm] = useState<DecisionForm>(() =>
    initialForm(
      d,
      requestedAction && live.includes(requestedAction) ? requestedAction : (live[0] ?? 'approve'),
      draft,
      user,
    ),
  );
  const [errors, setErrors] = useState<FormErrors>({});

  const actionsKey = actions.join(',');
  useEffect(() => {
    if (requestedAction && actionsKey.split(',').includes(requestedAction))
      setForm((f) => ({ ...f, action: requestedAction }));
  }, [requestedAction, actionsKey]);

  useEffect(() => onFormChange(form), [form, onFormChange]);

  const update = (patch: Partial<DecisionForm>) => {
    setDirty(true);
    setForm((f) => ({ ...f, ...patch }));
    setErrors({});
  };
  /** The decision went through: the form follows the case again. */
  const settled = () => setDirty(false);
  return { actions, form, errors, setErrors, dirty, update, settled };
}
