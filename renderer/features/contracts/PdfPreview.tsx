import { useQuery } from '@tanstack/react-query';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../i18n';
import { fromBase64, openPdf } from '../../pdfjs';
import { contractQueries } from './queries';

const ZOOMS = [0.75, 1, 1.25, 1.5, 2] as const;

function Page({ pdf, n, zoom }: { pdf: PDFDocumentProxy; n: number; zoom: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    let cancelled = false;
    let task: { cancel(): void } | null = null;
    void pdf.getPage(n).then((page) => {
      const canvas = ref.current;
      if (cancelled || !canvas) return;
      const ratio = window.devicePixelRatio || 1;
      const viewport = page.getViewport({ scale: zoom * ratio });
      canvas.width = viewport.width;
      canvas.height = viewport.height;
      canvas.style.width = `${viewport.width / ratio}px`;
      canvas.style.height = `${viewport.height / ratio}px`;
      const t = page.render({ canvas, viewport });
      task = t;
      t.promise.catch(() => {});
    });
    return () => {
      cancelled = true;
      task?.cancel();
    };
  }, [pdf, n, zoom]);
  return <canvas ref={ref} className="pdf-page" data-testid="pdf-page" />;
}

/** The signed PDF, its pages rendered in the app with zoom (pdf.js, no eval). */
export function PdfPreview({ documentId }: { documentId: string }) {
  const { t } = useTranslation();
  const q = useQuery(contractQueries.pdf(documentId));
  const [pdf, setPdf] = useState<PDFDocumentProxy | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [zoom, setZoom] = useState<number>(1);

  useEffect(() => {
    if (!q.data) return;
    const task = openPdf(fromBase64(q.data.pdfBase64));
    let doc: PDFDocumentProxy | null = null;
    task.promise.then(
      (d) => {
        doc = d;
        setPdf(d);
      },
      (e: Error) => setError(e.message),
    );
    return () => {
      setPdf(null);
      void (doc ? doc.destroy() : task.destroy());
    };
  }, [q.data]);

  if (q.error) return <p role="alert">{errorMessage(q.error)}</p>;
  if (error) return <p role="alert">{t('contracts.previewFailed', { message: error })}</p>;
  if (!pdf) return <p aria-live="polite">{t('contracts.loadingPreview')}</p>;
  const i = ZOOMS.indexOf(zoom as (typeof ZOOMS)[number]);
  return (
    <section className="pdf-preview" aria-label={t('contracts.previewOf', { id: documentId })}>
      <div className="pdf-toolbar">
        <button type="button" onClick={() => setZoom(ZOOMS[Math.max(0, i - 1)]!)} disabled={i <= 0}>
          {t('contracts.zoomOut')}
        </button>
        <span data-testid="pdf-zoom">{Math.round(zoom * 100)}%</span>
        <button
          type="button"
          onClick={() => setZoom(ZOOMS[Math.min(ZOOMS.length - 1, i + 1)]!)}
          disabled={i >= ZOOMS.length - 1}
        >
          {t('contracts.zoomIn')}
        </button>
        <span>{t('contracts.pages', { count: pdf.numPages })}</span>
      </div>
      <div className="pdf-pages">
        {Array.from({ length: pdf.numPages }, (_, k) => k + 1).map((n) => (
          <Page key={n} pdf={pdf} n={n} zoom={zoom} />
        ))}
      </div>
    </section>
  );
}
