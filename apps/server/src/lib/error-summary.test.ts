import { describe, expect, it } from 'vitest';
import { MAX_REASON_LENGTH, RepeatLimiter, isTransientError, summariseError } from './error-summary.ts';

/** What drizzle throws: the statement and its parameters in the message, the driver's error as the cause. */
function drizzleError(cause: unknown, params: string): Error {
  return new Error(`Failed query: insert into alerts … \nparams: ${params}`, { cause });
}
const pgError = (code: string, message: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(message), { code, ...extra });

describe('summariseError', () => {
  it("keeps the driver's code and message, never the statement's parameters, detail or where", () => {
    const payload = `["${'x'.repeat(100_000)}"]`;
    const e = drizzleError(
      pgError('22P05', 'unsupported Unicode escape sequence', {
        detail: '\\u0000 cannot be converted to text.',
        where: `JSON data, line 1: ${payload}`,
      }),
      payload,
    );
    const s = summariseError(e);
    expect(s).toMatchObject({ code: '22P05', reason: '22P05 unsupported Unicode escape sequence' });
    expect(JSON.stringify(s)).not.toContain('xxxx');
  });

  it('cuts a long message and makes it storable text', () => {
    const s = summariseError(new TypeError(`bad ${'\u0000'.repeat(1000)}`));
    expect(s.reason.length).toBe(MAX_REASON_LENGTH);
    expect(s.reason.startsWith('TypeError: bad \uFFFD')).toBe(true);
    expect(s.reason.endsWith('…')).toBe(true);
  });

  it('keeps up to 8 stack frames of a code error (code locations, no data)', () => {
    const s = summariseError(new RangeError('Invalid time value'));
    expect(s.code).toBeNull();
    expect(s.reason).toBe('RangeError: Invalid time value');
    expect(s.frames.length).toBeGreaterThan(0);
    expect(s.frames.length).toBeLessThanOrEqual(8);
    expect(s.frames.every((f) => f.startsWith('at '))).toBe(true);
  });

  it('leaves out a value PostgreSQL quoted in its message', () => {
    const e = drizzleError(
      Object.assign(pgError('22007', 'invalid input syntax for type timestamp with time zone: "secret-value"'), {
        severity: 'ERROR',
      }),
      '["secret-value"]',
    );
    expect(summariseError(e).reason).toBe('22007 invalid input syntax for type timestamp with time zone: "…"');
  });

  it('says a statement failed when a query error has no cause, instead of quoting it', () => {
    expect(summariseError(new Error('Failed query: select 1\nparams: secret')).reason).toBe(
      'a database statement failed',
    );
  });

  it('summarises what is not an Error', () => {
    expect(summariseError('boom')).toEqual({ code: null, reason: 'boom', frames: [] });
  });
});

describe('isTransientError', () => {
  it.each([
    ['connection failure 08006', pgError('08006', 'connection failure'), true],
    ['serialization failure 40001', pgError('40001', 'could not serialize'), true],
    ['deadlock 40P01', pgError('40P01', 'deadlock detected'), true],
    ['disk full 53100', pgError('53100', 'could not extend file'), true],
    ['lock timeout 55P03', pgError('55P03', 'lock not available'), true],
    ['admin shutdown 57P01', pgError('57P01', 'terminating connection'), true],
    ['socket refused', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), true],
    ['pg pool: connection terminated', new Error('Connection terminated unexpectedly'), true],
    ['NUL in jsonb 22P05', pgError('22P05', 'unsupported Unicode escape sequence'), false],
    ['lone surrogate 22P02', pgError('22P02', 'invalid input syntax for type json'), false],
    ['not null 23502', pgError('23502', 'null value in column'), false],
    ['a code error', new TypeError("Cannot read properties of undefined (reading 'labels')"), false],
  ])('%s → %s', (_name, e, transient) => {
    expect(isTransientError(drizzleError(e, '[]'))).toBe(transient);
  });
});

describe('RepeatLimiter', () => {
  it('admits the first of each key, then one per interval with the count held back', () => {
    const l = new RepeatLimiter(60_000);
    expect(l.admit('a', 0)).toEqual({ log: true, repeats: 0 });
    for (let t = 500; t < 60_000; t += 500) expect(l.admit('a', t).log).toBe(false);
    expect(l.admit('b', 1_000)).toEqual({ log: true, repeats: 0 });
    expect(l.admit('a', 60_000)).toEqual({ log: true, repeats: 119 });
    expect(l.admit('a', 60_001)).toEqual({ log: false, repeats: 1 });
  });

  it('twice a second for an hour logs 60 lines, not 7,200', () => {
    const l = new RepeatLimiter(60_000);
    let lines = 0;
    for (let t = 0; t < 3_600_000; t += 500) if (l.admit('same error', t).log) lines++;
    expect(lines).toBe(60);
  });

  it('remembers at most maxKeys keys, forgetting the oldest', () => {
    const l = new RepeatLimiter(60_000, 2);
    l.admit('a', 0);
    l.admit('b', 0);
    l.admit('c', 0);
    expect(l.admit('a', 1).log).toBe(true); // forgotten, so admitted again
    expect(l.admit('c', 1).log).toBe(false);
  });
});
