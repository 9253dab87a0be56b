/** Pure helpers of the drills page: durations as people read them, injected alerts from text. */
import type { DrillAlert } from '@faultline/contracts';

/** `8m00s`, `—` for null (ms in). */
export function drillDuration(ms: number | null): string {
  if (ms === null) return '—';
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

/** One alert a line: `summary key=value …`; blank lines are skipped. */
export function injectedAlerts(text: string): DrillAlert[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const labels: Record<string, string> = {};
      const summary: string[] = [];
      for (const w of line.split(/\s+/)) {
        const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(w);
        if (m) labels[m[1]!] = m[2]!;
        else summary.push(w);
      }
      return { summary: summary.join(' '), labels };
    });
}
