/**
 * The config as code, as every domain sees it (DESIGN §3–§7; CONVENTIONS §4).
 *
 * `FaultlineConfig` is the parsed YAML file and `LoadedConfig` what is derived from it once per load. Both
 * start nearly empty here: each domain adds its own top-level keys in its `config.ts` by declaration merging
 * (`declare module '../kernel/config.ts' { interface FaultlineConfig extends CatalogConfigPart {} }`), so a
 * domain owns its part of the file and no domain imports the composition in `config/`. `config/schema.ts`
 * composes the domains' zod parts and proves at compile time that the composed schema and the merged
 * interface agree.
 */
import { z } from 'zod';

/** An id in the config file: lowercase letters, digits, ".", "_" or "-" (services, teams, policies …). */
export const configId = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'use lowercase letters, digits, ".", "_" or "-"');

/** The parsed config file (defaults applied). Domains add their keys; see the file comment. */
export interface FaultlineConfig {
  version: 1;
}

/** The active configuration and what is derived from it once per load. Domains add their parts. */
export interface LoadedConfig {
  config: FaultlineConfig;
  /** Where it came from (file path), for messages. */
  origin: string;
  loadedAt: Date;
}

/** One problem found in a config file. */
export interface ConfigProblem {
  /** Dotted path of the value, e.g. `teams.0.oncall.1`; `""` for the whole file. */
  path: string;
  /** What is wrong, in words a user can act on. */
  message: string;
  /** An error makes the file unusable; a warning is reported and the file is used. */
  severity: 'error' | 'warning';
  /** 1-based line in the YAML file, where known. */
  line?: number;
}

/**
 * A domain's config lint: the cross-reference checks zod cannot make. Never throws; every problem carries
 * the dotted path of the value it is about. `now` anchors look-aheads (schedule gaps).
 */
export type ConfigLint = (config: FaultlineConfig, now: Date) => ConfigProblem[];
