import { describe, expect, it } from 'vitest';
import { parseCsv, readIncidentCsv, readStatuspageHistory } from './import.ts';

describe('readStatuspageHistory', () => {
  it('maps impact to levels, detection to the first Investigating update, and skips maintenance', () => {
    const text = [
      JSON.stringify({
        id: '1',
        title: 'Incident with Codespaces',
        impact: 'major',
        started_at: '2022-03-26T01:43:00Z',
        resolved_at: '2022-03-26T03:35:00Z',
        components: ['Codespaces'],
        updates: [
          { at: '2022-03-26T01:50:00Z', status: 'Investigating' },
          { at: '2022-03-26T03:35:00Z', status: 'Resolved' },
        ],
      }),
      JSON.stringify({ id: '2', impact: 'maintenance', started_at: 'x', resolved_at: 'y' }),
      '{not json',
      JSON.stringify({ id: '3', impact: 'minor', started_at: '2022-04-01T00:00:00Z', resolved_at: null }),
    ].join('\n');
    const r = readStatuspageHistory(text);
    expect(r.incidents).toEqual([
      {
        externalId: 'statuspage:1',
        title: 'Incident with Codespaces',
        level: 2,
        service: 'Codespaces',
        impactStartedAt: '2022-03-26T01:43:00Z',
        detectedAt: '2022-03-26T01:50:00Z',
        mitigatedAt: '2022-03-26T03:35:00Z',
        resolvedAt: '2022-03-26T03:35:00Z',
      },
    ]);
    expect(r.skipped).toBe(2);
    expect(r.problems).toEqual([{ line: 3, message: 'not JSON' }]);
  });
});

describe('CSV', () => {
  it('parses quoted fields with commas, quotes and line breaks', () => {
    expect(parseCsv('a,"b, c","say ""hi""","x\ny"\r\n1,2,3,4\n')).toEqual([
      ['a', 'b, c', 'say "hi"', 'x\ny'],
      ['1', '2', '3', '4'],
    ]);
  });

  it('reads incidents by header name and names the bad lines', () => {
    const r = readIncidentCsv(
      [
        'title,id,level,detected_at,resolved_at,impact_started_at',
        'Checkout down,INC-1,P1,2026-01-05T10:02:00Z,2026-01-05T11:00:00Z,2026-01-05T10:00:00Z',
        'No level,INC-2,,2026-01-06T10:00:00Z,2026-01-06T10:30:00Z,',
        'Bad level,INC-3,high,2026-01-07T10:00:00Z,2026-01-07T10:30:00Z,',
        'No end,INC-4,P2,2026-01-08T10:00:00Z,,',
      ].join('\n'),
    );
    expect(r.incidents.map((i) => [i.externalId, i.sequence, i.level, i.impactStartedAt])).toEqual([
      ['csv:INC-1', 'P', 1, '2026-01-05T10:00:00Z'],
      ['csv:INC-2', 'P', null, null],
    ]);
    expect(r.problems.map((p) => p.line)).toEqual([4, 5]);
    expect(readIncidentCsv('id,title\n1,x').problems[0]!.message).toBe('no column detected_at, resolved_at');
  });
});
