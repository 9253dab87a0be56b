/**
 * Loads config as code (CONVENTIONS §4): YAML syntax, then the zod schema (every issue, with its path), then
 * `lintConfig`. Every problem carries a dotted path and, where the YAML has it, a 1-based line, so the CLI
 * (`faultline config check FILE`) and the server's refusal message can point at the exact spot.
 */
import { readFile } from 'node:fs/promises';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { FaultlineConfig } from './schema.ts';
import type { ConfigProblem } from '../kernel/index.ts';
import { redactText } from '../lib/index.ts';

export type { ConfigProblem };
import { lintConfig } from './lint.ts';

/** The outcome of checking a config: the config when there is no error, and every problem found. */
export interface ConfigCheck {
  config: FaultlineConfig | null;
  problems: ConfigProblem[];
}

/**
 * Checks config text. YAML syntax errors stop the check (nothing else is reliable); otherwise every schema
 * issue is reported, and lint runs when the schema passes. Problems come sorted by line.
 *
 * @param now where lint's look-ahead for schedule gaps and overlaps starts (the server's clock)
 * @returns `config` (defaults applied) when no problem is an error, else null; never throws
 */
export function checkConfigText(text: string, now: Date): ConfigCheck {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number): number => lineCounter.linePos(offset).line;

  const problems: ConfigProblem[] = [];
  for (const e of doc.errors)
    problems.push({ path: '', message: yamlMessage(e.message), severity: 'error', line: lineAt(e.pos[0]) });
  for (const w of doc.warnings)
    problems.push({ path: '', message: yamlMessage(w.message), severity: 'warning', line: lineAt(w.pos[0]) });
  if (doc.errors.length > 0) return done(null, problems);

  let data: unknown;
  try {
    data = doc.toJS();
  } catch (err) {
    problems.push({
      path: '',
      message: `cannot read the YAML: ${err instanceof Error ? err.message : String(err)}`,
      severity: 'error',
    });
    return done(null, problems);
  }
  if (data === null || data === undefined) {
    problems.push({
      path: '',
      message: 'the config is empty; it starts with `version: 1`',
      severity: 'error',
      line: 1,
    });
    return done(null, problems);
  }
  const locate = (path: string): number | undefined => lineOf(doc, path, lineAt);

  const parsed = FaultlineConfig.safeParse(data);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      for (const p of fromIssue(issue, data)) problems.push({ ...p, line: locate(p.path) });
    }
    return done(null, problems);
  }
  for (const p of lintConfig(parsed.data, now)) problems.push({ ...p, line: p.line ?? locate(p.path) });
  return done(problems.some((p) => p.severity === 'error') ? null : parsed.data, problems);
}

function done(config: FaultlineConfig | null, problems: ConfigProblem[]): ConfigCheck {
  // Stable sort: problems without a line keep their place after those with one.
  const sorted = problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (a.p.line ?? Infinity) - (b.p.line ?? Infinity) || a.i - b.i)
    .map(({ p }) => p);
  return { config, problems: sorted };
}

/**
 * Reads and checks a config file.
 *
 * @param path file path (relative paths resolve against the working directory)
 * @param now as for `checkConfigText`
 * @returns as `checkConfigText`; an unreadable or missing file is one error problem; never throws
 */
export async function loadConfigFile(path: string, now: Date): Promise<ConfigCheck> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT'
        ? `config file not found: ${path} (set FAULTLINE_CONFIG or pass the path of a YAML file)`
        : code === 'EISDIR'
          ? `${path} is a directory, not a config file`
          : code === 'EACCES'
            ? `no permission to read the config file ${path}`
            : `cannot read the config file ${path}: ${err instanceof Error ? err.message : String(err)}`;
    return { config: null, problems: [{ path: '', message, severity: 'error' }] };
  }
  return checkConfigText(text, now);
}

/**
 * Formats problems one per line, e.g. `quickstart.yaml:12 teams.0.oncall.1: error: on-call "x" is not a member`.
 * The line number and the path are left out where unknown or empty; URL credentials are redacted. Returns `""` for
 * no problems.
 */
export function formatProblems(problems: ReadonlyArray<ConfigProblem>, fileName: string): string {
  // A message may quote a value (a YAML error quotes the line): URL credentials in it are redacted.
  return problems
    .map((p) =>
      redactText(`${fileName}${p.line ? `:${p.line}` : ''}${p.path ? ` ${p.path}` : ''}: ${p.severity}: ${p.message}`),
    )
    .join('\n');
}

// ---------------------------------------------------------------------------------------------------------
// Zod issues → problems

interface Issue {
  readonly code: string;
  readonly path: ReadonlyArray<PropertyKey>;
  readonly message: string;
  readonly keys?: readonly string[];
  readonly expected?: string;
}

function fromIssue(issue: Issue, data: unknown): Array<Omit<ConfigProblem, 'line'>> {
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys' && issue.keys) {
    const known = knownKeys(path);
    return issue.keys.map((key) => {
      const near = known ? closest(key, known) : undefined;
      return {
        path: [...path, key].join('.'),
        message: `unknown key "${key}"${near ? ` (did you mean "${near}"?)` : known ? ` (allowed here: ${known.join(', ')})` : ''}`,
        severity: 'error' as const,
      };
    });
  }
  if (issue.code === 'invalid_type' && valueAt(data, path) === undefined) {
    return [
      { path: path.join('.'), message: `required${issue.expected ? ` (${issue.expected})` : ''}`, severity: 'error' },
    ];
  }
  return [{ path: path.join('.'), message: lowerFirst(issue.message), severity: 'error' }];
}

function valueAt(data: unknown, path: readonly string[]): unknown {
  let v = data;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[seg];
  }
  return v;
}

/** The keys the schema allows at an object path, found by walking the zod schema (arrays, defaults, optionals). */
function knownKeys(path: readonly string[]): string[] | undefined {
  let schema: unknown = FaultlineConfig;
  const unwrap = (s: unknown): unknown => {
    for (let i = 0; i < 10; i++) {
      const def = (s as { def?: { type?: string; innerType?: unknown; in?: unknown } }).def;
      if (def?.type === 'default' || def?.type === 'optional' || def?.type === 'nullable' || def?.type === 'prefault')
        s = def.innerType;
      else if (def?.type === 'pipe') s = def.in;
      else break;
    }
    return s;
  };
  for (const seg of path) {
    schema = unwrap(schema);
    const def = (schema as { def?: { type?: string; element?: unknown; shape?: Record<string, unknown> } }).def;
    if (def?.type === 'array') schema = def.element;
    else if (def?.type === 'object' && def.shape) schema = def.shape[seg];
    else return undefined;
  }
  const def = (unwrap(schema) as { def?: { type?: string; shape?: Record<string, unknown> } }).def;
  return def?.type === 'object' && def.shape ? Object.keys(def.shape) : undefined;
}

/** The allowed key closest to a typo (edit distance ≤ 2, or one contains the other), if any. */
function closest(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const k of known) {
    const d = k.toLowerCase() === key.toLowerCase() ? 0 : distance(key, k);
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

function yamlMessage(message: string): string {
  return lowerFirst(message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''));
}

// ---------------------------------------------------------------------------------------------------------
// Paths → lines

/**
 * The line of the deepest YAML node on a dotted path: a map key's line for `a.b`, a sequence item's line for
 * `a.0`. A path that goes past the document (a missing key) gives the line of its nearest existing parent.
 */
function lineOf(doc: Document, path: string, lineAt: (offset: number) => number): number | undefined {
  let node: unknown = doc.contents;
  if (!node) return 1;
  let line = rangeLine(node, lineAt) ?? 1;
  if (path === '') return line;
  for (const seg of path.split('.')) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === seg);
      if (!pair) break;
      line = rangeLine(pair.key, lineAt) ?? line;
      node = pair.value;
    } else if (isSeq(node)) {
      const item: unknown = node.items[Number(seg)];
      if (item === undefined || !/^\d+$/.test(seg)) break;
      line = rangeLine(item, lineAt) ?? line;
      node = item;
    } else break;
  }
  return line;
}

function rangeLine(node: unknown, lineAt: (offset: number) => number): number | undefined {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? lineAt(range[0]) : undefined;
}
