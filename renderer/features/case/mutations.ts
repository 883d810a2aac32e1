import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ApplicationSummary } from '../../../shared/api/applications';
import type { DecisionDraft } from '../../../shared/ipc/channels/case';
import type { IpcRequest } from '../../../shared/ipc/contract';
import { settle } from '../../app/settle';
import { invoke } from '../../client/workstation';
import { queryKeys } from '../../common/queries';
import { caseQueries } from './queries';

/** A change to a case refetches the case and every queue list (its row moves or changes lane). */
const touched = (id: string) => [queryKeys.queue, queryKeys.caseDetail(id)];

export function useClaimMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (s: Pick<ApplicationSummary, 'id' | 'version'>) =>
      settle(qc, touched(s.id), () => invoke('case.claim', { id: s.id, version: s.version })),
  });
}

export function useReleaseMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (s: Pick<ApplicationSummary, 'id' | 'version'>) =>
      settle(qc, touched(s.id), () => invoke('case.release', { id: s.id, version: s.version })),
  });
}

/** A decision: refusals come back as data (the panel explains them); the case and queue are refetched either way. */
export function useDecideMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (req: IpcRequest<'case.decide'>) => settle(qc, touched(req.id), () => invoke('case.decide', req)),
  });
}

export function useSaveDraftMutation() {
  return useMutation({
    mutationFn: (r: { caseId: string; draft: DecisionDraft }) => invoke('drafts.set', r),
  });
}

export function useClearDraftMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (caseId: string) => invoke('drafts.clear', { caseId }),
    onSuccess: (_r, caseId) => qc.setQueryData(caseQueries.draft(caseId).queryKey, null),
  });
}
