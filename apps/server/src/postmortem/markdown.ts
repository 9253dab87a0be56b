/**
 * A postmortem as Markdown (issue 10 item 7: export). Free-text fields are Markdown already and are copied as
 * written; structured fields become short lists. Pure.
 */
import type { PostmortemSectionId, PostmortemView } from '@faultline/contracts';

const orDash = (v: string | number | null | undefined) => (v === null || v === undefined || v === '' ? '—' : String(v));
/** One line of text for a table cell or list item: no line breaks, no table pipes. */
const inline = (s: string) => s.replace(/[\r\n]+/g, ' ').replace(/\|/g, '\\|');

/** The Markdown of one template section. */
function sectionBlock(pm: PostmortemView, id: PostmortemSectionId): string[] {
  const s = pm.sections;
  switch (id) {
    case 'summary':
      return ['## Summary', '', s.summary || '—'];
    case 'impact':
      return [
        '## Impact',
        '',
        `- Periods: ${orDash(s.impact.periods)}${s.impact.periodsSource ? ` (${inline(s.impact.periodsSource)})` : ''}`,
        `- Decline: ${orDash(s.impact.declinePercent)} %${s.impact.declineSource ? ` (${inline(s.impact.declineSource)})` : ''}`,
        `- Financial loss: ${orDash(s.impact.financialLoss)}`,
        `- Users affected: ${orDash(s.impact.usersAffected)} · Merchants: ${orDash(s.impact.merchantsAffected)}`,
        `- Calls: ${orDash(s.impact.calls)} · Complaints: ${orDash(s.impact.complaints)}`,
        '',
        s.impact.notes,
      ];
    case 'timeline':
      return [
        '## Timeline',
        '',
        '| time (UTC) | what happened |',
        '|---|---|',
        ...s.timeline.map((l) => `| ${l.at} | ${inline(l.text)} |`),
      ];
    case 'rootCause':
      return ['## Root cause', '', s.rootCause || '—'];
    case 'prevention':
      return [
        '## Prevention',
        '',
        `- Triggered by a change: ${s.prevention.changeTriggered === null ? '—' : s.prevention.changeTriggered ? 'yes' : 'no'}`,
        `- Linked changes: ${s.prevention.linkedChanges.map(inline).join(', ') || '—'}`,
        '',
        s.prevention.notes,
      ];
    case 'discovery':
      return [
        '## Discovery',
        '',
        `- Detection: ${orDash(s.discovery.detectionMinutes)} min · source: ${orDash(pm.detectionSource)}`,
        '',
        s.discovery.monitoringGaps,
      ];
    case 'response':
      return [
        '## Response',
        '',
        `- Acknowledged after ${orDash(s.response.acknowledgeMinutes)} min`,
        '',
        s.response.notes,
      ];
    case 'recovery':
      return [
        '## Recovery',
        '',
        `- Recovered after ${orDash(s.recovery.recoveryMinutes)} min · method: ${orDash(s.recovery.method)}`,
        '',
        s.recovery.documentation,
      ];
    case 'improvement':
      return ['## Improvement', '', s.improvement || '—'];
    case 'wentWell':
      return ['## What went well', '', s.wentWell || '—'];
    case 'wentBadly':
      return ['## What went badly', '', s.wentBadly || '—'];
    case 'lucky':
      return ['## Where we got lucky', '', s.lucky || '—'];
  }
}

/** Renders `pm` as a Markdown document: its template's sections in order, then the actions and checkpoints. */
export function renderMarkdown(pm: PostmortemView): string {
  const out: string[] = [
    `# Postmortem #${pm.id}: ${inline(pm.incidentTitle)}`,
    '',
    `- Incident: #${pm.incidentId} (${pm.incidentStatus})`,
    `- Level: ${orDash(pm.level)} · Owner: ${orDash(pm.owner)} · Team: ${orDash(pm.team)}`,
    `- Status: ${pm.status} · Due: ${pm.dueAt}${pm.overdue ? ' (overdue)' : ''}`,
    `- Root cause class: ${orDash(pm.classification)} · Detected by: ${orDash(pm.detectionSource)}`,
    '',
    ...pm.template.flatMap((id) => [...sectionBlock(pm, id), '']),
    '## Improvement actions',
    '',
    '| # | action | owner | verifier | due | state | acceptance criteria |',
    '|---|---|---|---|---|---|---|',
    ...pm.actions.map(
      (a) =>
        `| ${a.id} | ${inline(a.title)} | ${inline(a.owner)} | ${inline(a.verifier)} | ${a.dueAt} | ${a.state}${a.overdue ? ' (overdue)' : ''} | ${inline(a.acceptanceCriteria)} |`,
    ),
    '',
    '## Checkpoints',
    '',
    ...pm.checkpoints.map((c) => `- ${c.id}: ${c.state}${c.detail ? ` — ${inline(c.detail)}` : ''}`),
    '',
  ];
  return out.join('\n');
}
