import { describe, expect, it } from 'vitest';
import { POSTMORTEM_SECTION_IDS } from '@faultline/contracts';
import { PostmortemConfig } from './config.ts';
import { templateFor } from './level.ts';
import { lintPostmortem } from './lint.ts';
import type { FaultlineConfig } from '../kernel/index.ts';

const SHORT = ['summary', 'impact', 'timeline', 'rootCause', 'improvement'];

describe('postmortem templates by level', () => {
  const config = PostmortemConfig.parse({
    templates: { '4': SHORT, S2: ['summary', 'rootCause'] },
  });

  it('the default is the full template of the articles, for every level', () => {
    const plain = PostmortemConfig.parse({});
    expect(templateFor(plain, 'P1')).toEqual({ sections: [...POSTMORTEM_SECTION_IDS], source: 'default' });
    expect(templateFor(plain, null).source).toBe('default');
    expect(POSTMORTEM_SECTION_IDS).toContain('prevention');
  });

  it('looks a level up as P4, then 4, then the default', () => {
    expect(templateFor(config, 'P4')).toEqual({ sections: SHORT, source: '4' });
    expect(templateFor(config, 'S2')).toEqual({ sections: ['summary', 'rootCause'], source: 'S2' });
    expect(templateFor(config, 'P2').source).toBe('default');
    expect(templateFor(config, 'P1').sections).toHaveLength(POSTMORTEM_SECTION_IDS.length);
  });

  it('leaves unknown and repeated ids out (lint reports them) and never yields an empty template', () => {
    const odd = PostmortemConfig.parse({ templates: { P3: ['summary', 'rootcause', 'summary'], P4: ['nothing'] } });
    expect(templateFor(odd, 'P3').sections).toEqual(['summary']);
    expect(templateFor(odd, 'P4').sections).toEqual([...POSTMORTEM_SECTION_IDS]);
  });

  it('lint names unknown section ids and warns about repeated ones', () => {
    const pm = PostmortemConfig.parse({
      templates: { P4: ['summary', 'rootcause', 'summary'] },
      defaultTemplate: ['summary', 'financialLoss'],
    });
    const problems = lintPostmortem({ postmortem: pm, teams: [] } as unknown as FaultlineConfig);
    expect(problems).toEqual([
      expect.objectContaining({ severity: 'error', path: 'postmortem.templates.P4.1' }),
      { severity: 'warning', path: 'postmortem.templates.P4.2', message: 'section summary is listed twice' },
      expect.objectContaining({ severity: 'error', path: 'postmortem.defaultTemplate.1' }),
    ]);
    expect(problems[0]?.message).toMatch(/^unknown section "rootcause"; one of summary, impact, /);
  });

  it('refuses a level key that is not one and an empty template', () => {
    expect(PostmortemConfig.safeParse({ templates: { high: SHORT } }).success).toBe(false);
    expect(PostmortemConfig.safeParse({ templates: { P4: [] } }).success).toBe(false);
  });
});
