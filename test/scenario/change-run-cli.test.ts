/**
 * `faultline change run --service S -- cmd` (docs/changes.md): records the change's start, runs the command,
 * records its end and exit status, and exits with the command's status; `faultline incident suspects` prints
 * the ranking with its reasons.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChangeList } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../support/server.ts';

const run = promisify(execFile);

describe('faultline change run', () => {
  const clock = new FakeClock('2026-12-01T10:00:00Z');
  let s: TestServer;

  beforeAll(async () => {
    s = await startTestServer({ clock, providers: { email: recordingProvider() }, engineLoop: false });
  });
  afterAll(() => s.dispose());

  const cli = (...args: string[]) =>
    run('node_modules/.bin/node', ['apps/server/src/cli/main.ts', ...args], {
      env: { ...process.env, FAULTLINE_TOKEN: ADMIN_TOKEN, FAULTLINE_URL: s.url, USER: 'ana' },
    });

  it('records a succeeding command as a succeeded change with its exit status', async () => {
    const { stdout, stderr } = await cli(
      'change',
      'run',
      '--service',
      'checkout',
      '--label',
      'region=eu-west-1',
      '--summary',
      'checkout-api v1.2.3',
      '--',
      'node',
      '-e',
      'console.log("deploying")',
    );
    expect(stdout).toContain('deploying');
    expect(stderr).toMatch(/change #\d+ started/);
    const [c] = ((await (await s.api('/api/v1/changes')).json()) as ChangeList).changes;
    expect(c).toMatchObject({
      kind: 'deploy',
      summary: 'checkout-api v1.2.3',
      services: ['checkout-api'],
      labels: { region: 'eu-west-1' },
      source: 'cli',
      author: 'ana',
      status: 'succeeded',
      exitCode: 0,
      startedAt: '2026-12-01T10:00:00.000Z',
      endedAt: '2026-12-01T10:00:00.000Z',
    });
  });

  it('records a failing command as failed and exits with its status', async () => {
    const failed = await cli(
      'change',
      'run',
      '--service',
      'payments-db',
      '--kind',
      'migration',
      '--',
      'node',
      '-e',
      'process.exit(3)',
    ).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(failed?.code).toBe(3);
    expect(failed?.stderr).toMatch(/change #\d+ failed \(exit 3\)/);
    const [c] = ((await (await s.api('/api/v1/changes?kind=migration')).json()) as ChangeList).changes;
    expect(c).toMatchObject({
      summary: 'node -e process.exit(3)',
      status: 'failed',
      exitCode: 3,
      services: ['payments-db'],
    });
  });

  it('refuses an unknown service before running anything', async () => {
    const e = await cli('change', 'run', '--service', 'nope', '--', 'node', '-e', 'console.log("ran")').then(
      () => null,
      (err: { code: number; stdout: string; stderr: string }) => err,
    );
    expect(e?.code).toBe(1);
    expect(e?.stdout).not.toContain('ran');
    expect(e?.stderr).toContain('services.0: no service "nope" in the catalog');
  });
});
