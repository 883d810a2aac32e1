import { useCallback, useEffect, useState } from 'react';
import type { User } from '../../shared/api/auth';
import { DECISION_ACTIONS, type DecisionAction } from '../../shared/workflow/status';
import { CaseView } from '../features/case/CaseView';
import { useClaimMutation, useReleaseMutation } from '../features/case/mutations';
import { QueueView } from '../features/queue/QueueView';
import '../features/queue/desk.css';

interface Route {
  caseId: string | null;
  action: DecisionAction | null;
}

/** `#/queue` is the queue; `#/queue/<id>` (optionally `?action=approve`) a case over it. */
export function parseQueueRoute(hash: string): Route {
  const m = /^#\/?queue\/([A-Z0-9-]{4,40})(?:\?action=([a-z]+))?$/.exec(hash);
  if (!m) return { caseId: null, action: null };
  const action = (DECISION_ACTIONS as readonly string[]).includes(m[2] ?? '') ? (m[2] as DecisionAction) : null;
  return { caseId: m[1]!, action };
}

/**
 * The approver's desk: the queue feature with the case feature over it (the frame composes features;
 * features do not import one another). The queue stays mounted under an open case so its scroll, focus and data survive. */
export function QueueArea({ user }: { user: User }) {
  const [route, setRoute] = useState(() => parseQueueRoute(location.hash));
  useEffect(() => {
    const on = () => setRoute(parseQueueRoute(location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  const open = useCallback((id: string, action?: DecisionAction) => {
    location.hash = `#/queue/${id}${action ? `?action=${action}` : ''}`;
  }, []);
  const back = useCallback(() => {
    location.hash = '#/queue';
    // Back on the grid, on the same row.
    setTimeout(() => document.getElementById('queue-table')?.focus({ preventScroll: true }), 0);
  }, []);
  const claim = useClaimMutation();
  const release = useReleaseMutation();
  return (
    <>
      <QueueView
        user={user}
        active={route.caseId === null}
        onOpen={open}
        onClaim={(r) => claim.mutate(r)}
        onRelease={(r) => release.mutate(r)}
      />
      {route.caseId && (
        <CaseView key={route.caseId} id={route.caseId} user={user} initialAction={route.action} onBack={back} />
      )}
    </>
  );
}
