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

type Extra = Record<string, unknown>;

/**
 * The title each stable code carries (a problem's title names its kind; the detail says what happened).
 * Codes not listed take their status's generic title.
 */
const TITLES: Record<string, string> = {
  validation_failed: 'Request validation failed',
  claimed_by_other: 'Case is claimed',
  not_claimed_by_you: 'Not your claim',
  already_voted: 'Already voted',
  idempotency_key_reused: 'Idempotency key reused',
  'contract.not_approved': 'Not approved',
  too_many_streams: 'Too many event streams',
  not_ready: 'Not ready',
};
const titleOf = (code: string, fallback: string) => TITLES[code] ?? fallback;

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
    TITLES.validation_failed!,
    first ? `${first.path}: ${first.message}` : `invalid ${where}`,
    {
      errors,
    },
  );
}

/** 400 with a code of its own (not a field error: use {@link validationFailed} for those). */
export const badRequest = (code: string, detail: string, extra: Extra = {}) =>
  new ApiProblem(400, code, titleOf(code, 'Bad request'), detail, extra);

/**
 * 400 `validation_failed` for one field: `path` as the request names it (`body.amount`,
 * `query.cursor`, `headers.if-match`), `message` what is wrong with it. The detail reads
 * `path: message` and `errors` lists the one field, as {@link validationProblem} does for zod errors.
 */
export const validationFailed = (path: string, message: string, extra: Extra = {}) =>
  new ApiProblem(400, 'validation_failed', TITLES.validation_failed!, `${path}: ${message}`, {
    errors: [{ path, message }],
    ...extra,
  });

export const unauthorized = (detail = 'Sign in first: the request has no valid session token.') =>
  new ApiProblem(401, 'unauthorized', 'Not signed in', detail);
export const forbidden = (detail: string, extra: Extra = {}) =>
  new ApiProblem(403, 'forbidden', 'Not allowed', detail, extra);
export const notFound = (detail: string) => new ApiProblem(404, 'not_found', 'Not found', detail);

/** 409: the request is well formed but the resource's state refuses it. */
export const conflict = (code: string, detail: string, extra: Extra = {}) =>
  new ApiProblem(409, code, titleOf(code, 'Conflict'), detail, extra);

/** 412: the version the client acted on is not the current one (`title` names what changed). */
export const preconditionFailed = (code: string, title: string, detail: string, extra: Extra = {}) =>
  new ApiProblem(412, code, title, detail, extra);

/** 428: a header the request must carry (If-Match, Idempotency-Key) is missing. */
export const preconditionRequired = (code: string, detail: string) =>
  new ApiProblem(428, code, 'Precondition required', detail);

/** 422: well formed and understood, but cannot be processed as sent. */
export const unprocessable = (code: string, detail: string, extra: Extra = {}) =>
  new ApiProblem(422, code, titleOf(code, 'Unprocessable request'), detail, extra);

/** 429 `rate_limited`; `retryAfterSeconds` travels as `retryAfter` (the route sets the header). */
export const tooManyRequests = (detail: string, retryAfterSeconds?: number) =>
  new ApiProblem(
    429,
    'rate_limited',
    'Too many requests',
    detail,
    retryAfterSeconds === undefined ? {} : { retryAfter: retryAfterSeconds },
  );

/** 429 with a code of its own: a limit other than the request rate (e.g. open event streams). */
export const limitReached = (code: string, detail: string, extra: Extra = {}) =>
  new ApiProblem(429, code, titleOf(code, 'Too many requests'), detail, extra);

/** 503 with a code of its own, e.g. the database being away; `retryAfter` as for 429. */
export const serviceUnavailable = (code: string, detail: string, retryAfterSeconds?: number, extra: Extra = {}) =>
  new ApiProblem(503, code, titleOf(code, 'Service unavailable'), detail, {
    ...extra,
    ...(retryAfterSeconds === undefined ? {} : { retryAfter: retryAfterSeconds }),
  });
