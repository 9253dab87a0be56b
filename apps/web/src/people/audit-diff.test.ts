import { describe, expect, it } from 'vitest';
import { auditDiff } from './audit-diff.ts';

describe('audit entry changes', () => {
  it('lists changed, added and removed fields, nested values as JSON', () => {
    expect(
      auditDiff(
        { name: 'Ann', role: 'viewer', teams: ['a'], phone: '+1415' },
        { name: 'Ann', role: 'manager', teams: ['a', 'b'], locale: 'en' },
      ),
    ).toEqual([
      { field: 'role', before: '"viewer"', after: '"manager"' },
      { field: 'teams', before: '["a"]', after: '["a","b"]' },
      { field: 'phone', before: '"+1415"', after: null },
      { field: 'locale', before: null, after: '"en"' },
    ]);
  });

  it('shows every field of a creation or a deletion', () => {
    expect(auditDiff(null, { id: 3 })).toEqual([{ field: 'id', before: null, after: '3' }]);
    expect(auditDiff({ id: 3 }, null)).toEqual([{ field: 'id', before: '3', after: null }]);
  });
});
