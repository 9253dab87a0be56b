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
  it('drops an address that follows its own name instead of writing the name twice', () => {
    expect(namePeople('Dan Dunn (dan@example.com) has no verified contact method: not paged', name)).toBe(
      'Dan Dunn has no verified contact method: not paged',
    );
    expect(namePeople('Daniel (dan@example.com) joined', name)).toBe('Daniel (Dan Dunn) joined');
    expect(namePeople('Eve (eve@example.org) joined', name)).toBe('Eve (eve@example.org) joined');
  });
});
