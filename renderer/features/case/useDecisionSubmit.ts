import { useState } from 'react';
import type { DecisionRequest } from '../../../shared/api/applications';
import type { DecideResult } from '../../../shared/ipc/channels/case';
import { errorMessage } from '../../i18n';
import { useDecideMutation } from './mutations';
import type { useVersionConflict } from './useVersionConflict';

/**
 * Submits a decision against the version the user wrote it for. The answer is the outcome (done, or a
 * refusal the panel explains); a stale version (412) rebases the form on the case as it is now; a
 * transport failure is kept for a retry with the same submission.
 */
export function useDecisionSubmit(
  caseId: string,
  versions: ReturnType<typeof useVersionConflict>,
  on: { decided: () => void; answered: () => void },
) {
  const decide = useDecideMutation();
  const [outcome, setOutcome] = useState<DecideResult | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const submit = async (request: DecisionRequest | null) => {
    if (!request) return;
    setFailure(null);
    try {
      const r = await decide.mutateAsync({ id: caseId, version: versions.submitting(), decision: request });
      setOutcome(r);
      on.answered();
      if (r.ok) on.decided();
      else if (r.status === 412 && r.current) versions.rebase(r.current.version);
    } catch (e) {
      on.answered();
      setFailure(errorMessage(e));
    }
  };

  return { submit, pending: decide.isPending, outcome, failure, clearOutcome: () => setOutcome(null) };
}
