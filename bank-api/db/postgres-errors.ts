import { DatabaseUnavailable } from './errors';

/** Socket-level failures: the server is not there (or went away mid-conversation). */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/**
 * Server-side codes that mean "this connection is gone, try again later": class 08 (connection
 * exception), 57P01 admin_shutdown (pg_terminate_backend, fast/immediate shutdown), 57P02
 * crash_shutdown, 57P03 cannot_connect_now (starting up, shutting down, in recovery), 57P05
 * idle_session_timeout, 53300 too_many_connections.
 */
const SERVER_CODES = new Set(['57P01', '57P02', '57P03', '57P05', '53300']);
/** `pg`'s own messages for a lost or unobtainable connection (these carry no code). */
const LOST_CONNECTION =
  /Connection terminated|timeout exceeded when trying to connect|encountered a connection error|Client was closed and is not queryable|Connection closed|read ECONNRESET/i;

/** Whether `e` says the database is away rather than that the statement was wrong. */
export function isConnectionError(e: unknown): boolean {
  if (!e || typeof e !== 'object') return false;
  const { code, message, errors } = e as { code?: unknown; message?: unknown; errors?: unknown };
  if (typeof code === 'string' && (SOCKET_CODES.has(code) || SERVER_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code)))
    return true;
  // Node's happy-eyeballs connect gives an AggregateError of each address's failure.
  if (Array.isArray(errors) && errors.some(isConnectionError)) return true;
  return typeof message === 'string' && LOST_CONNECTION.test(message);
}

/** A short, credential-free description of a connection error, for logs and /readyz. */
export function describeError(e: unknown): string {
  const { code, message } = (e ?? {}) as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' && message ? message : String(e);
  return typeof code === 'string' && !text.includes(code) ? `${code}: ${text}` : text;
}

/** The driver's connection errors as DatabaseUnavailable; anything else unchanged. */
export function mapError(e: unknown): unknown {
  if (e instanceof DatabaseUnavailable || !isConnectionError(e)) return e;
  return new DatabaseUnavailable(`The database is unavailable (${describeError(e)}).`, e);
}
