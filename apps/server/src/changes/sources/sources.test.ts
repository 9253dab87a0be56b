import { describe, expect, it } from 'vitest';
import { AppError } from '../../lib/index.ts';
import { ChangeWebhookConfig } from '../config.ts';
import { parseMappedChange, valueAt } from './mapped.ts';
import { parsePagerDutyChange } from './pagerduty-change.ts';

const NOW = new Date('2026-12-01T10:00:00Z');
const fields = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as AppError).fields?.map((x) => x.path);
  }
  throw new Error('did not throw');
};

describe('parsePagerDutyChange', () => {
  // The documented example request of PagerDuty's "Send a Change Event".
  const documented = {
    routing_key: 'samplekeyhere',
    payload: {
      summary: 'Build Success: Increase snapshot create timeout to 30 seconds',
      timestamp: '2020-07-17T08:42:58.315+0000',
      source: 'acme-build-pipeline-tool-default-i-9999',
      custom_details: { build_state: 'passed', build_number: '2', run_time: '1236s' },
    },
    links: [{ href: 'https://acme.pagerduty.dev/build/2', text: 'View more details in Acme!' }],
  };

  it('reads the documented example', () => {
    const r = parsePagerDutyChange(documented, NOW);
    expect(r.routingKey).toBe('samplekeyhere');
    expect(r.change).toMatchObject({
      kind: 'deploy',
      summary: 'Build Success: Increase snapshot create timeout to 30 seconds',
      startedAt: new Date('2020-07-17T08:42:58.315Z'),
      endedAt: new Date('2020-07-17T08:42:58.315Z'),
      url: 'https://acme.pagerduty.dev/build/2',
      source: 'pagerduty',
      status: 'succeeded',
    });
    expect(r.change.details).toMatchObject({ source: 'acme-build-pipeline-tool-default-i-9999' });
  });

  it('takes kind, author, environment and placement labels from custom_details', () => {
    const r = parsePagerDutyChange(
      {
        routing_key: 'k',
        payload: {
          summary: 'flip',
          custom_details: { change_type: 'Flag', author: 'ana', environment: 'prod', region: 'eu-west-1', x: 1 },
        },
      },
      NOW,
    );
    expect(r.change).toMatchObject({
      kind: 'flag',
      author: 'ana',
      environment: 'prod',
      labels: { region: 'eu-west-1' },
    });
    expect(r.change.startedAt).toEqual(NOW);
  });

  it('names the field of bad input', () => {
    expect(fields(() => parsePagerDutyChange({ routing_key: 'k', payload: {} }, NOW))).toEqual(['payload.summary']);
    expect(fields(() => parsePagerDutyChange({ payload: { summary: 's' } }, NOW))).toEqual(['routing_key']);
    expect(
      fields(() => parsePagerDutyChange({ routing_key: 'k', payload: { summary: 's', timestamp: 'yesterday' } }, NOW)),
    ).toEqual(['payload.timestamp']);
    expect(
      fields(() => parsePagerDutyChange({ routing_key: 'k', payload: { summary: 'x'.repeat(1025) } }, NOW)),
    ).toEqual(['payload.summary']);
  });
});

describe('parseMappedChange', () => {
  const hook = ChangeWebhookConfig.parse({
    key: 'ci-deploys-0001',
    kind: 'deploy',
    mapping: {
      summary: 'deployment.description',
      service: 'repository.name',
      startedAt: 'deployment.created_at',
      status: 'deployment_status.state',
      author: 'sender.login',
      externalId: 'deployment.id',
      url: 'deployment.url',
      environment: 'deployment.environment',
      labels: { region: 'deployment.payload.region' },
    },
  });
  const body = {
    deployment: {
      id: 42,
      description: 'Deploy v1.2.3',
      created_at: '2026-12-01T09:55:00Z',
      url: 'https://ci.example/deployments/42',
      environment: 'production',
      payload: { region: 'eu-west-1' },
    },
    deployment_status: { state: 'success' },
    repository: { name: 'checkout-api' },
    sender: { login: 'ana' },
  };

  it('maps every field', () => {
    expect(parseMappedChange(hook, body, NOW)).toMatchObject({
      kind: 'deploy',
      summary: 'Deploy v1.2.3',
      services: ['checkout-api'],
      startedAt: new Date('2026-12-01T09:55:00Z'),
      endedAt: null,
      status: 'succeeded',
      author: 'ana',
      externalId: '42',
      url: 'https://ci.example/deployments/42',
      environment: 'production',
      labels: { region: 'eu-west-1' },
      source: 'webhook',
      sourceKey: 'ci-deploys-0001',
    });
  });

  it('names the change field and the path when the body lacks it', () => {
    expect(fields(() => parseMappedChange(hook, { repository: { name: 'x' } }, NOW))).toEqual(['summary']);
    expect(fields(() => parseMappedChange(hook, { ...body, repository: {} }, NOW))).toEqual(['service']);
    const bad = { ...body, deployment: { ...body.deployment, created_at: 'soon', url: 'javascript:alert(1)' } };
    expect(fields(() => parseMappedChange(hook, bad, NOW))).toEqual(['startedAt', 'url']);
  });

  it('reads own properties and array indices only', () => {
    expect(valueAt({ a: [{ b: 1 }] }, 'a.0.b')).toBe(1);
    expect(valueAt({}, '__proto__')).toBeUndefined();
    expect(valueAt({ a: 1 }, 'constructor.name')).toBeUndefined();
    expect(valueAt({ a: [1] }, 'a.length')).toBeUndefined();
  });
});
