import { queryOptions, useMutation } from '@tanstack/react-query';
import { invoke } from '../../client/workstation';
import { downloadBlob } from '../../download';
import { fromBase64 } from '../../pdfjs';

export const policyQueries = {
  get: () => queryOptions({ queryKey: ['policy'], queryFn: () => invoke('policy.get', {}) }),
};

/** The bank API's PDF of the 清单 (IPC policy.pdf), downloaded by the page (browser mode and Electron alike). */
export function usePolicyPdf() {
  return useMutation({
    mutationFn: async () => {
      const r = await invoke('policy.pdf', {});
      downloadBlob(new Blob([fromBase64(r.pdfBase64)], { type: 'application/pdf' }), r.fileName);
      return r.fileName;
    },
  });
}
