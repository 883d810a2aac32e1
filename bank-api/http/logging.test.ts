import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DatabaseUnavailable } from '../db/errors';
import {
  loggedUrl,
  MAX_LOGGED_MESSAGE_CHARS,
  scrubText,
  serializeError,
  serializeReply,
  serializeRequest,
} from './logging';

const ID = '11010519491231002X';
const USCC = '91350100M000100Y43';
const MOBILE = '13812345678';

describe('scrubText', () => {
  it('masks resident IDs, USCCs, mobile numbers and token-like strings', () => {
    const out = scrubText(`id ${ID}, ${ID.toLowerCase()}; uscc=${USCC}; tel +86 ${MOBILE}; t=${'A1b2_'.repeat(9)}`);
    expect(out).toBe(
      'id 110105********002X, 110105********002x; uscc=91************0Y43; tel 138****5678; t=[redacted]',
    );
  });

  it('leaves ordinary text, short numbers, UUIDs and error codes alone', () => {
    const text =
      'FST_ERR_CTP_INVALID_JSON_BODY at 2026-11-30 amount 3000000.00 id 0b6f4a52-3b8e-4f0c-9d55-6a1c2b3d4e5f case A-000123';
    expect(scrubText(text)).toBe(text);
  });

  it('does not cut a longer run of digits into an ID', () => {
    expect(scrubText('1234567890123456789012')).toBe('1234567890123456789012');
  });
});

describe('serializeError', () => {
  let pg: PGlite;
  beforeAll(async () => {
    pg = await PGlite.create();
  });
  afterAll(async () => {
    await pg.close();
  });

  it("copies a PGlite error's name, SQL state, scrubbed message and stack frames, never its query or bind values", async () => {
    const snapshot = JSON.stringify({ legalRepId: ID, uscc: USCC, mobile: MOBILE });
    const err = await pg.query('SELECT $1::jsonb AS snapshot, $2::bigint AS n', [snapshot, ID]).catch((e) => e);
    expect(err.params).toEqual([snapshot, ID]);
    const out = serializeError(err);
    expect(Object.keys(out).sort()).toEqual(['message', 'sqlState', 'stack', 'type']);
    expect(out.sqlState).toBe('22P02');
    expect(out.message).toContain('110105********002X');
    const text = JSON.stringify(out);
    for (const secret of [ID, USCC, MOBILE, 'SELECT', 'snapshot']) expect(text).not.toContain(secret);
  });

  it('drops every driver field and raw packet, keeps a plain code', () => {
    const err = Object.assign(new Error('boom'), {
      code: 'HPE_INVALID_METHOD',
      rawPacket: Buffer.from('Authorization: Bearer secret'),
      parameters: [ID],
      query: 'SELECT 1',
      detail: `Key (id)=(${ID}) already exists.`,
      where: 'x',
      internalQuery: 'y',
      body: { password: 'demo-pass' },
    });
    const out = serializeError(err);
    expect(out).toMatchObject({ type: 'Error', message: 'boom', code: 'HPE_INVALID_METHOD' });
    expect(Object.keys(out).sort()).toEqual(['code', 'message', 'stack', 'type']);
    expect(out.stack).toMatch(/^at /);
    expect(out.stack).not.toContain('boom');
  });

  it('truncates long messages', () => {
    const out = serializeError(new Error('x'.repeat(10_000)));
    expect(out.message.length).toBeLessThan(MAX_LOGGED_MESSAGE_CHARS + 60);
    expect(out.message).toContain('more characters cut');
  });

  it('follows a cause, with the same allow-list', () => {
    const cause = Object.assign(new Error(`connect ECONNREFUSED for ${ID}`), { code: 'ECONNREFUSED', params: [ID] });
    const out = serializeError(new DatabaseUnavailable('The database is not reachable.', cause));
    expect(out).toMatchObject({
      type: 'DatabaseUnavailable',
      code: 'database_unavailable',
      cause: { type: 'Error', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED for 110105********002X' },
    });
    expect(JSON.stringify(out)).not.toContain(ID);
  });

  it("names a zod error's failing paths and issue codes, not the values", () => {
    const r = z.object({ legalRepId: z.string().max(8) }).safeParse({ legalRepId: ID });
    const out = serializeError(r.error);
    expect(out.issues).toEqual([{ path: 'legalRepId', code: 'too_big' }]);
    expect(JSON.stringify(out)).not.toContain(ID);
  });

  it('copes with thrown non-errors', () => {
    expect(serializeError(`thrown ${ID}`)).toEqual({ type: 'string', message: 'thrown 110105********002X', stack: '' });
  });
});

describe('request and reply serializers', () => {
  it('log method, path, query keys without values, id and address', () => {
    const req = { method: 'GET', url: `/api/v1/applications?uscc=${USCC}&q=${ID}&flag`, id: 'req-7', ip: '10.0.0.9' };
    expect(serializeRequest(req)).toEqual({
      method: 'GET',
      url: '/api/v1/applications?uscc&q&flag',
      id: 'req-7',
      remoteAddress: '10.0.0.9',
    });
    expect(loggedUrl(`/api/v1/enterprises/${USCC}`)).toBe('/api/v1/enterprises/91************0Y43');
    expect(serializeReply({ statusCode: 503 })).toEqual({ statusCode: 503 });
  });
});
