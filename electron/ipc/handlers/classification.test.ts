import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildApp } from '../../../bank-api/app';
import type { Database } from '../../../bank-api/db/database';
import { CLASSIFICATION_ROUTES } from './classification';

describe('五级分类 handlers', () => {
  it('call each classification route as the bank API declares it: method, URL and answer schema', async () => {
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
      for (const [name, r] of Object.entries(CLASSIFICATION_ROUTES)) {
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
