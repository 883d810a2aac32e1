import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { DomainError } from '../shared/errors';
import { SessionService } from './auth/sessions';
import { readVar } from './config';
import type { Database } from './db/database';
import { isDatabaseUnavailable } from './db/errors';
import { clientErrorHandler, installSecurityHeaders, setSecurityHeaders } from './http/headers';
import { installStrictJsonParser } from './http/json-body';
import { LOG_REDACT, loggerOptions } from './http/logging';
import { ApiProblem, sendProblem } from './http/problems';
import { type AnyRoute, openApiDocument, registerRoutes } from './http/routes';
import { applicationRoutes } from './routes/applications';
import { auditRoutes } from './routes/audit';
import { authRoutes, type LoginLimitOptions } from './routes/auth';
import { eventRoutes } from './routes/events';
import { healthRoutes } from './routes/health';
import { quoteRoutes } from './routes/quotes';
import type { ProfileProvider } from './workflow/create';
import { EventHub } from './workflow/events';

export const API_VERSION = '0.1.0';

/** Domain refusals that are not plain bad input. */
const DOMAIN_ERROR_STATUS: Record<string, number> = {
  'workflow.illegal_transition': 409,
  'source.registry_unavailable': 503,
};
export const BODY_LIMIT_BYTES = 1024 * 1024;

export interface AppOptions {
  db: Database;
  logLevel?: string;
  sessionTtlMinutes?: number;
  /** Sign-in attempts per address and name per minute (default LOGIN_ATTEMPTS_PER_MINUTE). */
  loginAttemptsPerMinute?: number | undefined;
  /** Further sign-in limits (routes/auth.ts): failures per address, and for tests the hashing bound. */
  loginLimits?: LoginLimitOptions;
  /** Where enterprise data comes from (default: the deterministic sandbox sources). */
  profiles?: ProfileProvider;
  /** Where log lines go (default stdout); tests pass a stream to read them. */
  logStream?: NodeJS.WritableStream;
}

/** Log lines never carry credentials, tokens or full personal identifiers (see http/logging.ts). */
export { LOG_REDACT };

/** Seconds a client is told to wait (Retry-After) when the database is away. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions({ level: opts.logLevel ?? readVar('LOG_LEVEL'), stream: opts.logStream }),
    // Node's parser errors (431 header overflow, malformed request line, 408) as problem documents.
    clientErrorHandler,
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: false,
    // SSE clients hold connections open; shutting down must not wait for them.
    forceCloseConnections: true,
    // Errors the router raises before any route runs (bad URL encoding, over-long path parameters).
    frameworkErrors: (error, req, reply) => {
      setSecurityHeaders(reply, req.url);
      const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
      void sendProblem(reply, {
        status,
        code: 'bad_url',
        title: 'Bad request',
        detail: 'The request URL is malformed or too long.',
      });
    },
    // Our zod schemas validate; Fastify's own JSON-schema layer is not used.
    ajv: { customOptions: { removeAdditional: false } },
  });

  // JSON only: a text/plain body is refused with 415 rather than half-understood.
  app.removeContentTypeParser('text/plain');
  // Duplicate keys refused (a gateway may read the first where JSON.parse keeps the last).
  installStrictJsonParser(app);
  installSecurityHeaders(app);

  app.setErrorHandler((error: FastifyError | ApiProblem | DomainError, req, reply) => {
    if (error instanceof DomainError) {
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
    if (status >= 400 && status < 500) {
      const known: Record<string, [string, string]> = {
        FST_ERR_CTP_BODY_TOO_LARGE: ['body_too_large', `The request body is larger than ${BODY_LIMIT_BYTES} bytes.`],
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
  });

  app.setNotFoundHandler((req, reply) =>
    sendProblem(reply, {
      status: 404,
      code: 'not_found',
      title: 'Not found',
      detail: `No endpoint ${req.method} ${req.url.split('?')[0]}.`,
    }),
  );

  const sessions = new SessionService(opts.db, opts.sessionTtlMinutes);
  const hub = new EventHub();
  await hub.start(opts.db);
  app.addHook('onClose', () => hub.stop());
  const profiles = opts.profiles ?? (await import('./workflow/sandbox-provider')).sandboxProfileProvider();
  const routes: AnyRoute[] = [
    ...healthRoutes(opts.db, API_VERSION),
    ...authRoutes(sessions, { attemptsPerAddressAndName: opts.loginAttemptsPerMinute, ...opts.loginLimits }),
    ...applicationRoutes(opts.db, profiles),
    ...quoteRoutes(),
    ...auditRoutes(opts.db),
    ...eventRoutes(opts.db, hub),
    ...(await import('./routes/contracts')).contractRoutes(opts.db),
    ...(await import('./routes/dashboards')).dashboardRoutes(opts.db),
    ...(await import('./routes/home')).homeRoutes(opts.db),
  ];
  registerRoutes(app, routes, (token) => sessions.resolve(token));

  const doc = openApiDocument(routes, { title: 'SME Credit Workstation — Bank API', version: API_VERSION });
  app.get('/openapi.json', async () => doc);

  return app;
}
