/** Runs an effect that does real I/O under the TestClock, advancing the clock while it waits. */
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as TestClock from "effect/testing/TestClock"

export const drive = <A, E, R>(
  effect: Effect.Effect<A, E, R>,
  step: Duration.Input = "50 millis",
): Effect.Effect<Exit.Exit<A, E>, never, R> =>
  Effect.gen(function* () {
    const fiber = yield* Effect.forkChild(effect)
    for (let i = 0; i < 20_000; i++) {
      const done = fiber.pollUnsafe()
      if (done !== undefined) return done
      // Real time for the I/O, then simulated time for the sleeps and timeouts.
      yield* Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 1)))
      yield* TestClock.adjust(step)
    }
    yield* Fiber.interrupt(fiber)
    return Exit.die("drive: the effect did not finish")
  })

/** Seconds since epoch of a request's x-amz-date (yyyyMMddTHHmmssZ). */
export const amzDate = (value: unknown): number => {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(String(value))
  if (!m) throw new Error(`not an x-amz-date: ${value}`)
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) / 1000
}
