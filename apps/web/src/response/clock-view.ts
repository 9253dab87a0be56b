import type { ClockView } from '@faultline/contracts';

/** One 1-5-10 stage as the console shows it at `now`: elapsed and target in ms, and the state. */
export interface LiveStage {
  stage: 'detect' | 'locate' | 'recover';
  state: 'met' | 'breached' | 'running' | 'not-applicable';
  elapsedMs: number | null;
  targetMs: number | null;
  reason: string | null;
}

/**
 * The clock's stages at `now` (epoch ms), from the server's reading: a running stage keeps counting from the
 * anchor and turns `breached` once past its target; an ended stage keeps the server's figures.
 */
export function liveStages(clock: ClockView, now: number): LiveStage[] {
  const anchor = clock.anchor ? Date.parse(clock.anchor.at) : null;
  return clock.stages.map((s) => {
    if (s.state !== 'running' || anchor === null)
      return { stage: s.stage, state: s.state, elapsedMs: s.elapsedMs, targetMs: s.targetMs, reason: s.reason };
    const elapsedMs = Math.max(0, now - anchor);
    const late = s.targetMs !== null && elapsedMs > s.targetMs;
    return { stage: s.stage, state: late ? 'breached' : 'running', elapsedMs, targetMs: s.targetMs, reason: null };
  });
}

/** A duration as `m:ss` under an hour, `h:mm:ss` above; a dash for null. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

/** The label of a not-applicable stage's reason. */
export const NOT_APPLICABLE: Record<string, string> = {
  'no-target': 'no target at this level',
  'no-anchor': 'no impact start or detection time',
  'anchored-on-detection': 'impact start unknown',
  cancelled: 'cancelled: counts nowhere',
};
