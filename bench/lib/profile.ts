/**
 * Summarises a V8 CPU profile (`node --cpu-prof`): self time by function and by component (a package under
 * node_modules, Faultline's own source, Node internals, WebAssembly, GC), as shares of the busy time.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileLine {
  name: string;
  where: string;
  component: string;
  /** Share of busy (non-idle) time, %. */
  pct: number;
  ms: number;
}

export interface ProfileSummary {
  /** Busy time of the profile, ms (idle excluded). */
  busyMs: number;
  /** Time covered by the samples counted, ms. */
  wallMs: number;
  /** Whether only the measurement window was counted. */
  windowed: boolean;
  functions: ProfileLine[];
  components: { component: string; pct: number; ms: number }[];
  /** Inclusive share of busy time under Faultline's own functions (by file, top ones). */
  inclusive: { name: string; where: string; pct: number }[];
}

/** The component a frame belongs to, from its script URL. */
function componentOf(name: string, url: string): string {
  if (name === '(garbage collector)') return 'GC';
  if (name === '(program)') return '(program: native, outside JS)';
  if (url.startsWith('wasm://') || name.startsWith('$') || /^wasm-function/.test(name)) return 'WebAssembly (PGlite)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith('node:') || (!url && name)) return 'Node.js internals / native';
  const app = url.indexOf('/apps/server/src/');
  if (app >= 0) return 'Faultline server code';
  const pkg = url.indexOf('/packages/');
  if (pkg >= 0) return 'Faultline packages';
  return url ? 'other' : 'Node.js internals / native';
}

function shortUrl(url: string): string {
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) return url.slice(nm + 'node_modules/'.length);
  const app = url.indexOf('/apps/server/');
  if (app >= 0) return url.slice(app + 1);
  return url.replace(/^file:\/\//, '');
}

/**
 * @param window monotonic-clock µs (`process.hrtime` in any process of this machine, as V8 stamps samples):
 *   only samples inside it count; the whole profile when absent or when it does not overlap the profile.
 */
export function summariseProfile(file: string, top = 15, window?: { fromUs: number; toUs: number }): ProfileSummary {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const useWindow = window !== undefined && window.fromUs < p.endTime && window.toUs > p.startTime;
  let t = p.startTime;
  let firstUs = Number.POSITIVE_INFINITY;
  let lastUs = 0;
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const n of p.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const selfUs = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++) {
    t += p.timeDeltas[i] ?? 0;
    if (useWindow && (t < window.fromUs || t > window.toUs)) continue;
    firstUs = Math.min(firstUs, t);
    lastUs = Math.max(lastUs, t);
    const id = p.samples[i]!;
    const dt = p.timeDeltas[i + 1] ?? 0;
    selfUs.set(id, (selfUs.get(id) ?? 0) + dt);
  }
  let busyUs = 0;
  const fn = new Map<string, { name: string; where: string; component: string; us: number }>();
  const comp = new Map<string, number>();
  const incl = new Map<string, { name: string; where: string; us: number }>();
  for (const [id, us] of selfUs) {
    const n = byId.get(id)!;
    const { functionName, url, lineNumber } = n.callFrame;
    if (functionName === '(idle)') continue;
    busyUs += us;
    const name = functionName || '(anonymous)';
    const where = url ? `${shortUrl(url)}:${lineNumber + 1}` : '';
    const component = componentOf(name, url);
    const key = `${name}@${where}`;
    const e = fn.get(key) ?? { name, where, component, us: 0 };
    e.us += us;
    fn.set(key, e);
    comp.set(component, (comp.get(component) ?? 0) + us);
    // Inclusive time of Faultline's own functions: walk up the stack once per distinct function.
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)!.callFrame;
      if (!f.url.includes('/apps/server/src/')) continue;
      const k = `${f.functionName}@${shortUrl(f.url)}:${f.lineNumber + 1}`;
      if (seen.has(k)) continue;
      seen.add(k);
      const ie = incl.get(k) ?? {
        name: f.functionName || '(anonymous)',
        where: `${shortUrl(f.url)}:${f.lineNumber + 1}`,
        us: 0,
      };
      ie.us += us;
      incl.set(k, ie);
    }
  }
  const pct = (us: number) => (busyUs > 0 ? (us / busyUs) * 100 : 0);
  return {
    busyMs: busyUs / 1000,
    wallMs: lastUs > firstUs ? (lastUs - firstUs) / 1000 : 0,
    windowed: useWindow,
    functions: [...fn.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map((e) => ({ name: e.name, where: e.where, component: e.component, pct: pct(e.us), ms: e.us / 1000 })),
    components: [...comp.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([component, us]) => ({ component, pct: pct(us), ms: us / 1000 })),
    inclusive: [...incl.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map((e) => ({ name: e.name, where: e.where, pct: pct(e.us) })),
  };
}
