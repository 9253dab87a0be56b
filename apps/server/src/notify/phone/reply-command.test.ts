import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseReplyCommand } from './reply-command.ts';

describe('parseReplyCommand', () => {
  it.each([
    ['ACK', { action: 'ack' }],
    ['ack', { action: 'ack' }],
    [' Ack 42 ', { action: 'ack', incidentId: 42 }],
    ['ACK #42', { action: 'ack', incidentId: 42 }],
    ['ack#42', { action: 'ack', incidentId: 42 }],
    ['a 7', { action: 'ack', incidentId: 7 }],
    ['1', { action: 'ack' }],
    ['1 42', { action: 'ack', incidentId: 42 }],
    ['OK.', { action: 'ack' }],
    ['确认 42', { action: 'ack', incidentId: 42 }],
    ['ＡＣＫ　４２', { action: 'ack', incidentId: 42 }],
    ['RESOLVE 42', { action: 'resolve', incidentId: 42 }],
    ['res', { action: 'resolve' }],
    ['解决 9', { action: 'resolve', incidentId: 9 }],
  ])('%j → %j', (body, expected) => {
    expect(parseReplyCommand(body)).toEqual(expected);
  });

  it.each(['', 'STOP', 'START', 'hello', '142', 'ACK42', 'ack 0', 'ack 42 43', '2', 'resolve all'])(
    '%j → null',
    (body) => {
      expect(parseReplyCommand(body)).toBeNull();
    },
  );

  it('reads back any incident id it is given', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('ACK', 'ack', 'A', '1', 'RESOLVE', 'res'),
        fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }).filter((n) => String(n).length <= 15),
        fc.constantFrom(' ', '  ', ' #', '#'),
        (word, id, sep) => {
          const parsed = parseReplyCommand(`${word}${sep}${id}`);
          expect(parsed?.incidentId).toBe(id);
          expect(parsed?.action).toBe(/^(res|RESOLVE)$/.test(word) ? 'resolve' : 'ack');
        },
      ),
    );
  });

  it('never throws', () => {
    fc.assert(fc.property(fc.string(), (s) => void parseReplyCommand(s)));
  });
});
