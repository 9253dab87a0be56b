/**
 * The incident list's view (issue 12: triage at volume), kept in the page's address so a filtered view is a
 * link: `/incidents?level=P1&team=payments&q=checkout`. Pure: address ⇄ view ⇄ the API's query
 * (docs/api.md, `GET /api/v1/incidents`). The console leaves risks out of the list (they have their own page).
 */
import { SourceId } from '@faultline/contracts';

/** Which statuses the list shows; `open` is triggered, acknowledged and mitigated. */
export const STATUS_CHOICES = ['open', 'triggered', 'acknowledged', 'mitigated', 'resolved', 'all'] as const;
export type StatusChoice = (typeof STATUS_CHOICES)[number];

/** The source filter's choices: every intake source (contracts' `SourceId`, the one list the server keeps). */
export const SOURCE_CHOICES = SourceId.options;

export interface ListView {
  status: StatusChoice;
  /** Words in the title, or `#42`. */
  q: string;
  team: string;
  service: string;
  /** Level labels (`P1`), any of them. */
  levels: string[];
  source: string;
  /** Incidents with an alert of this `alertname` label (a storm group's link). */
  alertname: string;
  sort: 'newest' | 'oldest';
  /** Only incidents whose postmortem is past its due time and not published (`postmortem=overdue`). */
  postmortemOverdue: boolean;
  /** Show the storm grouped by alertname and service instead of the incidents (`group=alerts`). */
  grouped: boolean;
}

export const DEFAULT_VIEW: ListView = {
  status: 'open',
  q: '',
  team: '',
  service: '',
  levels: [],
  source: '',
  alertname: '',
  sort: 'newest',
  postmortemOverdue: false,
  grouped: false,
};

const LEVEL = /^[A-Z][1-9]\d?$/;

/** The view an address's query names; unknown or malformed values fall back to the default. */
export function viewFromParams(params: URLSearchParams): ListView {
  const status = params.get('status') ?? '';
  const text = (key: string) => (params.get(key) ?? '').trim().slice(0, 200);
  const source = text('source');
  return {
    status: (STATUS_CHOICES as readonly string[]).includes(status) ? (status as StatusChoice) : 'open',
    q: text('q'),
    team: text('team'),
    service: text('service'),
    levels: [
      ...new Set(
        text('level')
          .split(',')
          .map((l) => l.trim().toUpperCase())
          .filter((l) => LEVEL.test(l)),
      ),
    ],
    source: (SOURCE_CHOICES as readonly string[]).includes(source) ? source : '',
    alertname: text('alertname'),
    sort: params.get('sort') === 'oldest' ? 'oldest' : 'newest',
    postmortemOverdue: params.get('postmortem') === 'overdue',
    grouped: params.get('group') === 'alerts',
  };
}

/** The address query of a view: only what differs from the default, in a fixed order. */
export function paramsOfView(view: ListView): URLSearchParams {
  const params = new URLSearchParams();
  if (view.status !== 'open') params.set('status', view.status);
  if (view.q.trim()) params.set('q', view.q.trim());
  if (view.team) params.set('team', view.team);
  if (view.service.trim()) params.set('service', view.service.trim());
  if (view.levels.length) params.set('level', view.levels.join(','));
  if (view.source) params.set('source', view.source);
  if (view.alertname) params.set('alertname', view.alertname);
  if (view.sort !== 'newest') params.set('sort', view.sort);
  if (view.postmortemOverdue) params.set('postmortem', 'overdue');
  if (view.grouped) params.set('group', 'alerts');
  return params;
}

/** The API query for one page of the view (risks left out; they are listed on the Risks page). */
export function apiQueryOf(view: ListView, limit: number, cursor: string | null): string {
  const params = paramsOfView(view);
  params.delete('group');
  if (!params.has('status')) params.set('status', 'open');
  params.set('risk', 'exclude');
  params.set('limit', String(limit));
  if (cursor) params.set('cursor', cursor);
  return params.toString();
}

/** Whether the view narrows the list beyond a status (a search or a filter is set). */
export function isFiltered(view: ListView): boolean {
  return Boolean(
    view.q ||
    view.team ||
    view.service ||
    view.levels.length ||
    view.source ||
    view.alertname ||
    view.postmortemOverdue,
  );
}

/**
 * The browser tab's title: the number of triggered incidents first, so a busy console is seen from another
 * tab (`(3) Incidents · Faultline`); no count when there are none or it is unknown.
 */
export function tabTitle(page: string, triggered: number | undefined): string {
  return triggered ? `(${triggered}) ${page} · Faultline` : `${page} · Faultline`;
}
