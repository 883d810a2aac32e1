/**
 * The credit memo (审批意见书) of a decided case: main fetches the bank API's PDF (IPC `case.memo`) and
 * the page downloads it (browser mode and Electron alike), as the comparison's PDF export does.
 */
import { useMutation } from '@tanstack/react-query';
import { invoke } from '../../client/workstation';
import { downloadBlob } from '../../download';
import { fromBase64 } from '../../pdfjs';

export function useMemoDownload() {
  return useMutation({
    mutationFn: async (id: string) => {
      const r = await invoke('case.memo', { id });
      downloadBlob(new Blob([fromBase64(r.pdfBase64)], { type: 'application/pdf' }), r.fileName);
      return r.fileName;
    },
  });
}
