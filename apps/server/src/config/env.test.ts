import { describe, expect, it } from 'vitest';
import { AppError } from '../lib/errors.ts';
import { parseBootEnv } from './env.ts';

describe('parseBootEnv: connection and stream limits', () => {
  it('defaults: 30 s per request, 10 s for headers, 128 connections per client, 1000 streams, 10 per token', () => {
    const env = parseBootEnv({});
    expect(env.FAULTLINE_REQUEST_TIMEOUT_MS).toBe(30_000);
    expect(env.FAULTLINE_HEADERS_TIMEOUT_MS).toBe(10_000);
    expect(env.FAULTLINE_MAX_CONNECTIONS_PER_CLIENT).toBe(128);
    expect(env.FAULTLINE_MAX_STREAMS).toBe(1_000);
    expect(env.FAULTLINE_MAX_STREAMS_PER_TOKEN).toBe(10);
  });

  it('refuses a headers timeout longer than the request timeout, naming the variable', () => {
    let error: unknown;
    try {
      parseBootEnv({ FAULTLINE_REQUEST_TIMEOUT_MS: '5000', FAULTLINE_HEADERS_TIMEOUT_MS: '6000' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).fields?.map((f) => f.path)).toEqual(['FAULTLINE_HEADERS_TIMEOUT_MS']);
  });

  it('refuses a stream cap of 0 and a negative connection cap', () => {
    expect(() => parseBootEnv({ FAULTLINE_MAX_STREAMS: '0' })).toThrow(/FAULTLINE_MAX_STREAMS/);
    expect(() => parseBootEnv({ FAULTLINE_MAX_CONNECTIONS_PER_CLIENT: '-1' })).toThrow(
      /FAULTLINE_MAX_CONNECTIONS_PER_CLIENT/,
    );
  });
});
