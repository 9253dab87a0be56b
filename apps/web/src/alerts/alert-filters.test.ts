import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ALERT_VIEW,
  alertApiQuery,
  alertViewFromParams,
  isAlertViewFiltered,
  paramsOfAlertView,
} from './alert-filters.ts';

const NOW = new Date('2026-11-21T14:00:00Z');

describe('the alert list view', () => {
  it('reads an address, dropping what is malformed', () => {
    const view = alertViewFromParams(
      new URLSearchParams('status=resolved&fate=held,lost,muted&source=nope&service=checkout-api&window=24h'),
    );
    expect(view).toEqual({
      ...DEFAULT_ALERT_VIEW,
      status: 'resolved',
      fates: ['muted', 'held'],
      service: 'checkout-api',
      window: '24h',
    });
    expect(alertViewFromParams(new URLSearchParams('status=open&window=2y'))).toEqual(DEFAULT_ALERT_VIEW);
  });

  it('writes only what differs from the default, and round-trips', () => {
    expect(paramsOfAlertView(DEFAULT_ALERT_VIEW).toString()).toBe('');
    expect(isAlertViewFiltered(DEFAULT_ALERT_VIEW)).toBe(false);
    const view = { ...DEFAULT_ALERT_VIEW, fates: ['held', 'paged'] as const, alertname: ' Down ' };
    const params = paramsOfAlertView({ ...view, fates: [...view.fates] });
    expect(params.toString()).toBe('fate=paged%2Cheld&alertname=Down');
    expect(alertViewFromParams(params)).toEqual({ ...DEFAULT_ALERT_VIEW, fates: ['paged', 'held'], alertname: 'Down' });
  });

  it('asks the API with the window as since, from now', () => {
    const view = { ...DEFAULT_ALERT_VIEW, status: 'firing' as const, window: '1h' as const };
    expect(alertApiQuery(view, NOW, 50, null)).toBe('status=firing&since=2026-11-21T13%3A00%3A00.000Z&limit=50');
    expect(alertApiQuery(DEFAULT_ALERT_VIEW, NOW, 50, 'abc')).toBe('limit=50&cursor=abc');
  });
});
