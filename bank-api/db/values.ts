/**
 * What a column's value arrives as in JavaScript — one mapping, given to both engines (PGlite's
 * `parsers` option, a per-pool `types` override on `pg`), so a query needs no cast to read the same
 * thing on either:
 *
 * | PostgreSQL type | arrives as | why |
 * | --- | --- | --- |
 * | int8 (bigint, bigserial, `count(*)`, `sum(int)`) | decimal string | money in fen is exact; PGlite's default (a number) loses it past 2^53 |
 * | numeric | decimal string | exact; both engines' default |
 * | date | `'YYYY-MM-DD'` | a calendar day has no time zone; PGlite's default (a UTC midnight `Date`) does |
 * | timestamptz | `Date` (`±Infinity` for `±infinity`) | both engines' default until now; one parser here so they agree |
 * | arrays of those | arrays of the same (`null` elements stay `null`) | `pg`'s defaults were floats for numeric[] and local-midnight `Date`s for date[] |
 *
 * Everything else keeps both engines' (identical) defaults: int2/int4/float as numbers, boolean, text,
 * text[], json/jsonb parsed. `timestamp` without time zone and `interval` are not mapped (no column
 * uses them; `pg` reads a zone-less timestamp in the process's local time).
 * `bank-api/db/adapter.test.ts` reads the same rows through both engines and compares them.
 */

export const OID = {
  int8: 20,
  numeric: 1700,
  date: 1082,
  timestamptz: 1184,
  text_array: 1009,
  int8_array: 1016,
  numeric_array: 1231,
  date_array: 1182,
  timestamptz_array: 1185,
} as const;

export type Parser = (text: string) => unknown;

const asText: Parser = (text) => text;

// ISO DateStyle (both engines' default): `2024-03-01 10:00:00.123456+08`, `…+05:30`, `… BC`.
const TIMESTAMPTZ =
  /^(\d{4,})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d+))?([+-])(\d\d)(?::(\d\d))?(?::(\d\d))?( BC)?$/;

/** A timestamptz as PostgreSQL prints it → the instant, to the millisecond (microseconds cut, as before). */
export function parseTimestamptz(text: string): Date | number {
  if (text === 'infinity') return Number.POSITIVE_INFINITY;
  if (text === '-infinity') return Number.NEGATIVE_INFINITY;
  const m = TIMESTAMPTZ.exec(text);
  if (!m)
    throw new Error(
      `timestamptz ${JSON.stringify(text)} is not in ISO DateStyle (the database adapter reads only that)`,
    );
  const n = (i: number) => Number(m[i] ?? 0);
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  const offsetSeconds = (m[8] === '-' ? -1 : 1) * (n(9) * 3600 + n(10) * 60 + n(11));
  const d = new Date(Date.UTC(2000, n(2) - 1, n(3), n(4), n(5), n(6), ms));
  d.setUTCFullYear(m[12] ? 1 - n(1) : n(1), n(2) - 1, n(3)); // Date.UTC would read years 0–99 as 19xx
  return new Date(d.getTime() - offsetSeconds * 1000);
}

/** Scalar types by OID. PGlite applies these to array elements itself; `pg` needs `ARRAY_ELEMENTS`. */
export const PARSERS: Readonly<Record<number, Parser>> = {
  [OID.int8]: asText,
  [OID.numeric]: asText,
  [OID.date]: asText,
  [OID.timestamptz]: parseTimestamptz,
};

/** Array type OID → its element's OID, for the arrays of the mapped types. */
export const ARRAY_ELEMENTS: Readonly<Record<number, number>> = {
  [OID.int8_array]: OID.int8,
  [OID.numeric_array]: OID.numeric,
  [OID.date_array]: OID.date,
  [OID.timestamptz_array]: OID.timestamptz,
};

/** Applies `parse` to every non-null leaf of a (possibly nested) array of strings. */
export function mapArray(value: unknown, parse: Parser): unknown {
  if (Array.isArray(value)) return value.map((v) => mapArray(v, parse));
  return typeof value === 'string' ? parse(value) : value;
}
