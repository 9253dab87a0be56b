import { createTranslator } from '@faultline/i18n';
import { describe, expect, it } from 'vitest';
import { StakeholdersConfig, stakeholderEmails, stakeholderMail } from './stakeholders.ts';

const config = StakeholdersConfig.parse({
  commerce: [
    { name: 'Customer service', emails: ['CS@example.com', 'cs2@example.com'] },
    { name: 'PR', emails: ['press@example.com'] },
  ],
  '*': [{ name: 'Legal', emails: ['legal@example.com', 'cs@example.com'] }],
});

describe('stakeholderEmails', () => {
  it("takes the line's lists then every line's, lower-cased, each address once", () => {
    expect(stakeholderEmails(config, 'commerce')).toEqual([
      'cs@example.com',
      'cs2@example.com',
      'press@example.com',
      'legal@example.com',
    ]);
    expect(stakeholderEmails(config, 'logistics')).toEqual(['legal@example.com', 'cs@example.com']);
    expect(stakeholderEmails(config, null)).toEqual(['legal@example.com', 'cs@example.com']);
    expect(stakeholderEmails({}, 'commerce')).toEqual([]);
  });
  it('refuses a list without addresses or with a bad one', () => {
    expect(StakeholdersConfig.safeParse({ x: [{ name: 'PR', emails: [] }] }).success).toBe(false);
    expect(StakeholdersConfig.safeParse({ x: [{ name: 'PR', emails: ['nope'] }] }).success).toBe(false);
  });
});

describe('stakeholderMail', () => {
  it('says what the update says, when the next one comes, who published it and where the incident is', () => {
    const mail = stakeholderMail({
      incidentId: 42,
      title: 'Customers cannot pay',
      levels: 'P1',
      phase: 'identified',
      impact: 'Card payments fail',
      actions: 'Rolling back',
      nextUpdateBy: new Date('2026-11-21T12:30:00Z'),
      by: 'ana@example.com',
      at: new Date('2026-11-21T12:00:00Z'),
      url: 'https://faultline.example.com/incidents/42',
    });
    expect(mail.subject).toBe('[Faultline] #42 P1 status update (identified): Customers cannot pay');
    expect(mail.text).toBe(
      [
        'Status update on incident #42 P1: Customers cannot pay',
        '',
        'Phase: identified',
        'Impact: Card payments fail',
        'Actions: Rolling back',
        'Next update: by 2026-11-21T12:30:00.000Z (UTC)',
        '',
        'Published by ana@example.com at 2026-11-21T12:00:00.000Z (UTC).',
        'The incident: https://faultline.example.com/incidents/42',
      ].join('\n'),
    );
  });

  it("words it in a zh-CN reader's language, with times in the reader's zone", () => {
    const mail = stakeholderMail(
      {
        incidentId: 42,
        title: 'Customers cannot pay',
        levels: 'P1 故障',
        phase: 'identified',
        impact: '银行卡支付失败',
        actions: '',
        nextUpdateBy: null,
        by: 'ana@example.com',
        at: new Date('2026-11-21T12:00:00Z'),
        url: 'https://faultline.example.com/incidents/42',
        drill: true,
      },
      createTranslator('zh-CN', 'Asia/Shanghai'),
    );
    expect(mail.subject).toBe('[DRILL] [Faultline] #42 P1 故障 状态更新（已定位）：Customers cannot pay');
    expect(mail.text.split('\n')).toEqual([
      '故障 #42 P1 故障 的状态更新：Customers cannot pay',
      '',
      '阶段：已定位',
      '影响：银行卡支付失败',
      '下次更新：按常规节奏',
      '',
      '由 ana@example.com 于 2026年11月21日 20:00（Asia/Shanghai）发布。',
      '故障详情：https://faultline.example.com/incidents/42',
    ]);
  });
});
