import { describe, expect, it } from 'vitest';
import { parseLabels } from './simulator-labels.ts';

describe('parseLabels', () => {
  it('reads name=value and name="value" pairs separated by commas or lines, skipping parts without a name', () => {
    expect(parseLabels('alertname="DiskFull", instance=db-1\nseverity = critical')).toEqual({
      alertname: 'DiskFull',
      instance: 'db-1',
      severity: 'critical',
    });
    expect(parseLabels('')).toEqual({});
    expect(parseLabels('=x, nothing, a=')).toEqual({ a: '' });
  });
});
