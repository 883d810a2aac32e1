/**
 * Export of the whole comparison. Main renders the PDF (electron/compare/report.ts) from the bank
 * API's comparison for the signed-in user; Electron saves it through its dialog, browser mode gets the
 * bytes and downloads them here. The PNG is that same PDF rasterised here with pdf.js at 2×: every
 * page, stacked top to bottom on white, so the picture holds the whole comparison.
 */
import { useMutation } from '@tanstack/react-query';
import type { Locale } from '../../../shared/ipc/contract';
import { invoke } from '../../client/workstation';
import { downloadBlob } from '../../download';
import { fromBase64, openPdf } from '../../pdfjs';

export type ExportOutcome =
  | { kind: 'downloaded'; file: string }
  | { kind: 'saved'; path: string }
  | { kind: 'cancelled' };

/** Gap between stacked pages in the PNG, in PDF points. */
const PAGE_GAP = 12;

/** Every page of the PDF drawn at `scale` onto one canvas, as a PNG. */
export async function pdfToPng(pdf: Uint8Array, scale = 2): Promise<Blob> {
  const task = openPdf(pdf);
  try {
    const doc = await task.promise;
    const pages = await Promise.all(Array.from({ length: doc.numPages }, (_, i) => doc.getPage(i + 1)));
    const viewports = pages.map((p) => p.getViewport({ scale }));
    const out = document.createElement('canvas');
    out.width = Math.ceil(Math.max(...viewports.map((v) => v.width)));
    out.height = Math.ceil(viewports.reduce((h, v) => h + v.height, 0) + PAGE_GAP * scale * (pages.length - 1));
    const ctx = out.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas');
    ctx.fillStyle = '#e5e7eb';
    ctx.fillRect(0, 0, out.width, out.height);
    let y = 0;
    for (const [i, page] of pages.entries()) {
      const vp = viewports[i]!;
      const c = document.createElement('canvas');
      c.width = Math.ceil(vp.width);
      c.height = Math.ceil(vp.height);
      await page.render({ canvas: c, viewport: vp, background: '#ffffff' }).promise;
      ctx.drawImage(c, 0, y);
      y += c.height + PAGE_GAP * scale;
    }
    return await new Promise<Blob>((resolve, reject) =>
      out.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'),
    );
  } finally {
    void task.destroy();
  }
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
