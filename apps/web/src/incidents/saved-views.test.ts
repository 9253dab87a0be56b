import { describe, expect, it } from 'vitest';
import { readViews, withView } from './saved-views.ts';

describe('saved views of the incident list', () => {
  it('reads what was stored for the person, and nothing from broken storage', () => {
    const store = (value: string | null) => ({ getItem: () => value });
    expect(readViews(store('[{"name":"P1s","query":"level=P1"}]'), 'ann')).toEqual([
      { name: 'P1s', query: 'level=P1' },
    ]);
    expect(readViews(store('not json'), 'ann')).toEqual([]);
    expect(readViews(store('{"name":"x"}'), 'ann')).toEqual([]);
    expect(readViews(store('[{"name":1,"query":"a"}]'), 'ann')).toEqual([]);
    expect(readViews(store(null), 'ann')).toEqual([]);
  });

  it('replaces a view of the same name, keeps names sorted, and refuses an empty name', () => {
    const one = withView([], { name: ' P1s ', query: 'level=P1' });
    const two = withView(one, { name: 'Mine', query: 'team=payments' });
    expect(two.map((v) => v.name)).toEqual(['Mine', 'P1s']);
    expect(withView(two, { name: 'P1s', query: 'level=P1&status=all' }).find((v) => v.name === 'P1s')!.query).toBe(
      'level=P1&status=all',
    );
    expect(withView(two, { name: '   ', query: 'x' })).toEqual(two);
  });
});
