import { type QueryClient, useMutation, useQueryClient } from '@tanstack/react-query';
import type { IpcRequest } from '../../../shared/ipc/contract';
import { invoke } from '../../client/workstation';
import { downloadBlob } from '../../download';
import { fromBase64 } from '../../pdfjs';
import { contractQueries } from './queries';

/** After any contract change: the queue, the case's documents and its preview are stale. */
function refreshContracts(qc: QueryClient) {
  return qc.invalidateQueries({
    predicate: (q) => q.queryKey[0] === 'contracts' && q.queryKey[1] !== 'pdf' && q.queryKey[1] !== 'batch',
  });
}

function useContractMutation<C extends Parameters<typeof invoke>[0]>(channel: C) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (req: IpcRequest<C>) => invoke(channel, req),
    onSettled: () => refreshContracts(qc),
  });
}

export const useGenerateMutation = () => useContractMutation('contracts.generate');
export const useBatchStartMutation = () => useContractMutation('contracts.batch.start');

/** Export: Electron saves through its dialog in main; browser mode downloads the zip here. */
export function useExportMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (req: IpcRequest<'contracts.export'>) => {
      const r = await invoke('contracts.export', req);
      if (r.zipBase64) downloadBlob(new Blob([fromBase64(r.zipBase64)], { type: 'application/zip' }), r.fileName);
      return r;
    },
    onSettled: () => refreshContracts(qc),
  });
}

export { contractQueries };
