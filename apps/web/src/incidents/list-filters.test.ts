import { describe, expect, it } from 'vitest';
import { plural } from '../ui/plural.ts';
import { apiQueryOf, DEFAULT_VIEW, isFiltered, paramsOfView, tabTitle, viewFromParams } from './list-filters.ts';

describe('the incident list view in the address', () => {
  it('reads every filter from the address and writes back only what differs from the default', () => {
    const view = viewFromParams(
      new URLSearchParams(
        'status=triggered&q=%20checkout%20&team=payments&level=p1,P2,P1,X&source=pagerduty&sort=oldest',
      ),
    );
    expect(view).toEqual({
      status: 'triggered',
      q: 'checkout',
      team: 'payments',
      service: '',
      levels: ['P1', 'P2'],
      source: 'pagerduty',
      alertname: '',
      sort: 'oldest',
      postmortemOverdue: false,
      grouped: false,
    });
    expect(paramsOfView(view).toString()).toBe(
      'status=triggered&q=checkout&team=payments&level=P1%2CP2&source=pagerduty&sort=oldest',
    );
    expect(paramsOfView(DEFAULT_VIEW).toString()).toBe('');
  });

  it('falls back to the default for unknown values instead of sending them to the server', () => {
    expect(viewFromParams(new URLSearchParams('status=asleep&sort=loud&source=mail&level=P0'))).toEqual(DEFAULT_VIEW);
    expect(viewFromParams(new URLSearchParams(`q=${'x'.repeat(300)}`)).q).toHaveLength(200);
  });

  it('keeps a storm group (alertname) and the grouped display in the address; the API gets the alertname only', () => {
    const view = viewFromParams(new URLSearchParams('alertname=InstanceDown&service=payments-db&group=alerts'));
    expect(view).toMatchObject({ alertname: 'InstanceDown', service: 'payments-db', grouped: true });
    expect(paramsOfView(view).toString()).toBe('service=payments-db&alertname=InstanceDown&group=alerts');
    expect(apiQueryOf(view, 100, null)).toBe(
      'service=payments-db&alertname=InstanceDown&status=open&risk=exclude&limit=100',
    );
  });

  it('keeps the overdue-postmortem filter in the address and sends it to the API as postmortem=overdue', () => {
    const view = viewFromParams(new URLSearchParams('status=all&postmortem=overdue'));
    expect(view).toMatchObject({ status: 'all', postmortemOverdue: true });
    expect(isFiltered(view)).toBe(true);
    expect(paramsOfView(view).toString()).toBe('status=all&postmortem=overdue');
    expect(apiQueryOf(view, 50, null)).toBe('status=all&postmortem=overdue&risk=exclude&limit=50');
    expect(viewFromParams(new URLSearchParams('postmortem=late')).postmortemOverdue).toBe(false);
  });

  it('asks the API for one page without risks', () => {
    expect(apiQueryOf(DEFAULT_VIEW, 50, null)).toBe('status=open&risk=exclude&limit=50');
    expect(apiQueryOf({ ...DEFAULT_VIEW, status: 'all', levels: ['P1'] }, 50, 'WzQyXQ')).toBe(
      'status=all&level=P1&risk=exclude&limit=50&cursor=WzQyXQ',
    );
  });

  it('puts the triggered count first in the tab title, and plurals read right', () => {
    expect(tabTitle('Incidents', 3)).toBe('(3) Incidents · Faultline');
    expect(tabTitle('Incidents', 0)).toBe('Incidents · Faultline');
    expect(tabTitle('Incident #4', undefined)).toBe('Incident #4 · Faultline');
    expect(plural(1, 'watch', 'watches')).toBe('1 watch');
    expect(plural(2, 'watch', 'watches')).toBe('2 watches');
    expect(plural(2, 'incident')).toBe('2 incidents');
  });
});
