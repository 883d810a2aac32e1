import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import { type Problem, problemType } from '../../shared/api/problem';

/** An error the API answers with a problem document; `code` is stable and becomes the `type`. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
  }
}

export function sendProblem(reply: FastifyReply, p: Omit<Problem, 'type'> & Record<string, unknown>) {
  return reply
    .status(p.status)
    .type('application/problem+json')
    .send({ type: problemType(p.code), instance: reply.request.url, ...p });
}

export function validationProblem(where: 'body' | 'query' | 'params' | 'headers', error: z.ZodError): ApiProblem {
  const errors = error.issues.map((i) => ({
    path: [where, ...i.path.map(String)].join('.'),
    message: i.code === 'unrecognized_keys' ? `unknown field(s): ${i.keys.join(', ')}` : i.message,
  }));
  const first = errors[0];
  return new ApiProblem(
    400,
    'validation_failed',
    'Request validation failed',
    first ? `${first.path}: ${first.message}` : `invalid ${where}`,
    { errors },
  );
}

export const unauthorized = (detail = 'Sign in first: the request has no valid session token.') =>
  new ApiProblem(401, 'unauthorized', 'Not signed in', detail);
export const forbidden = (detail: string, extra: Record<string, unknown> = {}) =>
  new ApiProblem(403, 'forbidden', 'Not allowed', detail, extra);
export const notFound = (detail: string) => new ApiProblem(404, 'not_found', 'Not found', detail);
