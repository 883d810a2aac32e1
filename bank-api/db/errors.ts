/**
 * The database is away (connection refused, terminated, server restarting). Both engines' adapters
 * raise this instead of the driver's own error, so that the HTTP layer answers 503 — a retryable
 * "not now" — rather than 500, and the process keeps running until the database is back.
 */
export class DatabaseUnavailable extends Error {
  readonly code = 'database_unavailable';
  constructor(
    detail: string,
    override readonly cause?: unknown,
  ) {
    super(detail);
    this.name = 'DatabaseUnavailable';
  }
}

export const isDatabaseUnavailable = (e: unknown): e is DatabaseUnavailable => e instanceof DatabaseUnavailable;
