/**
 * Composition root: boot env → lock and open the database (migrations) → load the config → build the
 * runtime → start the API and/or the engine. Used by `faultline serve` and by the tests.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { hostname } from 'node:os';
import type { DestinationStream, Logger } from 'pino';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { parseBootEnv, type BootEnv } from './config/env.ts';
import { loadConfigFile, formatProblems } from './config/load.ts';
import { activateConfig, type LoadedConfig } from './config/active.ts';
import { loadApprovedRules, type ApprovedRules } from './levels/approved.ts';
import { openDatabase, type Database } from './db/client.ts';
import { settings } from './db/schema/index.ts';
import { systemClock, type Clock } from './engine/clock.ts';
import { startEngine, type Engine, type EngineOptions } from './engine/engine.ts';
import { Bus } from './lib/bus.ts';
import { AppError } from './lib/errors.ts';
import { IntakeBatcher } from './intake/batcher.ts';
import { buildApp } from './http/app.ts';
import { httpLimits } from './http/limits.ts';
import { createToken, hasApiToken } from './auth/tokens.ts';
import type { Runtime } from './runtime.ts';
import type { ProviderRegistry } from './notify/registry.ts';
import { smtpProvider } from './notify/providers/smtp/index.ts';
import { buildChannelProviders } from './notify/channels.ts';
import type { Provider, ProviderDeps } from './notify/provider.ts';
import { startKpiWatches } from './kpi/watches.ts';
import { createOncallDirectory, POLL_MS as ONCALL_POLL_MS } from './oncall/directory.ts';
import { startHandoffNotices } from './oncall/handoff-notices.ts';
import { syncConfigPeople } from './people/sync.ts';
import { oidcSettings } from './auth/oidc-client.ts';
import { createLogger } from './lib/logger.ts';
import { createOutboundClient } from './lib/outbound/index.ts';
import { makeDataFolderPrivate } from './db/data-folder.ts';

export interface StartOptions {
  env?: NodeJS.ProcessEnv;
  clock?: Clock;
  /** Replace providers by key: `email` or a channel id (tests inject recording providers). */
  providers?: Partial<ProviderRegistry>;
  /** Run the engine loop (default true); tests with a fake clock call `engine.drain()` instead. */
  engineLoop?: boolean;
  engine?: EngineOptions;
  /** Print the first-start banner (default true for the CLI). */
  banner?: boolean;
  /** Where the log goes instead of stdout (tests read it). */
  logDestination?: DestinationStream;
}

export interface Server {
  url: string;
  app: FastifyInstance;
  rt: Runtime;
  engine: Engine | null;
  env: BootEnv;
  /** The admin token when this start created or was given one (first start / FAULTLINE_ADMIN_TOKEN). */
  adminToken: string | null;
  reload(): Promise<{ ok: boolean; problems: string[] }>;
  stop(): Promise<void>;
}

/**
 * Loads and validates the config file.
 * @throws AppError VALIDATION with every problem, formatted `file:line path: error: message`.
 */
export async function loadActiveConfig(
  path: string,
  now: Date,
  approved?: ApprovedRules,
): Promise<{ active: LoadedConfig; warnings: string[] }> {
  const { config, problems } = await loadConfigFile(path, now);
  if (!config) throw new AppError('VALIDATION', `the config ${path} has errors:\n${formatProblems(problems, path)}`);
  const warnings = problems.filter((p) => p.severity === 'warning');
  return {
    active: activateConfig(config, path, now, approved),
    warnings: warnings.length ? formatProblems(warnings, path).split('\n') : [],
  };
}

/** The email provider and one provider per configured channel (built at every config activation). */
function providersFor(active: LoadedConfig, env: BootEnv, deps: ProviderDeps, log: Logger): ProviderRegistry {
  const url = env.FAULTLINE_SMTP_URL ?? active.config.smtp?.url;
  const from = active.config.smtp?.from ?? 'Faultline <faultline@localhost>';
  const channels = buildChannelProviders(active.config.channels, deps, (channel, err) =>
    log.error({ channel, err }, 'channel provider could not be built; its pages will fail'),
  );
  return { ...channels, email: url ? smtpProvider({ url, from }) : null };
}

/**
 * Replaces the built providers in `registry` with `next`, except keys tests injected; closes the replaced
 * ones and drops channels the new config no longer has.
 */
async function swapProviders(
  registry: ProviderRegistry,
  next: ProviderRegistry,
  injected: Partial<ProviderRegistry> | undefined,
): Promise<void> {
  const isInjected = (key: string) => injected !== undefined && Object.hasOwn(injected, key);
  const old: Array<Provider | null | undefined> = [];
  for (const key of Object.keys(registry)) {
    if (isInjected(key)) continue;
    old.push(registry[key]);
    if (!Object.hasOwn(next, key)) delete registry[key];
  }
  for (const [key, provider] of Object.entries(next)) if (!isInjected(key)) registry[key] = provider;
  for (const p of old) await p?.close?.();
}

async function linkSecret(db: Database): Promise<string> {
  await db.db
    .insert(settings)
    .values({ key: 'link_secret', value: randomBytes(32).toString('hex') })
    .onConflictDoNothing();
  const [row] = await db.db.select().from(settings).where(eq(settings.key, 'link_secret'));
  return row!.value;
}

/** Ensures an admin API token exists; returns it when this call created it or it came from the environment. */
async function bootstrapAdmin(
  database: Database,
  env: BootEnv,
  dataDir: string,
  now: Date,
): Promise<{ token: string | null; file: string }> {
  const file = join(dataDir, 'admin-token');
  if (env.FAULTLINE_ADMIN_TOKEN) {
    await createToken(database.db, {
      name: 'admin',
      kind: 'api',
      role: 'admin',
      now,
      token: env.FAULTLINE_ADMIN_TOKEN,
    });
    return { token: env.FAULTLINE_ADMIN_TOKEN, file };
  }
  if (await hasApiToken(database.db)) return { token: null, file };
  const token = await createToken(database.db, { name: 'admin', kind: 'api', role: 'admin', now });
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { token, file };
}

/** Starts Faultline; resolves when it listens (and is healthy). */
export async function startServer(options: StartOptions = {}): Promise<Server> {
  const env = parseBootEnv(options.env ?? process.env);
  const clock = options.clock ?? systemClock;
  const log = createLogger(env.FAULTLINE_LOG_LEVEL, options.logDestination);
  const dataDir = resolve(env.FAULTLINE_DATA_DIR);
  const initial = await loadActiveConfig(env.FAULTLINE_CONFIG, clock.now());
  let active = initial.active;
  for (const w of initial.warnings) log.warn(w);
  const loosened = makeDataFolderPrivate(dataDir);
  if (loosened > 0) log.warn({ dataDir, entries: loosened }, 'the data folder was readable by others; made private');
  const outbound = createOutboundClient({ allow: () => active.config.outbound.allow });
  const database = await openDatabase({
    databaseUrl: env.DATABASE_URL,
    dataDir,
    onIdleError: (err) => log.warn({ err }, 'a pooled PostgreSQL connection failed; it will be replaced'),
  });
  try {
    active = activateConfig(active.config, active.origin, clock.now(), await loadApprovedRules(database.db));
    log.debug(await syncConfigPeople(database.db, active.config, clock.now()), 'config teams synced');
    const publicUrl = (env.FAULTLINE_PUBLIC_URL ?? `http://${env.FAULTLINE_HOST}:${env.FAULTLINE_PORT}`).replace(
      /\/$/,
      '',
    );
    const deps: ProviderDeps = {
      fetch: outbound.fetch,
      clock,
      // Known only once the server listens (FAULTLINE_PORT=0): read it at send time.
      get publicUrl() {
        return rt.publicUrl;
      },
    };
    const providers = { ...providersFor(active, env, deps, log), ...options.providers } as ProviderRegistry;
    let ready = false;
    let engine: Engine | null = null;
    const oncall = createOncallDirectory((what, id, message) =>
      log.warn(`stored ${what} "${id}" is not valid and is ignored: ${message}`),
    );
    await oncall.load(database.db, clock.now());
    const rt: Runtime = {
      db: database.db,
      dbKind: database.kind,
      clock,
      bus: new Bus(),
      log,
      config: () => oncall.apply(active),
      providers,
      outbound,
      publicUrl,
      linkSecret: await linkSecret(database),
      nodeId: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
      wakeEngine: () => engine?.wake(),
      async refreshRules() {
        active = activateConfig(active.config, active.origin, clock.now(), await loadApprovedRules(database.db));
      },
      oncall,
      async refreshOncall() {
        await oncall.load(database.db, clock.now());
        await startHandoffNotices(rt, env.FAULTLINE_HANDOFF_NOTICE_MINUTES);
      },
    };
    const admin = await bootstrapAdmin(database, env, dataDir, clock.now());
    await startKpiWatches(rt);
    await startHandoffNotices(rt, env.FAULTLINE_HANDOFF_NOTICE_MINUTES);
    const reload = async () => {
      try {
        const next = await loadActiveConfig(env.FAULTLINE_CONFIG, clock.now(), await loadApprovedRules(database.db));
        // Teams and members first: a config whose people cannot be stored is not activated.
        log.debug(await syncConfigPeople(database.db, next.active.config, clock.now()), 'config teams synced');
        active = next.active;
        await swapProviders(providers, providersFor(active, env, deps, log), options.providers);
        // Watches added by the new config start now; removed ones stop at their next evaluation.
        await startKpiWatches(rt);
        await startHandoffNotices(rt, env.FAULTLINE_HANDOFF_NOTICE_MINUTES);
        log.info({ config: env.FAULTLINE_CONFIG }, 'config reloaded');
        return { ok: true, problems: next.warnings };
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        log.error(`config reload refused; keeping the last good config. ${message}`);
        return { ok: false, problems: message.split('\n').slice(1) };
      }
    };
    const batcher = new IntakeBatcher(database.query, {
      concurrency: database.kind === 'pglite' ? 1 : 4,
      onCommit: () => engine?.wakeConvergence(),
    });
    const app = await buildApp(rt, batcher, {
      reloadConfig: reload,
      ready: () => ready,
      oidc: oidcSettings(env),
      trustProxy: env.FAULTLINE_TRUST_PROXY,
      limits: httpLimits(env),
      readiness: {
        maxEventLagSeconds: env.FAULTLINE_READY_MAX_EVENT_LAG_SECONDS,
        maxJobDelaySeconds: env.FAULTLINE_READY_MAX_JOB_DELAY_SECONDS,
      },
    });
    if (env.FAULTLINE_ROLE !== 'api') engine = startEngine(rt, options.engine, options.engineLoop ?? true);
    const address = await app.listen({ port: env.FAULTLINE_PORT, host: env.FAULTLINE_HOST });
    const url = env.FAULTLINE_PUBLIC_URL ? publicUrl : address.replace('[::1]', 'localhost');
    // With FAULTLINE_PORT=0 the port is known only now; links in emails must name it.
    rt.publicUrl = url;
    ready = true;
    if (options.banner) {
      const lines = [
        `Faultline is running at ${url}  (database: ${database.kind === 'pglite' ? `embedded, ${join(dataDir, 'pgdata')}` : 'PostgreSQL'})`,
        `Config: ${env.FAULTLINE_CONFIG}`,
        admin.token && !env.FAULTLINE_ADMIN_TOKEN
          ? `Sign in to the console with this admin token (also saved in ${admin.file}):\n  ${admin.token}`
          : existsSync(admin.file)
            ? `Sign in to the console with the admin token in ${admin.file}`
            : 'Sign in to the console with your FAULTLINE_ADMIN_TOKEN',
        `API docs: ${url}/api/docs`,
      ];
      process.stdout.write(`\n${lines.join('\n')}\n\n`);
    }
    oncall.poll(database.db, clock, ONCALL_POLL_MS, (err) => log.warn({ err }, 'reading stored schedules failed'));
    return {
      url,
      app,
      rt,
      engine,
      env,
      adminToken: admin.token ?? (existsSync(admin.file) ? readFileSync(admin.file, 'utf8').trim() : null),
      reload,
      async stop() {
        ready = false;
        oncall.stop();
        await app.close();
        await engine?.stop();
        for (const p of Object.values(providers)) await p?.close?.();
        await outbound.close();
        await database.close();
      },
    };
  } catch (e) {
    await outbound.close();
    await database.close();
    throw e;
  }
}
