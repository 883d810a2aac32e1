/** Branch serving each region (GB/T 2260 code); the sandbox bank has branches in Shanghai and Hangzhou. */
export function branchForRegion(region: string): string {
  if (region === '310115') return 'SH-PD';
  if (region === '310104') return 'SH-XH';
  if (region.startsWith('31')) return 'SH';
  if (region === '330106') return 'HZ-XH';
  return 'HZ';
}
