/**
 * What every verb, route and engine module receives: the database, the current config (reloadable),
 * the clock, the bus (relayed to the other nodes on PostgreSQL) and the logger. Built once by the composition
 * root (main.ts).
 *
 * Domains add the services they own by declaration merging (e.g. notify adds `providers`, oncall adds
 * `oncall` and `refreshOncall`), so the kernel names no domain.
 */
import type { Logger } from 'pino';
import type { Db } from '../db/index.ts';
import type { Clock, Bus, OutboundClient } from '../lib/index.ts';
import type { LoadedConfig } from './config.ts';

export interface Runtime {
  db: Db;
  dbKind: 'pglite' | 'postgres';
  clock: Clock;
  bus: Bus;
  log: Logger;
  /** The active config; replaced atomically by a good reload. */
  config(): LoadedConfig;
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
  /**
   * A person proved they read their email address (they used an emailed set-password link): notify's
   * `seedProvenEmail`, handed in by the composition root (auth and people may not import notify). In `tx`.
   */
  emailProven(tx: Db, userId: number, now: Date): Promise<void>;
}
