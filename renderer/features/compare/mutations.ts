/**
 * Changes the comparison makes: the comparison set kept in preferences, and the export of the whole
 * comparison. Main renders the PDF (electron/compare/report.ts) from the bank API's comparison for the
 * signed-in user; Electron saves it through its dialog, browser mode gets the bytes and downloads them
 * here; the PNG is that same PDF rasterised (export.ts).
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Locale } from '../../../shared/ipc/contract';
import { invoke } from '../../client/workstation';
import { sessionQueries } from '../../common/session';
import { downloadBlob } from '../../download';
import { fromBase64 } from '../../pdfjs';
import { pdfToPng } from './export';

export type ExportOutcome =
  | { kind: 'downloaded'; file: string }
  | { kind: 'saved'; path: string }
  | { kind: 'cancelled' };

/** Keeps the comparison set in preferences (main's store), so it survives a reload and a restart. */
export function useCompareSetMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (compareSet: string[]) => invoke('prefs.set', { compareSet }),
    onSuccess: (prefs) => qc.setQueryData(sessionQueries.prefs().queryKey, prefs),
  });
}

/** Exports the comparison of `ids` as PDF (saved by main or downloaded) or PNG (downloaded). */
export function useCompareExportMutation() {
  return useMutation({
    mutationFn: async ({
      ids,
      lang,
      as,
    }: {
      ids: string[];
      lang: Locale;
      as: 'pdf' | 'png';
    }): Promise<ExportOutcome> => {
      const r = await invoke('enterprises.compareExport', {
        ids,
        format: 'pdf',
        lang,
        deliver: as === 'png' ? 'bytes' : 'save',
      });
      if (!r.pdfBase64) return r.savedTo ? { kind: 'saved', path: r.savedTo } : { kind: 'cancelled' };
      const pdf = fromBase64(r.pdfBase64);
      if (as === 'pdf') {
        downloadBlob(new Blob([pdf], { type: 'application/pdf' }), r.fileName);
        return { kind: 'downloaded', file: r.fileName };
      }
      const file = r.fileName.replace(/\.pdf$/, '.png');
      downloadBlob(await pdfToPng(pdf), file);
      return { kind: 'downloaded', file };
    },
  });
}
