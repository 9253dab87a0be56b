/**
 * Silences (DESIGN §5 step 3), compatible with Alertmanager's model (`api/v2/openapi.yaml` `silence`):
 * matchers, `startsAt`/`endsAt`, `createdBy` and `comment` (both required), annotations. A silence mutes every
 * alert that all its matchers accept while it is active; a muted alert is recorded and visible, never pages,
 * and names the silences that muted it. What happens when a silence ends over a still-firing alert is
 * `release.ts`.
 *
 * One deliberate difference from Alertmanager: a silence is active on the half-open interval
 * `[startsAt, endsAt)` (Alertmanager still counts the instant `endsAt` as active). A timer set at `endsAt` then
 * finds the silence expired and pages what it held back, instead of needing a second timer a moment later.
 */
import type { Matcher } from '../levels/index.ts';
import { formatMatcher, matches, matchesEmpty } from '../levels/index.ts';
import { compileMatcherInputs, type MatcherInput } from './matcher-input.ts';
import { FieldErrors, isInstant, type Labels, type MuteReason } from './types.ts';

/** A silence as the API, CLI or config gives it (not yet validated). */
export interface SilenceDraft {
  readonly matchers: ReadonlyArray<MatcherInput>;
  readonly startsAt: Date;
  readonly endsAt: Date;
  /** Who created it (a user's email, or `config`). */
  readonly createdBy: string;
  /** Why: required, as in Alertmanager, so a muted page can always be explained. */
  readonly comment: string;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** A validated silence with compiled matchers. */
export interface Silence {
  readonly id: string;
  readonly matchers: readonly Matcher[];
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly createdBy: string;
  readonly comment: string;
  readonly annotations: Readonly<Record<string, string>>;
}

/** Alertmanager's silence states: before `startsAt`, within `[startsAt, endsAt)`, from `endsAt` on. */
export type SilenceState = 'pending' | 'active' | 'expired';

/**
 * Validates a new or edited silence and compiles its matchers. Rules, from Alertmanager (`silence.go`
 * `validateSilence` and the API v2 handler): at least one matcher; at least one matcher that does not match
 * the empty string (else the silence would mute every alert, because a missing label is `""`); `endsAt` after
 * `startsAt`; `endsAt` not in the past; `createdBy` and `comment` not blank.
 *
 * @param id the id to give the silence (the store's)
 * @param now the current instant, for the "already expired" check
 * @throws AppError VALIDATION with a field error per problem (`matchers.0`, `endsAt`, `comment`, …)
 */
export function compileSilence(id: string, draft: SilenceDraft, now: Date): Silence {
  const errors = new FieldErrors();
  const list = compileMatcherInputs(draft.matchers ?? [], 'matchers', errors);
  const compiled = errors.list.length === 0;
  if (compiled && list.length === 0) {
    errors.add('matchers', 'at least one matcher is required');
  } else if (compiled && list.every(matchesEmpty)) {
    errors.add(
      'matchers',
      'every matcher also matches alerts without that label, so the silence would mute every alert: ' +
        'add a matcher that needs a value (e.g. alertname="…")',
    );
  }
  const startsOk = isInstant(draft.startsAt);
  const endsOk = isInstant(draft.endsAt);
  if (!startsOk) errors.add('startsAt', 'must be a valid instant');
  if (!endsOk) errors.add('endsAt', 'must be a valid instant');
  if (startsOk && endsOk && draft.endsAt.getTime() <= draft.startsAt.getTime()) {
    errors.add('endsAt', 'must be after startsAt');
  } else if (endsOk && draft.endsAt.getTime() <= now.getTime()) {
    errors.add('endsAt', 'is in the past: the silence would already be expired');
  }
  if (typeof draft.createdBy !== 'string' || draft.createdBy.trim() === '') {
    errors.add('createdBy', 'is required: who is silencing');
  }
  if (typeof draft.comment !== 'string' || draft.comment.trim() === '') {
    errors.add('comment', 'is required: say why, so the muted alerts can be explained');
  }
  for (const [key, value] of Object.entries(draft.annotations ?? {})) {
    if (key.trim() === '') errors.add('annotations', 'an annotation name is empty');
    else if (typeof value !== 'string') errors.add(`annotations.${key}`, 'must be a string');
  }
  errors.throwIfAny('silence');
  return {
    id,
    matchers: list,
    startsAt: draft.startsAt,
    endsAt: draft.endsAt,
    createdBy: draft.createdBy.trim(),
    comment: draft.comment.trim(),
    annotations: { ...draft.annotations },
  };
}

/**
 * The state of a silence at an instant.
 * @param now the instant (any zone: instants are compared)
 */
export function silenceState(silence: Pick<Silence, 'startsAt' | 'endsAt'>, now: Date): SilenceState {
  const t = now.getTime();
  if (t < silence.startsAt.getTime()) return 'pending';
  if (t >= silence.endsAt.getTime()) return 'expired';
  return 'active';
}

/**
 * The active silences that mute an alert with these labels at `now`, as mute reasons ordered by id.
 * @returns one `{ kind: 'silence', id, until }` per muting silence; empty when none mutes the alert
 */
export function silencesMuting(labels: Labels, silences: readonly Silence[], now: Date): MuteReason[] {
  return silences
    .filter((s) => silenceState(s, now) === 'active' && matches(s.matchers, labels))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((s) => ({ kind: 'silence', id: s.id, until: s.endsAt }));
}

/**
 * Until when silences keep muting an alert with these labels: the end of the active silences that match,
 * extended through any matching silence that starts before that end (so back-to-back silences count as one).
 * @returns the instant the alert stops being silenced, or null when no silence mutes it at `now`
 */
export function silencedUntil(labels: Labels, silences: readonly Silence[], now: Date): Date | null {
  const matching = silences.filter((s) => silenceState(s, now) !== 'expired' && matches(s.matchers, labels));
  let until = now.getTime();
  let muted = false;
  for (let changed = true; changed;) {
    changed = false;
    for (const s of matching) {
      if (s.startsAt.getTime() <= until && s.endsAt.getTime() > until) {
        until = s.endsAt.getTime();
        muted = true;
        changed = true;
      }
    }
  }
  return muted ? new Date(until) : null;
}

/**
 * When the silences muting this alert next change on their own (a matching pending silence starts, or an
 * active one ends): the instant convergence should re-evaluate the alert (the timer of `release.ts`).
 * @returns the earliest such instant after `now`, or null when no matching silence is pending or active
 */
export function nextSilenceChange(labels: Labels, silences: readonly Silence[], now: Date): Date | null {
  let next: number | null = null;
  for (const s of silences) {
    const state = silenceState(s, now);
    if (state === 'expired' || !matches(s.matchers, labels)) continue;
    const at = state === 'pending' ? s.startsAt.getTime() : s.endsAt.getTime();
    if (next === null || at < next) next = at;
  }
  return next === null ? null : new Date(next);
}

/**
 * The prefilled draft of "silence similar" from an alert: an equality matcher per label (all labels, or the
 * ones named), for the console to show before the user narrows it.
 * @param labelNames which labels to keep; all of the alert's non-empty labels by default
 */
export function similarSilenceMatchers(labels: Labels, labelNames?: readonly string[]): string[] {
  const names = (labelNames ?? Object.keys(labels)).filter((n) => (labels[n] ?? '') !== '').sort();
  return names.map((n) => formatMatcher({ name: n, op: '=', value: labels[n]! }));
}
