/**
 * One spelling per username: what the sign-in looks up and what every sign-in limit counts.
 *
 * Usernames are stored in this form (the seed's are lower-case ASCII); a future user-creation path must
 * store `normalizeUsername(name)` too. NFKC folds full-width and compatibility forms (`ａｐｐｒｏｖｅｒ１`
 * is `approver1`, an ideographic space is a space); trimming then drops the white space an input field
 * or a paste left around the name; lower-casing (locale-free) folds case. NFKC once more after
 * lower-casing keeps the result stable when a case mapping yields a decomposed sequence.
 */
export function normalizeUsername(raw: string): string {
  return raw.normalize('NFKC').trim().toLowerCase().normalize('NFKC');
}
