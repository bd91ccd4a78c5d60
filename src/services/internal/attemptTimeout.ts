/**
 * The attempt timeout of a live call when the transport does not time the exchange itself (the
 * credentials must be fetched first, or the transport is an `HttpClient`'s or the program's own;
 * see `./client.ts`): what `Effect.timeoutOrElse` gives (`plain`), and the same outcome reached
 * more cheaply on Effect's live clock (`attemptTimeout`), with public APIs only. Measured with
 * `npm run bench -- --flavor=effect4 --only=percall --before=<rev>`, the client with `plain`
 * against the same client with this (medians of 15 interleaved rounds, 2026-12-05):
 * `GetPipelineState` took 1.12× the CPU per call with `plain`, `CreatePipeline` 1.14×.
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
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"

// Timers longer than this never fire on Effect's live clock (nor in JavaScript).
const MAX_TIMER_MILLIS = 2 ** 31 - 1

/**
 * Whether `clock` is Effect's live clock, whose `sleep` is a `setTimeout` of the same length: the
 * `Clock` reference's default, which `Context` keeps one of (a fiber that was given no clock reads
 * that one), so that any other clock (a `TestClock`, one of the program's own) takes the plain path.
 */
let liveClock: Clock.Clock | undefined
export const isLiveClock = (clock: Clock.Clock): boolean => clock === (liveClock ??= Context.get(Context.empty(), Clock.Clock))

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
