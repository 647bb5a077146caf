// A refusal is an AppError, and it is made without capturing a stack: bots posting garbage, and
// every 503 under overload, should cost as little as the answer. Other errors keep their stacks.
import { describe, expect, it } from 'vitest';
import { AppError, invalid } from '../src/errors.ts';

describe('AppError', () => {
  it('carries its code, status and field, and no stack frames', () => {
    const error = invalid('guest.email', 'is not an email address');
    expect(error).toBeInstanceOf(AppError);
    expect([error.code, error.status, error.field, error.message]).toEqual([
      'VALIDATION_FAILED',
      400,
      'guest.email',
      'is not an email address',
    ]);
    expect(error.stack).not.toMatch(/\n\s+at /);
  });

  it('leaves the stack trace limit as it found it, so other errors still say where they came from', () => {
    const before = Error.stackTraceLimit;
    new AppError('OVERLOADED', 'busy', undefined, { retryAfterSeconds: 2 });
    expect(Error.stackTraceLimit).toBe(before);
    expect(new Error('unexpected').stack).toMatch(/\n\s+at /);
  });
});
