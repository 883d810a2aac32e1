/**
 * The one canonical JSON of the code base: object keys sorted (by UTF-16 code unit, as
 * `Array.prototype.sort` does) at every level, no whitespace, keys whose value is `undefined` left out,
 * `undefined` elsewhere written as `null`. The same data always gives the same bytes, so it is what
 * gets hashed: audit payload digests (bank-api/audit/chain.ts), the decision request digest behind
 * idempotency, contract content hashes (electron/contracts/render.ts) and the workstation's
 * idempotency keys per submission (electron/ipc/handlers/case.ts).
 *
 * Changing its output changes every recorded audit hash and contract hash: shared/canonical-json.test.ts
 * pins it byte for byte against the implementations it replaced.
 *
 * Only plain JSON data is meant to go in. As before, objects are walked by their own enumerable keys
 * (a `Date` gives `{}`, `toJSON` is not called) and a value JSON cannot write gives `null`.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const o = value as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
    .join(',')}}`;
}
