import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import type { IntegrationConfig } from '../config.ts';
import { emailMessageOf, integrationForAddress } from '../email-listener.ts';
import { MAX_BODY_CHARS, parseEmail, type EmailMessage } from './email.ts';
import { FIXTURES } from '../../../../../test/support/fixtures.ts';

// Real mails captured from Alertmanager 0.25 (test/fixtures/alertmanager-email/SOURCE.md).
const eml = (name: string): Buffer => readFileSync(new URL(`alertmanager-email/${name}`, FIXTURES));
const NOW = new Date('2026-12-07T17:45:00Z');
const mailbox: IntegrationConfig = { key: 'fl-email-intake-key', source: 'email', service: 'payments-db' };

const message = (over: Partial<EmailMessage> = {}): EmailMessage => ({
  subject: 'Backup failed on db-1',
  text: 'The nightly backup exited with status 2.',
  from: 'cron@example.org',
  messageId: '<1@example.org>',
  headers: new Map(),
  date: new Date('2026-12-07T17:40:00Z'),
  ...over,
});

describe('parseEmail on mails captured from Alertmanager', () => {
  it('turns the firing mail into an alert: subject → summary, text → description, From → label', async () => {
    const s = parseEmail(emailMessageOf(await simpleParser(eml('firing.eml'))), mailbox, NOW);
    expect(s).toMatchObject({
      action: 'trigger',
      summary: 'DiskFull (db-1:9100 payments-db critical)',
      dedupKey: 'diskfull (db-1:9100 payments-db critical)',
      labels: { from: 'alertmanager@example.org' },
      source: 'email',
      startsAt: '2026-12-07T17:44:44.000Z',
      endsAt: null,
    });
    expect(s.annotations.description).toContain('Disk on db-1 is 97% full');
    expect(s.annotations.message_id).toBe('<1796665484251321966.6922670398040373012@vm>');
  });

  it('resolves the same alert with the resolved mail', async () => {
    const firing = parseEmail(emailMessageOf(await simpleParser(eml('firing.eml'))), mailbox, NOW);
    const resolved = parseEmail(emailMessageOf(await simpleParser(eml('resolved.eml'))), mailbox, NOW);
    expect(resolved.action).toBe('resolve');
    expect(resolved.dedupKey).toBe(firing.dedupKey);
    expect(resolved.endsAt).toBe(NOW.toISOString());
  });
});

describe('parseEmail dedup keys and limits', () => {
  it('drops Re:/Fwd: and spacing from the subject key', () => {
    const a = parseEmail(message({ subject: 'Re: Fwd:  Backup   failed on db-1' }), mailbox, NOW);
    expect(a.dedupKey).toBe(parseEmail(message(), mailbox, NOW).dedupKey);
  });

  it('takes the configured header, else the pattern on the subject', () => {
    const withHeader = { ...mailbox, email: { dedupHeader: 'X-Alert-Id', dedupPattern: 'ticket #(\\d+)' } };
    const headers = new Map([['x-alert-id', 'ALERT-42']]);
    expect(parseEmail(message({ headers }), withHeader, NOW).dedupKey).toBe('alert-42');
    expect(parseEmail(message({ subject: 'Problem: ticket #981 opened' }), withHeader, NOW).dedupKey).toBe('981');
    // No match: the subject.
    expect(parseEmail(message(), withHeader, NOW).dedupKey).toBe('backup failed on db-1');
  });

  it('cuts a huge body and subject, hashes a huge key, and never dates an alert in the future', () => {
    const s = parseEmail(
      message({ subject: 'x'.repeat(5000), text: 'y'.repeat(100_000), date: new Date('2030-01-01T00:00:00Z') }),
      mailbox,
      NOW,
    );
    expect(s.annotations.description).toHaveLength(MAX_BODY_CHARS);
    expect(s.summary.length).toBeLessThanOrEqual(1024);
    expect(s.dedupKey).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(s.startsAt).toBe(NOW.toISOString());
  });

  it('gives every message a summary and a key within the limits (property)', () => {
    fc.assert(
      fc.property(fc.option(fc.string({ maxLength: 2000 }), { nil: undefined }), fc.string(), (subject, text) => {
        const s = parseEmail(message({ subject, text }), mailbox, NOW);
        expect(s.summary.length).toBeGreaterThan(0);
        expect(s.summary.length).toBeLessThanOrEqual(1024);
        expect(s.dedupKey.length).toBeGreaterThan(0);
        expect(s.dedupKey.length).toBeLessThanOrEqual(255);
      }),
    );
  });
});

describe('integrationForAddress', () => {
  const integrations = new Map<string, IntegrationConfig>([
    [mailbox.key, mailbox],
    ['quickstart-generic', { key: 'quickstart-generic', source: 'generic', service: 'payments-db' }],
    [
      'ops-mail-key',
      { key: 'ops-mail-key', source: 'email', service: 'payments-db', email: { address: 'Ops@Example.org' } },
    ],
  ]);
  it.each([
    ['fl-email-intake-key@alerts.example.org', 'fl-email-intake-key'],
    ['fl-email-intake-key@ALERTS.example.org', 'fl-email-intake-key'],
    ['ops@example.org', 'ops-mail-key'],
    ['quickstart-generic@alerts.example.org', undefined], // not an email integration
    ['nobody@alerts.example.org', undefined],
    ['fl-email-intake-key@elsewhere.org', undefined],
  ])('%s → %s', (address, key) => {
    expect(integrationForAddress(integrations, 'alerts.example.org', address)?.key).toBe(key);
  });
});
