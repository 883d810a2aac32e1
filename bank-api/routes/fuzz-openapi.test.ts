/**
 * A property test over every operation in the bank API's own /openapi.json. For each path and method it
 * builds requests from the declared schemas — mostly well-formed, with leaves swapped for hostile values:
 * NUL and other control characters, lone surrogates, huge strings, wrong JSON types, odd numbers,
 * genuine cursors under another sort and forged ones, impossible dates — sent as each role the route
 * names (and one it does not, and nobody). Every answer is below 500; every 4xx is a problem document;
 * a refused request changes no row of the main tables.
 *
 * PGlite gets the full run; PostgreSQL (TEST_DATABASE_URL) a shorter one with the same generators.
 */
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUE_SORTS } from '../../shared/api/applications';
import { ProblemSchema } from '../../shared/api/problem';
import { beijingDate } from '../../shared/calendar';
import { SIGNAL_RULES } from '../../shared/monitoring/rules';
import { signIn } from '../../test/helpers/api';
import { createTestDatabase, type TestDatabase, testEngines } from '../../test/helpers/test-db';
import { buildApp } from '../app';
import { seedApplications } from '../seed/applications';
import { seedSandbox } from '../seed/sandbox';
import { sandboxProfileProvider } from '../workflow/sandbox-provider';

/** Requests per engine: two thousand on each (PostgreSQL answers them in seconds); FUZZ_RUNS overrides both. */
const RUNS = process.env.FUZZ_RUNS
  ? { pglite: Number(process.env.FUZZ_RUNS), postgres: Number(process.env.FUZZ_RUNS) }
  : ({ pglite: 2000, postgres: 2000 } as const);
const USERS = {
  rm1: 'relationship_manager',
  approver1: 'approver',
  senior1: 'senior_approver',
  committee1: 'committee',
  contract1: 'contract_officer',
  supervisor1: 'supervisor',
  ops1: 'disbursement_officer',
} as const;
type Username = keyof typeof USERS;
/** Sign-in hashes a password (tens of ms by design) and sign-out costs one: both are drawn less often. */
const SIGN_IN_OUT = new Set(['/api/v1/auth/login', '/api/v1/auth/logout']);
/** Tables a refused request must leave as they were (row counts), and rows it must not update (versions). */
const TABLES = [
  'applications',
  'decisions',
  'audit_events',
  'idempotency_keys',
  'contracts',
  'sessions',
  'id_reveals',
  'case_notes',
  'disbursements',
  'disbursement_evidence',
  'warning_tasks',
  'warning_task_events',
  'loan_classifications',
];

// biome-ignore lint/suspicious/noExplicitAny: JSON Schema from the OpenAPI document.
type Json = any;

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const CONTROL = [...Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)), '\u007f', '\u0085', '\u009f'];
const hostileString = fc.oneof(
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    'APP\u0000',
    '%00',
    '\ud800',
    'x\udfff',
    '\ud83d',
    '\u202e\u0645',
    '',
    ' ',
    '\t',
    '\r\n',
    "'; DROP TABLE applications; --",
    '<script>alert(1)</script>',
    '../../etc/passwd',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe is the point here.
    '${7*7}',
    '9'.repeat(400),
    '1e309',
    '-0',
    'NaN',
    'Infinity',
    '0x1F',
    '١٢٣',
    '9999-12-31',
    '0000-00-00',
    '2026-02-30',
    '+275760-09-13T00:00:00.000Z',
    '9999-12-31T23:59:59.999Z',
    'true',
    'null',
    '[]',
  ),
  fc.constantFrom(...CONTROL).chain((c) => fc.string({ maxLength: 8 }).map((s) => `${s}${c}${s}`)),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.integer({ min: 1000, max: 60_000 }).map((n) => '汉'.repeat(n)),
  fc.integer({ min: 1000, max: 60_000 }).map((n) => 'x'.repeat(n)),
);
const oddNumber = fc.constantFrom(
  -1,
  0,
  -0,
  0.5,
  1.5,
  -1e308,
  1e308,
  1e21,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 53 + 2,
  Number.MAX_SAFE_INTEGER,
  Number.MIN_VALUE,
);
const wrongType = fc.constantFrom<unknown>(null, true, false, [], {}, [1, 2], { a: 1 }, [[[[[]]]]], '', 0);
const hostile: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 2, arbitrary: oddNumber },
  { weight: 2, arbitrary: wrongType },
);

interface Samples {
  applicationIds: string[];
  /** Loan ids of the sandbox book (the loan page, renewal). */
  loanIds: string[];
  versions: Record<string, number>;
  enterpriseIds: string[];
  usccs: string[];
  documentIds: string[];
  cursors: string[];
  drills: { dashboard: string; panel: string; row: string; series: string }[];
  names: string[];
  /** Rule-set versions: the published one and a draft of supervisor1's. */
  ruleSetVersions: string[];
  /** Checklist item codes of the sampled cases. */
  checklistCodes: string[];
  /** A finished monitoring run (GET /api/v1/monitoring/runs/{id}). */
  monitoringRunIds: string[];
  today: string;
}

/** A forged queue cursor: right shape, wrong content, or not a cursor at all. */
const forgedCursor = (s: Samples) =>
  fc.oneof(
    fc.constantFrom(
      b64(['2026-11-30 10:00:00+08', 'APP1']),
      b64([1, 'amount', '1); DROP TABLE applications; --', 'APP202611300000001']),
      b64([1, 'submittedAt', '2026-13-45 99:99:99+00', 'APP202611300000001']),
      b64([1, 'submittedAt', '99999999999999999999', 'APP202611300000001']),
      b64([1, 'slaDueAt', 'infinity', 'APP\u0000']),
      b64([2, 'amount', '1', 'APP202611300000001']),
      b64({ v: 1 }),
      'abc',
      '====',
    ),
    fc
      .tuple(fc.constantFrom(...QUEUE_SORTS), hostileString, fc.constantFrom(...s.applicationIds, 'X'))
      .map(([so, k, id]) => b64([1, so, k, id])),
    fc.string({ unit: 'binary', maxLength: 60 }).map((x) => Buffer.from(x).toString('base64url')),
  );

/** A valid-looking value for a named field, where the schema alone would not find real data. */
function knownValue(name: string, s: Samples): fc.Arbitrary<unknown> | null {
  const pick = <T>(xs: T[], ...more: T[]) => fc.constantFrom(...xs, ...more);
  switch (name) {
    case 'id':
      // Application and enterprise ids; small integers name authority changes (authority_grants).
      return fc.oneof(pick(s.applicationIds), pick(s.enterpriseIds), fc.constantFrom('1', '3', '14', '15'));
    case 'loanId':
      return s.loanIds.length ? pick(s.loanIds, 'LN999999999') : null;
    case 'monitoringRunId':
      // A run of the seeded bank, and one of the right form that does not exist (404).
      return s.monitoringRunIds.length ? pick(s.monitoringRunIds, 'MR-20260101000000-aaaaaa') : null;
    case 'enterpriseId':
      return pick(s.enterpriseIds, 'E000000000000000000');
    case 'addresseeUserId':
      return pick(['u-approver1', 'u-rm1', 'u-nobody'], null as unknown as string);
    case 'reason':
      return fc.oneof(
        pick(['客户经理调岗', 'The client moved to another relationship manager']),
        fc.string({ maxLength: 20 }),
      );
    case 'addresseeRole':
      return pick(['approver', 'relationship_manager', 'supervisor'], null as unknown as string);
    case 'userId':
    case 'grantorId':
      return pick(['u-approver1', 'u-approver2', 'u-senior1', 'u-committee1', 'u-rm1', 'u-nobody']);
    case 'applicationId':
      return pick(s.applicationIds);
    case 'version':
      return pick(s.ruleSetVersions, 'RS-1999.01');
    case 'code':
      return s.checklistCodes.length ? pick(s.checklistCodes, 'NOPE') : null;
    case 'documentId':
    case 'supersedes':
    case 'contractId':
      return s.documentIds.length ? pick(s.documentIds) : null;
    case 'uscc':
      return pick(s.usccs);
    case 'productCode':
      return pick(['XMD', 'SYD', 'DYD', 'LDD'], 'NOPE');
    case 'branchId':
      return pick(['HO', 'SH', 'SH-PD', 'HZ', 'HZ-XH'], 'XX');
    case 'assigneeId':
      return pick(['u-approver1', 'u-senior1', 'u-nobody']);
    case 'cursor':
      return fc.oneof(pick(s.cursors), forgedCursor(s), fc.integer({ min: 0, max: 1e9 }).map(String));
    case 'ids':
      return fc.subarray(s.enterpriseIds, { minLength: 1, maxLength: 5 }).map((xs) => xs.join(','));
    case 'q':
      return fc.oneof(pick(s.names), fc.constantFrom('%', '_', '\\', 'APP', '9'));
    case 'status':
      return fc
        .subarray(['submitted', 'screened', 'in_review', 'returned', 'approved', 'declined', 'committee'], {
          minLength: 1,
        })
        .map((xs) => xs.join(','));
    case 'panel':
    case 'row':
    case 'series':
      return s.drills.length ? pick(s.drills.map((d) => d[name])) : null;
    case 'from':
    case 'to':
    case 'startDate':
    case 'effectiveFrom':
      return fc.oneof(fc.integer({ min: -360, max: 360 }), fc.integer({ min: -2000, max: 2000 })).map((d) => {
        const t = new Date(`${s.today}T00:00:00Z`);
        t.setUTCDate(t.getUTCDate() + d);
        return t.toISOString().slice(0, 10);
      });
    case 'at':
      return fc.constantFrom(
        new Date().toISOString(),
        '2020-01-01T00:00:00Z',
        '9999-12-31T23:59:59Z',
        '1900-01-01T00:00:00+08:00',
      );
    case 'upfrontFee':
      return fc.constantFrom('0.00', '0.00', '500.00', '999999999999999.99');
    case 'amount':
    case 'amountMin':
    case 'amountMax':
      return fc.oneof(
        { weight: 1, arbitrary: fc.constantFrom('100000.00', '0.00', '999999999999999.99', '100000000.01') },
        {
          weight: 3,
          arbitrary: fc
            .bigInt({ min: 100_000n, max: 1_000_000_000n })
            .map((f) => `${f / 100n}.${String(f % 100n).padStart(2, '0')}`),
        },
      );
    case 'annualRate':
      return fc.constantFrom('4.35', '3.85', '0', '36', '12.5', '3.8500000000', '36.0000000001', '999');
    case 'username':
      return fc.constantFrom(...Object.keys(USERS), 'nobody');
    case 'password':
      return fc.constantFrom('demo-pass', 'wrong');
    case 'contentHash':
      return fc.constantFrom('0123456789abcdef');
    case 'pdfSha256':
      return fc.constantFrom('0'.repeat(64));
    default:
      return null;
  }
}

/** Values that satisfy a JSON Schema (as zod writes them), approximately; `name` picks real data. */
function valid(js: Json, s: Samples, name = '', depth = 0): fc.Arbitrary<unknown> {
  const known = knownValue(name, s);
  if (known && depth > 0)
    return fc.oneof({ weight: 5, arbitrary: known }, { weight: 1, arbitrary: validBySchema(js, s, depth) });
  return validBySchema(js, s, depth);
}

function validBySchema(js: Json, s: Samples, depth: number): fc.Arbitrary<unknown> {
  if (!js || typeof js !== 'object' || depth > 6) return fc.constant(null);
  if ('const' in js) return fc.constant(js.const);
  if (Array.isArray(js.enum)) return fc.constantFrom(...js.enum);
  const alts = js.anyOf ?? js.oneOf;
  if (Array.isArray(alts)) return fc.oneof(...alts.map((a: Json) => valid(a, s, '', depth + 1)));
  switch (js.type) {
    case 'string': {
      if (js.pattern && !/\\p\{/.test(js.pattern)) {
        try {
          return fc.stringMatching(new RegExp(js.pattern));
        } catch {
          // fall through to a plain string
        }
      }
      if (js.format === 'date-time') return fc.constant(new Date().toISOString());
      const min = js.minLength ?? 0;
      return fc.string({ minLength: min, maxLength: Math.max(min, Math.min(js.maxLength ?? 20, 20)) });
    }
    case 'integer':
    case 'number':
      return fc.integer({ min: Math.max(js.minimum ?? -1000, -1e6), max: Math.min(js.maximum ?? 1000, 1e6) });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(valid(js.items ?? {}, s, '', depth + 1), {
        minLength: js.minItems ?? 0,
        maxLength: Math.min(js.maxItems ?? 3, 3),
      });
    case 'object': {
      const props: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, v] of Object.entries<Json>(js.properties ?? {})) props[k] = valid(v, s, k, depth + 1);
      return fc.record(props, { requiredKeys: (js.required ?? []).filter((k: string) => k in props) });
    }
    default:
      return fc.anything({ maxDepth: 2 });
  }
}

/** `arb` one time in `oneIn`, otherwise null. */
const rarely = <T>(arb: fc.Arbitrary<T>, oneIn: number) =>
  fc.oneof({ weight: 1, arbitrary: arb }, { weight: oneIn - 1, arbitrary: fc.constant(null) });

/**
 * Bodies the schema alone would hardly ever make valid (a rule set: a version pattern, a discriminated
 * union of rules with unique codes): a real example is drawn as often as a generated one, and damaged
 * field by field like any other body.
 */
const EXAMPLE_BODIES: Record<string, unknown> = {
  'POST /api/v1/monitoring/rules/check': SIGNAL_RULES,
};

/** Whole-body damage: an unknown field, a missing one, a body of another type. */
function body(js: Json, s: Samples, example?: unknown): fc.Arbitrary<unknown> {
  const generated = valid(js, s, '', 0);
  const good =
    example === undefined
      ? generated
      : fc.oneof(
          generated,
          fc.constant(example).map((x) => structuredClone(x)),
        );
  return fc.oneof(
    { weight: 8, arbitrary: good },
    { weight: 1, arbitrary: good.map((b) => (b && typeof b === 'object' ? { ...b, evil: '\u0000' } : b)) },
    {
      weight: 1,
      arbitrary: fc.tuple(good, fc.nat()).map(([b, i]) => {
        if (!b || typeof b !== 'object' || Array.isArray(b)) return b;
        const keys = Object.keys(b);
        if (keys.length === 0) return b;
        const { [keys[i % keys.length]!]: _, ...rest } = b as Record<string, unknown>;
        return rest;
      }),
    },
    { weight: 1, arbitrary: hostile },
  );
}

interface Op {
  method: string;
  path: string;
  roles: 'public' | 'authenticated' | string[];
  params: { name: string; in: string; schema: Json; required: boolean }[];
  body: Json | null;
}

interface Req {
  op: Op;
  user: Username | null;
  path: Record<string, unknown>;
  query: [string, unknown][];
  body: unknown;
  raw: string | null;
  idem: string | undefined;
  ifMatch: string | undefined;
}

/** Optional query parameters that are valid only with others (a cursor with its sort, min with max). */
const RARE_PARAMS = new Set(['cursor', 'at', 'amountMin', 'amountMax', 'revision']);
/** Characters slipped into an otherwise valid value. */
const TAINTS = [
  '\u0000',
  '\u0001',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u009f',
  '\ud800',
  '\udfff',
  '\r',
  '\n',
  '\t',
  '\u2028',
];
const hit = fc.record({
  pick: fc.nat(),
  kind: fc.constantFrom('taint', 'taint', 'replace'),
  char: fc.constantFrom(...TAINTS),
  pos: fc.nat(),
  value: hostile,
});
/**
 * Most requests are valid but for one field (so the hostile value is what the server meets, not the
 * first validation error of many); some have several bad fields, some none.
 */
const damage = fc.record({
  mode: fc.constantFrom('none', 'one', 'one', 'one', 'one', 'many'),
  hits: fc.array(hit, { minLength: 3, maxLength: 3 }),
});
type Damage = { mode: string; hits: { pick: number; kind: string; char: string; pos: number; value: unknown }[] };

const taint = (v: unknown, char: string, pos: number) => {
  const str = typeof v === 'string' ? v : v === undefined ? 'x' : JSON.stringify(v);
  const at = pos % (str.length + 1);
  return `${str.slice(0, at)}${char}${str.slice(at)}`;
};

/** Every place in a body a value can be swapped: each property and array element, at any depth. */
function bodyPaths(v: unknown, at: (string | number)[] = [], out: (string | number)[][] = []) {
  const entries: [string | number, unknown][] = Array.isArray(v)
    ? v.map((x, i) => [i, x])
    : v && typeof v === 'object'
      ? Object.entries(v)
      : [];
  for (const [k, x] of entries) {
    out.push([...at, k]);
    bodyPaths(x, [...at, k], out);
  }
  return out;
}

function valueAt(v: unknown, key: (string | number)[]): unknown {
  let x = v as Record<string | number, unknown> | undefined;
  for (const k of key) x = x?.[k] as Record<string | number, unknown> | undefined;
  return x;
}

function damaged<R extends { path: Record<string, unknown>; query: [string, unknown][]; body: unknown }>(
  op: Op,
  r: R,
  d: Damage,
): R {
  if (d.mode === 'none') return r;
  const out = {
    ...r,
    path: { ...r.path },
    query: [...r.query],
    body: r.body === undefined ? undefined : structuredClone(r.body),
  };
  for (const h of d.mode === 'one' ? d.hits.slice(0, 1) : d.hits) {
    // Free-text fields (strings without an enum) are aimed at three times as often: a control character
    // there is what could reach SQL.
    const times = (n: number) => Array.from({ length: n });
    const isText = (js: Json) => js?.type === 'string' && !js.enum;
    const targets: { where: 'path' | 'query' | 'body'; key: (string | number)[] }[] = [
      ...op.params.flatMap((p) =>
        p.in === 'path' || p.in === 'query'
          ? times(isText(p.schema) ? 3 : 1).map(() => ({ where: p.in as 'path' | 'query', key: [p.name] }))
          : [],
      ),
      ...bodyPaths(out.body).flatMap((key) =>
        times(typeof valueAt(out.body, key) === 'string' ? 3 : 1).map(() => ({ where: 'body' as const, key })),
      ),
    ];
    const t = targets[h.pick % Math.max(1, targets.length)];
    if (!t) continue;
    const bad = (v: unknown) => (h.kind === 'taint' ? taint(v, h.char, h.pos) : h.value);
    if (t.where === 'path') out.path[t.key[0] as string] = bad(out.path[t.key[0] as string]);
    else if (t.where === 'query') {
      const i = out.query.findIndex(([k]) => k === t.key[0]);
      if (i >= 0) out.query[i] = [t.key[0] as string, bad(out.query[i]![1])];
      else out.query.push([t.key[0] as string, bad(undefined)]);
    } else {
      let parent = out.body as Record<string | number, unknown>;
      for (const k of t.key.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
      const last = t.key[t.key.length - 1]!;
      parent[last] = bad(parent[last]);
    }
  }
  return out;
}

function requestArb(op: Op, s: Samples): fc.Arbitrary<Req> {
  const allowed = (Object.keys(USERS) as Username[]).filter(
    (u) =>
      !Array.isArray(op.roles) || op.roles.includes(USERS[u]) || (u === 'senior1' && op.roles.includes('approver')),
  );
  const others = (Object.keys(USERS) as Username[]).filter((u) => !allowed.includes(u));
  const user = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom<Username | null>(...allowed) },
    { weight: 1, arbitrary: fc.constantFrom<Username | null>(...(others.length ? others : allowed)) },
    { weight: 1, arbitrary: fc.constant(null) },
  );
  const pathArb: Record<string, fc.Arbitrary<unknown>> = {};
  for (const p of op.params.filter((x) => x.in === 'path')) {
    // A loan's routes (/api/v1/loans/{id}/…) take loan ids; a monitoring run's, run ids.
    pathArb[p.name] = valid(
      p.schema,
      s,
      p.name !== 'id'
        ? p.name
        : op.path.startsWith('/api/v1/loans/')
          ? 'loanId'
          : op.path.startsWith('/api/v1/monitoring/runs/')
            ? 'monitoringRunId'
            : 'id',
      1,
    );
  }
  const queryParams = op.params.filter((x) => x.in === 'query');
  const query = fc
    .tuple(
      ...queryParams.map((p) => {
        const present = fc.oneof(
          { weight: 30, arbitrary: valid(p.schema, s, p.name, 1) },
          // A repeated parameter arrives as an array.
          { weight: 1, arbitrary: fc.tuple(valid(p.schema, s, p.name, 1), valid(p.schema, s, p.name, 1)) },
        );
        // Optional parameters are left out more often than not (a cursor or an instant most often).
        if (p.required) return present;
        return fc.oneof(
          { weight: 1, arbitrary: present },
          { weight: RARE_PARAMS.has(p.name) ? 7 : 2, arbitrary: fc.constant(undefined) },
        );
      }),
      rarely(fc.tuple(fc.constantFrom('evil', 'limit[]', '__proto__', 'constructor'), hostileString), 12),
    )
    .map((vals) => {
      const out: [string, unknown][] = [];
      queryParams.forEach((p, i) => {
        if (vals[i] !== undefined) out.push([p.name, vals[i]]);
      });
      const extra = vals[queryParams.length] as [string, string] | null;
      if (extra) out.push(extra);
      return out;
    });
  const raw = rarely(
    fc.constantFrom(
      '{',
      '[]',
      'null',
      '"x"',
      '{"a":',
      `${'['.repeat(5000)}${']'.repeat(5000)}`,
      '{"__proto__":{"x":1}}',
      '\u0000',
    ),
    20,
  );
  const ver = (id: unknown) => (typeof id === 'string' && s.versions[id] !== undefined ? `"${s.versions[id]}"` : '"1"');
  return fc
    .record({
      user,
      path: fc.record(pathArb),
      query,
      body: op.body
        ? body(op.body, s, EXAMPLE_BODIES[`${op.method} ${op.path}`])
        : rarely(hostile, 10).map((b) => b ?? undefined),
      raw,
      idem: fc.option(
        fc.oneof(
          { weight: 4, arbitrary: fc.uuid() },
          { weight: 1, arbitrary: hostileString.map((x) => x.replace(/[^\x20-\x7e]/g, '').slice(0, 300) || 'k') },
        ),
        { nil: undefined, freq: 3 },
      ),
      ifMatchKind: fc.constantFrom('genuine', 'genuine', 'stale', 'hostile', 'none'),
      ifHostile: hostileString,
      damage,
    })
    .map(({ ifMatchKind, ifHostile, damage: d, ...r }) => ({
      ...damaged(op, r, d),
      op,
      raw: op.method === 'GET' ? null : r.raw,
      ifMatch:
        ifMatchKind === 'genuine'
          ? ver(r.path.id ?? r.path.documentId)
          : ifMatchKind === 'stale'
            ? '"0"'
            : ifMatchKind === 'hostile'
              ? ifHostile.replace(/[^\x20-\x7e]/g, '').slice(0, 300) || '"x"'
              : undefined,
    }));
}

/** Percent-encodes like encodeURIComponent, but a lone surrogate goes as the bytes of one (invalid UTF-8). */
const encodePart = (s: string) =>
  s
    .split(/([\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff])/)
    .map((x, i) => (i % 2 ? (x.charCodeAt(0) < 0xdc00 ? '%ED%A0%80' : '%ED%BF%BF') : encodeURIComponent(x)))
    .join('');

function urlOf(r: Req): string {
  const path = r.op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodePart(String(r.path[name] ?? 'X')));
  const parts: string[] = [];
  const add = (k: string, v: unknown) =>
    parts.push(`${encodePart(k)}=${encodePart(typeof v === 'string' ? v : JSON.stringify(v))}`);
  for (const [k, v] of r.query) {
    if (Array.isArray(v)) for (const x of v) add(k, x);
    else add(k, v);
  }
  const q = parts.join('&');
  return q ? `${path}?${q}` : path;
}

describe.each(testEngines())('every endpoint in /openapi.json on %s, hostile input', (engine) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let as: Awaited<ReturnType<typeof signIn>>;
  /** Users signed in again after a fuzzed logout ended their first session. */
  const sessions: Partial<Record<Username, Awaited<ReturnType<typeof signIn>>>> = {};
  const ops: Op[] = [];
  const samples: Samples = {
    applicationIds: [],
    loanIds: [],
    versions: {},
    enterpriseIds: [],
    usccs: [],
    documentIds: [],
    cursors: [],
    drills: [],
    names: [],
    ruleSetVersions: [],
    checklistCodes: [],
    monitoringRunIds: [],
    today: beijingDate(Date.now()),
  };

  beforeAll(async () => {
    const t0 = performance.now();
    tdb = await createTestDatabase(engine);
    await seedSandbox(tdb.db, {
      size: 'small',
      asOf: samples.today,
      counts: { enterprises: 120, loans: 300, applications: 50 },
      assignApplications: async (requests, d) => {
        await seedApplications(d, sandboxProfileProvider(), requests);
      },
    });
    app = await buildApp({
      db: tdb.db,
      logLevel: 'silent',
      profiles: sandboxProfileProvider(),
      // Fuzzed sign-ins must reach validation, not the rate limit.
      loginAttemptsPerMinute: 1_000_000,
    });
    as = await signIn(app, Object.keys(USERS));

    const apps = await tdb.db.query<{ id: string; version: number; uscc: string; enterprise_name: string }>(
      'SELECT id, version, uscc, enterprise_name FROM applications ORDER BY id LIMIT 30',
    );
    for (const a of apps.rows) {
      samples.applicationIds.push(a.id);
      samples.versions[a.id] = a.version;
      samples.usccs.push(a.uscc);
      samples.names.push(a.enterprise_name.slice(0, 4));
    }
    const codes = await tdb.db.query<{ code: string }>(
      "SELECT DISTINCT c->>'code' AS code FROM applications, jsonb_array_elements(checklist) c ORDER BY 1 LIMIT 20",
    );
    samples.checklistCodes.push(...codes.rows.map((r) => r.code));
    const draft = await app.inject({
      method: 'POST',
      url: '/api/v1/rule-sets',
      headers: as('supervisor1'),
      payload: {},
    });
    expect(draft.statusCode, draft.body).toBe(201);
    const versions = await tdb.db.query<{ version: string }>('SELECT version FROM rule_sets ORDER BY version');
    samples.ruleSetVersions.push(...versions.rows.map((r) => r.version));
    const loans = await tdb.db.query<{ id: string }>(
      "SELECT id FROM loans ORDER BY (branch_id = 'SH-PD') DESC, id LIMIT 10",
    );
    samples.loanIds.push(...loans.rows.map((r) => r.id));
    // One monitoring run, finished before the fuzzing starts (its writes are not a refused request's).
    const run = await app.inject({ method: 'POST', url: '/api/v1/monitoring/runs', headers: as('supervisor1') });
    expect(run.statusCode, run.body).toBe(202);
    for (let i = 0; i < 1200; i++) {
      const r = await tdb.db.query("SELECT 1 FROM monitoring_runs WHERE status = 'running'");
      if (r.rows.length === 0) break;
      await new Promise((done) => setTimeout(done, 100));
    }
    samples.monitoringRunIds.push(run.json().id);
    const ents = await tdb.db.query<{ id: string; uscc: string }>(
      'SELECT id, uscc FROM enterprises ORDER BY id LIMIT 10',
    );
    for (const e of ents.rows) {
      samples.enterpriseIds.push(e.id);
      samples.usccs.push(e.uscc);
    }
    const docs = await tdb.db
      .query<{ document_id: string; version: number }>('SELECT document_id, version FROM contracts LIMIT 10')
      .catch(() => ({ rows: [] }));
    for (const d of docs.rows) {
      samples.documentIds.push(d.document_id);
      samples.versions[d.document_id] = d.version;
    }
    for (const sort of QUEUE_SORTS) {
      const r = await app.inject({
        method: 'GET',
        url: `/api/v1/applications?sort=${sort}&limit=3`,
        headers: as('supervisor1'),
      });
      if (r.json().nextCursor) samples.cursors.push(r.json().nextCursor);
    }
    for (const dashboard of ['process', 'portfolio', 'warning', 'regulatory']) {
      const r = await app.inject({ method: 'GET', url: `/api/v1/dashboards/${dashboard}`, headers: as('supervisor1') });
      if (r.statusCode !== 200) continue;
      for (const p of r.json().panels.slice(0, 3)) {
        const row = p.rows[0];
        const series = p.series.find((x: { drill: string | null }) => x.drill);
        if (row && series) samples.drills.push({ dashboard, panel: p.id, row: row.key, series: series.drill });
      }
    }
    console.info(`${engine}: bank seeded and samples read in ${Math.round(performance.now() - t0)} ms`);
    expect(samples.applicationIds.length).toBeGreaterThan(10);
    expect(samples.cursors.length).toBe(QUEUE_SORTS.length);

    for (const t of TABLES) {
      const r = await tdb.db.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [t]);
      if (r.rows[0]?.t) tables.push(t);
    }
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    for (const [path, methods] of Object.entries<Json>(doc.paths)) {
      // The event stream holds its connection open by design and takes no parameters or body;
      // events.test.ts covers its refusals.
      if (path === '/api/v1/events') continue;
      for (const [method, o] of Object.entries<Json>(methods)) {
        ops.push({
          method: method.toUpperCase(),
          path,
          roles: o['x-roles'],
          params: o.parameters ?? [],
          body: o.requestBody?.content?.['application/json']?.schema ?? null,
        });
      }
    }
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await tdb?.drop();
  });

  /** The tables of TABLES this schema has (a table may arrive with a later migration). */
  const tables: string[] = [];
  const counts = async () =>
    (
      await tdb.db.query<Record<string, number>>(
        `SELECT ${tables.map((t) => `(SELECT count(*) FROM ${t})::int AS ${t}`).join(', ')},
           (SELECT coalesce(sum(version), 0) FROM applications)::int AS application_versions,
           (SELECT coalesce(sum(version), 0) FROM contracts)::int AS contract_versions`,
      )
    ).rows[0]!;

  it('refuses the inputs that once answered 500 with a specific 400 (NUL, cursors, quotes past the formats)', async () => {
    const cursor = samples.cursors[0]!;
    const quote = {
      amount: '100000.00',
      termMonths: 360,
      repaymentMethod: 'equal_installment',
      annualRate: '36',
      startDate: samples.today,
    };
    const cases: [string, string, unknown, string, string][] = [
      ['GET', '/api/v1/applications?q=a%00b', undefined, 'validation_failed', 'query.q'],
      ['GET', '/api/v1/applications?productCode=X%00', undefined, 'validation_failed', 'query.productCode'],
      ['GET', '/api/v1/enterprises?q=%E4%B8%8A%00', undefined, 'validation_failed', 'query.q'],
      ['GET', `/api/v1/applications?sort=-amount&cursor=${cursor}`, undefined, 'bad_cursor', 'query.cursor'],
      [
        'GET',
        `/api/v1/applications?cursor=${b64([1, 'slaDueAt', '2026-13-45', 'APP1'])}`,
        undefined,
        'bad_cursor',
        'query.cursor',
      ],
      ['POST', '/api/v1/quotes', { ...quote, startDate: '9999-12-01' }, 'quote.start_out_of_range', 'body.startDate'],
      [
        'POST',
        '/api/v1/quotes',
        { ...quote, amount: '999999999999999.99' },
        'quote.amount_out_of_range',
        'body.amount',
      ],
      [
        'POST',
        '/api/v1/auth/login',
        { username: 'rm1\u0000', password: 'demo-pass' },
        'validation_failed',
        'body.username',
      ],
      // The monitoring routes the fuzzer reaches through a real run id and a real rule set (issue 17).
      ['GET', '/api/v1/monitoring/runs/APP1-MR', undefined, 'validation_failed', 'params.id'],
      [
        'POST',
        '/api/v1/monitoring/rules/check',
        { ...SIGNAL_RULES, rules: [...SIGNAL_RULES.rules, SIGNAL_RULES.rules[0]] },
        'validation_failed',
        `body.rules.${SIGNAL_RULES.rules.length}.code`,
      ],
      [
        'POST',
        '/api/v1/monitoring/rules/check',
        { ...SIGNAL_RULES, version: 'SR-2026.1\u0000' },
        'validation_failed',
        'body.version',
      ],
    ];
    const before = await counts();
    for (const [method, url, payload, code, path] of cases) {
      const r = await app.inject({
        method: method as 'GET',
        url,
        headers: { ...as('supervisor1'), ...(payload ? { 'content-type': 'application/json' } : {}) },
        ...(payload ? { payload: JSON.stringify(payload) } : {}),
      });
      expect(r.statusCode, `${method} ${url} ${r.body}`).toBe(400);
      expect(r.json(), url).toMatchObject({ code, errors: [expect.objectContaining({ path })] });
    }
    expect(await counts()).toEqual(before);
    // The sampled monitoring run answers; a run id of the right form that names no run is a 404 problem.
    for (const [id, status] of [
      [samples.monitoringRunIds[0], 200],
      ['MR-20260101000000-aaaaaa', 404],
    ] as const) {
      const r = await app.inject({ method: 'GET', url: `/api/v1/monitoring/runs/${id}`, headers: as('supervisor1') });
      expect(r.statusCode, r.body).toBe(status);
      if (status === 404) expect(r.headers['content-type']).toContain('application/problem+json');
    }
    // A genuine cursor under its own sort still pages on.
    const own = await app.inject({
      method: 'GET',
      url: `/api/v1/applications?sort=${QUEUE_SORTS[0]}&limit=3&cursor=${cursor}`,
      headers: as('supervisor1'),
    });
    expect(own.statusCode, own.body).toBe(200);
  });

  it('answers every request below 500, every refusal as a problem document, and a refusal writes nothing', async () => {
    expect(ops.length).toBeGreaterThan(20);
    const seen = new Map<string, Map<number, number>>();
    const spent = new Map<string, number>();
    let countMs = 0;
    let before = await counts();
    const started = performance.now();
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          ...ops.map((op) => ({ weight: SIGN_IN_OUT.has(op.path) ? 1 : 10, arbitrary: requestArb(op, samples) })),
        ),
        async (r) => {
          const url = urlOf(r);
          const headers: Record<string, string> = {};
          if (r.user) Object.assign(headers, (sessions[r.user] ?? as)(r.user));
          if (r.idem !== undefined) headers['idempotency-key'] = r.idem;
          if (r.ifMatch !== undefined) headers['if-match'] = r.ifMatch;
          const payload =
            r.op.method === 'GET'
              ? undefined
              : r.raw !== null
                ? r.raw
                : r.body === undefined
                  ? undefined
                  : JSON.stringify(r.body);
          if (payload !== undefined) headers['content-type'] = 'application/json';
          const t0 = performance.now();
          const res = await app.inject({
            method: r.op.method as 'GET',
            url,
            headers,
            ...(payload !== undefined ? { payload } : {}),
          });
          const key = `${r.op.method} ${r.op.path}`;
          spent.set(key, (spent.get(key) ?? 0) + performance.now() - t0);
          const byStatus = seen.get(key) ?? new Map<number, number>();
          byStatus.set(res.statusCode, (byStatus.get(res.statusCode) ?? 0) + 1);
          seen.set(key, byStatus);
          const what = `${r.op.method} ${url.slice(0, 300)} as ${r.user} → ${res.statusCode} ${res.body.slice(0, 300)}`;
          expect(res.statusCode, what).toBeLessThan(500);
          if (res.statusCode >= 400) {
            refused++;
            expect(res.headers['content-type'], what).toContain('application/problem+json');
            const problem = ProblemSchema.safeParse(res.json());
            expect(problem.success, what).toBe(true);
            expect(problem.data?.status, what).toBe(res.statusCode);
          }
          // One count per request: the rows after this one are the rows before the next.
          const c0 = performance.now();
          const after = await counts();
          countMs += performance.now() - c0;
          if (res.statusCode >= 400) expect(after, `${what}: a refused request changed rows`).toEqual(before);
          before = after;
          if (r.op.method === 'POST' && r.op.path === '/api/v1/monitoring/runs' && res.statusCode === 202) {
            // The run goes on in the background and opens warning tasks before it is done: let it finish, so
            // its writes are not taken for a later refused request's.
            for (let i = 0; i < 600; i++) {
              const running = await tdb.db.query("SELECT 1 FROM monitoring_runs WHERE status = 'running'");
              if (running.rows.length === 0) break;
              await new Promise((done) => setTimeout(done, 100));
            }
            before = await counts();
          }
          if (r.op.path === '/api/v1/auth/logout' && res.statusCode < 300 && r.user) {
            // The fuzzer ended that user's session; sign them in again for the requests to come.
            sessions[r.user] = await signIn(app, [r.user]);
            before = await counts();
          }
        },
      ),
      { numRuns: RUNS[engine], seed: 20261130 },
    );
    // Every operation was exercised, and not only refused: the generators reach past validation.
    const summary = [...seen].map(
      ([k, m]) => `${k}: ${[...m].map(([st, n]) => `${st}×${n}`).join(' ')}, ${Math.round(spent.get(k) ?? 0)} ms`,
    );
    console.info(
      `${engine}: ${RUNS[engine]} requests in ${Math.round(performance.now() - started)} ms (row counts ${Math.round(countMs)} ms), ${refused} refused\n${summary.join('\n')}`,
    );
    // (Sign-in and sign-out are drawn a tenth as often, and a short FUZZ_RUNS may miss an operation.)
    if (RUNS[engine] >= 400) {
      const missed = ops.filter((o) => !SIGN_IN_OUT.has(o.path) && !seen.has(`${o.method} ${o.path}`));
      expect(missed.map((o) => `${o.method} ${o.path}`)).toEqual([]);
    }
    // The generators reach past validation: most operations got an answer other than a refusal of the
    // request's form (400, 401, 413–415, 431) — an authority, scope or state refusal, or a success — and
    // a good share of them a success. (Routes that need a matching pair of real values, e.g. a case and
    // a user allowed on it, rarely succeed by chance; they are exercised by their own API tests.)
    const FORM_REFUSALS = new Set([400, 401, 413, 414, 415, 431]);
    const reached = [...seen.values()].filter((m) => [...m.keys()].some((st) => !FORM_REFUSALS.has(st))).length;
    const succeeded = [...seen.values()].filter((m) => [...m.keys()].some((st) => st < 300)).length;
    console.info(`${engine}: ${reached} of ${ops.length} operations past validation, ${succeeded} succeeded`);
    expect(reached).toBeGreaterThan(ops.length * 0.8);
    expect(succeeded).toBeGreaterThan(ops.length * 0.4);
  }, 600_000);
});
