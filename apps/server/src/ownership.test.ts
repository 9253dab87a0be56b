/**
 * One owner per fact (docs/architecture.md): a table is written (insert, update, delete) only by the domain
 * whose `tables.ts` declares it. Other domains read it for joins, and change it through the owner's verbs.
 * Read from the source text: every drizzle `.insert(t)` / `.update(t)` / `.delete(t)` and every raw
 * `insert into` / `update … set` / `delete from` outside test files is checked against the owner of `t`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('.', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

const folderOf = (path: string) => relative(ROOT, path).split(sep)[0]!;

/** Table variable and SQL name → the folder whose tables.ts declares it. */
function owners(files: string[]): { byVar: Map<string, string>; bySql: Map<string, string> } {
  const byVar = new Map<string, string>();
  const bySql = new Map<string, string>();
  for (const f of files.filter((f) => f.endsWith(`${sep}tables.ts`))) {
    for (const m of readFileSync(f, 'utf8').matchAll(/export const (\w+) = pgTable\(\s*'(\w+)'/g)) {
      byVar.set(m[1]!, folderOf(f));
      bySql.set(m[2]!, folderOf(f));
    }
  }
  return { byVar, bySql };
}

describe('one owner per fact', () => {
  const files = sources(ROOT);
  const { byVar, bySql } = owners(files);

  it('finds the tables', () => {
    expect(byVar.get('incidents')).toBe('incident');
    expect(bySql.get('notifications')).toBe('notify');
  });

  it('writes each table only from the domain that owns it', () => {
    const foreign: string[] = [];
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      const writer = folderOf(f);
      const report = (table: string, owner: string | undefined) => {
        if (owner && owner !== writer) foreign.push(`${relative(ROOT, f)} writes ${table} (owned by ${owner}/)`);
      };
      for (const m of text.matchAll(/\.(?:insert|update|delete)\((\w+)\)/g)) report(m[1]!, byVar.get(m[1]!));
      for (const m of text.matchAll(
        /\b(?:insert into|update|delete from)\s+(\w+)\b(?:\s+as\s+\w+)?\s+(?:\(|set|values|select|where|from)/gi,
      ))
        report(m[1]!, bySql.get(m[1]!));
    }
    expect(foreign).toEqual([]);
  });
});
