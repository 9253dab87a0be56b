/** Inhibition rules from the config file, compiled once per config (lint refuses one that does not compile). */
import type { FaultlineConfig } from '../kernel/index.ts';
import { compileInhibitionRule, type InhibitionRule } from './inhibition.ts';

const compiled = new WeakMap<object, InhibitionRule[]>();

/** The config's inhibition rules; one that does not compile is left out (reported by lintSuppression). */
export function configInhibitRules(config: FaultlineConfig): InhibitionRule[] {
  let list = compiled.get(config);
  if (!list) {
    list = [];
    config.inhibitRules.forEach((r, i) => {
      try {
        list!.push(compileInhibitionRule(r, i, `inhibitRules.${i}`));
      } catch {
        // reported by lintSuppression
      }
    });
    compiled.set(config, list);
  }
  return list;
}
