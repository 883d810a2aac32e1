/**
 * The visible seal: a red round seal (ring, five-pointed star, bank name along the upper arc, the
 * seal's purpose across the bottom) drawn as vector outlines into a form XObject that becomes the
 * appearance of the bank's signature widget. Glyph outlines come from the full font, so the seal
 * needs nothing from the document's font subset and is not extracted as text.
 */
import {
  type Color,
  drawEllipse,
  drawSvgPath,
  type PDFDocument,
  type PDFOperator,
  type PDFRef,
  radians,
  rgb,
} from 'pdf-lib';
import { assertFontCovers, baseFontkit } from '../../node-shared/pdf-font';

const SEAL_RED = rgb(0.86, 0.1, 0.12);
/** Visual centre of a CJK ideograph above the baseline, in font units of a 1000-unit em. */
const IDEOGRAPH_CENTRE = 380;

export interface SealAppearanceSpec {
  bankName: string;
  /** Across the bottom: 合同专用章, or 测试专用章 for the sandbox. */
  label: string;
  /** A small line under the label, e.g. TEST ONLY. */
  note?: string;
}

interface GlyphPath {
  scale(x: number, y: number): GlyphPath;
  translate(x: number, y: number): GlyphPath;
  toSVG(): string;
}

function glyphOps(ch: string, cx: number, cy: number, size: number, rotation: number, color: Color): PDFOperator[] {
  const font = baseFontkit();
  const g = font.glyphForCodePoint(ch.codePointAt(0)!) as unknown as { advanceWidth: number; path: GlyphPath };
  const units = font.unitsPerEm;
  const centre = ch.charCodeAt(0) < 128 ? 350 : IDEOGRAPH_CENTRE;
  const svg = g.path
    .translate(-g.advanceWidth / 2, -centre * (units / 1000))
    .scale(1, -1)
    .toSVG();
  if (!svg) return [];
  return drawSvgPath(svg, {
    x: cx,
    y: cy,
    scale: size / units,
    rotate: radians(rotation),
    color,
    borderColor: undefined,
    borderWidth: 0,
  });
}

function starPath(r: number): string {
  const pts: string[] = [];
  for (let i = 0; i < 10; i++) {
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    const rr = i % 2 === 0 ? r : r * 0.382;
    pts.push(`${(rr * Math.cos(a)).toFixed(2)} ${(rr * Math.sin(a)).toFixed(2)}`);
  }
  return `M ${pts.join(' L ')} Z`;
}

const cache = new Map<string, PDFOperator[]>();

/** Operators drawing the seal centred at (cx, cy) with the given diameter. */
export function sealOperators(spec: SealAppearanceSpec, cx: number, cy: number, diameter: number): PDFOperator[] {
  const key = JSON.stringify([spec, cx, cy, diameter]);
  const hit = cache.get(key);
  if (hit) return hit;
  assertFontCovers(spec.bankName + spec.label + (spec.note ?? ''), 'bank.name');
  const R = diameter / 2;
  const ring = Math.max(2, diameter * 0.03);
  const ops: PDFOperator[] = [
    ...drawEllipse({
      x: cx,
      y: cy,
      xScale: R - ring / 2,
      yScale: R - ring / 2,
      color: undefined,
      borderColor: SEAL_RED,
      borderWidth: ring,
    }),
    ...drawSvgPath(starPath(R * 0.26), {
      x: cx,
      y: cy + R * 0.02,
      scale: 1,
      color: SEAL_RED,
      borderColor: undefined,
      borderWidth: 0,
    }),
  ];
  // Bank name clockwise along the upper arc, each character upright towards the rim.
  const chars = [...spec.bankName];
  const span = (Math.min(210, 60 + chars.length * 12) * Math.PI) / 180;
  const textR = R - ring - R * 0.2;
  const size = Math.min(R * 0.3, ((textR * span) / chars.length) * 0.92);
  chars.forEach((ch, i) => {
    const theta = Math.PI / 2 + span / 2 - (chars.length === 1 ? span / 2 : (i * span) / (chars.length - 1));
    const x = cx + textR * Math.cos(theta);
    const y = cy + textR * Math.sin(theta);
    ops.push(...glyphOps(ch, x, y, size, theta - Math.PI / 2, SEAL_RED));
  });
  const labelSize = R * 0.17;
  const label = [...spec.label];
  const labelW = label.length * labelSize;
  label.forEach((ch, i) => {
    ops.push(...glyphOps(ch, cx - labelW / 2 + labelSize * (i + 0.5), cy - R * 0.4, labelSize, 0, SEAL_RED));
  });
  if (spec.note) {
    const noteSize = R * 0.13;
    const note = [...spec.note];
    const adv = note.map((ch) => (ch.charCodeAt(0) < 128 ? 0.6 : 1) * noteSize);
    let x = cx - adv.reduce((s, a) => s + a, 0) / 2;
    note.forEach((ch, i) => {
      ops.push(...glyphOps(ch, x + adv[i]! / 2, cy - R * 0.68, noteSize, 0, SEAL_RED));
      x += adv[i]!;
    });
  }
  cache.set(key, ops);
  return ops;
}

/** A form XObject of width × height with the seal centred in it: the widget's normal appearance. */
export function sealAppearance(doc: PDFDocument, spec: SealAppearanceSpec, width: number, height: number): PDFRef {
  const diameter = Math.min(width, height) - 4;
  const stream = doc.context.formXObject(sealOperators(spec, width / 2, height / 2, diameter), {
    BBox: [0, 0, width, height],
    Resources: {},
  });
  return doc.context.register(stream);
}
