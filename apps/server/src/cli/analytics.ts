/**
 * `faultline analytics review|metrics`: the monthly fault review in the terminal (docs/analytics.md). Every
 * number is printed with its N and the dictionary id that defines it (`faultline analytics metrics` prints the
 * definitions); `--csv <table>` prints one table as CSV, `--json` the whole review.
 */
import type { Command } from 'commander';
import { DateTime } from 'luxon';
import { readFileSync } from 'node:fs';
import type { AnalyticsReview, ImportResult, MetricDictionary } from '@faultline/contracts';
import { formatReview, readIncidentCsv, readStatuspageHistory } from '../analytics/index.ts';
import { call, callText, withServer, type ClientOptions } from './client.ts';

const out = (text: string) => process.stdout.write(`${text}\n`);

interface ReviewOptions extends ClientOptions {
  month?: string;
  from?: string;
  to?: string;
  timeZone: string;
  bucket: string;
  sequence: string;
  team?: string;
  service?: string;
  businessLine?: string;
  level?: string;
  dimension: string;
  csv?: string;
  json?: boolean;
}

/** The period of the options: `--month`, else `--from`/`--to`, else last month in the zone. */
function periodOf(o: ReviewOptions): { from: string; to: string } {
  if (o.month) {
    const m = DateTime.fromFormat(o.month, 'yyyy-MM', { zone: 'UTC' });
    if (!m.isValid) {
      process.stderr.write(`--month ${o.month}: use YYYY-MM, e.g. 2026-03\n`);
      process.exit(1);
    }
    return { from: m.toISODate()!, to: m.plus({ months: 1 }).toISODate()! };
  }
  if (o.from && o.to) return { from: o.from, to: o.to };
  const start = DateTime.now().setZone(o.timeZone).startOf('month').minus({ months: 1 });
  return { from: o.from ?? start.toISODate()!, to: o.to ?? start.plus({ months: 1 }).toISODate()! };
}

export function registerAnalyticsCommands(program: Command): void {
  const analytics = program.command('analytics').description('the monthly fault review (docs/analytics.md)');

  withServer(
    analytics
      .command('review')
      .description('counts, durations, 1-5-10 compliance, releases and postmortem discipline of a period')
      .option('--month <YYYY-MM>', 'one calendar month (default: last month)')
      .option('--from <YYYY-MM-DD>', 'first day of the period, in --time-zone')
      .option('--to <YYYY-MM-DD>', 'the day after the period, in --time-zone')
      .option('--time-zone <zone>', 'IANA zone whose months count', Intl.DateTimeFormat().resolvedOptions().timeZone)
      .option('--bucket <size>', 'week, month or quarter', 'month')
      .option('--sequence <id>', 'the sequence whose levels break counts down', 'P')
      .option('--team <id>')
      .option('--service <id>')
      .option('--business-line <id>')
      .option('--level <labels>', 'comma list, e.g. P1,P2')
      .option(
        '--dimension <name>',
        'counts by level, team, service, businessLine, causeClass, detectionSource, recoveryMethod',
        'level',
      )
      .option(
        '--csv <table>',
        'print one table as CSV: counts, durations, compliance, releases, postmortems, actions, repeats, oncall, noise',
      )
      .option('--json', 'print the whole review as JSON'),
  ).action(async (o: ReviewOptions) => {
    const q = new URLSearchParams({
      ...periodOf(o),
      timeZone: o.timeZone,
      bucket: o.bucket,
      sequence: o.sequence,
      ...(o.team ? { team: o.team } : {}),
      ...(o.service ? { service: o.service } : {}),
      ...(o.businessLine ? { businessLine: o.businessLine } : {}),
      ...(o.level ? { level: o.level } : {}),
    });
    if (o.csv) {
      q.set('table', o.csv);
      q.set('dimension', o.dimension);
      process.stdout.write(await callText(o, 'GET', `/api/v1/analytics/review.csv?${q}`));
      return;
    }
    const review = await call<AnalyticsReview>(o, 'GET', `/api/v1/analytics/review?${q}`);
    out(o.json ? JSON.stringify(review, null, 2) : formatReview(review, o.dimension));
  });

  withServer(analytics.command('metrics').description('the metric dictionary: what every number means')).action(
    async (o: ClientOptions) => {
      const d = await call<MetricDictionary>(o, 'GET', '/api/v1/analytics/dictionary');
      for (const m of d.metrics) {
        out(`${m.id} — ${m.name} (${m.unit})`);
        out(`  formula: ${m.formula}`);
        out(`  anchors: ${m.anchors}`);
        out(`  includes: ${m.includes.join('; ')}`);
        out(`  excludes: ${m.excludes.join('; ')}`);
        out(`  needs: ${m.needs.join('; ')}\n`);
      }
    },
  );

  withServer(
    analytics
      .command('import <file>')
      .description('import past incidents: resolved, marked imported, paging nobody (a repeat adds nothing)')
      .option('--format <format>', 'statuspage (one JSON incident per line) or csv', 'statuspage')
      .option('--batch <n>', 'incidents per request', '200'),
  ).action(async (file: string, o: ClientOptions & { format: string; batch: string }) => {
    const text = readFileSync(file, 'utf8');
    const read =
      o.format === 'csv'
        ? { ...readIncidentCsv(text), skipped: 0 }
        : o.format === 'statuspage'
          ? readStatuspageHistory(text)
          : null;
    if (!read) {
      process.stderr.write(`--format ${o.format}: use statuspage or csv\n`);
      process.exit(1);
    }
    for (const p of read.problems) process.stderr.write(`${file}:${p.line}: ${p.message}\n`);
    const size = Math.min(500, Math.max(1, Number(o.batch) || 200));
    let imported = 0;
    let repeated = 0;
    for (let i = 0; i < read.incidents.length; i += size) {
      const batch = read.incidents.slice(i, i + size);
      const r = await call<ImportResult>(o, 'POST', '/api/v1/analytics/import', { incidents: batch });
      imported += r.imported;
      repeated += r.skipped;
      out(
        `${Math.min(i + size, read.incidents.length)}/${read.incidents.length} sent · ${imported} imported · ${repeated} already there`,
      );
    }
    out(
      `done: ${imported} imported, ${repeated} already there, ${read.skipped} not faults (maintenance, unresolved), ${read.problems.length} unreadable`,
    );
  });
}
