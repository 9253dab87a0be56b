/**
 * Query keys in one place, so the stream and mutations invalidate exactly what the pages read.
 * Keys are prefixes of each other: invalidating `incidents.all` refreshes every list and every detail,
 * `kpi.all` every watch list and every sample series.
 */
export const queryKeys = {
  session: ['session'] as const,
  incidents: {
    all: ['incidents'] as const,
    lists: ['incidents', 'list'] as const,
    /** `query`: the list's API query (incidents/list-filters.ts), or a name for a count. */
    list: (query: string) => ['incidents', 'list', query] as const,
    detail: (id: number) => ['incidents', 'detail', id] as const,
    /** The response room of an incident (under `incidents`: the live stream refreshes it too). */
    room: (id: number) => ['incidents', 'room', id] as const,
  },
  risks: ['risks'] as const,
  /** The public status page, per zone of its bars' days. */
  statusPage: (zone: string) => ['status-page', zone] as const,
  modules: {
    all: ['modules'] as const,
    list: ['modules', 'list'] as const,
    rules: (id: string) => ['modules', 'rules', id] as const,
  },
  /** On-call (schedules, policies, who is on call, lint, simulator) and people (users, teams, contact methods). */
  oncall: {
    all: ['oncall'] as const,
    now: (at: string | null) => ['oncall', 'now', at] as const,
    schedules: ['oncall', 'schedules'] as const,
    schedule: (id: string) => ['oncall', 'schedules', id] as const,
    final: (id: string, from: string, to: string) => ['oncall', 'schedules', id, 'final', from, to] as const,
    overrides: (id: string) => ['oncall', 'schedules', id, 'overrides'] as const,
    policies: ['oncall', 'policies'] as const,
    policy: (id: string) => ['oncall', 'policies', id] as const,
    lint: ['oncall', 'lint'] as const,
  },
  people: {
    all: ['people'] as const,
    users: ['people', 'users'] as const,
    /** Names only (`GET /api/v1/people`), for showing a name for an email. */
    directory: ['people', 'directory'] as const,
    /** The catalog's services with their escalation policies. */
    services: ['people', 'services'] as const,
    user: (id: number | 'me') => ['people', 'users', id] as const,
    contactMethods: (id: number) => ['people', 'users', id, 'contact-methods'] as const,
    rules: (id: number) => ['people', 'users', id, 'notification-rules'] as const,
    teams: ['people', 'teams'] as const,
    members: (team: string) => ['people', 'teams', team, 'members'] as const,
    /** A team's pending invitations. */
    teamInvitations: (team: string) => ['people', 'teams', team, 'invitations'] as const,
    /** The signed-in person's saved views of the incident list. */
    myViews: ['people', 'me', 'views'] as const,
    /** The signed-in person's pending invitations. */
    myInvitations: ['people', 'invitations'] as const,
    /** Feed links the caller may see, by kind and target. */
    feedLinks: (kind: string, target: string) => ['people', 'feed-links', kind, target] as const,
  },
  intake: {
    quarantine: ['intake', 'quarantine'] as const,
    heartbeats: ['intake', 'heartbeats'] as const,
  },
  maintenance: {
    all: ['maintenance'] as const,
    list: ['maintenance', 'list'] as const,
  },
  silences: {
    all: ['silences'] as const,
    list: ['silences', 'list'] as const,
    preview: (matchers: string[]) => ['silences', 'preview', ...matchers] as const,
  },
  kpi: {
    all: ['kpi'] as const,
    watches: ['kpi', 'watches'] as const,
    samplesOf: (watchId: string) => ['kpi', 'samples', watchId] as const,
    samples: (watchId: string, from: string, to: string) => ['kpi', 'samples', watchId, from, to] as const,
  },
};
