import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkConfigText } from '../config/load.ts';

const QUICKSTART = readFileSync(new URL('../../../../examples/quickstart.yaml', import.meta.url), 'utf8');
const NOW = new Date('2026-11-21T12:00:00Z');
const problemsOf = (extra: string) =>
  checkConfigText(`${QUICKSTART}\n${extra}`, NOW).problems.map((p) => `${p.path} ${p.severity}: ${p.message}`);

describe('intake lint: heartbeats and inbound email', () => {
  it('accepts a Watchdog heartbeat and a token heartbeat', () => {
    const extra = `heartbeats:
  - { id: watchdog, name: Watchdog, integration: quickstart, matchers: ['alertname="Watchdog"'], intervalSeconds: 300 }
  - { id: backup, name: Backup, service: payments-db, intervalSeconds: 90000, token: a-long-random-ping-token }
`;
    expect(problemsOf(extra)).toEqual([]);
  });

  it('names an unknown integration or service, a bad matcher, a missing credential and a duplicate id', () => {
    const extra = `heartbeats:
  - { id: a, name: A, integration: not-a-known-key, service: nope, matchers: ['alertname=~"("'], intervalSeconds: 300 }
  - { id: a, name: B, intervalSeconds: 300, matchers: ['alertname="Watchdog"'] }
`;
    const problems = problemsOf(extra);
    expect(problems).toEqual(
      expect.arrayContaining([
        'heartbeats.0.integration error: no integration has this key',
        'heartbeats.0.service error: heartbeat names unknown service "nope"',
        expect.stringMatching(/^heartbeats\.0\.matchers\.0 error: /),
        'heartbeats.1.id error: duplicate heartbeat id "a"',
        'heartbeats.1 error: set integration or token: pings must be authenticated',
        `heartbeats.1.matchers error: matchers read an integration's alerts: set integration`,
      ]),
    );
  });

  it('refuses a dedup pattern RE2 cannot compile, and warns of an email integration without a listener', () => {
    // The quickstart has an integrations list already: append to it instead of a second key.
    const text = QUICKSTART.replace(
      'integrations:\n',
      `integrations:\n  - { key: mailbox-key-1, source: email, service: payments-db, email: { dedupPattern: '(unclosed' } }\n`,
    );
    const problems = checkConfigText(text, NOW).problems.map((p) => `${p.path} ${p.severity}: ${p.message}`);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^integrations\.0\.email\.dedupPattern error: not a valid RE2 regex/),
        'integrations.0.source warning: no mail reaches it: intake.email (the SMTP listener) is not configured',
      ]),
    );
  });
});
