/**
 * pdf.js for the renderer, loaded one way for every screen that shows or rasterises a PDF (the
 * contract preview, the comparison's PNG export): the worker is a chunk of our own bundle (CSP:
 * worker-src 'self'), emitted by Vite as .js; no eval, no system fonts.
 */
import { GlobalWorkerOptions, getDocument, type PDFDocumentLoadingTask } from 'pdfjs-dist';

export function ensurePdfWorker(): void {
  GlobalWorkerOptions.workerPort ??= new Worker(new URL('pdfjs-dist/build/pdf.worker.min.mjs', import.meta.url), {
    type: 'module',
  });
}

/** Opens PDF bytes; the caller destroys the task (or the document) when done. */
export function openPdf(data: Uint8Array): PDFDocumentLoadingTask {
  ensurePdfWorker();
  return getDocument({ data, isEvalSupported: false, useSystemFonts: false });
}

/** Base64 (as IPC carries files) to bytes. */
export const fromBase64 = (b64: string): Uint8Array<ArrayBuffer> => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
