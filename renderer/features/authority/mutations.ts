/** Proposals and their confirmation, rejection or withdrawal: each refreshes the lists on success. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { IpcRequest } from '../../../shared/ipc/contract';
import { invoke } from '../../client/workstation';

function useAuthorityMutation<
  C extends 'authority.propose' | 'authority.confirm' | 'authority.reject' | 'authority.withdraw',
>(channel: C) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (req: IpcRequest<C>) => invoke(channel, req),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['authority'] }),
  });
}

export const useProposeMutation = () => useAuthorityMutation('authority.propose');
export const useConfirmMutation = () => useAuthorityMutation('authority.confirm');
export const useRejectMutation = () => useAuthorityMutation('authority.reject');
export const useWithdrawMutation = () => useAuthorityMutation('authority.withdraw');
