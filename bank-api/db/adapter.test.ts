import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  type Engine,
  TEST_DATABASE_URL,
  type TestDatabase,
  testEngines,
} from '../../test/helpers/test-db';
import type { Queryable } from './types';
import { parseTimestamptz } from './values';

/**
 * The same rows through PGlite and PostgreSQL: each engine must return what `values.ts` promises, and
 * the two must agree field by field, JavaScript type included — so no query needs a cast to read the
 * same thing on both.
 */

const TABLE = `CREATE TABLE adapter_probe (
  id       integer PRIMARY KEY,
  big      bigint,
  amount   numeric(18, 4),
  day      date,
  at       timestamptz,
  tags     text[],
  doc      jsonb,
  flag     boolean,
  bigs     bigint[],
  amounts  numeric[],
  days     date[],
  ats      timestamptz[]
)`;

const INSERT = `INSERT INTO adapter_probe (id, big, amount, day, at, tags, doc, flag, bigs, amounts, days, ats)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`;

// Parameters as callers pass them today: int8 and numeric as strings, dates as `YYYY-MM-DD`, instants as Date.
const ROWS: unknown[][] = [
  [
    1,
    '9007199254740993', // 2^53 + 1: a float would read …992
    '12345678901234.5600',
    '2024-02-29',
    new Date('2024-03-01T10:00:00.123Z'),
    ['a', 'b,c', 'd "e"', '甲'],
    JSON.stringify({ k: [1, 'two', null], nested: { ok: true } }),
    true,
    ['1', '-9223372036854775808'],
    ['1.50', '0.0001'],
    ['2024-01-01', '1999-12-31'],
    [new Date('2024-01-01T00:00:00Z'), new Date('2024-06-30T23:59:59.999Z')],
  ],
  [
    2,
    '-42',
    '0',
    '0099-01-01',
    '2024-03-01 18:30:00.123456+08', // microseconds are cut to milliseconds
    [],
    JSON.stringify([]),
    false,
    [],
    [],
    [],
    [],
  ],
  [3, null, null, null, null, null, null, null, null, null, null, null],
  [
    4,
    '0',
    '-1.0000',
    '2024-12-31',
    'infinity',
    ['x', null],
    'null',
    true,
    ['7', null],
    ['2', null],
    [null],
    ['-infinity'],
  ],
];

/** What every engine must read back (the mapping in values.ts, written out). */
const EXPECTED: Record<string, unknown>[] = [
  {
    id: 1,
    big: '9007199254740993',
    amount: '12345678901234.5600',
    day: '2024-02-29',
    at: new Date('2024-03-01T10:00:00.123Z'),
    tags: ['a', 'b,c', 'd "e"', '甲'],
    doc: { k: [1, 'two', null], nested: { ok: true } },
    flag: true,
    bigs: ['1', '-9223372036854775808'],
    amounts: ['1.50', '0.0001'],
    days: ['2024-01-01', '1999-12-31'],
    ats: [new Date('2024-01-01T00:00:00Z'), new Date('2024-06-30T23:59:59.999Z')],
  },
  {
    id: 2,
    big: '-42',
    amount: '0.0000',
    day: '0099-01-01',
    at: new Date('2024-03-01T10:30:00.123Z'),
    tags: [],
    doc: [],
    flag: false,
    bigs: [],
    amounts: [],
    days: [],
    ats: [],
  },
  {
    id: 3,
    big: null,
    amount: null,
    day: null,
    at: null,
    tags: null,
    doc: null,
    flag: null,
    bigs: null,
    amounts: null,
    days: null,
    ats: null,
  },
  {
    id: 4,
    big: '0',
    amount: '-1.0000',
    day: '2024-12-31',
    at: Number.POSITIVE_INFINITY,
    tags: ['x', null],
    doc: null,
    flag: true,
    bigs: ['7', null],
    amounts: ['2', null],
    days: [null],
    ats: [Number.NEGATIVE_INFINITY],
  },
];

/** Computed columns: int8 from count(*), numeric from sum(int8), date and timestamptz from min/max. */
const AGGREGATES_SQL = `SELECT count(*) AS n, sum(big) AS total, min(day) AS first_day, max(at) FILTER (WHERE id < 4) AS last_at,
  array_agg(day ORDER BY id) AS all_days, id::int8 + 1 AS next_id
  FROM adapter_probe WHERE id < 3 GROUP BY id ORDER BY id`;

const AGGREGATES_EXPECTED = [
  {
    n: '1',
    total: '9007199254740993',
    first_day: '2024-02-29',
    last_at: new Date('2024-03-01T10:00:00.123Z'),
    all_days: ['2024-02-29'],
    next_id: '2',
  },
  {
    n: '1',
    total: '-42',
    first_day: '0099-01-01',
    last_at: new Date('2024-03-01T10:30:00.123Z'),
    all_days: ['0099-01-01'],
    next_id: '3',
  },
];

// A session zone with a half-hour offset: the server prints `+05:30`, which must read as the same instant.
const ZONED_SQL = `SELECT at, at::date AS local_day FROM adapter_probe WHERE id = 1`;
const ZONED_EXPECTED = [{ at: new Date('2024-03-01T10:00:00.123Z'), local_day: '2024-03-01' }];

interface Reading {
  rows: Record<string, unknown>[];
  aggregates: Record<string, unknown>[];
  zoned: Record<string, unknown>[];
}

async function read(q: Queryable, tx: (fn: (q: Queryable) => Promise<void>) => Promise<void>): Promise<Reading> {
  await q.exec(TABLE);
  for (const r of ROWS) await q.query(INSERT, r);
  const rows = (await q.query('SELECT * FROM adapter_probe ORDER BY id')).rows;
  const aggregates = (await q.query(AGGREGATES_SQL)).rows;
  let zoned: Record<string, unknown>[] = [];
  // Inside a transaction (the engines wrap it separately), with the session zone set for it only.
  await tx(async (t) => {
    await t.exec("SET LOCAL TIME ZONE 'Asia/Kolkata'");
    zoned = (await t.query(ZONED_SQL)).rows;
  });
  return { rows, aggregates, zoned };
}

/** The JavaScript type of a value, arrays and objects described element by element. */
function kind(v: unknown): unknown {
  if (v === null) return 'null';
  if (v instanceof Date) return 'Date';
  if (Array.isArray(v)) return v.map(kind);
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, kind(x)]));
  return typeof v;
}

/** Field by field, value and type, naming the row and field on failure. */
function expectSameRows(actual: Record<string, unknown>[], expected: Record<string, unknown>[], label: string) {
  expect(actual.length, `${label}: row count`).toBe(expected.length);
  expected.forEach((want, i) => {
    const got = actual[i]!;
    expect(Object.keys(got).sort(), `${label} row ${i}: columns`).toEqual(Object.keys(want).sort());
    for (const field of Object.keys(want)) {
      expect(kind(got[field]), `${label} row ${i} ${field}: type`).toEqual(kind(want[field]));
      expect(got[field], `${label} row ${i} ${field}: value`).toEqual(want[field]);
    }
  });
}

const readings = new Map<Engine, Reading>();

describe.each(testEngines())('database adapter on %s', (engine) => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await createTestDatabase(engine, { seed: false });
  });
  afterAll(async () => {
    await tdb?.drop();
  });

  it('reads int8, numeric, date, timestamptz, text[], jsonb, boolean and arrays as values.ts maps them', async () => {
    const r = await read(tdb.db, (fn) => tdb.db.tx(fn));
    readings.set(engine, r);
    expectSameRows(r.rows, EXPECTED, `${engine} rows`);
    expectSameRows(r.aggregates, AGGREGATES_EXPECTED, `${engine} aggregates`);
    expectSameRows(r.zoned, ZONED_EXPECTED, `${engine} in Asia/Kolkata`);
  });
});

describe('PGlite and PostgreSQL', () => {
  if (!TEST_DATABASE_URL) {
    console.warn(
      'database adapter: the PostgreSQL half is SKIPPED — TEST_DATABASE_URL is not set, so only PGlite was read (see README, Tests).',
    );
  }
  it.skipIf(!TEST_DATABASE_URL)('return the same rows, field by field, types included', () => {
    const lite = readings.get('pglite');
    const server = readings.get('postgres');
    expect(lite, 'the PGlite reading ran').toBeDefined();
    expect(server, 'the PostgreSQL reading ran').toBeDefined();
    expectSameRows(server!.rows, lite!.rows, 'postgres vs pglite rows');
    expectSameRows(server!.aggregates, lite!.aggregates, 'postgres vs pglite aggregates');
    expectSameRows(server!.zoned, lite!.zoned, 'postgres vs pglite in Asia/Kolkata');
  });
});

describe('parseTimestamptz', () => {
  it('reads the ISO DateStyle PostgreSQL prints, in any offset, to the millisecond', () => {
    const at = (s: string) => (parseTimestamptz(s) as Date).toISOString();
    expect(at('2024-03-01 10:00:00+00')).toBe('2024-03-01T10:00:00.000Z');
    expect(at('2024-03-01 18:00:00.5+08')).toBe('2024-03-01T10:00:00.500Z');
    expect(at('2024-03-01 15:30:00.123999+05:30')).toBe('2024-03-01T10:00:00.123Z');
    expect(at('2024-03-01 09:00:00-01')).toBe('2024-03-01T10:00:00.000Z');
    expect(at('1900-01-01 08:05:43+08:05:43')).toBe('1900-01-01T00:00:00.000Z');
    expect(at('0099-06-01 00:00:00+00')).toBe('0099-06-01T00:00:00.000Z');
    expect(at('12024-01-01 00:00:00+00')).toBe('+012024-01-01T00:00:00.000Z');
    expect(at('0001-01-01 00:00:00+00 BC')).toBe('0000-01-01T00:00:00.000Z');
    expect(parseTimestamptz('infinity')).toBe(Number.POSITIVE_INFINITY);
    expect(parseTimestamptz('-infinity')).toBe(Number.NEGATIVE_INFINITY);
  });

  it('refuses a format it does not know rather than guess', () => {
    expect(() => parseTimestamptz('03/01/2024 10:00:00 UTC')).toThrow(/ISO DateStyle/);
  });
});
