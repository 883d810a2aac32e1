import { useEffect, useRef, useState } from 'react';
import type { ApplicationDetail } from '../../../shared/api/applications';
import type { DecisionDraft } from '../../../shared/ipc/channels/case';

/**
 * The case version a decision is made against. Untouched, the form follows the case; touched, it keeps
 * the version it was written against, so a change by someone else meanwhile is told to the user
 * (`changedUnderYou`) and the bank API refuses a stale submission (412) rather than deciding blind.
 */
export function useVersionConflict(d: ApplicationDetail, draft: DecisionDraft | null, dirty: boolean) {
  const [baseVersion, setBaseVersion] = useState(draft?.version ?? d.version);
  /** The version the user saw when they pressed submit (what a conflict message compares against). */
  const submittedVersion = useRef(d.version);

  useEffect(() => {
    if (!dirty) setBaseVersion(d.version);
  }, [d.version, dirty]);

  return {
    baseVersion,
    submittedVersion,
    changedUnderYou: dirty && d.version !== baseVersion,
    /** Remembers the version a submission is made against, and returns it. */
    submitting: () => {
      submittedVersion.current = baseVersion;
      return baseVersion;
    },
    /** After a 412 the user has seen the case as it is now: the next submission is made against that. */
    rebase: setBaseVersion,
  };
}
