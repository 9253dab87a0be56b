/**
 * The logger never writes statement parameters nor URL credentials: real failing statements on an in-memory
 * PGlite, logged directly, under another key, and through a Fastify route's error log.
 */
import { Writable } from 'node:stream';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, sanitizeError } from './logger.ts';

const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g';

function capture() {
  let out = '';
  const stream = new Writable({
    write(chunk: Buffer, _e, done) {
      out += chunk.toString();
      done();
    },
  });
  return { log: createLogger('debug', stream), text: () => out };
}

describe('the logger', () => {
  const client = new PGlite();
  const db = drizzle({ client });
  const failed = async (query: ReturnType<typeof sql>): Promise<unknown> =>
    db.execute(query).then(
      () => null,
      (e: unknown) => e,
    );

  beforeAll(async () => {
    await db.execute(
      sql`create table people (email text not null unique, name text not null, hash text not null, n int)`,
    );
  }, 60_000);
  afterAll(() => client.close());

  it('logs a failed statement with its text, code and constraint, and none of its values', async () => {
    const { log, text } = capture();
    await db.execute(sql`insert into people values (${'ann@example.com'}, ${'Ann'}, ${HASH}, ${1})`);
    const dup = await failed(sql`insert into people values (${'ann@example.com'}, ${'Ann Again'}, ${HASH}, ${2})`);
    const cast = await failed(
      sql`insert into people values (${'bob@example.com'}, ${'Bob'}, ${HASH}, ${'not-a-number-77'})`,
    );
    const nul = await failed(sql`insert into people values (${'eve@example.com'}, ${null}, ${HASH}, ${3})`);
    for (const err of [dup, cast, nul]) log.error({ err }, 'statement failed');
    log.warn({ reason: dup }, 'under another key');
    log.error(cast as Error);
    const out = text();
    expect(out).toContain('insert into people values ($1, $2, $3, $4)');
    expect(out).toContain('"code":"23505"');
    expect(out).toContain('people_email_key');
    expect(out).toContain('invalid input syntax for type integer: \\"…\\"');
    expect(out).toContain('violates not-null constraint');
    for (const value of [
      HASH,
      '$argon2',
      'ann@example.com',
      'Ann Again',
      'bob@example.com',
      'not-a-number-77',
      'eve@example.com',
    ])
      expect(out, value).not.toContain(value);
  });

  it('keeps the statement out of the error a Fastify route logs', async () => {
    const { log, text } = capture();
    const app = Fastify({ loggerInstance: log as FastifyBaseLogger });
    app.get('/fail', async () =>
      db.execute(sql`insert into people values (${'carl@example.com'}, ${'Carl'}, ${HASH}, ${'x9'})`),
    );
    const res = await app.inject({ method: 'GET', url: '/fail' });
    expect(res.statusCode).toBe(500);
    await app.close();
    expect(text()).toContain('Failed query: insert into people');
    expect(text()).not.toContain('carl@example.com');
    expect(text()).not.toContain(HASH);
  });

  it('redacts URL credentials in messages and errors', () => {
    const { log, text } = capture();
    log.warn('config reload refused: prometheus at http://u:pw-1@prom:9090/?access_token=tk-2 failed');
    log.error({ err: new Error('fetch http://x:pw-3@hook.example/h?token=tk-4 failed') }, 'send failed');
    log.info({ err: 'a string error with https://a:pw-5@h.example' }, 'as a string');
    for (const s of ['pw-1', 'tk-2', 'pw-3', 'tk-4', 'pw-5']) expect(text()).not.toContain(s);
    expect(text()).toContain('http://***@prom:9090/?access_token=***');
  });

  it('sanitizes causes too and leaves non-errors alone', () => {
    const inner = Object.assign(new Error('invalid input syntax for type uuid: "secret-7"'), {
      code: '22P02',
      severity: 'ERROR',
      detail: 'row (secret-8)',
      params: ['secret-9'],
    });
    const outer = new Error('outer', { cause: inner });
    const safe = sanitizeError(outer) as Error & { cause: Error & Record<string, unknown> };
    expect(safe.cause.message).toBe('invalid input syntax for type uuid: "…"');
    expect(safe.cause.code).toBe('22P02');
    expect(JSON.stringify({ ...safe.cause, stack: safe.cause.stack })).not.toMatch(/secret-[789]/);
    expect(sanitizeError('plain')).toBe('plain');
  });
});
