/**
 * The one error type of the domain. `code` is stable (tests, API problem types and the UI's messages
 * key on it); `field` names the input that was wrong, when there is one; `message` is for a bank clerk.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}
