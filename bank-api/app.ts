import Fastify, { type FastifyInstance } from 'fastify';
import { SessionService } from './auth/sessions';
import { readVar } from './config';
import type { Database } from './db/database';
import { DATABASE_RETRY_AFTER_SECONDS, errorHandler, frameworkErrorHandler, notFoundHandler } from './http/errors';
import { clientErrorHandler, installSecurityHeaders } from './http/headers';
import { installStrictJsonParser } from './http/json-body';
import { LOG_REDACT, loggerOptions } from './http/logging';
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
  /** MONITORING_SCHEDULE: when the post-loan monitoring job runs by itself (default off here; the server passes it). */
  monitoringSchedule?: string;
}

/**
 * LOG_REDACT: log lines never carry credentials, tokens or full personal identifiers (see
 * http/logging.ts). DATABASE_RETRY_AFTER_SECONDS: seconds a client is told to wait (Retry-After) when
 * the database is away (see http/errors.ts).
 */
export { DATABASE_RETRY_AFTER_SECONDS, LOG_REDACT };

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
    frameworkErrors: frameworkErrorHandler,
    // Our zod schemas validate; Fastify's own JSON-schema layer is not used.
    ajv: { customOptions: { removeAdditional: false } },
  });

  // JSON only: a text/plain body is refused with 415 rather than half-understood.
  app.removeContentTypeParser('text/plain');
  // Duplicate keys refused (a gateway may read the first where JSON.parse keeps the last).
  installStrictJsonParser(app);
  installSecurityHeaders(app);

  app.setErrorHandler(errorHandler(BODY_LIMIT_BYTES));
  app.setNotFoundHandler(notFoundHandler);

  const sessions = new SessionService(opts.db, opts.sessionTtlMinutes);
  const hub = new EventHub();
  await hub.start(opts.db);
  app.addHook('onClose', () => hub.stop());
  const monitoring = await (await import('./monitoring/wire')).monitoringFor(app, opts);
  (await import('./classification/wire')).wireClassificationJob(app, opts.db);
  const routes = [...(await apiRoutes(opts, sessions, hub)), ...monitoring];
  registerRoutes(app, routes, (token) => sessions.resolve(token));

  const doc = openApiDocument(routes, { title: 'SME Credit Workstation — Bank API', version: API_VERSION });
  app.get('/openapi.json', async () => doc);

  return app;
}

/** Every API route, in the order they are registered and documented. */
async function apiRoutes(opts: AppOptions, sessions: SessionService, hub: EventHub): Promise<AnyRoute[]> {
  const profiles = opts.profiles ?? (await import('./workflow/sandbox-provider')).sandboxProfileProvider();
  return [
    ...healthRoutes(opts.db, API_VERSION),
    ...authRoutes(sessions, { attemptsPerAddressAndName: opts.loginAttemptsPerMinute, ...opts.loginLimits }),
    ...applicationRoutes(opts.db, profiles),
    ...quoteRoutes(),
    ...auditRoutes(opts.db),
    ...eventRoutes(opts.db, hub),
    ...(await import('./routes/contracts')).contractRoutes(opts.db),
    ...(await import('./routes/dashboards')).dashboardRoutes(opts.db),
    ...(await import('./routes/home')).homeRoutes(opts.db),
    ...(await import('./routes/memo')).memoRoutes(opts.db),
    ...(await import('./routes/rule-sets')).ruleSetRoutes(opts.db),
    ...(await import('./routes/authority')).authorityRoutes(opts.db),
    ...(await import('./routes/preapprovals')).preapprovalRoutes(opts.db, profiles),
    ...(await import('./routes/materials')).materialRoutes(opts.db),
    ...(await import('./routes/policy')).policyRoutes(opts.db),
    ...(await import('./routes/notes')).noteRoutes(opts.db),
    ...(await import('./routes/reference')).referenceRoutes(),
    ...(await import('./routes/disbursement')).disbursementRoutes(opts.db),
    ...(await import('./routes/renewal')).renewalRoutes(opts.db, profiles),
    ...(await import('./routes/warning-tasks')).warningTaskRoutes(opts.db),
    ...(await import('./routes/classifications')).classificationRoutes(opts.db),
    ...(await import('./routes/loans')).loanRoutes(opts.db),
  ];
}
