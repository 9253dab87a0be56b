/**
 * What every verb, route and engine module receives: the database, the current config (reloadable),
 * the clock, the in-process bus and the logger. Built once by the composition root (main.ts).
 */
import type { Logger } from 'pino';
import type { Db } from './db/client.ts';
import type { Clock } from './engine/clock.ts';
import type { Bus } from './lib/bus.ts';
import type { LoadedConfig } from './config/active.ts';
import type { ProviderRegistry } from './notify/registry.ts';
import type { OncallDirectory } from './oncall/directory.ts';
import type { OutboundClient } from './lib/outbound/index.ts';

export interface Runtime {
  db: Db;
  dbKind: 'pglite' | 'postgres';
  clock: Clock;
  bus: Bus;
  log: Logger;
  /** The active config; replaced atomically by a good reload. */
  config(): LoadedConfig;
  providers: ProviderRegistry;
  /** The one outbound HTTP client (lib/outbound): every provider, KPI query, Slack and OIDC call goes through it. */
  outbound: OutboundClient;
  /** Base URL people use to reach this server (links in emails). */
  publicUrl: string;
  /** Secret for signed links (generated on first start, stored in settings). */
  linkSecret: string;
  /** Unique per process; owner of claimed jobs. */
  nodeId: string;
  /** Wake the engine now (new events or jobs), instead of at its next poll. */
  wakeEngine(): void;
  /** Re-reads the approved level-rule versions and recompiles the rules (after an approval). */
  refreshRules(): Promise<void>;
  /** Schedules, policies and overrides stored at runtime (merged into `config().escalation`). */
  oncall: OncallDirectory;
  /** Re-reads the stored schedules, policies, overrides and API teams (after a change through the API). */
  refreshOncall(): Promise<void>;
}
