/** Result shapes of the intake benchmark. */
import type { Target } from './alerts.ts';
import type { ProfileSummary } from './profile.ts';

export type Store = 'pglite' | 'postgres';
export type Mode = 'single' | 'batch';
/** saturation: closed loop; half: open loop at half the Faultline throughput; the others are diagnostics. */
export type Phase = 'saturation' | 'half' | 'intake-only' | 'profile';

export interface Convergence {
  /** Alerts Faultline accepted (2xx) in the run, warm-up included. */
  total: number;
  /** Alerts already applied to incidents when the load stopped. */
  atStop: number;
  /** Alerts applied per second while the load ran (warm-up included). */
  rateDuringLoad: number;
  /** Alerts applied per second after the load stopped (NaN when there was nothing left). */
  rateAfterLoad: number;
  /** Seconds from the last answer until every accepted alert was applied; estimated when not complete. */
  lagS: number;
  complete: boolean;
  /** Why it stopped waiting when not complete. */
  note?: string;
}

export interface RunResult {
  store: Store;
  target: Target;
  mode: Mode;
  phase: Phase;
  run: number;
  /** Open loop: the offered alert rate. */
  offeredRate?: number;
  alertsPerS: number;
  requestsPerS: number;
  p50: number;
  p99: number;
  max: number;
  errorsWindow: number;
  okAlertsTotal: number;
  statusCounts: Record<string, number>;
  errorSamples: Record<string, string>;
  /** Server process peak RSS (MB) while the run's load and convergence ran (sampled every 100 ms). */
  peakRssMb: number;
  /** Server process VmHWM (MB): the peak over its whole life, start-up included. */
  lifetimeRssMb: number;
  /** Server process CPU over the window, % of one core. */
  serverCpuPct: number;
  /** PostgreSQL backends of the run's database, % of one core. */
  dbCpuPct?: number;
  generatorCpuPct: number;
  generatorElu: number;
  /** CPU cores busy on the machine outside the server, the benchmark and the run's database backends. */
  otherCores: number;
  lateSends: number;
  convergence?: Convergence;
  /** Error lines the server logged during the run, and the first few. */
  serverErrors: { count: number; first: string[] };
}

export interface ProfileResult {
  mode: Mode;
  file: string;
  summary: ProfileSummary;
}

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  kernel: string;
  node: string;
  alertmanager: string;
  postgres?: string;
  loadAverage: string;
  /** The code measured: commit, and whether apps/ or packages/ had uncommitted changes. */
  revision: string;
}

export interface Settings {
  durationS: number;
  warmupS: number;
  concurrency: number;
  batch: number;
  repeat: number;
  workers: number;
  convergeTimeoutS: number;
}

export interface StoreReport {
  store: Store;
  date: string;
  command: string;
  machine: Machine;
  settings: Settings;
  runs: RunResult[];
  /** Runs that failed (not in the medians). */
  failures: { phase: Phase; mode: Mode; target: Target; run: number; error: string }[];
  profiles: ProfileResult[];
  /** Offered rate of the half-load phase per mode, alerts/s. */
  halfRates: Partial<Record<Mode, number>>;
}
