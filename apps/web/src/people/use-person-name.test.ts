import { describe, expect, it } from 'vitest';
import { namePeople } from './use-person-name.ts';

const names = new Map([['dan@example.com', 'Dan Dunn']]);
const name = (email: string) => names.get(email.toLowerCase()) || email;

describe('namePeople', () => {
  it('writes a known address in running text as the name', () => {
    expect(namePeople('acknowledged by dan@example.com via console', name)).toBe(
      'acknowledged by Dan Dunn via console',
    );
  });
  it('keeps an unknown address, and text without one, as written', () => {
    expect(namePeople('hand-over from Dan@Example.com to eve@example.org', name)).toBe(
      'hand-over from Dan Dunn to eve@example.org',
    );
    expect(namePeople('acknowledged by admin via console', name)).toBe('acknowledged by admin via console');
  });
});
