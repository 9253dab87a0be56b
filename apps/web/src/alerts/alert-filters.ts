/**
 * The alert list's view (issue 12: alerts rather than incidents), kept in the page's address so a filtered
 * view is a link: `/alerts?fate=muted,held&service=checkout-api&window=24h`. Pure: address ⇄ view ⇄ the
 * API's query (`GET /api/v1/alerts`, docs/console.md#alerts). The time window is relative (last hour, day,
 * week): the API's `since` is computed from `now` when the page asks.
 */
import { SOURCE_CHOICES } from '../incidents/list-filters.ts';

export const ALERT_STATUS_CHOICES = ['any', 'firing', 'resolved'] as const;
export type AlertStatusChoice = (typeof ALERT_STATUS_CHOICES)[number];

/** What became of an alert (the API's `fate`), in the order the filter offers them. */
export const FATE_CHOICES = ['paged', 'muted', 'held', 'inhibited', 'joined', 'opened'] as const;
export type FateChoice = (typeof FATE_CHOICES)[number];

/** Last received within: the last hour, day or week; `any` for no limit. Hours each. */
export const WINDOW_CHOICES = { any: 0, '1h': 1, '24h': 24, '7d': 168 } as const;
export type WindowChoice = keyof typeof WINDOW_CHOICES;

export interface AlertListView {
  status: AlertStatusChoice;
  fates: FateChoice[];
  source: string;
  integration: string;
  service: string;
  alertname: string;
  /** Words in the summary. */
  q: string;
  window: WindowChoice;
}

export const DEFAULT_ALERT_VIEW: AlertListView = {
  status: 'any',
  fates: [],
  source: '',
  integration: '',
  service: '',
  alertname: '',
  q: '',
  window: 'any',
};

/** The view an address's query names; unknown or malformed values fall back to the default. */
export function alertViewFromParams(params: URLSearchParams): AlertListView {
  const text = (key: string) => (params.get(key) ?? '').trim().slice(0, 200);
  const status = text('status');
  const source = text('source');
  const window = text('window');
  return {
    status: (ALERT_STATUS_CHOICES as readonly string[]).includes(status) ? (status as AlertStatusChoice) : 'any',
    fates: FATE_CHOICES.filter((f) => text('fate').split(',').includes(f)),
    source: (SOURCE_CHOICES as readonly string[]).includes(source) ? source : '',
    integration: text('integration'),
    service: text('service'),
    alertname: text('alertname'),
    q: text('q'),
    window: window in WINDOW_CHOICES ? (window as WindowChoice) : 'any',
  };
}

/** The address query of a view: only what differs from the default, in a fixed order. */
export function paramsOfAlertView(view: AlertListView): URLSearchParams {
  const params = new URLSearchParams();
  if (view.status !== 'any') params.set('status', view.status);
  if (view.fates.length) params.set('fate', FATE_CHOICES.filter((f) => view.fates.includes(f)).join(','));
  if (view.source) params.set('source', view.source);
  for (const key of ['integration', 'service', 'alertname', 'q'] as const)
    if (view[key].trim()) params.set(key, view[key].trim());
  if (view.window !== 'any') params.set('window', view.window);
  return params;
}

/** The API query for one page of the view at instant `now` (the window becomes `since`). */
export function alertApiQuery(view: AlertListView, now: Date, limit: number, cursor: string | null): string {
  const params = paramsOfAlertView(view);
  params.delete('window');
  const hours = WINDOW_CHOICES[view.window];
  if (hours) params.set('since', new Date(now.getTime() - hours * 3_600_000).toISOString());
  params.set('limit', String(limit));
  if (cursor) params.set('cursor', cursor);
  return params.toString();
}

/** Whether the view narrows the list at all. */
export function isAlertViewFiltered(view: AlertListView): boolean {
  return paramsOfAlertView(view).size > 0;
}

/** How the console names each fate, and what it means (shown as the badge's title). */
export const FATE_WORDS: Record<FateChoice, { label: string; color: string; title: string }> = {
  opened: { label: 'opened', color: 'blue', title: 'opened its incident' },
  joined: { label: 'joined', color: 'gray', title: 'joined an incident already open (its reason is below)' },
  paged: { label: 'paged', color: 'red', title: 'not muted, on a graded incident: it pages through its incident' },
  muted: { label: 'muted', color: 'orange', title: 'muted by a silence or maintenance (why is below)' },
  held: { label: 'held', color: 'yellow', title: "muted while its incident's pages are held until the mute ends" },
  inhibited: { label: 'inhibited', color: 'grape', title: 'inhibited by a firing alert (the rule is below)' },
};
