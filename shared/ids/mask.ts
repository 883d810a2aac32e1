/**
 * Display masking. A clerk needs to recognise a person, not read their full number: keep the region
 * code and the last four of an ID, the surname of a name, the first three and last four of a mobile.
 * The USCC is public (printed on every business licence) and is shown in full; `maskUscc` is for logs.
 */
export function maskResidentId(id: string): string {
  if (id.length < 10) return '*'.repeat(id.length);
  return id.slice(0, 6) + '*'.repeat(id.length - 10) + id.slice(-4);
}

export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return name;
  if (chars.length === 2) return `${chars[0]}*`;
  return chars[0] + '*'.repeat(chars.length - 2) + chars[chars.length - 1];
}

export function maskMobile(mobile: string): string {
  if (mobile.length < 7) return '*'.repeat(mobile.length);
  return mobile.slice(0, 3) + '*'.repeat(mobile.length - 7) + mobile.slice(-4);
}

export function maskUscc(uscc: string): string {
  if (uscc.length < 8) return '*'.repeat(uscc.length);
  return uscc.slice(0, 2) + '*'.repeat(uscc.length - 6) + uscc.slice(-4);
}

/** Bank account: last four only. */
export function maskAccount(account: string): string {
  return account.length <= 4 ? account : '*'.repeat(account.length - 4) + account.slice(-4);
}
