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
function useDisbursementWrite<C extends WriteChannel>(channel: C, onDone?: (outcome: string) => void) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (req: IpcRequest<C>) => invoke(channel, req) as Promise<DisbursementWriteResponse>,
    // Here, not in mutate's callbacks: the step that asked may be gone once the answer shows the new state.
    onSuccess: (r) => {
      onDone?.(r.outcome);
      qc.setQueryData(disbursementQueries.case(r.disbursement.applicationId).queryKey, r.disbursement);
    },
    onSettled: () => qc.invalidateQueries({ queryKey: disbursementQueries.all() }),
  });
}

type OnDone = (outcome: string) => void;
export const useRecordEvidence = (onDone?: OnDone) => useDisbursementWrite('disbursement.record', onDone);
export const usePrepare = (onDone?: OnDone) => useDisbursementWrite('disbursement.prepare', onDone);
export const useSendBack = (onDone?: OnDone) => useDisbursementWrite('disbursement.sendBack', onDone);
export const useConfirm = (onDone?: OnDone) => useDisbursementWrite('disbursement.confirm', onDone);

/** Uploads an evidence file (the maker); the answer is the stored document, whose id the evidence names. */
export const useUploadDocument = () =>
  useMutation({
    mutationFn: (req: IpcRequest<'disbursement.documents.upload'>) => invoke('disbursement.documents.upload', req),
  });
