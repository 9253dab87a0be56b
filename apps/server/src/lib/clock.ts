/**
 * Time is injected (CONVENTIONS §6): engine code takes a Clock, scenario tests pass a FakeClock and
 * advance it instead of sleeping.
 */
export interface Clock {
  /** The current instant. */
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to. */
export class FakeClock implements Clock {
  private t: number;
  constructor(start: Date | string = '2026-11-21T12:00:00Z') {
    this.t = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.t);
  }
  /** Moves the clock forward by `ms` milliseconds. */
  advance(ms: number): void {
    this.t += ms;
  }
}
