/**
 * For a feature's handler test: each bank route a handler file calls (method, URL template, answer
 * schema) is declared so by the bank API's own OpenAPI document — the same check for every feature.
 */
import { expect } from 'vitest';
import { z } from 'zod';
import { buildApp } from '../../../bank-api/app';
import type { Database } from '../../../bank-api/db/database';
import type { BankRoute } from '../../../shared/api/paths';

type Doc = {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>
  >;
};

export async function expectRoutesDeclared(routes: Record<string, BankRoute>): Promise<void> {
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
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json() as Doc;
    for (const [name, r] of Object.entries(routes)) {
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
}
