/**
 * Lint of the `response` section against the level scheme (the checks zod cannot make because they need
 * `levels.sequences`). To be registered into the one lint list (config/lint.ts) by the composition root.
 */
import type { ConfigLint, ConfigProblem, FaultlineConfig } from '../kernel/index.ts';
import { phoneMedium } from '../notify/index.ts';
import { LEVEL_KEY, type ResponseConfig } from './config.ts';
import { levelPolicy } from './level-policy.ts';
import { MINUTE_MS } from './deadline.ts';

/** A level sequence as configured: id and number of levels. */
export interface SequenceLevels {
  id: string;
  levels: number;
}

/**
 * Checks `config` (parsed by `ResponseConfig`). Never throws. Paths are under `prefix` (`response`).
 *
 * Errors: a level key naming an unknown sequence or a level the sequence does not have; 1-5-10 targets out
 * of order at some level (they are all measured from impact start, so locate cannot come before detect nor
 * recover before locate).
 * Warnings: a level-only key (`5`) that no sequence reaches.
 */
export function lintResponse(
  config: ResponseConfig,
  sequences: readonly SequenceLevels[],
  prefix = 'response',
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const key of Object.keys(config.levels)) {
    const m = LEVEL_KEY.exec(key);
    if (!m) continue; // the schema refuses it already
    const [seqId, level] = [m[1], Number(m[2])];
    const path = `${prefix}.levels.${key}`;
    if (seqId !== undefined) {
      const seq = sequences.find((s) => s.id === seqId);
      if (!seq)
        problems.push({ path, message: `no level sequence "${seqId}" (see levels.sequences)`, severity: 'error' });
      else if (level > seq.levels)
        problems.push({
          path,
          message: `sequence ${seqId} has levels 1–${seq.levels}, not ${level}`,
          severity: 'error',
        });
    } else if (!sequences.some((s) => level <= s.levels)) {
      problems.push({
        path,
        message: `no sequence has a level ${level}: this entry never applies`,
        severity: 'warning',
      });
    }
  }
  for (const seq of sequences) {
    for (let level = 1; level <= seq.levels; level++) {
      const p = levelPolicy(config, seq.id, level);
      const stages = [
        ['detect', p.detectMs],
        ['locate', p.locateMs],
        ['recover', p.recoverMs],
      ] as const;
      const set = stages.filter(([, v]) => v !== null) as Array<readonly [string, number]>;
      for (let i = 1; i < set.length; i++) {
        const [prev, prevMs] = set[i - 1]!;
        const [stage, stageMs] = set[i]!;
        if (stageMs < prevMs) {
          const where = [`${seq.id}${level}`, String(level)].find((k) => config.levels[k]);
          problems.push({
            path: where ? `${prefix}.levels.${where}.${stage}Minutes` : `${prefix}.defaults.${stage}Minutes`,
            message: `at ${seq.id}${level} the ${stage} target (${stageMs / MINUTE_MS} min) is shorter than the ${prev} target (${prevMs / MINUTE_MS} min); both count from impact start`,
            severity: 'error',
          });
        }
      }
    }
  }
  return problems;
}

/**
 * Stakeholder channels and war-room chats against `channels[]`. Errors: a stakeholder list's channel that is not
 * a configured chat channel (`response.stakeholders.<line>.<i>.channels.<j>`). Warnings: a DingTalk or WeCom war
 * room with no channel of that type (members are found by chat contact methods on one: nobody would be added
 * but the configured owner); a level with `warRoom` while no chat and no bridge is configured.
 */
export function lintWarRoomAndChannels(
  config: Pick<FaultlineConfig, 'response' | 'channels'>,
  prefix = 'response',
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const channelType = new Map(config.channels.map((c) => [c.id, c.type]));
  for (const [line, lists] of Object.entries(config.response.stakeholders))
    lists.forEach((l, i) =>
      l.channels.forEach((id, j) => {
        const type = channelType.get(id);
        if (type === undefined || phoneMedium(type) !== null)
          problems.push({
            path: `${prefix}.stakeholders.${line}.${i}.channels.${j}`,
            message:
              type === undefined
                ? `no channel "${id}" (see channels)`
                : `channel "${id}" is a ${type} (phone) channel, not a chat channel`,
            severity: 'error',
          });
      }),
    );
  const w = config.response.warRoom;
  for (const vendor of ['dingtalk', 'wecom'] as const)
    if (w[vendor] && ![...channelType.values()].includes(vendor))
      problems.push({
        path: `${prefix}.warRoom.${vendor}`,
        message: `no channel of type ${vendor}: people's ${vendor === 'dingtalk' ? 'DingTalk' : 'WeCom'} userids are their chat contact methods on one, so nobody but the owner would be added`,
        severity: 'warning',
      });
  const anyChat = w.slack || w.feishu || w.dingtalk || w.wecom || w.bridgeUrl;
  if (!anyChat)
    for (const [key, level] of Object.entries(config.response.levels))
      if (level.warRoom)
        problems.push({
          path: `${prefix}.levels.${key}.warRoom`,
          message: 'no war room is configured (response.warRoom: slack, feishu, dingtalk, wecom or bridgeUrl)',
          severity: 'warning',
        });
  return problems;
}

/**
 * The `response` section's lint as the one lint list runs it (config/lint.ts); also refuses a stakeholder key
 * that is neither `*` nor a business line (`response.stakeholders.<key>`).
 */
export const lintResponseConfig: ConfigLint = (config) => [
  ...lintResponse(
    config.response,
    config.levels.sequences.map((s) => ({ id: s.id, levels: s.levels })),
  ),
  ...lintWarRoomAndChannels(config),
  ...Object.keys(config.response.stakeholders)
    .filter((key) => key !== '*' && !config.catalog.businessLines.some((b) => b.id === key))
    .map((key): ConfigProblem => ({
      path: `response.stakeholders.${key}`,
      message: `no business line "${key}" (use a business line id, or * for every line)`,
      severity: 'error',
    })),
];
