/**
 * The simulation's clock as the handler keeps it: a base clock (the wall clock, a fixed start time
 * for a manual clock, or the caller's `Clock`) plus how far the advance control has moved it. Time
 * only moves forward: the offset only grows.
 */
export interface SimulatedClock {
  /** Now, on the simulation's clock (milliseconds since the Unix epoch). */
  readonly now: () => number
  /** A time of the base clock, on the simulation's clock. */
  readonly shift: (baseTime: number) => number
  /** Moves the simulation's clock `ms` forward. */
  readonly advance: (ms: number) => void
}

export const makeClock = (base: () => number): SimulatedClock => {
  let offset = 0
  return {
    now: () => base() + offset,
    shift: (baseTime) => baseTime + offset,
    advance: (ms) => {
      offset += ms
    },
  }
}
