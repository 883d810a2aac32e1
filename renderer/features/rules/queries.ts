import { type QueryClient, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { IpcRequest } from '../../../shared/ipc/contract';
import { invoke } from '../../client/workstation';

export const ruleQueries = {
  list: () => queryOptions({ queryKey: ['rules', 'list'], queryFn: () => invoke('rules.list', {}) }),
  get: (version: string) =>
    queryOptions({ queryKey: ['rules', 'version', version], queryFn: () => invoke('rules.get', { version }) }),
};

const refresh = (qc: QueryClient) => qc.invalidateQueries({ queryKey: ['rules'] });

function useRuleMutation<
  C extends 'rules.createDraft' | 'rules.updateDraft' | 'rules.submit' | 'rules.approve' | 'rules.reject',
>(channel: C) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (req: IpcRequest<C>) => invoke(channel, req),
    onSettled: () => refresh(qc),
  });
}

export const useCreateDraft = () => useRuleMutation('rules.createDraft');
export const useUpdateDraft = () => useRuleMutation('rules.updateDraft');
export const useSubmit = () => useRuleMutation('rules.submit');
export const useApprove = () => useRuleMutation('rules.approve');
export const useReject = () => useRuleMutation('rules.reject');
/** Replay changes nothing: no refresh. */
export const useReplay = () =>
  useMutation({ mutationFn: (req: IpcRequest<'rules.replay'>) => invoke('rules.replay', req) });
