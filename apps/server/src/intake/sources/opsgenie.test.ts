import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixturePath } from '../../../../../test/support/fixtures.ts';
import { AppError } from '../../lib/index.ts';
import {
  opsgenieAcceptedBody,
  opsgenieErrorBody,
  opsgenieIdentifier,
  parseOpsgenieAction,
  parseOpsgenieCreate,
} from './opsgenie.ts';

// Opsgenie's documented sample requests and answers (test/fixtures/opsgenie-alert-api/SOURCE.md).
const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(fixturePath('opsgenie-alert-api', name), 'utf8')) as unknown;
const AT = new Date('2026-11-21T12:00:00Z');
const noAlias = () => 'generated-alias';

const fieldsOf = (f: () => unknown): Array<{ path: string; message: string }> => {
  try {
    f();
  } catch (e) {
    if (e instanceof AppError && e.code === 'VALIDATION') return e.fields ?? [];
    throw e;
  }
  throw new Error('expected a VALIDATION error');
};

describe('parseOpsgenieCreate', () => {
  it("reads Opsgenie's documented Create Alert sample: alias as dedup key, priority as a graded fact", () => {
    const signal = parseOpsgenieCreate(fixture('create-alert.json'), AT, noAlias);
    expect(signal).toEqual({
      action: 'trigger',
      dedupKey: 'Life is too short for no alias',
      summary: 'An example alert message',
      severity: 'critical',
      labels: {
        priority: 'P1',
        severity: 'critical',
        entity: 'An example entity',
        tags: 'OverwriteQuietHours,Critical',
        key1: 'value1',
        key2: 'value2',
      },
      annotations: {
        description: 'Every alert needs a description',
        responders:
          'team:4513b7ea-3b91-438f-b7e4-e3e54af9147c, team:NOC, user:bb4d9938-c3c2-455d-aaab-727aa701c0d8, ' +
          'user:trinity@opsgenie.com, escalation:aee8a0de-c80f-4515-a232-501c0bc9d715, ' +
          'escalation:Nightwatch Escalation, schedule:80564037-1984-4f38-b98e-8a1f662df552, ' +
          'schedule:First Responders Schedule',
        visibleTo:
          'team:4513b7ea-3b91-438f-b7e4-e3e54af9147c, team:rocket_team, user:bb4d9938-c3c2-455d-aaab-727aa701c0d8, ' +
          'user:trinity@opsgenie.com',
        actions: 'Restart, AnExampleAction',
      },
      startsAt: '2026-11-21T12:00:00.000Z',
      endsAt: null,
      source: 'opsgenie',
    });
  });

  it('grades each priority (P3 when absent, as Opsgenie defaults) and keeps Opsgenie fields over details', () => {
    const sev = (priority?: string) =>
      parseOpsgenieCreate({ message: 'm', ...(priority ? { priority } : {}) }, AT, noAlias).labels;
    expect(sev('P1')).toMatchObject({ priority: 'P1', severity: 'critical' });
    expect(sev('P2')).toMatchObject({ priority: 'P2', severity: 'error' });
    expect(sev()).toMatchObject({ priority: 'P3', severity: 'warning' });
    expect(sev('P4')).toMatchObject({ severity: 'info' });
    expect(sev('P5')).toMatchObject({ severity: 'info' });
    const s = parseOpsgenieCreate(
      { message: 'm', source: 'zabbix', details: { severity: 'low', 'disk usage': '93%', '9lives': 'x' } },
      AT,
      noAlias,
    );
    expect(s.labels).toEqual({
      priority: 'P3',
      severity: 'warning',
      source: 'zabbix',
      disk_usage: '93%',
      _9lives: 'x',
    });
  });

  it('makes every create without an alias a new alert, as Opsgenie does', () => {
    expect(parseOpsgenieCreate({ message: 'm' }, AT, noAlias).dedupKey).toBe('generated-alias');
    expect(parseOpsgenieCreate({ message: 'm', alias: '' }, AT, noAlias).dedupKey).toBe('generated-alias');
  });

  it("refuses what Opsgenie refuses, naming Opsgenie's field", () => {
    expect(fieldsOf(() => parseOpsgenieCreate({}, AT, noAlias))).toEqual([
      { path: 'message', message: expect.any(String) },
    ]);
    expect(fieldsOf(() => parseOpsgenieCreate({ message: '  ' }, AT, noAlias))[0]!.path).toBe('message');
    expect(fieldsOf(() => parseOpsgenieCreate({ message: 'm', priority: 'P0' }, AT, noAlias))).toEqual([
      { path: 'priority', message: 'should be one of [ P1, P2, P3, P4, P5 ]' },
    ]);
    expect(
      fieldsOf(() => parseOpsgenieCreate({ message: 'm', responders: [{ type: 'team' }] }, AT, noAlias))[0]!.path,
    ).toBe('responders.0');
    expect(fieldsOf(() => parseOpsgenieCreate({ message: 'm', details: { n: 1 } }, AT, noAlias))[0]!.path).toBe(
      'details.n',
    );
    expect(fieldsOf(() => parseOpsgenieCreate({ message: 'm', alias: 'a'.repeat(256) }, AT, noAlias))[0]!.path).toBe(
      'alias',
    );
    expect(
      fieldsOf(() => parseOpsgenieCreate({ message: 'm', tags: new Array(21).fill('t') }, AT, noAlias))[0]!.path,
    ).toBe('tags');
    expect(fieldsOf(() => parseOpsgenieCreate([], AT, noAlias))[0]!.path).toBe('body');
  });
});

describe('parseOpsgenieAction', () => {
  const body = fixture('action.json');
  it('reads the documented action body for close, acknowledge and notes', () => {
    const close = parseOpsgenieAction('close', 'Life is too short for no alias', body, AT);
    expect(close).toMatchObject({
      action: 'resolve',
      dedupKey: 'Life is too short for no alias',
      endsAt: '2026-11-21T12:00:00.000Z',
      annotations: { user: 'Monitoring Script', source: 'AWS Lambda', note: 'Action executed via Alert API' },
      source: 'opsgenie',
    });
    expect(parseOpsgenieAction('acknowledge', 'a', body, AT)).toMatchObject({ action: 'acknowledge', endsAt: null });
    expect(parseOpsgenieAction('notes', 'a', body, AT)).toMatchObject({
      action: 'note',
      annotations: { note: 'Action executed via Alert API' },
    });
    // An action's body is optional, except Add Note's `note`.
    expect(parseOpsgenieAction('close', 'a', undefined, AT).annotations).toEqual({});
    expect(fieldsOf(() => parseOpsgenieAction('notes', 'a', {}, AT))[0]!.path).toBe('note');
    expect(fieldsOf(() => parseOpsgenieAction('close', 'a', { user: 7 }, AT))[0]!.path).toBe('user');
  });
});

describe('opsgenieIdentifier', () => {
  it('takes alias, id and tiny (id by default, as Opsgenie) and names a bad one', () => {
    expect(opsgenieIdentifier('Life is too short for no alias', 'alias')).toEqual({
      type: 'alias',
      alias: 'Life is too short for no alias',
    });
    expect(opsgenieIdentifier('42', undefined)).toEqual({ type: 'id', alertId: 42 });
    expect(opsgenieIdentifier('42', 'tiny')).toEqual({ type: 'id', alertId: 42 });
    expect(fieldsOf(() => opsgenieIdentifier('42', 'name'))[0]!.path).toBe('identifierType');
    expect(fieldsOf(() => opsgenieIdentifier('an-alias', 'id'))[0]!.path).toBe('identifier');
    expect(fieldsOf(() => opsgenieIdentifier('', 'alias'))[0]!.path).toBe('identifier');
  });
});

describe("Opsgenie's answers", () => {
  it('have the documented shapes', () => {
    const accepted = fixture('accepted-response.json') as { took: number; requestId: string };
    expect(opsgenieAcceptedBody(accepted.took, accepted.requestId)).toEqual(accepted);
    const refused = fixture('unprocessable-response.json') as {
      message: string;
      errors: Record<string, string>;
      took: number;
      requestId: string;
    };
    expect(opsgenieErrorBody(refused.message, refused.took, refused.requestId, refused.errors)).toEqual(refused);
    expect(Object.keys(opsgenieErrorBody('Could not authenticate', 0, 'r'))).toEqual(['message', 'took', 'requestId']);
  });
});
