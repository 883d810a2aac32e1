import { describe, expect, it } from 'vitest';
import { parseIdempotencyKey, parseIfMatch } from './preconditions';
import {
  ApiProblem,
  badRequest,
  conflict,
  forbidden,
  notFound,
  preconditionFailed,
  preconditionRequired,
  serviceUnavailable,
  tooManyRequests,
  unauthorized,
  unprocessable,
  validationFailed,
} from './problems';

const thrown = (fn: () => unknown): ApiProblem => {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiProblem) return e;
    throw e;
  }
  throw new Error('did not throw');
};

describe('problem helpers', () => {
  it('validationFailed names the field in the detail and in errors', () => {
    const p = validationFailed('body.amount', 'cannot approve more than the applicant asked for');
    expect([p.status, p.code, p.title]).toEqual([400, 'validation_failed', 'Request validation failed']);
    expect(p.detail).toBe('body.amount: cannot approve more than the applicant asked for');
    expect(p.extra).toEqual({
      errors: [{ path: 'body.amount', message: 'cannot approve more than the applicant asked for' }],
    });
  });

  it('gives each status its code and title; known codes keep their own title', () => {
    const cases: [ApiProblem, number, string, string][] = [
      [badRequest('bad_cursor', 'x'), 400, 'bad_cursor', 'Bad request'],
      [unauthorized(), 401, 'unauthorized', 'Not signed in'],
      [forbidden('x'), 403, 'forbidden', 'Not allowed'],
      [notFound('x'), 404, 'not_found', 'Not found'],
      [conflict('workflow.illegal_transition', 'x'), 409, 'workflow.illegal_transition', 'Conflict'],
      [conflict('claimed_by_other', 'x'), 409, 'claimed_by_other', 'Case is claimed'],
      [conflict('already_voted', 'x'), 409, 'already_voted', 'Already voted'],
      [preconditionFailed('version_mismatch', 'The case changed', 'x'), 412, 'version_mismatch', 'The case changed'],
      [unprocessable('idempotency_key_reused', 'x'), 422, 'idempotency_key_reused', 'Idempotency key reused'],
      [preconditionRequired('precondition_required', 'x'), 428, 'precondition_required', 'Precondition required'],
      [tooManyRequests('x'), 429, 'rate_limited', 'Too many requests'],
      [serviceUnavailable('database_unavailable', 'x'), 503, 'database_unavailable', 'Service unavailable'],
    ];
    for (const [p, status, code, title] of cases) expect([p.status, p.code, p.title]).toEqual([status, code, title]);
    expect(conflict('claimed_by_other', 'x', { assigneeId: 'u-a' }).extra).toEqual({ assigneeId: 'u-a' });
    expect(tooManyRequests('x', 30).extra).toEqual({ retryAfter: 30 });
    expect(serviceUnavailable('c', 'x', 5).extra).toEqual({ retryAfter: 5 });
  });
});

describe('HTTP preconditions', () => {
  it('reads the version from If-Match in its usual spellings', () => {
    expect(parseIfMatch('"3"')).toBe(3);
    expect(parseIfMatch('3')).toBe(3);
    expect(parseIfMatch('W/"12"')).toBe(12);
    expect(parseIfMatch(' "7" ')).toBe(7);
  });

  it('428 without If-Match, 400 naming the header for a bad one', () => {
    expect(thrown(() => parseIfMatch(undefined))).toMatchObject({ status: 428, code: 'precondition_required' });
    const bad = thrown(() => parseIfMatch('"abc"'));
    expect(bad).toMatchObject({ status: 400, code: 'validation_failed' });
    expect((bad.extra.errors as { path: string }[])[0]!.path).toBe('headers.if-match');
  });

  it('takes an Idempotency-Key of 8–128 safe characters; 428 without one', () => {
    expect(parseIdempotencyKey('abcd-1234_XY')).toBe('abcd-1234_XY');
    expect(thrown(() => parseIdempotencyKey(undefined))).toMatchObject({
      status: 428,
      code: 'idempotency_key_required',
    });
    for (const k of ['short', 'x'.repeat(129), 'has space 123', 'ключ-12345678'])
      expect(thrown(() => parseIdempotencyKey(k))).toMatchObject({ status: 400, code: 'validation_failed' });
  });
});
