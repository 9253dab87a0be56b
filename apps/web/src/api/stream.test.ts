import { describe, expect, it } from 'vitest';
import { queryKeys } from './query-keys.ts';
import { keysToInvalidate, parseMessage } from './stream.ts';

describe('parseMessage', () => {
  it('reads every message type with its optional ids', () => {
    expect(parseMessage('{"type":"incident.updated","incidentId":7}')).toEqual({
      type: 'incident.updated',
      incidentId: 7,
    });
    expect(parseMessage('{"type":"kpi.evaluated","watchId":"orders","module":"checkout"}')).toEqual({
      type: 'kpi.evaluated',
      watchId: 'orders',
      module: 'checkout',
    });
    expect(parseMessage('{"type":"rules.changed","module":"checkout"}')).toEqual({
      type: 'rules.changed',
      module: 'checkout',
    });
  });
  it('ignores unknown types, malformed lines and ids of the wrong type', () => {
    expect(parseMessage('{"type":"something.else"}')).toBeNull();
    expect(parseMessage('not json')).toBeNull();
    expect(parseMessage('{"type":"incident.created","incidentId":"7"}')).toEqual({ type: 'incident.created' });
  });
});

describe('keysToInvalidate', () => {
  it('refreshes the lists, the incident and the risks on an incident event', () => {
    expect(keysToInvalidate({ type: 'incident.updated', incidentId: 7 })).toEqual([
      queryKeys.incidents.lists,
      queryKeys.incidents.detail(7),
      queryKeys.risks,
    ]);
  });
  it('refreshes the watches and that watch’s samples on a KPI evaluation', () => {
    expect(keysToInvalidate({ type: 'kpi.evaluated', watchId: 'orders' })).toEqual([
      queryKeys.kpi.watches,
      queryKeys.kpi.samplesOf('orders'),
    ]);
    expect(keysToInvalidate({ type: 'kpi.evaluated' })).toEqual([queryKeys.kpi.watches, queryKeys.kpi.all]);
  });
  it('refreshes the module list and that module’s rules on a rules change', () => {
    expect(keysToInvalidate({ type: 'rules.changed', module: 'checkout' })).toEqual([
      queryKeys.modules.list,
      queryKeys.modules.rules('checkout'),
    ]);
  });
});
