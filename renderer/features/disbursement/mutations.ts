import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { DisbursementWriteResponse } from '../../../shared/api/disbursement';
import type { IpcRequest } from '../../../shared/ipc/contract';
import { invoke } from '../../client/workstation';
import { disbursementQueries } from './queries';

type WriteChannel = 'disbursement.record' | 'disbursement.prepare' | 'disbursement.sendBack' | 'disbursement.confirm';

/**
 * One write of 放款审核: on success the case shows the answer's state at once; whatever happens, the
 * queue and the case are read again (a refusal for a stale version shows the current state).
 */
function useDisbursementWrite<C extends WriteChannel>(channel: C) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (req: IpcRequest<C>) => invoke(channel, req) as Promise<DisbursementWriteResponse>,
    onSuccess: (r) => {
      qc.setQueryData(disbursementQueries.case(r.disbursement.applicationId).queryKey, r.disbursement);
    },
    onSettled: () => qc.invalidateQueries({ queryKey: disbursementQueries.all() }),
  });
}

export const useRecordEvidence = () => useDisbursementWrite('disbursement.record');
export const usePrepare = () => useDisbursementWrite('disbursement.prepare');
export const useSendBack = () => useDisbursementWrite('disbursement.sendBack');
export const useConfirm = () => useDisbursementWrite('disbursement.confirm');
