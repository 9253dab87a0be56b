/**
 * Shapes shared by the suppression calculators (DESIGN §5 step 3): label sets, the reasons an alert is
 * muted, and field-error collection for validation.
 */
import type { FieldError } from '@faultline/contracts';
import { AppError, validationError } from '../lib/index.ts';
import type { MaintenanceEffect } from './maintenance.ts';

/** An alert's labels (and, for non-Alertmanager senders, its matchable facts). A missing label is `""`. */
export type Labels = Readonly<Record<string, string>>;

/**
 * Why an alert is muted right now, one entry per cause, for the alert's "muted by" and the engine's timers.
 * `until` is when that cause stops muting on its own (null: only an event ends it, e.g. the source alert of
 * an inhibition resolving).
 */
export type MuteReason =
  | { readonly kind: 'silence'; readonly id: string; readonly until: Date }
  | {
      readonly kind: 'maintenance';
      readonly id: string;
      readonly effect: MaintenanceEffect;
      readonly until: Date | null;
    }
  | { readonly kind: 'inhibition'; readonly rule: string; readonly sources: readonly string[] };

/**
 * One sentence per reason, for the alert's explanation ("muted by silence 7f3a… until 2026-11-21T14:00:00.000Z").
 * Times are ISO 8601 UTC; the console renders them in the viewer's zone.
 */
export function describeMute(reason: MuteReason): string {
  switch (reason.kind) {
    case 'silence':
      return `muted by silence ${reason.id} until ${reason.until.toISOString()}`;
    case 'maintenance':
      if (reason.effect === 'suppress-incidents')
        return `held by maintenance window ${reason.id} (suppress-incidents: no incident opens${
          reason.until ? ` until ${reason.until.toISOString()}` : ' while it is open'
        })`;
      return `in maintenance window ${reason.id} (${reason.effect})${
        reason.until ? ` until ${reason.until.toISOString()}` : ''
      }`;
    case 'inhibition':
      return `inhibited by rule ${reason.rule} while ${reason.sources.join(', ')} fires`;
  }
}

/** Collects field errors while validating, then throws them all at once. */
export class FieldErrors {
  readonly list: FieldError[] = [];

  /** Records a problem with the field at `path`. */
  add(path: string, message: string): void {
    this.list.push({ path, message });
  }

  /**
   * Runs `fn`, recording an AppError VALIDATION it throws (its field errors, or its message on `path`).
   * @returns what `fn` returned, or undefined when it threw a validation error
   */
  capture<T>(path: string, fn: () => T): T | undefined {
    try {
      return fn();
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'VALIDATION') throw err;
      if (err.fields?.length) this.list.push(...err.fields);
      else this.add(path, err.message);
      return undefined;
    }
  }

  /** @throws AppError VALIDATION listing every recorded problem, when there is one */
  throwIfAny(what: string): void {
    if (this.list.length > 0) throw validationError(this.list, what);
  }
}

/** True for a Date holding a real instant (not `new Date('nonsense')`). */
export function isInstant(d: unknown): d is Date {
  return d instanceof Date && !Number.isNaN(d.getTime());
}
