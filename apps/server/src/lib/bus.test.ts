import { describe, expect, it } from 'vitest';
import type { StreamMessage } from '@faultline/contracts';
import { Bus, parseBusNote, type BusNote } from './bus.ts';

describe('bus relay between nodes', () => {
  it('relays what this node publishes, never what another node delivered, and runs onChanged only for other nodes', () => {
    const bus = new Bus();
    const relayed: BusNote[] = [];
    const seen: StreamMessage[] = [];
    let credentials = 0;
    let rules = 0;
    bus.relayTo((n) => relayed.push(n));
    bus.subscribe((m) => seen.push(m));
    bus.onCredentialsChanged(() => credentials++);
    bus.onChanged('rules', () => rules++);

    bus.publish({ type: 'incident.created', incidentId: 1 });
    bus.credentialsChanged();
    bus.changed('rules');
    expect(relayed).toEqual([
      { k: 'message', m: { type: 'incident.created', incidentId: 1 } },
      { k: 'credentials' },
      { k: 'changed', what: 'rules' },
    ]);
    expect([seen.length, credentials, rules]).toEqual([1, 1, 0]);

    bus.deliver({ k: 'message', m: { type: 'incident.updated', incidentId: 2 } });
    bus.deliver({ k: 'credentials' });
    bus.deliver({ k: 'changed', what: 'rules' });
    bus.deliver({ k: 'changed', what: 'oncall' });
    expect(relayed).toHaveLength(3);
    expect(seen.map((m) => m.incidentId)).toEqual([1, 2]);
    expect([credentials, rules]).toEqual([2, 1]);
  });

  it('refuses a changed-name that is not a short word', () => {
    expect(() => new Bus().changed('Rules; drop')).toThrow(/short lower-case word/);
  });

  it('parses only the notes it knows, with valid stream messages', () => {
    expect(parseBusNote({ k: 'message', m: { type: 'incident.created', incidentId: 3 } })).toEqual({
      k: 'message',
      m: { type: 'incident.created', incidentId: 3 },
    });
    expect(parseBusNote({ k: 'credentials', extra: 1 })).toEqual({ k: 'credentials' });
    expect(parseBusNote({ k: 'changed', what: 'oncall' })).toEqual({ k: 'changed', what: 'oncall' });
    for (const bad of [
      null,
      'credentials',
      { k: 'message', m: { type: 'incident.deleted', incidentId: 3 } },
      { k: 'message', m: { type: 'incident.created', incidentId: 'x' } },
      { k: 'changed', what: 'A'.repeat(40) },
      { k: 'changed' },
      { k: 'unknown' },
    ]) {
      expect(parseBusNote(bad)).toBeNull();
    }
  });
});
