import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../shared/errors';
import { isDatabaseUnavailable } from '../db/errors';
import { setSecurityHeaders } from './headers';
import { ApiProblem, sendProblem } from './problems';

/** Seconds a client is told to wait (Retry-After) when the database is away. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** Domain refusals that are not plain bad input. */
const DOMAIN_ERROR_STATUS: Record<string, number> = {
  'workflow.illegal_transition': 409,
  'source.registry_unavailable': 503,
};

/** Errors the router raises before any route runs (bad URL encoding, over-long path parameters). */
export function frameworkErrorHandler(error: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  setSecurityHeaders(reply, req.url);
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  void sendProblem(reply, {
    status,
    code: 'bad_url',
    title: 'Bad request',
    detail: 'The request URL is malformed or too long.',
  });
}

/** An unknown endpoint: 404 problem naming the method and path (never the query string). */
export function notFoundHandler(req: FastifyRequest, reply: FastifyReply) {
  return sendProblem(reply, {
    status: 404,
    code: 'not_found',
    title: 'Not found',
    detail: `No endpoint ${req.method} ${req.url.split('?')[0]}.`,
  });
}

/**
 * Every error a route or hook throws as a problem document: domain refusals (400, or 409/503 per
 * DOMAIN_ERROR_STATUS), ApiProblem as raised, Fastify's 4xx with our codes, an unavailable database
 * as 503 with Retry-After, and anything else as a logged 500 that says nothing of the cause.
 */
export function errorHandler(bodyLimitBytes: number) {
  return (error: FastifyError | ApiProblem | DomainError, req: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof DomainError) return sendDomainError(error, reply);
    if (error instanceof ApiProblem) {
      return sendProblem(reply, {
        status: error.status,
        code: error.code,
        title: error.title,
        detail: error.detail,
        ...error.extra,
      });
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) return sendClientError(error, status, bodyLimitBytes, reply);
    if (isDatabaseUnavailable(error)) {
      // Retryable, and not a fault of this process: warn, with the cause's name, code and scrubbed
      // message only (the err serializer never copies a driver's query or bind values).
      req.log.warn({ err: error }, 'database unavailable');
      reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
      return sendProblem(reply, {
        status: 503,
        code: 'database_unavailable',
        title: 'Database unavailable',
        detail: `The bank's database cannot be reached just now; try again in ${DATABASE_RETRY_AFTER_SECONDS} s.`,
      });
    }
    req.log.error({ err: error }, 'unhandled error');
    return sendProblem(reply, {
      status: 500,
      code: 'internal',
      title: 'Internal error',
      detail: 'The bank API failed to handle the request; it has been logged.',
    });
  };
}

function sendDomainError(error: DomainError, reply: FastifyReply) {
  const status = DOMAIN_ERROR_STATUS[error.code] ?? 400;
  return sendProblem(reply, {
    status,
    code: error.code,
    title: status === 409 ? 'Conflict' : 'Request refused',
    detail: error.field ? `${error.field}: ${error.message}` : error.message,
    ...(error.field ? { errors: [{ path: `body.${error.field}`, message: error.message }] } : {}),
    ...(error.details ?? {}),
  });
}

/** Fastify's own 4xx (body parsing, media type) under our problem codes. */
function sendClientError(error: FastifyError, status: number, bodyLimitBytes: number, reply: FastifyReply) {
  const known: Record<string, [string, string]> = {
    FST_ERR_CTP_BODY_TOO_LARGE: ['body_too_large', `The request body is larger than ${bodyLimitBytes} bytes.`],
    FST_ERR_CTP_INVALID_MEDIA_TYPE: ['unsupported_media_type', 'Send the request body as application/json.'],
    FST_ERR_CTP_EMPTY_JSON_BODY: ['malformed_json', 'The request says it has a JSON body but it is empty.'],
    FST_ERR_CTP_INVALID_JSON_BODY: ['malformed_json', 'The request body is not valid JSON.'],
  };
  const [code, detail] =
    known[error.code] ??
    (error instanceof SyntaxError
      ? ['malformed_json', 'The request body is not valid JSON.']
      : ['bad_request', error.message]);
  return sendProblem(reply, { status, code, title: 'Bad request', detail });
}
