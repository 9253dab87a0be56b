import { describe, expect, it } from 'vitest';
import { safeNext } from './safe-next.ts';

describe('safeNext', () => {
  it('keeps same-origin console paths', () => {
    expect(safeNext('/incidents/7')).toBe('/incidents/7');
    expect(safeNext('/incidents?status=all')).toBe('/incidents?status=all');
  });
  it('falls back to the list for missing, foreign or looping targets', () => {
    const foreign = [
      'https://evil.example',
      '//evil.example',
      '/\\evil.example',
      '/\t/evil.example',
      '/\n/evil.example',
    ];
    for (const next of [null, '', ...foreign, '/./signin', '/signin?next=/x']) {
      expect(safeNext(next)).toBe('/incidents');
    }
  });
});
