/**
 * Provider types that a config `channels[]` entry may name (CONVENTIONS §5: one folder, one entry here).
 * A typed record over `ChannelType`, so a provider id without a factory does not compile. Email (`smtp`) is
 * configured under `smtp`, not as a channel.
 */
import type { ProviderFactory, ProviderId } from './provider.ts';
import { factory as webhook } from './providers/webhook/index.ts';
import { factory as slack } from './providers/slack/index.ts';
import { factory as slackWebhook } from './providers/slack-webhook/index.ts';
import { factory as teams } from './providers/teams/index.ts';
import { factory as mattermost } from './providers/mattermost/index.ts';
import { factory as dingtalk } from './providers/dingtalk/index.ts';
import { factory as feishu } from './providers/feishu/index.ts';
import { factory as wecom } from './providers/wecom/index.ts';
import { factory as twilioSms } from './providers/twilio-sms/index.ts';
import { factory as twilioVoice } from './providers/twilio-voice/index.ts';
import { factory as aliyunSms } from './providers/aliyun-sms/index.ts';
import { factory as aliyunVoice } from './providers/aliyun-voice/index.ts';
import { factory as httpSms } from './providers/http-sms/index.ts';

/** Provider ids a channel may have: every provider but `smtp`. */
export type ChannelType = Exclude<ProviderId, 'smtp'>;

/** Factory per channel type. Config types differ per factory; callers validate with `configSchema` first. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const providerFactories: { [K in ChannelType]: ProviderFactory<any> } = {
  webhook,
  slack,
  'slack-webhook': slackWebhook,
  teams,
  mattermost,
  dingtalk,
  feishu,
  wecom,
  'twilio-sms': twilioSms,
  'twilio-voice': twilioVoice,
  'aliyun-sms': aliyunSms,
  'aliyun-voice': aliyunVoice,
  'http-sms': httpSms,
};

/** The channel types (for the config schema's enum). */
export const CHANNEL_TYPES = Object.keys(providerFactories) as [ChannelType, ...ChannelType[]];
