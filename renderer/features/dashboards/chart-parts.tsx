export const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#be185d', '#4b5563'];

/** Room per bar of a horizontal bar chart, so every bar carries its name. */
export const HBAR_ROW_PX = 28;
/** Category names longer than this are cut on an axis (the tooltip, the tick's title and the table keep them whole). */
export const AXIS_PX = 150;
/** Horizontal bars have room for longer names (decline reasons) beside them. */
export const HBAR_PX = 220;

export type DotProps = { cx?: number; cy?: number; index: number; stroke?: string; value?: unknown };

/** A line chart's point: a click (or Enter when the chart is reached by keyboard via its table view) drills. */
export function PointDot({
  cx,
  cy,
  r,
  index,
  stroke,
  value,
  active,
  onPick,
  testId,
}: DotProps & { r: number; active?: boolean; onPick: (index: number) => void; testId: (index: number) => string }) {
  if (cx == null || cy == null || value == null) return null;
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the accessible path to the same list is the table view's buttons
    <circle
      cx={cx}
      cy={cy}
      r={r}
      fill={active ? stroke : '#fff'}
      stroke={stroke}
      strokeWidth={2}
      cursor="pointer"
      data-testid={active ? undefined : testId(index)}
      onClick={() => onPick(index)}
    />
  );
}

/** Long category names (enterprises, reasons) are cut with an ellipsis on the axis; the tooltip and table show them whole. */
export const shorten = (v: unknown, maxPx = AXIS_PX) => {
  const chars = [...String(v ?? '')];
  if (textWidth(chars.join('')) <= maxPx) return chars.join('');
  let w = 12; // the ellipsis
  let n = 0;
  while (n < chars.length && w + textWidth(chars[n]!) <= maxPx) w += textWidth(chars[n++]!);
  return `${chars.slice(0, n).join('').trimEnd()}…`;
};

/** Approximate width in px of a tick label at 12 px: CJK characters are square, others about half. */
export const textWidth = (s: string) => [...s].reduce((w, c) => w + (/[\u2e80-\uffff]/.test(c) ? 12 : 7), 0);

export type TickProps = { x?: number | string; y?: number | string; payload?: { value?: unknown } };

/** An axis tick that names its category: cut when long, with the whole name as its SVG title (hover). */
export function CategoryTick({
  x = 0,
  y = 0,
  payload,
  anchor,
  angle = 0,
  day,
  maxPx = AXIS_PX,
}: TickProps & { anchor?: 'end'; angle?: number; day?: boolean; maxPx?: number }) {
  const full = String(payload?.value ?? '');
  // A day axis shows month-day; the year is in the period and the tooltip.
  const text = day && /^\d{4}-\d{2}-\d{2}$/.test(full) ? full.slice(5) : shorten(full, maxPx);
  const horizontal = anchor === 'end';
  return (
    <g transform={`translate(${Number(x)},${Number(y)})`} data-testid="axis-tick">
      <title>{full}</title>
      <text
        x={horizontal ? -4 : 0}
        y={0}
        dy={horizontal ? 4 : 12}
        textAnchor={horizontal ? 'end' : angle ? 'end' : 'middle'}
        transform={angle ? `rotate(${angle})` : undefined}
        fill="#4b5563"
        fontSize={12}
      >
        {text}
      </text>
    </g>
  );
}
