import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { METRICS } from './dictionary.ts';

describe('docs/analytics.md', () => {
  const doc = readFileSync(new URL('../../../../docs/analytics.md', import.meta.url), 'utf8');

  it('prints every metric of the dictionary with the formula the API serves', () => {
    for (const m of METRICS) {
      expect(doc).toContain(`### \`${m.id}\` — ${m.name}`);
      expect(doc).toContain(`- **Formula**: ${m.formula}`);
      expect(doc).toContain(`- **Excludes**: ${m.excludes.join('; ')}`);
    }
  });
});
