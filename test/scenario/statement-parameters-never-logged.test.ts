/**
 * A failed statement never puts its parameters in the log (docs/security.md, "Secrets and outbound calls"):
 * drizzle's error message lists every parameter, and PostgreSQL's `detail` repeats the failing row — a new user's
 * password hash among them. Real statements fail here, through the real route, on each store: the test database
 * gets a check constraint that refuses one user name, and then a column type that cannot take a name; the log
 * must still say which statement failed and why, without a parameter value.
 *
 * Runs on the embedded store, and on PostgreSQL in the scenario-postgres run (TEST_DATABASE_URL).
 */
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';

const PASSWORD = 'statement-params-password-8d1f';
const EMAIL = 'mallory.8d1f@example.com';
const NAME = 'Mallory 8d1f';
const TYPED_NAME = 'SECRET-NAME-4b2a';

describe('statement parameters are never logged', () => {
  let s: TestServer;
  let log = '';

  beforeAll(async () => {
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        log += chunk.toString('utf8');
        done();
      },
    });
    s = await startTestServer({ env: { FAULTLINE_LOG_LEVEL: 'debug' }, logDestination: destination });
  });
  afterAll(() => s?.dispose());

  const createUser = (name: string) =>
    s.api('/api/v1/users', {
      method: 'POST',
      body: JSON.stringify({ email: EMAIL, name, role: 'viewer', password: PASSWORD }),
    });

  it('a row refused by a constraint: the log names the statement and the constraint, not the row', async () => {
    // DDL takes no parameters: the name is a literal of the constraint.
    await s.rt.db.execute(sql.raw(`alter table users add constraint faultline_test_refuse check (name <> '${NAME}')`));
    log = '';
    const res = await createUser(NAME);
    expect(res.status).toBe(500);
    const body = await res.text();
    expect(body).not.toContain(EMAIL);
    expect(log).toContain('unhandled error');
    expect(log).toContain('faultline_test_refuse');
    expect(log).toMatch(/insert into \\?"users\\?"/);
    expect(log).not.toContain('$argon2');
    expect(log).not.toContain(EMAIL);
    expect(log).not.toContain(NAME);
    expect(log).not.toContain(PASSWORD);
  });

  it('a value PostgreSQL quotes in its message is not logged either', async () => {
    await s.rt.db.execute(sql`alter table users drop constraint faultline_test_refuse`);
    await s.rt.db.execute(sql.raw('alter table users alter column name type integer using 0'));
    log = '';
    const res = await createUser(TYPED_NAME);
    expect(res.status).toBe(500);
    expect(log).toContain('unhandled error');
    expect(log).toContain('invalid input syntax for type integer');
    expect(log).not.toContain(TYPED_NAME);
    expect(log).not.toContain('$argon2');
    expect(log).not.toContain(EMAIL);
  });
});
