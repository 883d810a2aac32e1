/**
 * What the bank API writes to its log, by allow-list: each logged object passes a serializer that
 * copies the few fields named here and nothing else. A database driver's error carries the query, its
 * bind values and the row that failed (`params`, `query`, `detail`, `where`, `internalQuery`) — a
 * profile snapshot with a legal representative's full ID, a password hash — and Node's parser errors
 * carry the raw bytes of the request (`rawPacket`, with its Authorization header). None of that is
 * copied. Strings that are copied (messages, stack frames, paths) are scrubbed of anything shaped
 * like a resident ID, a USCC, a mobile number or a session token. Bodies are never logged.
 * LOG_REDACT stays as a second line of defence for anything logged past the serializers.
 */
import type { FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { maskMobile, maskResidentId, maskUscc } from '../../shared/ids/mask';

/** Longest message (characters) copied from an error; the rest is cut. */
export const MAX_LOGGED_MESSAGE_CHARS = 500;
/** Stack frames copied from an error. */
export const MAX_LOGGED_STACK_FRAMES = 15;
/** How deep `cause` chains are followed. */
const MAX_CAUSE_DEPTH = 3;

/** Log lines never carry credentials, tokens or full personal identifiers. */
export const LOG_REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-workstation-secret"]',
  '*.password',
  '*.token',
  '*.legalRepId',
  '*.idNumber',
  // Driver fields, should an error ever be logged past the err serializer.
  '*.params',
  '*.parameters',
  '*.query',
  '*.internalQuery',
  '*.where',
  '*.detail',
  '*.rawPacket',
];

// 18-digit resident ID (last character a digit or X), not inside a longer run of digits.
const RESIDENT_ID = /(?<!\d)\d{17}[\dXx](?![\dA-Za-z])/g;
// USCC: 18 characters of its alphabet with at least two digits (so plain upper-case words survive).
const USCC = /(?<![0-9A-Za-z])(?=(?:[A-Z]*\d){2})[0-9A-HJ-NPQRTUWXY]{18}(?![0-9A-Za-z])/g;
// Mainland mobile number, optionally with +86.
const MOBILE = /(?<!\d)(?:\+?86[- ]?)?1[3-9]\d{9}(?!\d)/g;
// Session tokens are 43 base64url characters; any run of 40 or more such characters is treated as one.
const TOKEN_LIKE = /[A-Za-z0-9_-]{40,}/g;

/** Masks resident IDs, USCCs and mobile numbers in free text. */
export function maskIdentifiers(text: string): string {
  return text
    .replace(RESIDENT_ID, (m) => maskResidentId(m))
    .replace(USCC, (m) => maskUscc(m))
    .replace(MOBILE, (m) => maskMobile(m.replace(/\D/g, '').slice(-11)));
}

/** Masks identifiers and token-like strings in free text (messages, paths, stack frames). */
export function scrubText(text: string): string {
  return maskIdentifiers(text).replace(TOKEN_LIKE, '[redacted]');
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}… [${text.length - max} more characters cut]` : text;
}

/** Only the `    at …` frames of a stack: its first line repeats the message, unscrubbed. */
function stackFrames(stack: unknown): string {
  if (typeof stack !== 'string') return '';
  const frames = stack
    .split('\n')
    .filter((l) => /^\s+at /.test(l))
    .slice(0, MAX_LOGGED_STACK_FRAMES)
    .map((l) => scrubText(truncate(l.trim(), 300)));
  return frames.join('\n');
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

export type LoggedError = {
  [field: string]: unknown;
  type: string;
  message: string;
  code?: string;
  sqlState?: string;
  statusCode?: number;
  /** Where a zod error failed (paths and issue codes only, never values). */
  issues?: { path: string; code: string }[];
  /** Stack frames only (may be empty). */
  stack: string;
  cause?: LoggedError;
};

/** The err serializer: name, scrubbed message, code, SQL state, stack frames, cause — nothing else. */
export function serializeError(err: unknown, depth = 0): LoggedError {
  if (!(err instanceof Error) && (typeof err !== 'object' || err === null)) {
    return { type: typeof err, message: scrubText(truncate(String(err), MAX_LOGGED_MESSAGE_CHARS)), stack: '' };
  }
  const e = err as Error & Record<string, unknown>;
  const out: LoggedError = {
    type: typeof e.name === 'string' ? e.name : (e.constructor?.name ?? 'Object'),
    message: scrubText(truncate(typeof e.message === 'string' ? e.message : '', MAX_LOGGED_MESSAGE_CHARS)),
    stack: stackFrames(e.stack),
  };
  if (typeof e.code === 'string') {
    // pg and PGlite put the SQLSTATE in `code`, alongside a `severity`.
    if (SQLSTATE.test(e.code) && 'severity' in e) out.sqlState = e.code;
    else out.code = scrubText(truncate(e.code, 100));
  }
  if (typeof e.statusCode === 'number') out.statusCode = e.statusCode;
  if (e.name === 'ZodError' && Array.isArray(e.issues)) {
    out.issues = (e.issues as { path?: unknown[]; code?: unknown }[]).slice(0, 20).map((i) => ({
      path: scrubText((i.path ?? []).map(String).join('.')),
      code: String(i.code),
    }));
  }
  if (e.cause !== undefined && depth < MAX_CAUSE_DEPTH) out.cause = serializeError(e.cause, depth + 1);
  return out;
}

/** The request's path with its query keys but not their values: `/x?status&q`. */
export function loggedUrl(url: string): string {
  const q = url.indexOf('?');
  const path = scrubText(truncate(q < 0 ? url : url.slice(0, q), 300));
  if (q < 0) return path;
  const keys = url
    .slice(q + 1)
    .split('&')
    .filter(Boolean)
    .map((pair) => pair.split('=')[0] ?? '');
  return `${path}?${scrubText(truncate(keys.join('&'), 200))}`;
}

export function serializeRequest(req: Pick<FastifyRequest, 'method' | 'url' | 'id' | 'ip'>) {
  return {
    method: req.method,
    url: loggedUrl(req.url ?? ''),
    id: req.id,
    remoteAddress: req.ip,
  };
}

export function serializeReply(reply: Pick<FastifyReply, 'statusCode'>) {
  return { statusCode: reply.statusCode };
}

export const LOG_SERIALIZERS = {
  err: serializeError,
  error: serializeError,
  req: serializeRequest,
  res: serializeReply,
};

/** The Fastify logger options: level, allow-list serializers, redaction, scrubbed messages. */
export function loggerOptions(opts: { level: string; stream?: NodeJS.WritableStream | undefined }) {
  return {
    level: opts.level,
    serializers: LOG_SERIALIZERS,
    redact: { paths: LOG_REDACT, censor: '[redacted]' },
    hooks: {
      // Message strings (Fastify's own included) are scrubbed like error messages.
      logMethod(this: unknown, args: unknown[], method: (...a: unknown[]) => void) {
        method.apply(
          this,
          args.map((a) => (typeof a === 'string' ? scrubText(truncate(a, MAX_LOGGED_MESSAGE_CHARS)) : a)),
        );
      },
    },
    ...(opts.stream ? { stream: opts.stream } : {}),
  } satisfies FastifyServerOptions['logger'];
}
