import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sameOriginPath } from './next-path.ts';

/** Where a browser on https://faultline.example would go when redirected to `location`. */
const browserGoesTo = (location: string) => new URL(location, 'https://faultline.example').origin;

describe('sameOriginPath', () => {
  it('keeps paths on this server, with query and fragment', () => {
    expect(sameOriginPath('/incidents/7')).toBe('/incidents/7');
    expect(sameOriginPath('/incidents?status=all#top')).toBe('/incidents?status=all#top');
    expect(sameOriginPath('/')).toBe('/');
  });

  it('normalises as a browser does (dot segments, encoding)', () => {
    expect(sameOriginPath('/a/../incidents/7')).toBe('/incidents/7');
    expect(sameOriginPath('/incidents/ä b')).toBe('/incidents/%C3%A4%20b');
    // Encoded slashes and backslashes stay inside the path.
    expect(sameOriginPath('/%2F%2Fevil.example')).toBe('/%2F%2Fevil.example');
    expect(sameOriginPath('/%5Cevil.example')).toBe('/%5Cevil.example');
    expect(sameOriginPath('/%09/evil.example')).toBe('/%09/evil.example');
  });

  it('refuses the classic open-redirect payloads', () => {
    const payloads = [
      'https://evil.example/',
      'http:evil.example',
      'https:/evil.example',
      '//evil.example',
      '///evil.example',
      '////evil.example',
      '/\\evil.example',
      '/\\/evil.example',
      '\\\\evil.example',
      '\\/evil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      '/\r/evil.example',
      '/\r\n/evil.example',
      '/\u0000/evil.example',
      '/./\\evil.example',
      '/.//evil.example',
      '/..//evil.example',
      '/a/..//evil.example',
      ' //evil.example',
      '\t//evil.example',
      'javascript:alert(1)',
      'evil.example',
      '',
      null,
      undefined,
    ];
    for (const p of payloads) expect(sameOriginPath(p), JSON.stringify(p)).toBeNull();
  });

  it('whatever it accepts, a browser redirected there stays on this server', () => {
    // Strings built from the characters URL parsers treat specially.
    const piece = fc.constantFrom(
      '/',
      '\\',
      '.',
      '..',
      '%2e',
      '%2F',
      '%5C',
      '%09',
      '\t',
      '\n',
      ' ',
      ':',
      '@',
      '?',
      '#',
      'evil.example',
      'x',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
        const path = sameOriginPath(`/${pieces.join('')}`);
        if (path !== null) {
          expect(browserGoesTo(path)).toBe('https://faultline.example');
          expect(sameOriginPath(path)).toBe(path);
        }
      }),
    );
  });
});
