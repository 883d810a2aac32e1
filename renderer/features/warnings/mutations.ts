import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { WarningTaskWriteResponse } from '../../../shared/api/warning-tasks';
import type { IpcRequest } from '../../../shared/ipc/contract';
import { invoke } from '../../client/workstation';
import { warningQueries } from './queries';

type WriteChannel = 'warnings.dispose' | 'warnings.confirm';

/** One write of 预警处置: the task shows the answer at once; the list and the task are read again either way. */
function useWarningWrite<C extends WriteChannel>(channel: C, onDone?: (outcome: string) => void) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (req: IpcRequest<C>) => invoke(channel, req) as Promise<WarningTaskWriteResponse>,
    onSuccess: (r) => {
      onDone?.(r.outcome);
      qc.setQueryData(warningQueries.task(r.task.id).queryKey, r.task);
    },
    onSettled: () => qc.invalidateQueries({ queryKey: warningQueries.all() }),
  });
}

export const useDispose = (onDone?: (outcome: string) => void) => useWarningWrite('warnings.dispose', onDone);
export const useConfirmMeasure = (onDone?: (outcome: string) => void) => useWarningWrite('warnings.confirm', onDone);
