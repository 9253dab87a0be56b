/** Intake's config lint: integration keys unique, and the services they route to exist in the catalog. */
import type { ConfigProblem, FaultlineConfig } from '../kernel/index.ts';
import { RE2JS } from 're2js';
import { parseMatchers } from '../levels/index.ts';

/** Lints the `integrations` section against the catalog. Never throws. */
export function lintIntake(config: FaultlineConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const error = (path: string, message: string): void => void problems.push({ path, message, severity: 'error' });
  const warn = (path: string, message: string): void => void problems.push({ path, message, severity: 'warning' });
  const firstService = new Set(
    config.catalog.businessLines.flatMap((l) => l.modules.flatMap((m) => m.services.map((s) => s.id))),
  );

  // Integrations.
  const keys = new Map<string, string>();
  config.integrations.forEach((integ, i) => {
    const ip = `integrations.${i}`;
    const at = keys.get(integ.key);
    if (at) error(`${ip}.key`, `duplicate integration key (first defined at ${at})`);
    else keys.set(integ.key, ip);
    if (integ.service !== undefined && !firstService.has(integ.service)) {
      error(`${ip}.service`, `integration routes to unknown service "${integ.service}"`);
    }
    if (integ.fallbackService !== undefined) {
      if (!firstService.has(integ.fallbackService)) {
        error(`${ip}.fallbackService`, `fallbackService "${integ.fallbackService}" is not a service in the catalog`);
      } else if (integ.service !== undefined) {
        warn(
          `${ip}.fallbackService`,
          'fallbackService is only used with routeByLabel; this integration has a fixed service',
        );
      }
    }
  });

  // Inbound email: settings only on email integrations, a pattern RE2 compiles, and a listener to receive.
  config.integrations.forEach((integ, i) => {
    const ip = `integrations.${i}`;
    if (integ.email && integ.source !== 'email') warn(`${ip}.email`, 'only integrations of source email read this');
    if (integ.email?.dedupPattern !== undefined) {
      try {
        RE2JS.compile(integ.email.dedupPattern);
      } catch (e) {
        error(`${ip}.email.dedupPattern`, `not a valid RE2 regex: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    if (integ.source === 'email' && !config.intake.email) {
      warn(`${ip}.source`, 'no mail reaches it: intake.email (the SMTP listener) is not configured');
    }
  });

  // Heartbeats: ids unique, their integration and service exist, matchers parse and need an integration.
  const hbIds = new Set<string>();
  config.heartbeats.forEach((hb, i) => {
    const hp = `heartbeats.${i}`;
    if (hbIds.has(hb.id)) error(`${hp}.id`, `duplicate heartbeat id "${hb.id}"`);
    hbIds.add(hb.id);
    if (hb.integration !== undefined && !keys.has(hb.integration)) {
      error(`${hp}.integration`, 'no integration has this key');
    }
    if (hb.service !== undefined && !firstService.has(hb.service)) {
      error(`${hp}.service`, `heartbeat names unknown service "${hb.service}"`);
    }
    if (hb.integration === undefined && hb.token === undefined) {
      error(hp, 'set integration or token: pings must be authenticated');
    }
    if (hb.matchers.length > 0 && hb.integration === undefined) {
      error(`${hp}.matchers`, "matchers read an integration's alerts: set integration");
    }
    hb.matchers.forEach((m, j) => {
      try {
        parseMatchers(m);
      } catch (e) {
        error(`${hp}.matchers.${j}`, e instanceof Error ? e.message : String(e));
      }
    });
  });
  return problems;
}
