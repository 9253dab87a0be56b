import { describe, expect, it } from 'vitest';
import { groupKey, UNROUTED } from './group-key.ts';

describe('groupKey', () => {
  it('is the service plus the groupBy labels in order, a missing one counting as empty', () => {
    expect(groupKey('checkout-api', { alertname: 'HighLatency', env: 'prod' }, ['alertname', 'cluster'], 'k:1')).toBe(
      'service=checkout-api,alertname=HighLatency,cluster=',
    );
    expect(groupKey(null, { alertname: 'X' }, ['alertname'])).toBe(`service=${UNROUTED},alertname=X`);
  });

  it('groups an alert with none of the groupBy labels by its own dedup key (a PagerDuty event has no alertname)', () => {
    const disk = groupKey('payments-db', { source: 'db-1', severity: 'critical' }, ['alertname'], 'pd:disk-full');
    const lag = groupKey('payments-db', { source: 'db-1', severity: 'critical' }, ['alertname'], 'pd:lag');
    expect(disk).toBe('service=payments-db,alert=pd:disk-full');
    expect(disk).not.toBe(lag);
    // One of the labels present, even empty, is Alertmanager's grouping: the label decides.
    expect(groupKey('payments-db', { alertname: '' }, ['alertname'], 'pd:disk-full')).toBe(
      'service=payments-db,alertname=',
    );
    // No groupBy labels at all: the service alone groups, as configured.
    expect(groupKey('payments-db', {}, [], 'pd:disk-full')).toBe('service=payments-db');
  });
});
