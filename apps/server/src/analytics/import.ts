/**
 * Readers of past incident histories (issue 11 "import history"; docs/analytics.md#importing-history), pure:
 * a Statuspage-style history (one JSON incident per line, as the `github-status-incidents` fixture) and a CSV
 * of incidents with key times. Each gives the API's `ImportedIncident`s; the incident domain writes them.
 */
import type { ImportedIncident } from '@faultline/contracts';

/** Statuspage impact → level of sequence P (seed 000's ladder: critical is P1). Maintenance is not a fault. */
export const STATUSPAGE_LEVEL: Readonly<Record<string, number | null>> = {
  critical: 1,
  major: 2,
  minor: 3,
  none: 4,
};

/** A line that could not be read: its 1-based line number and why. */
export interface ImportProblem {
  line: number;
  message: string;
}

/**
 * Reads a Statuspage history: one JSON object per line with `id`, `title`, `started_at`, `resolved_at`,
 * `impact`, `components[]`, `updates[]` (`at`, `status`). Impact start = `started_at`; detected = the first
 * `Investigating` update (else `started_at`); restored and resolved = `resolved_at`; service = the first
 * component. Maintenance windows are skipped (not faults); so are incidents without `resolved_at`.
 */
export function readStatuspageHistory(text: string): {
  incidents: ImportedIncident[];
  skipped: number;
  problems: ImportProblem[];
} {
  const incidents: ImportedIncident[] = [];
  const problems: ImportProblem[] = [];
  let skipped = 0;
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(line) as Record<string, unknown>;
    } catch {
      problems.push({ line: i + 1, message: 'not JSON' });
      return;
    }
    const impact = String(o.impact ?? 'none');
    const started = typeof o.started_at === 'string' ? o.started_at : null;
    const resolved = typeof o.resolved_at === 'string' ? o.resolved_at : null;
    if (impact === 'maintenance' || !resolved || !started) {
      skipped += 1;
      return;
    }
    if (typeof o.id !== 'string' && typeof o.id !== 'number') {
      problems.push({ line: i + 1, message: 'no id' });
      return;
    }
    const updates = Array.isArray(o.updates) ? (o.updates as Array<{ at?: unknown; status?: unknown }>) : [];
    const investigating = updates.find((u) => u.status === 'Investigating' && typeof u.at === 'string');
    const components = Array.isArray(o.components) ? o.components.filter((c) => typeof c === 'string') : [];
    const detected = (investigating?.at as string | undefined) ?? started;
    incidents.push({
      externalId: `statuspage:${o.id}`,
      title: String(o.title ?? `incident ${o.id}`).slice(0, 200) || `incident ${o.id}`,
      level: STATUSPAGE_LEVEL[impact] ?? null,
      service: (components[0] as string | undefined)?.slice(0, 200) ?? null,
      impactStartedAt: started,
      detectedAt: Date.parse(detected) > Date.parse(resolved) ? started : detected,
      mitigatedAt: resolved,
      resolvedAt: resolved,
    });
  });
  return { incidents, skipped, problems };
}

/** Splits CSV text into rows of fields (RFC 4180: quoted fields may hold commas, quotes doubled, line breaks). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  row.push(field);
  if (row.some((f) => f !== '')) rows.push(row);
  return rows;
}

/** The CSV columns, by header name; `id`, `title`, `detected_at` and `resolved_at` are required. */
export const CSV_COLUMNS = [
  'id',
  'title',
  'level',
  'service',
  'team',
  'impact_started_at',
  'detected_at',
  'acknowledged_at',
  'mitigated_at',
  'resolved_at',
] as const;

/**
 * Reads a CSV of past incidents with a header row naming the columns (`CSV_COLUMNS`, any order; `level` as
 * `P2` or `2`). Empty cells are absent values. A row missing a required value is a problem, not an import.
 */
export function readIncidentCsv(text: string): { incidents: ImportedIncident[]; problems: ImportProblem[] } {
  const [header, ...rows] = parseCsv(text);
  if (!header) return { incidents: [], problems: [{ line: 1, message: 'empty file' }] };
  const col = new Map(header.map((h, i) => [h.trim().toLowerCase(), i]));
  const missing = ['id', 'title', 'detected_at', 'resolved_at'].filter((c) => !col.has(c));
  if (missing.length) return { incidents: [], problems: [{ line: 1, message: `no column ${missing.join(', ')}` }] };
  const incidents: ImportedIncident[] = [];
  const problems: ImportProblem[] = [];
  rows.forEach((r, i) => {
    const get = (name: (typeof CSV_COLUMNS)[number]) => {
      const v = col.has(name) ? r[col.get(name)!]?.trim() : undefined;
      return v ? v : null;
    };
    const id = get('id');
    const title = get('title');
    const detected = get('detected_at');
    const resolved = get('resolved_at');
    if (!id || !title || !detected || !resolved) {
      problems.push({ line: i + 2, message: 'id, title, detected_at and resolved_at are required' });
      return;
    }
    const level = get('level');
    const m = level ? /^([A-Z])?([1-9])$/.exec(level) : null;
    if (level && !m) {
      problems.push({ line: i + 2, message: `level "${level}": use P2 or 2` });
      return;
    }
    incidents.push({
      externalId: `csv:${id}`,
      title,
      sequence: m?.[1] ?? 'P',
      level: m ? Number(m[2]) : null,
      service: get('service'),
      team: get('team'),
      impactStartedAt: get('impact_started_at'),
      detectedAt: detected,
      acknowledgedAt: get('acknowledged_at'),
      mitigatedAt: get('mitigated_at'),
      resolvedAt: resolved,
    });
  });
  return { incidents, problems };
}
