/**
 * Config lint for the phone routing table (`phoneRouting`, docs/channels.md): every channel it names must be
 * a configured channel of the right medium (an SMS provider in `sms`, a voice provider in `voice`). Without a
 * table, a medium's channels are tried in config order (notify/route-contact.ts).
 */
import type { FaultlineConfig, ConfigProblem } from '../kernel/index.ts';
import { phoneMedium } from './route-contact.ts';

/** Problems of `config.phoneRouting`, with dotted paths. Never throws. */
export function lintPhoneRouting(config: FaultlineConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const channels = new Map(config.channels.map((c) => [c.id, c]));
  for (const medium of ['sms', 'voice'] as const) {
    const table = config.phoneRouting?.[medium];
    if (!table) continue;
    const check = (id: string, path: string) => {
      const ch = channels.get(id);
      if (!ch) problems.push({ path, message: `channel "${id}" is not configured`, severity: 'error' });
      else if (phoneMedium(ch.type) !== medium)
        problems.push({ path, message: `channel "${id}" (${ch.type}) is not a ${medium} channel`, severity: 'error' });
    };
    table.routes.forEach((r, i) =>
      r.providers.forEach((id, j) => check(id, `phoneRouting.${medium}.routes.${i}.providers.${j}`)),
    );
    table.default.forEach((id, j) => check(id, `phoneRouting.${medium}.default.${j}`));
  }
  return problems;
}
