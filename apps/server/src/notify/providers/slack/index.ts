/**
 * Slack through a Slack app (`slack`): `chat.postMessage` with the bot token (send.ts), Block Kit with
 * Acknowledge / Resolve action buttons and a link to the incident (render.ts). The send address is a channel
 * ID; `defaultChannel` is used when it is empty. Button clicks arrive at the app's interactivity URL: verify
 * them with `verifySlackSignature` and read them with `parseSlackInteraction`.
 */
import { PermanentSendError, type Message, type ProviderDeps, type ProviderFactory } from '../../provider.ts';
import { SlackConfig } from './config.ts';
import { renderSlack } from './render.ts';
import { postSlackMessage } from './send.ts';

export { verifySlackSignature, signSlackRequest, SLACK_TOLERANCE_S } from './signature.ts';
export { parseSlackInteraction, responseUrlAllowed, type SlackInteraction } from './interaction.ts';
export {
  ACK_ACTION_ID,
  CHECK_IN_ACTION_ID,
  DECLINE_ACTION_ID,
  RESOLVE_ACTION_ID,
  OPEN_ACTION_ID,
  checkInButtons,
  renderSlack,
} from './render.ts';
export { SlackConfig };

export const factory: ProviderFactory<SlackConfig> = {
  id: 'slack',
  label: 'Slack (app)',
  address: 'chat-channel',
  configSchema: SlackConfig,
  secretFields: ['token', 'signingSecret'],
  create(config: SlackConfig, deps: ProviderDeps) {
    return {
      id: 'slack',
      configSchema: SlackConfig,
      async send(recipient: string, message: Message) {
        const channel = recipient.trim() || config.defaultChannel;
        if (!channel) throw new PermanentSendError('Slack: no channel to post to (no address and no defaultChannel)');
        return postSlackMessage(
          deps.fetch,
          config.apiBase,
          config.token,
          channel,
          renderSlack(message, { interactive: true }),
          deps.clock.now(),
        );
      },
    };
  },
};
