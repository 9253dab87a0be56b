/**
 * Lint of the `response` section against the level scheme (the checks zod cannot make because they need
 * `levels.sequences`). To be registered into the one lint list (config/lint.ts) by the composition root.
 */
import type { ConfigLint, ConfigProblem } from '../kernel/index.ts';
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
 * The `response` section's lint as the one lint list runs it (config/lint.ts); also refuses a stakeholder key
 * that is neither `*` nor a business line (`response.stakeholders.<key>`).
 */
export const lintResponseConfig: ConfigLint = (config) => [
  ...lintResponse(
    config.response,
    config.levels.sequences.map((s) => ({ id: s.id, levels: s.levels })),
  ),
  ...Object.keys(config.response.stakeholders)
    .filter((key) => key !== '*' && !config.catalog.businessLines.some((b) => b.id === key))
    .map((key): ConfigProblem => ({
      path: `response.stakeholders.${key}`,
      message: `no business line "${key}" (use a business line id, or * for every line)`,
      severity: 'error',
    })),
];
