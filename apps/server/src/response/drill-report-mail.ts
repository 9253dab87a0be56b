/**
 * A drill's report, emailed to its participants when the drill ends (issue 17 point 10; docs/response.md "Fault
 * drills"): resolving or cancelling a drill incident queues `response.drill-report` (incident/resolve.ts,
 * incident/lifecycle.ts), which mails the report — each 1-5-10 stage's time against its target, the check-ins
 * and the roles — once per drill: the emission key `drill-report` is stored in the mail's transaction, so a
 * reopened and resolved-again drill, a repeated job or a second node sends nothing more. The mail goes through
 * the notify mail job (outbox, retries), its subject marked [DRILL].
 */
import type { DrillReport } from '@faultline/contracts';
import type { JobOutcome } from '../engine/index.ts';
import { enqueueJob } from '../engine/index.ts';
import type { Runtime } from '../kernel/index.ts';
import { DRILL_MARK } from '../notify/index.ts';
import { buildDrillReport } from './drills.ts';
import { ENDED_STATUSES } from './room.ts';
import { lockRoom, recordEmission } from './store.ts';

/** The emission key that makes the report mail once per drill. */
const KEY = 'drill-report';

const STAGE = { detect: 'Detect', locate: 'Locate the cause', recover: 'Restore service' } as const;

/** `ms` as minutes and seconds, e.g. `6m 05s`; `—` for null. */
export function minutesSeconds(ms: number | null): string {
  if (ms === null) return '—';
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
}

/**
 * The report mail's subject and text for `report`, linking to `reportUrl`. Durations only (no wall-clock
 * times, so no time zone): each stage's time from the drill's start against its target, each member's
 * check-in time from their invitation, each role's first holder and when they took it.
 */
export function drillReportMail(report: DrillReport, reportUrl: string): { subject: string; text: string } {
  const level = report.level ? ` ${report.level}` : '';
  const lines = [
    `${DRILL_MARK} Report of the drill #${report.incidentId}${level}: ${report.title} (${report.status})`,
    `Declared by ${report.declaredBy}${report.scheduleId ? ` (schedule ${report.scheduleId})` : ''}.`,
    '',
    '1-5-10 (from the drill’s start):',
    ...report.stages.map(
      (s) =>
        `- ${STAGE[s.stage]}: ${minutesSeconds(s.tookMs)} (target ${s.targetMs === null ? 'none' : minutesSeconds(s.targetMs)}) — ${s.state}`,
    ),
    '',
    'Check-ins (from the first invitation):',
    ...(report.checkIns.length
      ? report.checkIns.map(
          (c) => `- ${c.person}: ${c.state}${c.afterMs === null ? '' : ` after ${minutesSeconds(c.afterMs)}`}`,
        )
      : ['- nobody was invited']),
    '',
    'Roles (first holder, from the drill’s start):',
    ...report.roles
      .filter((r) => r.required || r.filledAfterMs !== null)
      .map(
        (r) =>
          `- ${r.role}: ${r.holder ?? 'never filled'}${r.filledAfterMs === null ? '' : ` after ${minutesSeconds(r.filledAfterMs)}`}`,
      ),
  ];
  if (report.rolesMissing.length) lines.push(`Required roles never filled: ${report.rolesMissing.join(', ')}`);
  lines.push('', `The report: ${reportUrl}`);
  return {
    subject: `${DRILL_MARK} [Faultline] #${report.incidentId}${level}: drill report — ${report.title}`,
    text: lines.join('\n'),
  };
}

/**
 * The `response.drill-report` job: mails drill `incidentId`'s report to its participants once it has ended
 * (resolved, closed or cancelled), at most once per drill. Not a drill, not ended (reopened before the job
 * ran) or already mailed: nothing.
 */
export async function mailDrillReport(rt: Runtime, incidentId: number): Promise<JobOutcome> {
  const now = rt.clock.now();
  await rt.db.transaction(async (tx) => {
    await lockRoom(tx, incidentId);
    const report = await buildDrillReport(tx, rt.config(), incidentId, now);
    if (!report || !ENDED_STATUSES.has(report.status) || report.participants.length === 0) return;
    if (!(await recordEmission(tx, incidentId, KEY, now))) return;
    const mail = drillReportMail(report, `${rt.publicUrl.replace(/\/+$/, '')}/drills/${incidentId}`);
    await enqueueJob(tx, 'notify.mail', { to: report.participants, ...mail }, now, now);
  });
  rt.wakeEngine();
  return { kind: 'done', incidentIds: [incidentId] };
}
