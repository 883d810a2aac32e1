/** Chart exports: the chart's SVG drawn onto a canvas as PNG, and its data as CSV (UTF-8 with BOM for Excel). */
import { downloadBlob } from '../download';

export function toCsv(header: string[], rows: (string | null)[][]): string {
  const cell = (v: string | null) => {
    const s = v ?? '';
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n');
}

export function downloadCsv(fileName: string, header: string[], rows: (string | null)[][]) {
  downloadBlob(new Blob(['\uFEFF', toCsv(header, rows)], { type: 'text/csv;charset=utf-8' }), fileName);
}

/** Renders an SVG element (with a title line above it) to a PNG blob. */
export async function svgToPng(svg: SVGSVGElement, title: string, scale = 2): Promise<Blob> {
  const { width, height } = svg.getBoundingClientRect();
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  const xml = new XMLSerializer().serializeToString(clone);
  const url = URL.createObjectURL(new Blob([xml], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    const img = new Image();
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('the chart could not be drawn'));
      img.src = url;
    });
    const head = 32;
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(width * scale);
    canvas.height = Math.ceil((height + head) * scale);
    const ctx = canvas.getContext('2d')!;
    ctx.scale(scale, scale);
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, width, height + head);
    ctx.fillStyle = '#1f2937';
    ctx.font = '600 14px sans-serif';
    ctx.fillText(title, 8, 20);
    ctx.drawImage(img, 0, head, width, height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

export async function downloadPng(container: HTMLElement | null, title: string, fileName: string) {
  const svg = container?.querySelector('svg.recharts-surface') as SVGSVGElement | null;
  if (!svg) throw new Error('no chart to export');
  downloadBlob(await svgToPng(svg, title), fileName);
}
