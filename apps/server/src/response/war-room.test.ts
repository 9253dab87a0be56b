import { describe, expect, it } from 'vitest';
import {
  bridgeLink,
  feishuChatName,
  plainText,
  replayFeishuChat,
  replayWarRoom,
  slackChannelName,
  statusUpdateText,
} from './war-room.ts';

describe('slackChannelName', () => {
  it('is <prefix>-<id>-<title words> in Slack’s alphabet, suffixed from the second attempt', () => {
    expect(slackChannelName('inc', 42, 'Card payments fail (EU)')).toBe('inc-42-card-payments-fail-eu');
    expect(slackChannelName('inc', 42, 'Card payments fail (EU)', 3)).toBe('inc-42-card-payments-fail-eu-3');
    expect(slackChannelName('inc', 7, 'Zahlungsausfall für Kunden')).toBe('inc-7-zahlungsausfall-fur-kunden');
    expect(slackChannelName('inc', 7, '支付失败')).toBe('inc-7');
    expect(slackChannelName('war', 7, 'a.b  c__d')).toBe('war-7-a-b-c__d');
  });

  it('never exceeds 80 characters, suffix included, and does not end in a hyphen', () => {
    const title = 'word '.repeat(40);
    for (const attempt of [1, 2, 5]) {
      const name = slackChannelName('inc', 123456, title, attempt);
      expect(name.length).toBeLessThanOrEqual(80);
      expect(name).toMatch(/^[a-z0-9_-]+$/);
      expect(name).not.toMatch(/--|-$/);
    }
  });
});

describe('bridgeLink', () => {
  it('fills {incident} and the URL-encoded {channel}; null without a template', () => {
    expect(bridgeLink('https://meet.example.com/fl-{incident}?c={channel}', 9, 'inc-9-x')).toBe(
      'https://meet.example.com/fl-9?c=inc-9-x',
    );
    expect(bridgeLink('https://m.example.com/{channel}', 9, null)).toBe('https://m.example.com/');
    expect(bridgeLink(undefined, 9, 'inc-9')).toBeNull();
  });
});

describe('replayWarRoom', () => {
  const at = (m: number) => new Date(Date.UTC(2026, 10, 23, 9, m));
  it('is the last channel opened, archived when its own archive event follows', () => {
    expect(replayWarRoom([])).toBeNull();
    const opened = { type: 'slack-opened' as const, channelId: 'C1', name: 'inc-1', at: at(0) };
    expect(replayWarRoom([opened])).toEqual({ channelId: 'C1', name: 'inc-1', openedAt: at(0), archivedAt: null });
    expect(replayWarRoom([opened, { type: 'slack-archived', channelId: 'C2', at: at(5) }])?.archivedAt).toBeNull();
    expect(replayWarRoom([opened, { type: 'slack-archived', channelId: 'C1', at: at(5) }])?.archivedAt).toEqual(at(5));
  });
});

describe('statusUpdateText', () => {
  it('names phase, author, impact, actions and the next update in UTC', () => {
    expect(
      statusUpdateText({
        phase: 'identified',
        impact: 'payments fail',
        actions: '',
        by: 'ana@example.com',
        nextUpdateBy: new Date('2026-11-23T09:30:00Z'),
      }),
    ).toBe(
      '*Status update (identified)* by ana@example.com\nImpact: payments fail\nNext update by 2026-11-23 09:30 UTC',
    );
  });
});

describe('Feishu helpers', () => {
  it('names the chat [levels] #id title, cut to 60 characters', () => {
    expect(feishuChatName(42, '支付失败', 'P1')).toBe('[P1] #42 支付失败');
    expect(feishuChatName(42, 'x', '')).toBe('#42 x');
    const long = feishuChatName(42, 'y'.repeat(100), 'P1');
    expect([...long]).toHaveLength(60);
    expect(long.endsWith('…')).toBe(true);
  });

  it('turns Slack mrkdwn into plain text', () => {
    expect(plainText('*Bold* and <https://x.example/1|the link>')).toBe('Bold and the link: https://x.example/1');
  });

  it('replays the chat, disbanded only by its own event', () => {
    const at = new Date('2026-11-24T02:00:00Z');
    const opened = { type: 'feishu-opened' as const, chatId: 'oc_1', name: '#1 x', at };
    expect(replayFeishuChat([opened])?.disbandedAt).toBeNull();
    expect(replayFeishuChat([opened, { type: 'feishu-disbanded', chatId: 'oc_1', at }])?.disbandedAt).toEqual(at);
    expect(replayWarRoom([opened])).toBeNull();
  });
});
