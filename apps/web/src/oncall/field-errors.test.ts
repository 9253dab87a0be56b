import { describe, expect, it } from 'vitest';
import { ApiRequestError } from '../api/client.ts';
import { fieldErrors, unshownErrors } from './field-errors.ts';

describe('server field errors on a form', () => {
  it('maps paths (without a body. prefix) to messages and joins repeats', () => {
    const error = new ApiRequestError(400, 'VALIDATION', 'invalid', [
      { path: 'body.layers.0.shift.every', message: 'too small' },
      { path: 'timeZone', message: 'unknown IANA time zone' },
      { path: 'timeZone', message: 'required' },
    ]);
    const map = fieldErrors(error);
    expect(map.get('layers.0.shift.every')).toBe('too small');
    expect(map.get('timeZone')).toBe('unknown IANA time zone; required');
    expect(unshownErrors(map, (p) => p === 'timeZone')).toEqual(['layers.0.shift.every: too small']);
  });

  it('has nothing for other errors', () => {
    expect(fieldErrors(new Error('x')).size).toBe(0);
  });
});
