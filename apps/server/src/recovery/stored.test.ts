import { describe, expect, it } from 'vitest';
import { FaultlineConfig } from '../config/schema.ts';
import { activateConfig } from '../config/active.ts';
import { PlaybookConfig } from './config.ts';
import { mergeStoredPlaybooks, playbookOwner, readPlaybookBody } from './stored.ts';

const NOW = new Date('2026-01-05T12:00:00Z');
const base = activateConfig(
  FaultlineConfig.parse({
    version: 1,
    playbooks: [{ id: 'file', steps: [{ id: 's', method: 'custom', guidance: 'from the file' }] }],
  }),
  'test',
  NOW,
);
const meta = { team: null, updatedBy: 'admin', updatedAt: NOW };
const playbook = (id: string, guidance: string) =>
  PlaybookConfig.parse({ id, steps: [{ id: 's', method: 'custom', guidance }] });

describe('mergeStoredPlaybooks', () => {
  it("adds stored playbooks after the config file's; a config id wins and stays the config's", () => {
    const stored = {
      playbooks: [
        { id: 'file', body: playbook('file', 'intruder'), ...meta },
        { id: 'late', body: playbook('late', 'stored'), ...meta },
      ],
    };
    const merged = mergeStoredPlaybooks(base, stored);
    expect(merged.config.playbooks.map((p) => [p.id, p.steps[0]!.guidance])).toEqual([
      ['file', 'from the file'],
      ['late', 'stored'],
    ]);
    expect(playbookOwner(merged, stored, 'file')).toMatchObject({ source: 'config' });
    expect(playbookOwner(merged, stored, 'late')).toMatchObject({ source: 'api', team: null });
    expect(playbookOwner(merged, stored, 'none')).toBeUndefined();
  });

  it('returns the config itself when nothing is stored', () => {
    expect(mergeStoredPlaybooks(base, { playbooks: [] })).toBe(base);
  });
});

describe('readPlaybookBody', () => {
  const previous = PlaybookConfig.parse({
    id: 'p',
    steps: [
      {
        id: 'roll',
        method: 'rollback',
        guidance: 'x',
        automation: { url: 'https://deploy.example/rollback', secret: 'a-secret-of-16-chars' },
      },
    ],
  });

  it('keeps the stored secret of an automation sent without one (same step id), and only then', () => {
    const yaml =
      'id: p\nsteps:\n  - id: roll\n    method: rollback\n    guidance: y\n    automation: { url: "https://deploy.example/v2" }\n';
    expect(readPlaybookBody({ yaml }, 'p', previous).body.steps[0]!.automation).toMatchObject({
      url: 'https://deploy.example/v2',
      secret: 'a-secret-of-16-chars',
    });
    expect(() => readPlaybookBody({ yaml: yaml.replace('id: roll', 'id: other') }, 'p', previous)).toThrow(
      /steps\.0\.automation\.secret/,
    );
    expect(() => readPlaybookBody({ yaml })).toThrow(/steps\.0\.automation\.secret/);
  });

  it('names the field: yaml for text that is not YAML, the team, the id against the path', () => {
    expect(() => readPlaybookBody({ yaml: 'id: [' })).toThrow(/yaml: not YAML \(line 1/);
    expect(() => readPlaybookBody({ id: 'p', team: 'Bad Team', steps: previous.steps })).toThrow(/team/);
    expect(() => readPlaybookBody({ id: 'q', steps: previous.steps }, 'p')).toThrow(/id: must equal/);
  });
});
