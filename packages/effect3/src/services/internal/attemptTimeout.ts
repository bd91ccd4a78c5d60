/**
 * The timeouts of a live call: what `Effect.timeoutFail` gives (`plain`), and the same outcome
 * reached more cheaply on Effect's live clock (`timeoutFail`), with the test that tells the live
 * clock from a `TestClock` (`isLiveClock`, which the client also uses to leave an attempt's timeout
 * to a transport that enforces one). A shortcut into how Effect runs fibers, kept for its measured
 * gain: the two-fiber race of `Effect.timeoutFail` was a third of the per-call CPU (see
 * `bench/RESULTS.md`).
 *
 * `test/attemptTimeout.test.ts` holds both to the same outcomes: success, failure, defect, timeout,
 * and the caller interrupted.
 */
// Mirror of src/services/internal/attemptTimeout.ts: the same shortcut over Effect 3's fibers (a child's fiber refs
// are inherited on success, as Effect 3's race does).
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as DefaultServices from "effect/DefaultServices"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"

/** `self`, failing with `onTimeout()` when it has not ended after `duration`: Effect's own. */
export const plain = <A, E, E1>(self: Effect.Effect<A, E>, duration: Duration.Duration, onTimeout: () => E1): Effect.Effect<A, E | E1> =>
  Effect.timeoutFail(self, { duration, onTimeout })

// Timers longer than this never fire on Effect's live clock (nor in JavaScript).
const MAX_TIMER_MILLIS = 2 ** 31 - 1

/**
 * Whether `clock` is Effect's live clock, whose `sleep` is a `setTimeout` of the same length (see
 * `timeoutFail`): the one in `DefaultServices.liveServices`, which a fiber that was given no clock
 * reads, so that any other clock (a `TestClock`, one of the program's own) takes the plain path.
 */
let liveClock: Clock.Clock | undefined
export const isLiveClock = (clock: Clock.Clock): boolean => clock === (liveClock ??= Context.get(DefaultServices.liveServices, Clock.Clock))

/**
 * `Effect.timeoutFail(self, { duration, onTimeout })`, with the same outcome in every case:
 *
 * - `self` runs in a child fiber, interruptible as it was, with the caller waiting
 *   uninterruptibly: interrupting the caller interrupts `self` (children get the signal) and the
 *   caller resumes with its exit once `self` has stopped, as with the race `timeoutFail` runs;
 * - `self` ends first: its exit, and on success its fiber refs are inherited;
 * - the timer fires first: `self` is interrupted (as by the caller), awaited, and the call fails
 *   with `onTimeout()`.
 *
 * On the live clock, whose `sleep` is a `setTimeout`, the timer is a `setTimeout` in the caller's
 * fiber instead of a second fiber sleeping on the clock: one fork and no interruption of a sleeping
 * fiber per call instead of two forks and one (measured: the two-fiber race was a third of the
 * per-call CPU). On any other clock (a `TestClock`), `Effect.timeoutFail` itself.
 */
export const timeoutFail = <A, E, E1>(
  clock: Clock.Clock,
  self: Effect.Effect<A, E>,
  duration: Duration.Duration,
  millis: number,
  onTimeout: () => E1,
): Effect.Effect<A, E | E1> => {
  if (!isLiveClock(clock)) return plain(self, duration, onTimeout)
  return Effect.uninterruptibleMask((restore) =>
    // The child ends with `self`'s exit as its value, as the race's does: a failing child fiber
    // would otherwise be reported as an unhandled error.
    Effect.flatMap(Effect.fork(Effect.exit(restore(self))), (child) =>
      Effect.fiberIdWith((parentId) =>
        Effect.async<A, E | E1>((resume) => {
          let timedOut = false
          const timer =
            millis > MAX_TIMER_MILLIS
              ? undefined
              : setTimeout(() => {
                  timedOut = true
                  child.unsafeInterruptAsFork(parentId)
                }, millis)
          child.addObserver((childExit) => {
            if (timer !== undefined) clearTimeout(timer)
            if (timedOut) return resume(Effect.fail(onTimeout()))
            const exit = Exit.flatten(childExit)
            resume(Exit.isSuccess(exit) ? Effect.as(child.inheritAll, exit.value) : exit)
          })
        }),
      ),
    ),
  )
}
