/**
 * Routes are declared once, as data with their zod schemas and the roles that may call them. The same
 * declarations register the Fastify handlers, validate every request, and generate /openapi.json —
 * so the document can never drift from what the server does.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Role, User } from '../../shared/api/auth';
import { ProblemSchema } from '../../shared/api/problem';
import { forbidden, unauthorized, validationFailed, validationProblem } from './problems';

export type Access = 'public' | 'authenticated' | readonly Role[];

/** The signed-in user as a handler sees it: always there unless the route is public. */
export type RouteUser<A extends Access> = A extends 'public' ? User | null : User;

export interface RouteSpec<
  B extends z.ZodType,
  Q extends z.ZodType,
  P extends z.ZodType,
  R extends z.ZodType,
  A extends Access = Access,
> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  summary: string;
  tags: string[];
  access: A;
  body?: B;
  query?: Q;
  params?: P;
  response: R;
  /** Status of a successful answer (default 200). */
  status?: number;
  /** Media type of a successful answer when it is not JSON (e.g. application/pdf: bytes, not a schema). */
  produces?: string;
  /** Body limit in bytes for this route when it is not the server's (e.g. file uploads). */
  bodyLimit?: number;
  /** Further problem answers the route gives, for the OpenAPI document: status → what it means. */
  problems?: Record<number, string>;
  handler: (ctx: {
    body: z.output<B>;
    query: z.output<Q>;
    params: z.output<P>;
    user: RouteUser<A>;
    token: string | null;
    req: FastifyRequest;
    reply: FastifyReply;
  }) => Promise<z.input<R>>;
}

// biome-ignore lint/suspicious/noExplicitAny: a registry holds routes of every schema type.
export type AnyRoute = RouteSpec<any, any, any, any, any>;

export const defineRoute = <
  B extends z.ZodType = z.ZodUndefined,
  Q extends z.ZodType = z.ZodUndefined,
  P extends z.ZodType = z.ZodUndefined,
  R extends z.ZodType = z.ZodType,
  A extends Access = Access,
>(
  spec: RouteSpec<B, Q, P, R, A>,
): AnyRoute => spec;

export type AuthResolver = (token: string) => Promise<User | null>;

function bearer(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (!h) return null;
  const m = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(h);
  return m?.[1] ?? null;
}

function parse<T extends z.ZodType>(schema: T | undefined, value: unknown, where: 'body' | 'query' | 'params') {
  if (!schema) return undefined;
  const r = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (!r.success) throw validationProblem(where, r.error);
  return r.data;
}

export function registerRoutes(app: FastifyInstance, routes: AnyRoute[], resolveUser: AuthResolver) {
  for (const route of routes) {
    app.route({
      method: route.method,
      url: route.url,
      ...(route.bodyLimit ? { bodyLimit: route.bodyLimit } : {}),
      handler: async (req, reply) => {
        let user: User | null = null;
        const token = bearer(req);
        if (route.access !== 'public') {
          if (!token) throw unauthorized();
          user = await resolveUser(token);
          if (!user) throw unauthorized('The session has expired or was ended. Sign in again.');
          if (Array.isArray(route.access) && !route.access.some((r) => user?.roles.includes(r))) {
            throw forbidden(`This action needs one of the roles: ${route.access.join(', ')}.`, {
              requiredRoles: route.access,
            });
          }
        }
        if (route.method !== 'GET' && !route.body && req.body !== undefined && req.body !== null) {
          const b = req.body as Record<string, unknown>;
          if (typeof b !== 'object' || Object.keys(b).length > 0) {
            throw validationFailed('body', 'this endpoint takes no request body');
          }
        }
        const out = await route.handler({
          body: parse(route.body, req.body, 'body'),
          query: parse(route.query, req.query, 'query'),
          params: parse(route.params, req.params, 'params'),
          user,
          token,
          req,
          reply,
        });
        reply.status(route.status ?? 200);
        return route.response.parse(out);
      },
    });
  }
}

const toSchema = (s: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(s, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Record<string, unknown>;

/** OpenAPI 3.1 from the route declarations. */
export function openApiDocument(routes: AnyRoute[], info: { title: string; version: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  const problem = { 'application/problem+json': { schema: toSchema(ProblemSchema, 'output') } };
  for (const r of routes) {
    const path = r.url.replace(/:([A-Za-z]+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const [where, schema] of [
      ['path', r.params],
      ['query', r.query],
    ] as const) {
      if (!schema) continue;
      const js = toSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, s] of Object.entries(js.properties ?? {})) {
        parameters.push({
          name,
          in: where,
          required: where === 'path' || (js.required ?? []).includes(name),
          schema: s,
        });
      }
    }
    const responses: Record<string, unknown> = {
      [String(r.status ?? 200)]: {
        description: 'Success',
        content: r.produces
          ? { [r.produces]: { schema: { type: 'string', format: 'binary' } } }
          : { 'application/json': { schema: toSchema(r.response, 'output') } },
      },
      '400': { description: 'Invalid request', content: problem },
    };
    if (r.access !== 'public') {
      responses['401'] = { description: 'Not signed in', content: problem };
      responses['403'] = { description: 'Role not allowed', content: problem };
    }
    // Any route that reads the database answers 503 database_unavailable (Retry-After) while it is away.
    responses['503'] = {
      description: 'The database is unavailable; retry after Retry-After seconds',
      content: problem,
    };
    for (const [status, description] of Object.entries(r.problems ?? {})) {
      responses[status] = { description, content: problem };
    }
    paths[path] ??= {};
    paths[path][r.method.toLowerCase()] = {
      summary: r.summary,
      tags: r.tags,
      'x-roles': r.access,
      ...(r.access === 'public' ? { security: [] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(r.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(r.body, 'input') } } } }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info,
    servers: [{ url: '/' }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ bearer: [] }],
    paths,
  };
}
