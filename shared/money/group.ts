/** Groups the digits of an exact money string for display ("3000000.00" → "3,000,000.00"); no floats. */
export function groupMoney(yuan: string): string {
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(yuan);
  if (!m) return yuan;
  return `${m[1]}${(m[2] ?? '').replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${m[3] ?? ''}`;
}
