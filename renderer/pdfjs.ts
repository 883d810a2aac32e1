/**
 * pdf.js for the renderer, loaded one way for every screen that shows or rasterises a PDF (the
 * contract preview, the comparison's PNG export). pdf.js is a chunk of its own, imported on the first
 * PDF a screen opens (never with the login screen or an area's first paint); its worker is a file of
 * our own bundle (CSP: worker-src 'self'), emitted by Vite as .js; no eval, no system fonts.
 */
import type { PDFDocumentLoadingTask, PDFDocumentProxy } from 'pdfjs-dist';

type PdfJs = typeof import('pdfjs-dist');

let pdfjs: Promise<PdfJs> | null = null;

/** pdf.js itself with its worker started, imported once; a failed import is tried again next time. */
export function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= import('pdfjs-dist').then(
    (m) => {
      m.GlobalWorkerOptions.workerPort ??= new Worker(new URL('pdfjs-dist/build/pdf.worker.min.mjs', import.meta.url), {
        type: 'module',
      });
      return m;
    },
    (e: unknown) => {
      pdfjs = null;
      throw e;
    },
  );
  return pdfjs;
}

/** What `openPdf` returns: pdf.js's loading task, as far as callers use it, before pdf.js is loaded. */
export interface PdfLoadingTask {
  readonly promise: Promise<PDFDocumentProxy>;
  destroy(): Promise<void>;
}

/** Opens PDF bytes; the caller destroys the task (or the document) when done. */
export function openPdf(data: Uint8Array): PdfLoadingTask {
  let destroyed = false;
  let task: PDFDocumentLoadingTask | null = null;
  const promise = loadPdfJs().then((m) => {
    // Destroyed while pdf.js was loading: reject as pdf.js does for an aborted load.
    if (destroyed) throw new Error('Loading aborted');
    task = m.getDocument({ data, isEvalSupported: false, useSystemFonts: false });
    return task.promise;
  });
  return {
    promise,
    async destroy() {
      destroyed = true;
      await task?.destroy();
    },
  };
}

/** Base64 (as IPC carries files) to bytes. */
export const fromBase64 = (b64: string): Uint8Array<ArrayBuffer> => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
