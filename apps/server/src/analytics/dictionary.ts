/**
 * The metric dictionary (issue 11: "every number explained"): for each number the review shows, its formula,
 * time anchors, what it includes and excludes, and the data it needs. The API serves it
 * (`GET /api/v1/analytics/dictionary`), the console shows each entry next to its chart, and docs/analytics.md
 * prints the same text. Every metric result names its entry by `metric` id and carries its N.
 */
import type { MetricDefinition } from '@faultline/contracts';

const BUCKET =
  'An incident belongs to the bucket (week, month or quarter in the query time zone) holding its detected_at (creation time if absent).';
const SCOPE = 'incidents in the period that pass the filters (team, service, business line, level)';
const NOT_COUNTED = [
  'fault drills (rehearsals)',
  'cancelled incidents (false alarms)',
  'risks (below every level, never an incident)',
];

const duration = (id: string, name: string, from: string, to: string, note: string): MetricDefinition => ({
  id,
  name,
  unit: 'ms',
  formula: `${to} − ${from}, per incident; median, p90 (linear interpolation, type 7) and mean over N incidents. ${note}`,
  anchors: `From ${from} to ${to}. ${BUCKET}`,
  includes: [SCOPE, 'open incidents that already have both key times'],
  excludes: [
    ...NOT_COUNTED,
    `incidents without ${from} (no fallback to another anchor)`,
    `incidents without ${to} (yet)`,
    `incidents whose ${to} is before their ${from}`,
  ],
  needs: [`key times ${from} and ${to}`],
});

/** Every metric, in the order the review shows them. */
export const METRICS: readonly MetricDefinition[] = [
  {
    id: 'incident_count',
    name: 'Incidents',
    unit: 'count',
    formula:
      'Number of incidents per bucket and key of the chosen breakdown: level in the chosen sequence, team, service, business line, root-cause class, detection source or recovery method. A missing value has its own key (none, unclassified, unknown). With recovery method an incident counts once under each method it used.',
    anchors: BUCKET,
    includes: [SCOPE, 'open, resolved and closed incidents alike', 'incidents of every level, and of none'],
    excludes: NOT_COUNTED,
    needs: [
      'incident level, team, service; catalog business line',
      'postmortem classification and detection source (else the declared report source)',
      'executed recovery steps',
    ],
  },
  {
    id: 'repeat_incidents',
    name: 'Repeat incidents',
    unit: 'count',
    formula:
      'Incidents for which an earlier incident of the same service and root-cause class was detected at most the repeat window (default 30 days) before; share = repeats ÷ N, N = counted incidents with both a service and a cause class.',
    anchors: `detected_at of both incidents. ${BUCKET}`,
    includes: [SCOPE, 'earlier incidents before the period start (the look-back reaches back one window)'],
    excludes: [...NOT_COUNTED, 'incidents without a service or without a root-cause class'],
    needs: ['incident service', 'postmortem classification'],
  },
  duration('mttd', 'Mean time to detect (MTTD)', 'impact_started_at', 'detected_at', 'Impact start → detection.'),
  duration(
    'mtta',
    'Mean time to acknowledge (MTTA)',
    'detected_at',
    'acknowledged_at',
    'Detection → first acknowledgement.',
  ),
  duration(
    'time_to_locate',
    'Time to locate',
    'impact_started_at',
    'cause_located_at',
    'Impact start → cause located (the 1-5-10 locate stage measures from the same anchor).',
  ),
  duration(
    'mttr',
    'Mean time to restore (MTTR)',
    'impact_started_at',
    'mitigated_at',
    'Impact start → service restored (mitigated), not → resolved.',
  ),
  duration('time_to_resolve', 'Time to resolve', 'impact_started_at', 'resolved_at', 'Impact start → resolved.'),
  {
    id: 'clock_compliance',
    name: '1-5-10 compliance',
    unit: 'ratio',
    formula:
      "Per stage (detect, locate, recover) and level: met ÷ N, N = met + breached. A stage is met when it ended within its target, as the incident page's 1-5-10 clock reads it: from impact_started_at (from detected_at when impact start is unknown, and then detect is not applicable); locate ends at cause_located_at, or mitigated_at / resolved_at if earlier; recover ends at mitigated_at or resolved_at. Targets per level come from the response config; for several sequences the most severe demand wins.",
    anchors: `Impact start to the stage's end; read at the time of the query. ${BUCKET}`,
    includes: [SCOPE, 'stages still running past their target (breached)'],
    excludes: [
      ...NOT_COUNTED,
      'stages still running within their target (running)',
      'stages without a target at the level (no-target)',
      'incidents with neither impact start nor detection (no-anchor)',
      'detect when impact start is unknown (anchored-on-detection)',
    ],
    needs: ['key times impact_started_at, detected_at, cause_located_at, mitigated_at, resolved_at', 'levels'],
  },
  {
    id: 'releases_vs_faults',
    name: 'Releases against faults',
    unit: 'count',
    formula:
      'Per bucket, side by side: changes (and of them deploys) started in the bucket, incidents, and change-induced incidents. Never divided into each other (a ratio of unrelated counts says nothing).',
    anchors: `Changes by started_at, incidents by detected_at, both in the query zone's buckets.`,
    includes: [
      SCOPE,
      'changes that landed on the filtered service, or on a service of the filtered team or business line (every change without those filters)',
    ],
    excludes: [...NOT_COUNTED, 'changes outside the period'],
    needs: ['changes recorded (API, CLI, PagerDuty change events, webhooks)'],
  },
  {
    id: 'change_induced_share',
    name: 'Change-induced share',
    unit: 'ratio',
    formula: "Incidents with at least one change whose current verdict is 'caused' ÷ N counted incidents.",
    anchors: BUCKET,
    includes: [SCOPE],
    excludes: NOT_COUNTED,
    needs: ["'caused' verdicts on suspect changes"],
  },
  {
    id: 'change_failure_rate',
    name: 'Change failure rate',
    unit: 'ratio',
    formula:
      "Changes started in the period whose current verdict on some incident is 'caused' ÷ N changes started in the period. From verdicts, not from incidents ÷ deployments.",
    anchors: 'Change started_at in the period (the incident may be outside it).',
    includes: ['every change kind (deploy, config, flag, migration, infra) in the change scope'],
    excludes: ['changes outside the period'],
    needs: ["'caused' verdicts on suspect changes"],
  },
  {
    id: 'rollback_share',
    name: 'Recovery by rollback',
    unit: 'ratio',
    formula:
      'Restored incidents with an executed rollback recovery step ÷ N restored incidents (mitigated_at or resolved_at set).',
    anchors: BUCKET,
    includes: [SCOPE],
    excludes: [...NOT_COUNTED, 'incidents not yet restored', 'rollback steps asked for but never executed'],
    needs: ['recovery playbook steps executed through Faultline'],
  },
  {
    id: 'postmortem_timeliness',
    name: 'Postmortem timeliness',
    unit: 'count',
    formula:
      'Postmortems of the counted incidents, by the level they were opened at: on time (published by due_at), late (published after), overdue (unpublished, due_at passed at query time), pending (unpublished, not yet due). N = postmortems.',
    anchors: `due_at (working days after resolution on the team calendar) against published_at. ${BUCKET}`,
    includes: [SCOPE],
    excludes: [...NOT_COUNTED, 'incidents without a postmortem (counted apart)'],
    needs: ['postmortems'],
  },
  {
    id: 'action_completion',
    name: 'Action completion',
    unit: 'ratio',
    formula: 'Actions done or verified ÷ N actions of the postmortems of the counted incidents.',
    anchors: `The incident's bucket (not the action's due date).`,
    includes: [SCOPE],
    excludes: NOT_COUNTED,
    needs: ['improvement actions'],
  },
  {
    id: 'action_overdue',
    name: 'Overdue actions',
    unit: 'ratio',
    formula: 'Actions neither done nor verified whose due_at has passed at query time ÷ N actions.',
    anchors: `due_at against the query time. The incident's bucket.`,
    includes: [SCOPE],
    excludes: NOT_COUNTED,
    needs: ['improvement actions'],
  },
  {
    id: 'action_verified',
    name: 'Verified actions',
    unit: 'ratio',
    formula: 'Actions verified ÷ N actions done or verified.',
    anchors: `The incident's bucket.`,
    includes: [SCOPE],
    excludes: [...NOT_COUNTED, 'open and in-progress actions'],
    needs: ['improvement actions'],
  },
  {
    id: 'action_unverified',
    name: 'Closed without verification',
    unit: 'ratio',
    formula: 'Actions done but never verified by their verifier ÷ N actions done or verified.',
    anchors: `The incident's bucket.`,
    includes: [SCOPE],
    excludes: [...NOT_COUNTED, 'open and in-progress actions'],
    needs: ['improvement actions'],
  },
  {
    id: 'oncall_load',
    name: 'On-call load',
    unit: 'count',
    formula:
      "Pages per person, split by when they arrived in the person's own time zone (profile): business hours (by default Monday–Friday 09:00–18:00), sleep hours (by default every day 22:00–07:00; both set by config analytics.hours), off hours (the rest). One page = one escalation step reaching one person for one incident, however many contact methods it used; N = pages.",
    anchors: "The page's first delivery (sent_at) in the period; hours in the person's zone.",
    includes: [
      'pages of incidents that pass the filters and that the caller may see, including incidents later cancelled (a false alarm still woke someone)',
    ],
    excludes: [
      'notifications not delivered (failed, cancelled, held)',
      'messages to channels and addresses that are not a person',
    ],
    needs: ['notifications sent to people', "each person's time zone"],
  },
  {
    id: 'noise_share',
    name: 'Noise share',
    unit: 'ratio',
    formula:
      'Incidents a person marked as noise ÷ N, N = counted incidents; overall, per source and per rule. Source: each integration the incident’s alerts came through (declared when it has no alerts; an incident with alerts from several integrations counts once under each). Rule: the id of the grading rule behind its level in the chosen sequence (manual when a person set the level), else alertname:<name> of its first alert, else none. The mark is the one in place when the review is computed (a mark taken back does not count).',
    anchors: BUCKET,
    includes: [SCOPE, 'open, resolved and closed incidents alike'],
    excludes: [...NOT_COUNTED, 'noise marks on single alerts (only the incident’s own mark counts)'],
    needs: [
      'noise marks on incidents',
      'alert integrations and alertname labels',
      'level explanations (grading rule ids)',
    ],
  },
];

/** The dictionary entry of `id`. @throws RangeError for an unknown id */
export function metricDefinition(id: string): MetricDefinition {
  const m = METRICS.find((d) => d.id === id);
  if (!m) throw new RangeError(`no metric ${id}`);
  return m;
}
