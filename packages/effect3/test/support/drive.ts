/** Runs an effect that does real I/O under TestClock, advancing the clock while it waits. */
import { type Duration, Effect, Exit, Fiber, Option, TestClock } from "effect"

export const drive = <A, E, R>(
  effect: Effect.Effect<A, E, R>,
  step: Duration.DurationInput = "50 millis",
): Effect.Effect<Exit.Exit<A, E>, never, R> =>
  Effect.gen(function* () {
    const fiber = yield* Effect.fork(effect)
    for (let i = 0; i < 20_000; i++) {
      const done = yield* Fiber.poll(fiber)
      if (Option.isSome(done)) return done.value
      yield* Effect.promise(() => new Promise((r) => setTimeout(r, 1)))
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
