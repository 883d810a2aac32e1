/** Groups the digits of an exact money string for display ("3000000.00" → "3,000,000.00"); no floats. */
export function groupMoney(yuan: string): string {
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(yuan);
  if (!m) return yuan;
  return `${m[1]}${(m[2] ?? '').replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${m[3] ?? ''}`;
}

/** An axis tick: compact and approximate by design (万/亿, K/M); tooltips, tables and CSV keep the exact figure. */
export function axisTick(n: number, unit: string, lang: string): string {
  if (!Number.isFinite(n)) return '';
  if (unit === 'percent') return `${Number(n.toFixed(2))}%`;
  return new Intl.NumberFormat(lang, { notation: 'compact', maximumFractionDigits: 1 }).format(n);
}
