/**
 * The attempt timeout of a live call: what `Effect.timeoutOrElse` gives (`plain`), and the same
 * outcome reached more cheaply on Effect's live clock (`attemptTimeout`). This is the Effect 4
 * flavor's one shortcut into how Effect runs, kept because it saves more than a tenth of a call's
 * CPU. Measured with `npm run bench -- --flavor=effect4 --only=percall --before=<rev>`, the client
 * with `plain` against the same client with this (medians of 15 interleaved rounds, 2026-12-05):
 * `GetPipelineState` took 1.12× the CPU per call with `plain`, `CreatePipeline` 1.14×, and with
 * `plain` the client missed the per-call target (1.31× the raw floor, against ≤ 1.25×).
 *
 * `timeoutOrElse` races `self` and a sleep in two child fibers, then interrupts the loser and waits
 * for it. On the live clock, whose `sleep` is a `setTimeout`, the timer here is a `setTimeout` of
 * the caller's: one child fiber, and no sleeping fiber to interrupt when `self` ends first. On any
 * other clock (a `TestClock`), the plain version.
 *
 * `test/attemptTimeout.test.ts` holds both to the same outcomes: success, failure, defect, timeout,
 * and the caller interrupted.
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"

// Timers longer than this never fire on Effect's live clock (nor in JavaScript).
const MAX_TIMER_MILLIS = 2 ** 31 - 1

// The live clock is the `Clock` reference's default; its `sleep` is a `setTimeout` of the same length.
let liveClockPrototype: object | null | undefined
const isLiveClock = (clock: Clock.Clock): boolean =>
  Object.getPrototypeOf(clock) === (liveClockPrototype ??= Object.getPrototypeOf(Clock.Clock.defaultValue()))

/** `self`, failing with `onTimeout()` when it has not ended after `duration`: Effect's own. */
export const plain = <A, E, E1>(self: Effect.Effect<A, E>, duration: Duration.Duration, onTimeout: () => E1): Effect.Effect<A, E | E1> =>
  Effect.timeoutOrElse(self, { duration, orElse: () => Effect.fail(onTimeout()) })

/**
 * {@link plain}'s outcome in every case: `self`'s exit when it ends first; when the timer fires
 * first, `self` interrupted and `onTimeout()`; when the caller is interrupted, `self` interrupted
 * and waited for.
 */
export const attemptTimeout = <A, E, E1>(
  clock: Clock.Clock,
  self: Effect.Effect<A, E>,
  duration: Duration.Duration,
  onTimeout: () => E1,
): Effect.Effect<A, E | E1> => {
  const millis = Duration.toMillis(duration)
  if (!isLiveClock(clock) || !(millis <= MAX_TIMER_MILLIS)) return plain(self, duration, onTimeout)
  // The child ends with `self`'s exit as its value, as the race's fibers do: a failing child fiber
  // would otherwise be reported as unhandled.
  return Effect.flatMap(Effect.forkChild(Effect.exit(self), { startImmediately: true }), (child) =>
    Effect.callback<A, E | E1>((resume) => {
      let timedOut = false
      const timer = setTimeout(() => {
        timedOut = true
        child.interruptUnsafe()
      }, millis)
      child.addObserver((exit) => {
        clearTimeout(timer)
        if (timedOut) resume(Effect.fail(onTimeout()))
        // The child itself fails only when it was interrupted before `self` ended.
        else resume(exit._tag === "Success" ? exit.value : (exit as Exit.Exit<never>))
      })
      // The caller is interrupted: so is `self`, and the caller resumes once it has stopped.
      return Effect.suspend(() => {
        clearTimeout(timer)
        return Fiber.interrupt(child)
      })
    }),
  )
}
