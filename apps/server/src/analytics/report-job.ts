/**
 * The monthly report by email (issue 11 point 4; config `analytics.report`): on the schedule's day and hour
 * in its zone, the review of the previous calendar month of that zone goes to every recipient as a PDF, with
 * the month's notable faults in the mail's text.
 *
 * One periodic job (`analytics.report`) carries the month it will report. Once across nodes: the job is
 * claimed by one node, and the mail and the next run are queued in one transaction that first checks that
 * no next run is waiting — so a duplicate or re-claimed run, finding the next run already queued, sends
 * nothing. A changed day or hour applies from the next report; a server that is down at the scheduled time
 * sends that month's report when it is up again (the job is due, not lost), and each later month's after it.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';
import { AnalyticsCsvQuery } from '@faultline/contracts';
import { enqueueJob, enqueueOnce, type JobDefinition, type JobOutcome } from '../engine/index.ts';
import { systemCtx, type Runtime } from '../kernel/index.ts';
import type { AnalyticsReportConfig } from './config.ts';
import { reviewReport } from './read.ts';
import { formatDuration } from './report-text.ts';

const ReportPayload = z.object({ month: z.string().regex(/^\d{4}-\d{2}$/) });

declare module '../engine/jobs.ts' {
  interface JobPayloads {
    /** Email the review of `month` (YYYY-MM in the schedule's zone) and queue the next month's run. */
    'analytics.report': z.infer<typeof ReportPayload>;
  }
}

/**
 * The next scheduled instant after `now` (or at it), and the month it reports: the calendar month before the
 * run's, in the schedule's zone. An hour skipped by a DST change moves forward with the clock (luxon).
 */
export function nextReport(now: Date, schedule: AnalyticsReportConfig['schedule']): { runAt: Date; month: string } {
  const local = DateTime.fromJSDate(now, { zone: schedule.timeZone }).startOf('month');
  const at = (m: DateTime) => m.set({ day: schedule.day, hour: schedule.hour, minute: 0, second: 0, millisecond: 0 });
  let run = at(local);
  if (run.toMillis() < now.getTime()) run = at(local.plus({ months: 1 }));
  return { runAt: run.toJSDate(), month: run.minus({ months: 1 }).toFormat('yyyy-MM') };
}

/**
 * Starts the monthly chain when a report is configured (an already waiting run is kept). Called at boot and
 * after a config reload.
 */
export async function startMonthlyReport(rt: Pick<Runtime, 'db' | 'clock' | 'config'>): Promise<void> {
  const report = rt.config().config.analytics.report;
  if (!report) return;
  const now = rt.clock.now();
  const next = nextReport(now, report.schedule);
  await enqueueOnce(rt.db, 'analytics.report', { month: next.month }, next.runAt, now);
}

/** The mail's text: the month's headline numbers and its notable faults, with a link to the console. */
function mailText(
  rt: Runtime,
  month: string,
  q: { from: string; to: string; timeZone: string },
  r: Awaited<ReturnType<typeof reviewReport>>,
): string {
  const c = r.review.current;
  const p = r.review.previous;
  const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)} %`);
  const lines = [
    `Fault review of ${month} (${q.timeZone}); the full report is attached as a PDF.`,
    '',
    `Incidents: ${c.incidents} (previous month: ${p.incidents})`,
    `MTTR (impact start → mitigated), median: ${formatDuration(c.durations.mttr.median)} over ${c.durations.mttr.n} incidents`,
    `1-5-10 compliance: ${pct(c.clockCompliance.rate)} of ${c.clockCompliance.n} stage readings`,
    `Change-induced share: ${pct(c.changeInducedShare.rate)} of ${c.changeInducedShare.n}`,
    '',
    r.notable.length ? `Notable faults (level 1 and 2): ${r.notable.length}` : 'No notable faults (level 1 or 2).',
    ...r.notable.map(
      (i) =>
        `- #${i.id} ${Object.entries(i.levels)
          .map(([s, n]) => `${s}${n}`)
          .join('/')} ${i.title} · ${i.status} · ${i.service ?? 'no service'} · detected ${i.detectedAt}`,
    ),
    '',
    `${rt.publicUrl.replace(/\/$/, '')}/analytics?from=${q.from}&to=${q.to}&timeZone=${encodeURIComponent(q.timeZone)}`,
  ];
  return lines.join('\n');
}

/** The `analytics.report` job: see the module comment. Without `analytics.report` in the config the chain ends. */
export async function runMonthlyReport(rt: Runtime, p: { month: string }): Promise<JobOutcome> {
  const report = rt.config().config.analytics.report;
  if (!report) return { kind: 'done' };
  const now = rt.clock.now();
  const first = DateTime.fromISO(`${p.month}-01`, { zone: report.schedule.timeZone });
  const from = first.toISODate()!;
  const to = first.plus({ months: 1 }).toISODate()!;
  const f = report.filters;
  const input = AnalyticsCsvQuery.parse({
    from,
    to,
    timeZone: report.schedule.timeZone,
    table: 'counts',
    sequence: f.sequence,
    ...(f.team !== undefined ? { team: f.team } : {}),
    ...(f.service !== undefined ? { service: f.service } : {}),
    ...(f.businessLine !== undefined ? { businessLine: f.businessLine } : {}),
    ...(f.level !== undefined ? { level: f.level.join(',') } : {}),
  });
  const result = await reviewReport({ ctx: systemCtx(rt, 'analytics-report'), input });
  // The next run reports the month after this one, on the schedule's day of the month after that.
  const next = nextReport(first.plus({ months: 2 }).toJSDate(), report.schedule);
  const queued = await rt.db.transaction(async (tx) => {
    // A next run already waiting means this month went out (a duplicate or re-claimed run): send nothing.
    if (!(await enqueueOnce(tx, 'analytics.report', { month: next.month }, next.runAt, now, now))) return false;
    await enqueueJob(
      tx,
      'notify.mail',
      {
        to: [...report.recipients],
        subject: `Fault review ${p.month}: ${result.review.current.incidents} incidents, ${result.notable.length} notable`,
        text: mailText(rt, p.month, input, result),
        attachments: [
          {
            filename: `fault-review-${p.month}.pdf`,
            contentType: 'application/pdf',
            contentBase64: result.pdf.toString('base64'),
          },
        ],
      },
      now,
      now,
    );
    return true;
  });
  if (queued) rt.wakeEngine();
  return { kind: 'done' };
}

export const analyticsJobs: { 'analytics.report': JobDefinition<Runtime, 'analytics.report'> } = {
  'analytics.report': { payload: ReportPayload, run: (rt, payload) => runMonthlyReport(rt, payload) },
};
