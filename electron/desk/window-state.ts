/**
 * The window's size and position kept between runs, and restored sanely when the displays changed:
 * a window whose saved place is on a display that is gone, or mostly off-screen, is moved onto the
 * display it overlaps most (or the primary one), and shrunk to fit it. Plain functions; main.ts reads
 * and writes the state with electron-store and gets the displays from `screen`.
 */
import { z } from 'zod';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const WindowStateSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  maximized: z.boolean().default(false),
});
export type WindowState = z.infer<typeof WindowStateSchema>;

export const DEFAULT_SIZE = { width: 1440, height: 900 } as const;
export const MIN_SIZE = { width: 1024, height: 700 } as const;
/** At least this much of the title bar must be on a display for a saved position to be kept. */
const VISIBLE_MIN = 100;

const overlap = (a: Rect, b: Rect) =>
  Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)) *
  Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));

function centred(area: Rect, width: number, height: number): Rect {
  const w = Math.min(width, area.width);
  const h = Math.min(height, area.height);
  return {
    x: area.x + Math.round((area.width - w) / 2),
    y: area.y + Math.round((area.height - h) / 2),
    width: w,
    height: h,
  };
}

/**
 * Where the window opens. `saved` is whatever was stored (checked here: anything malformed is ignored);
 * `workAreas` are the displays' work areas, the primary first.
 */
export function restoreWindowState(saved: unknown, workAreas: readonly Rect[]): WindowState {
  const primary = workAreas[0] ?? { x: 0, y: 0, ...DEFAULT_SIZE };
  const parsed = WindowStateSchema.safeParse(saved);
  if (!parsed.success) return { ...centred(primary, DEFAULT_SIZE.width, DEFAULT_SIZE.height), maximized: false };
  const s = parsed.data;
  const width = Math.max(MIN_SIZE.width, s.width);
  const height = Math.max(MIN_SIZE.height, s.height);
  const rect = { x: s.x, y: s.y, width, height };
  // The display it overlaps most; none: the primary.
  let best = primary;
  let bestOverlap = 0;
  for (const a of workAreas) {
    const o = overlap(rect, a);
    if (o > bestOverlap) {
      best = a;
      bestOverlap = o;
    }
  }
  const titleBar = { x: rect.x, y: rect.y, width: rect.width, height: 30 };
  const titleVisible = workAreas.some((a) => overlap(titleBar, a) >= VISIBLE_MIN * 30);
  const fits = width <= best.width && height <= best.height;
  if (bestOverlap > 0 && titleVisible && fits) return { ...rect, maximized: s.maximized };
  if (bestOverlap > 0 && titleVisible) {
    // On a display now smaller: keep it there, shrunk and pulled inside.
    const w = Math.min(width, best.width);
    const h = Math.min(height, best.height);
    const x = Math.min(Math.max(rect.x, best.x), best.x + best.width - w);
    const y = Math.min(Math.max(rect.y, best.y), best.y + best.height - h);
    return { x, y, width: w, height: h, maximized: s.maximized };
  }
  return { ...centred(best, width, height), maximized: s.maximized };
}
