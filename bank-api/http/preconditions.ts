/**
 * HTTP preconditions: the version a client acts on (If-Match, optimistic concurrency) and the
 * Idempotency-Key that makes a retried write answer once. Parsing only; the workflow compares versions
 * and http/idempotency.ts remembers keys.
 */
import { preconditionRequired, validationFailed } from './problems';

type Header = string | string[] | undefined;

/** The record version in If-Match (`"3"`, `3` or `W/"3"`); 428 when absent. */
export function parseIfMatch(h: Header): number {
  if (h === undefined) {
    throw preconditionRequired(
      'precondition_required',
      'Send If-Match with the version of the application you are acting on.',
    );
  }
  const m = /^(?:W\/)?"?(\d{1,9})"?$/.exec(String(h).trim());
  if (!m) throw validationFailed('headers.if-match', 'must be the application version, e.g. "3"');
  return Number(m[1]);
}

/** The Idempotency-Key header (8–128 letters, digits, "-" or "_"); 428 when absent. */
export function parseIdempotencyKey(h: Header): string {
  if (h === undefined) {
    throw preconditionRequired(
      'idempotency_key_required',
      'Send an Idempotency-Key header (a fresh UUID per decision) so a retry can never decide twice.',
    );
  }
  const key = String(h);
  if (!/^[A-Za-z0-9_-]{8,128}$/.test(key)) {
    throw validationFailed('headers.idempotency-key', '8–128 letters, digits, "-" or "_"');
  }
  return key;
}

/** Both preconditions of a versioned, idempotent write: If-Match's version and the Idempotency-Key. */
export function parseWritePreconditions(h: Record<string, Header>): { version: number; key: string } {
  return { version: parseIfMatch(h['if-match']), key: parseIdempotencyKey(h['idempotency-key']) };
}

/** The answer's headers after such a write: Idempotent-Replayed on a replay, ETag the record's new version. */
export function sendWriteHeaders(
  reply: { header: (k: string, v: string) => unknown },
  replayed: boolean,
  version: number,
): void {
  if (replayed) reply.header('Idempotent-Replayed', 'true');
  reply.header('ETag', `"${version}"`);
}
