/**
 * The comparison as a PNG: the PDF main renders (electron/compare/report.ts), rasterised here with
 * pdf.js at 2× — every page, stacked top to bottom on white, so the picture holds the whole comparison.
 * The export itself is a mutation (mutations.ts).
 */
import { openPdf } from '../../pdfjs';

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
