import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json';

/*
 * The three implementations this module replaced, frozen verbatim as they were at 4a6da53. Audit
 * payload digests and contract content hashes were computed with the first two and are stored; the
 * shared function must write the very same bytes for every JSON value.
 */
function auditChainCanonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v ?? null);
  if (Array.isArray(v)) return `[${v.map(auditChainCanonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${auditChainCanonicalJson(o[k])}`)
    .join(',')}}`;
}

function contractRenderCanonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(contractRenderCanonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${contractRenderCanonicalJson(v)}`).join(',')}}`;
}

function casesHandlerStableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(casesHandlerStableJson).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${casesHandlerStableJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

/** JSON values of the kinds that get hashed: audit payloads, contract data, decisions. */
const SAMPLES: unknown[] = [
  null,
  true,
  false,
  0,
  -0,
  1.5,
  -12345678901234,
  1e21,
  Number.MAX_SAFE_INTEGER,
  '',
  'plain',
  '引号"与\\反斜杠\n换行\t制表\u0000\u001f\u2028',
  '😀 emoji and lone surrogate \ud800',
  [],
  {},
  [1, 'two', null, [3, [4]], { b: 1, a: 2 }],
  { b: 2, a: 1, c: { z: [], y: {}, x: null } },
  // Sort order is by UTF-16 code unit: upper before lower case, digits before letters, CJK and astral keys.
  { a: 1, B: 2, _: 3, '10': 4, '9': 5, '': 6, 合同: 7, 贷款: 8, '😀': 9, ｚ: 10, é: 11, e: 12 },
  {
    action: 'approve',
    approvedAmount: '1200000.00',
    termMonths: 36,
    rate: '3.85',
    conditions: ['追加保证人', 'quarterly statements'],
    comment: null,
  },
  {
    data: {
      contractId: 'HT-2026-000123',
      borrower: { name: '杭州示例科技有限公司', creditCode: '91330100MA2XXXXX0X' },
      guarantors: [{ name: '李四', idNumber: '330102198001011234', share: 0.5 }],
      schedule: [{ n: 1, due: '2026-02-20', principal: '100000.00', interest: '3208.33' }],
    },
    template: { id: 'loan', version: '2026.1' },
  },
];

describe('canonicalJson', () => {
  it('writes the same bytes as each implementation it replaced, on JSON values', () => {
    for (const s of SAMPLES) {
      const out = canonicalJson(s);
      expect(out).toBe(auditChainCanonicalJson(s));
      expect(out).toBe(contractRenderCanonicalJson(s));
      expect(out).toBe(casesHandlerStableJson(s));
      // And it is JSON that reads back as the same value.
      expect(JSON.parse(out)).toEqual(JSON.parse(JSON.stringify(s)));
    }
  });

  it('leaves keys holding undefined out, as the audit chain and contract render did', () => {
    const v = { b: undefined, a: [undefined, 1], c: { d: undefined } };
    expect(canonicalJson(v)).toBe('{"a":[null,1],"c":{}}');
    expect(canonicalJson(v)).toBe(auditChainCanonicalJson(v));
    expect(canonicalJson(v)).toBe(contractRenderCanonicalJson(v));
    expect(canonicalJson(undefined)).toBe('null');
    // The cases handler's copy wrote `"b":undefined` (not JSON): a decision with an unset optional field now
    // keys the same submission as one without it — both send the same JSON body to the bank.
    expect(casesHandlerStableJson(v)).toContain('undefined');
  });

  it('does not depend on key insertion order', () => {
    expect(canonicalJson({ a: 1, b: { c: 2, d: 3 } })).toBe(canonicalJson({ b: { d: 3, c: 2 }, a: 1 }));
  });

  it('writes a decision exactly as pinned (hashes built on it: bank-api/audit/chain.test.ts, electron/contracts/canonical-hash.test.ts)', () => {
    expect(canonicalJson(SAMPLES[18])).toBe(
      '{"action":"approve","approvedAmount":"1200000.00","comment":null,"conditions":["追加保证人","quarterly statements"],"rate":"3.85","termMonths":36}',
    );
  });
});
