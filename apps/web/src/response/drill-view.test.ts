import { describe, expect, it } from 'vitest';
import { drillDuration, injectedAlerts } from './drill-view.ts';

describe('drill view', () => {
  it('writes durations as minutes and seconds', () => {
    expect(drillDuration(null)).toBe('—');
    expect(drillDuration(0)).toBe('0m00s');
    expect(drillDuration(8 * 60_000 + 5_000)).toBe('8m05s');
  });
  it('reads injected alerts, one a line, labels as key=value', () => {
    expect(injectedAlerts('PaymentErrors high service=pay-api severity=critical\n\n  Disk full  ')).toEqual([
      { summary: 'PaymentErrors high', labels: { service: 'pay-api', severity: 'critical' } },
      { summary: 'Disk full', labels: {} },
    ]);
  });
});
