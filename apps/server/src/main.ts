/**
 * Composition root: boot env → lock and open the database (migrations) → load the config → build the
 * runtime → start the API and/or the engine. Used by `faultline serve` and by the tests.
 */
import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { hostname } from 'node:os';
import type { DestinationStream, Logger } from 'pino';
import type { FastifyInstance } from 'fastify';
import {
  parseBootEnv,
  type BootEnv,
  loadConfigFile,
  formatProblems,
  activateConfig,
  adminRoutes,
} from './config/index.ts';
import { type LoadedConfig } from './kernel/index.ts';
import { loadApprovedRules, type ApprovedRules } from './levels/index.ts';
import {
  openDatabase,
  type Database,
  type NodeChannel,
  linkSecret,
  makeDataFolderPrivate,
  openNodeChannel,
} from './db/index.ts';
import {
  systemClock,
  type Clock,
  Bus,
  parseBusNote,
  AppError,
  createLogger,
  createOutboundClient,
} from './lib/index.ts';
import { poolSizeFor, startEngine, type Engine, type EngineOptions } from './engine/index.ts';
import { engineWork, routes } from './modules.ts';
import {
  IntakeBatcher,
  scheduleHeartbeatChecks,
  startEmailIntake,
  syncConfigHeartbeats,
  type EmailIntake,
} from './intake/index.ts';
import { buildApp, httpLimits } from './http/index.ts';
import { createToken, hasApiToken, verifyToken, oidcSettings } from './auth/index.ts';
import type { Runtime } from './kernel/index.ts';
import type { ProviderRegistry, Provider, ProviderDeps } from './notify/index.ts';
import { smtpProvider, buildChannelProviders, seedConfigContactMethods, seedProvenEmail } from './notify/index.ts';
import { startKpiWatches } from './kpi/index.ts';
import { startSuppressionPurge } from './suppression/index.ts';
import { startRetention } from './retention/index.ts';
import { startMonthlyReport } from './analytics/index.ts';
import { responsePolicy, startDrillSchedules } from './response/index.ts';
import { createOncallDirectory, POLL_MS as ONCALL_POLL_MS, startHandoffNotices } from './oncall/index.ts';
import { createPolicyDirectory } from './escalation/index.ts';
import { createPlaybookDirectory } from './recovery/index.ts';
import { syncConfigPeople } from './people/index.ts';
import { healthModuleRoutes } from './health/index.ts';

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
  /** The inbound email listener, when `intake.email` is configured (docs/operations.md#inbound-email). */
  emailIntake: EmailIntake | null;
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

/** How long a start waits for the node channel to listen before it serves anyway (ms). */
const CHANNEL_READY_WAIT_MS = 5_000;

/**
 * Waits until the node channel listens, so a node that says it is ready misses no other node's note; after
 * CHANNEL_READY_WAIT_MS it serves anyway (the channel keeps retrying) and says why: a connection pooler in
 * transaction mode, for one, does not carry LISTEN (docs/operations.md#several-nodes).
 */
async function waitForChannel(channel: NodeChannel, log: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), CHANNEL_READY_WAIT_MS)));
  const outcome = await Promise.race([channel.ready().then(() => 'up' as const), late]);
  clearTimeout(timer);
  if (outcome === 'late') {
    log.warn(
      `the node channel could not LISTEN within ${CHANNEL_READY_WAIT_MS / 1000} s; other nodes' live updates and refreshes arrive once it does`,
    );
  }
}

/** The banner's words for the store: where the embedded one keeps its data, or the server's. */
export function storeLabel(database: Pick<Database, 'embedded'>, dataDir: string): string {
  if (database.embedded === 'postgres') return `embedded PostgreSQL, ${join(dataDir, 'postgres')}`;
  if (database.embedded === 'pglite') return `embedded PGlite, ${join(dataDir, 'pgdata')}`;
  return 'PostgreSQL';
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
    poolSize: poolSizeFor(options.engine),
    embedded: env.FAULTLINE_EMBEDDED,
    env: options.env ?? process.env,
    onNotice: (message) => log.warn(message),
    onIdleError: (err) => log.warn({ err }, 'a pooled PostgreSQL connection failed; it will be replaced'),
  });
  // Nodes sharing one PostgreSQL share live updates and refreshes through it (db/node-channel.ts); on the
  // embedded store the channel sends nothing and the bus stays in-process.
  const bus = new Bus();
  let catchUp = () => {};
  const channel = openNodeChannel(database, {
    onNotes(notes) {
      for (const n of notes) {
        const note = parseBusNote(n);
        if (note) bus.deliver(note);
      }
    },
    onReconnect: () => catchUp(),
    log,
  });
  if (channel.crossesNodes) bus.relayTo((note) => channel.send(note));
  try {
    active = activateConfig(active.config, active.origin, clock.now(), await loadApprovedRules(database.db));
    log.debug(
      await syncConfigPeople(database.db, active.config, clock.now(), seedConfigContactMethods),
      'config teams synced',
    );
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
    const batcher = new IntakeBatcher(database.query, {
      concurrency: database.kind === 'pglite' ? 1 : 4,
      onCommit: () => engine?.wakeConvergence(),
    });
    const invalidStored = (what: string, id: string, message: string) =>
      log.warn(`stored ${what} "${id}" is not valid and is ignored: ${message}`);
    const oncall = createOncallDirectory(database.db, invalidStored);
    const policies = createPolicyDirectory(database.db, invalidStored);
    const playbooks = createPlaybookDirectory(database.db, invalidStored);
    await Promise.all([oncall.load(clock.now()), policies.load(clock.now()), playbooks.load(clock.now())]);
    /** Re-reads the approved level-rule versions into the active config (the config as it is then). */
    const reloadRules = async () => {
      const approved = await loadApprovedRules(database.db);
      active = activateConfig(active.config, active.origin, clock.now(), approved);
    };
    const reloadOncall = () => Promise.all([oncall.load(clock.now()), policies.load(clock.now())]);
    // What another node changed: re-read it here (its jobs, e.g. handoff notices, are already stored).
    const reread = (what: string, read: () => Promise<unknown>) =>
      read().catch((err: unknown) => log.warn({ err, what }, 're-reading after another node changed it failed'));
    bus.onChanged('rules', () => void reread('rules', reloadRules));
    bus.onChanged('oncall', () => void reread('oncall', reloadOncall));
    bus.onChanged('playbooks', () => void reread('playbooks', () => playbooks.load(clock.now())));
    catchUp = () => {
      void reread('rules', reloadRules);
      void reread('oncall', reloadOncall);
      void reread('playbooks', () => playbooks.load(clock.now()));
      bus.deliver({ k: 'credentials' });
    };
    const rt: Runtime = {
      db: database.db,
      dbKind: database.kind,
      clock,
      bus,
      log,
      config: () => playbooks.apply(policies.apply(oncall.apply(active))),
      providers,
      outbound,
      publicUrl,
      linkSecret: await linkSecret(database.db),
      nodeId: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
      wakeEngine: () => engine?.wake(),
      emailProven: seedProvenEmail,
      formsResponseGroup: (levels) => responsePolicy(rt.config().config.response, levels).responseGroup,
      async refreshRules() {
        await reloadRules();
        bus.changed('rules');
      },
      intake: batcher,
      readiness: {
        maxEventLagSeconds: env.FAULTLINE_READY_MAX_EVENT_LAG_SECONDS,
        maxJobDelaySeconds: env.FAULTLINE_READY_MAX_JOB_DELAY_SECONDS,
      },
      oidc: oidcSettings(env),
      oncall,
      policies,
      async refreshOncall() {
        await reloadOncall();
        bus.changed('oncall');
        await startHandoffNotices(rt, env.FAULTLINE_HANDOFF_NOTICE_MINUTES);
      },
      playbooks,
      async refreshPlaybooks() {
        await playbooks.load(clock.now());
        bus.changed('playbooks');
      },
    };
    const admin = await bootstrapAdmin(database, env, dataDir, clock.now());
    await startKpiWatches(rt);
    await startHandoffNotices(rt, env.FAULTLINE_HANDOFF_NOTICE_MINUTES);
    await syncConfigHeartbeats(rt.db, active, clock.now());
    await scheduleHeartbeatChecks(rt, clock.now());
    await startSuppressionPurge(rt);
    await startRetention(rt);
    await startMonthlyReport(rt);
    await startDrillSchedules(rt);
    const reload = async () => {
      try {
        const next = await loadActiveConfig(env.FAULTLINE_CONFIG, clock.now(), await loadApprovedRules(database.db));
        // Teams and members first: a config whose people cannot be stored is not activated.
        log.debug(
          await syncConfigPeople(database.db, next.active.config, clock.now(), seedConfigContactMethods),
          'config teams synced',
        );
        active = next.active;
        await swapProviders(providers, providersFor(active, env, deps, log), options.providers);
        // Watches added by the new config start now; removed ones stop at their next evaluation.
        await startKpiWatches(rt);
        await startHandoffNotices(rt, env.FAULTLINE_HANDOFF_NOTICE_MINUTES);
        await syncConfigHeartbeats(rt.db, active, clock.now());
        await scheduleHeartbeatChecks(rt, clock.now());
        await startMonthlyReport(rt);
        await startDrillSchedules(rt);
        log.info({ config: env.FAULTLINE_CONFIG }, 'config reloaded');
        return { ok: true, problems: next.warnings };
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        log.error(`config reload refused; keeping the last good config. ${message}`);
        return { ok: false, problems: message.split('\n').slice(1) };
      }
    };
    const app = await buildApp(rt, {
      routes: [
        ...routes,
        healthModuleRoutes(() => ready),
        (a, { rt, requireAuth }) => adminRoutes(a, rt, requireAuth, reload),
      ],
      verifyToken,
      ready: () => ready,
      trustProxy: env.FAULTLINE_TRUST_PROXY,
      limits: httpLimits(env),
    });
    if (env.FAULTLINE_ROLE !== 'api') engine = startEngine(rt, engineWork, options.engine, options.engineLoop ?? true);
    const address = await app.listen({ port: env.FAULTLINE_PORT, host: env.FAULTLINE_HOST });
    const url = env.FAULTLINE_PUBLIC_URL ? publicUrl : address.replace('[::1]', 'localhost');
    // With FAULTLINE_PORT=0 the port is known only now; links in emails must name it.
    rt.publicUrl = url;
    const emailConf = active.config.intake.email;
    let emailIntake: EmailIntake | null = null;
    if (emailConf && env.FAULTLINE_ROLE !== 'engine') {
      try {
        emailIntake = await startEmailIntake(rt, batcher, emailConf);
      } catch (e) {
        // The API already listens: close it and the engine before the database closes below.
        await app.close();
        await engine?.stop();
        throw e;
      }
    }
    await waitForChannel(channel, log);
    ready = true;
    if (options.banner) {
      const lines = [
        `Faultline is running at ${url}  (database: ${storeLabel(database, dataDir)})`,
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
    oncall.poll(clock, ONCALL_POLL_MS, (err) => log.warn({ err }, 'reading stored schedules failed'));
    policies.poll(clock, ONCALL_POLL_MS, (err) => log.warn({ err }, 'reading stored escalation policies failed'));
    playbooks.poll(clock, ONCALL_POLL_MS, (err) => log.warn({ err }, 'reading stored playbooks failed'));
    return {
      url,
      app,
      rt,
      engine,
      emailIntake,
      env,
      adminToken: admin.token ?? (existsSync(admin.file) ? readFileSync(admin.file, 'utf8').trim() : null),
      reload,
      async stop() {
        ready = false;
        oncall.stop();
        policies.stop();
        playbooks.stop();
        await emailIntake?.close();
        await app.close();
        await engine?.stop();
        for (const p of Object.values(providers)) await p?.close?.();
        await outbound.close();
        await channel.close();
        await database.close();
      },
    };
  } catch (e) {
    await outbound.close();
    await channel.close();
    await database.close();
    throw e;
  }
}
