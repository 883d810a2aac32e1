/**
 * The bank client against a bank API it does not control: a tiny HTTP server in the test plays the
 * bank. A well-formed answer comes back parsed; an answer that does not match its route's schema is
 * refused with a clear error naming the route and the field — logged without the data, shown to the
 * user as a failure through dispatch, never handed on as if it were right.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { buildApp } from '../../bank-api/app';
import type { Database } from '../../bank-api/db/database';
import { bankApi, pathOf } from '../../shared/api/paths';
import { dispatch } from '../ipc/dispatch';
import { type HandlerContext, handlers } from '../ipc/handlers';
import { BankApiError, BankClient, queryString } from './bank-client';
import { MemoryTokenStore } from './stores';
import { memoryWorkspaceStore } from './workspace-store';

const USER = {
  id: 'U-0001',
  username: 'approver1',
  displayName: '张三',
  roles: ['approver'],
  branch: { id: 'B-HZ', parentId: null, nameZh: '杭州分行', nameEn: 'Hangzhou Branch', level: 'branch' },
  authority: null,
};

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** The stand-in bank: answers each request with whatever `answer` says, and remembers what it was asked. */
let answer: (seen: Seen) => { status: number; body: unknown } = () => ({ status: 200, body: {} });
const seen: Seen[] = [];
let server: Server;
let bank: BankClient;

beforeAll(async () => {
  server = createServer(async (req, res) => {
    let body = '';
    for await (const c of req) body += c;
    const s = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
    seen.push(s);
    const a = answer(s);
    res.writeHead(a.status, { 'content-type': 'application/json' });
    res.end(typeof a.body === 'string' ? a.body : JSON.stringify(a.body));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  bank = new BankClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));
afterEach(() => {
  seen.length = 0;
  vi.restoreAllMocks();
});

describe('bank client: answers checked against their route', () => {
  it('returns a matching answer parsed, with path parameters, query and headers filled in', async () => {
    answer = () => ({
      status: 200,
      body: { user: { ...USER, undeclared: 'dropped' }, expiresAt: '2026-03-16T08:00:00Z' },
    });
    const me = await bank.call(bankApi.me, { token: 't'.repeat(43) });
    expect(me.user.displayName).toBe('张三');
    expect(me.user).not.toHaveProperty('undeclared');
    expect(seen[0]).toMatchObject({ method: 'GET', url: '/api/v1/me' });
    expect(seen[0]!.headers.authorization).toBe(`Bearer ${'t'.repeat(43)}`);

    seen.length = 0;
    vi.spyOn(console, 'error').mockImplementation(() => {});
    answer = () => ({ status: 200, body: { ok: true } });
    await expect(
      bank.call(bankApi.contractStatus, {
        params: { documentId: 'HT 1/2' },
        query: { a: 'x y', skip: undefined, none: null, list: ['b', 'c'] },
        body: { status: 'signed' },
        headers: { 'if-match': '"3"' },
      }),
    ).rejects.toMatchObject({ code: 'internal_contract_mismatch', field: 'contract' });
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/api/v1/contracts/HT%201%2F2/status?a=x+y&list=b%2Cc' });
    expect(seen[0]!.headers['if-match']).toBe('"3"');
    expect(JSON.parse(seen[0]!.body)).toEqual({ status: 'signed' });
  });

  it('refuses an answer of the wrong shape, naming the route and the field, and logs no personal data', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    // The bank answers the user with a number where the contract has a string id, and a name that must not leak.
    answer = () => ({ status: 200, body: { user: { ...USER, id: 42 }, expiresAt: '2026-03-16T08:00:00Z' } });
    const err = await bank.call(bankApi.me, { token: 't'.repeat(43) }).catch((e) => e);
    expect(err).toBeInstanceOf(BankApiError);
    expect(err).toMatchObject({ code: 'internal_contract_mismatch', status: 502, field: 'user.id' });
    expect(err.message).toContain('GET /api/v1/me');
    expect(err.message).toContain('user.id');
    expect(log).toHaveBeenCalledTimes(1);
    const logged = log.mock.calls.flat().join(' ');
    expect(logged).toContain('GET /api/v1/me');
    expect(logged).toContain('user.id');
    expect(logged).not.toContain('张三');
    expect(logged).not.toContain('42');
    expect(err.message).not.toContain('张三');

    // A missing field, an array where an object belongs, a body that is not JSON at all.
    answer = () => ({ status: 200, body: { items: [], total: 0 } });
    await expect(bank.call(bankApi.queueCounts, { token: 'x' })).rejects.toMatchObject({
      code: 'internal_contract_mismatch',
    });
    answer = () => ({ status: 200, body: [] });
    await expect(bank.call(bankApi.application, { params: { id: 'A-1' }, token: 'x' })).rejects.toMatchObject({
      code: 'internal_contract_mismatch',
      field: '(root)',
    });
    answer = () => ({ status: 200, body: '<html>' });
    await expect(bank.call(bankApi.home, { token: 'x' })).rejects.toMatchObject({ code: 'bank.bad_response' });
  });

  it('still passes the bank’s refusals through as they are', async () => {
    answer = () => ({
      status: 409,
      body: { type: 'urn:x', title: 'Conflict', status: 409, detail: 'Claimed by someone else.', code: 'claimed' },
    });
    await expect(bank.call(bankApi.claim, { params: { id: 'A-1' }, token: 'x' })).rejects.toMatchObject({
      code: 'claimed',
      status: 409,
    });
  });

  it('through dispatch, a wrong bank answer reaches the user as a failure with a stable code', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const tokens = new MemoryTokenStore();
    tokens.set('t'.repeat(43));
    const ctx: HandlerContext = {
      bank,
      prefs: { get: () => ({ locale: 'zh-CN' }), set: () => ({ locale: 'zh-CN' }) },
      workspace: memoryWorkspaceStore(),
      tokens,
      transport: 'web',
      version: 'test',
    };
    answer = () => ({ status: 200, body: { user: { ...USER, roles: 'approver' }, expiresAt: '2026-03-16T08:00:00Z' } });
    const r = await dispatch(handlers, 'session.current', {}, ctx);
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'internal_contract_mismatch',
        message: expect.stringContaining('GET /api/v1/me'),
        status: 502,
        field: 'user.roles',
      },
    });
    // The session is kept: a bank answer the workstation cannot read is not a sign-out.
    expect(tokens.get()).toBe('t'.repeat(43));
  });
});

describe('bank API paths in one place', () => {
  it('fills path parameters URI-encoded and refuses a missing one', () => {
    expect(pathOf('/api/v1/enterprises/:id/peers', { id: 'E/1' })).toBe('/api/v1/enterprises/E%2F1/peers');
    expect(() => pathOf('/api/v1/applications/:id', {} as { id: string })).toThrow(/id is missing/);
    expect(queryString({ b: 2, a: true, c: undefined })).toBe('b=2&a=true');
  });

  it('declares each route as the bank API does: method, URL and answer schema', async () => {
    // Building the app and its OpenAPI document reads no data: a database that holds nothing will do.
    const db = new Proxy({} as Database, {
      get: (_t, key) =>
        key === 'kind'
          ? 'pglite'
          : key === 'listen'
            ? async () => async () => {}
            : async () => ({ rows: [], rowCount: 0 }),
    });
    const app = await buildApp({ db, logLevel: 'silent' });
    try {
      const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
        paths: Record<
          string,
          Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>
        >;
      };
      for (const [name, r] of Object.entries(bankApi)) {
        const op = doc.paths[r.url.replace(/:([A-Za-z]+)/g, '{$1}')]?.[r.method.toLowerCase()];
        expect(op, `${name}: ${r.method} ${r.url}`).toBeDefined();
        const ok = Object.entries(op!.responses).find(([status]) => status.startsWith('2'))?.[1];
        const declared = ok?.content?.['application/json']?.schema;
        const ours = z.toJSONSchema(r.response, { target: 'draft-2020-12', io: 'output', unrepresentable: 'any' });
        expect(ours, `${name}: answer schema`).toEqual(declared);
      }
    } finally {
      await app.close();
    }
  });
});
