/**
 * The timeout's shortcut (`src/services/internal/attemptTimeout.ts`) and its plain equivalent,
 * `Effect.timeoutFail`, give the same outcome in every case; on a `TestClock`, the shortcut is the
 * plain version, driven by the test's clock.
 */
// Mirror of test/attemptTimeout.test.ts: the same cases over each flavor's shortcut.
import { describe, expect, it } from "@effect/vitest"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import * as TestClock from "effect/TestClock"
import * as Cause from "effect/Cause"
import { isLiveClock, plain, timeoutFail } from "../src/services/internal/attemptTimeout.js"

type Timeout = <A, E>(self: Effect.Effect<A, E>, duration: Duration.Duration) => Effect.Effect<A, E | "timed out">

const variants: ReadonlyArray<readonly [string, Timeout]> = [
  ["Effect.timeoutOrElse", (self, duration) => plain(self, duration, () => "timed out" as const)],
  [
    "the shortcut",
    (self, duration) =>
      Effect.clockWith((clock) => timeoutFail(clock, self, duration, Duration.toMillis(duration), () => "timed out" as const)),
  ],
]

const shortly = Duration.millis(20)
const long = Duration.seconds(10)

/** An effect that ends after `after`, and records whether it was interrupted. */
const slow = <A>(after: Duration.Duration, value: A) =>
  Effect.map(Ref.make(false), (interrupted) => ({
    interrupted,
    effect: Effect.as(Effect.sleep(after), value).pipe(Effect.onInterrupt(() => Ref.set(interrupted, true))),
  }))

describe.each(variants)("the attempt timeout, through %s", (_, timeout) => {
  it.live("an effect that ends first gives its value", () =>
    Effect.gen(function* () {
      expect(yield* timeout(Effect.succeed(1), long)).toBe(1)
      const { effect } = yield* slow(shortly, 2)
      expect(yield* timeout(effect, long)).toBe(2)
    }),
  )

  it.live("an effect that fails first gives its failure", () =>
    Effect.gen(function* () {
      const failing = Effect.andThen(Effect.sleep(shortly), Effect.fail("boom" as const))
      expect(yield* Effect.flip(timeout(failing, long))).toBe("boom")
    }),
  )

  it.live("an effect that dies first gives its defect", () =>
    Effect.gen(function* () {
      const exit = yield* Effect.exit(timeout(Effect.andThen(Effect.sleep(shortly), Effect.die("bug")), long))
      expect(Exit.isFailure(exit) && Cause.isDie(exit.cause) && Cause.squash(exit.cause)).toBe("bug")
    }),
  )

  it.live("an effect slower than the timeout is interrupted, and the call fails with the timeout's error", () =>
    Effect.gen(function* () {
      const { interrupted, effect } = yield* slow(long, 3)
      expect(yield* Effect.flip(timeout(effect, shortly))).toBe("timed out")
      expect(yield* Ref.get(interrupted)).toBe(true)
    }),
  )

  it.live("interrupting the caller interrupts the effect, and the caller ends only once it has stopped", () =>
    Effect.gen(function* () {
      const started = yield* Deferred.make<void>()
      const stopped = yield* Deferred.make<void>()
      const effect = Effect.andThen(Deferred.succeed(started, undefined), Effect.never).pipe(
        Effect.onInterrupt(() => Effect.andThen(Effect.sleep(shortly), Deferred.succeed(stopped, undefined))),
      )
      const caller = yield* Effect.fork(timeout(effect, long))
      yield* Deferred.await(started)
      yield* Fiber.interrupt(caller)
      expect(yield* Deferred.isDone(stopped)).toBe(true)
      expect(Exit.isInterrupted(yield* Fiber.await(caller))).toBe(true)
    }),
  )

  it.effect("on a TestClock, the timeout fires when the test's clock passes it, not before", () =>
    Effect.gen(function* () {
      const { interrupted, effect } = yield* slow(long, 4)
      const caller = yield* Effect.fork(timeout(effect, Duration.seconds(5)))
      yield* TestClock.adjust(Duration.seconds(4))
      expect(Option.isNone(yield* Fiber.poll(caller))).toBe(true)
      yield* TestClock.adjust(Duration.seconds(1))
      expect(yield* Effect.flip(Fiber.join(caller))).toBe("timed out")
      expect(yield* Ref.get(interrupted)).toBe(true)
    }),
  )
})

describe("telling Effect's live clock from another (isLiveClock)", () => {
  it.live("a fiber given no clock reads the live one", () =>
    Effect.clockWith((clock) => Effect.sync(() => expect(isLiveClock(clock)).toBe(true))),
  )

  it.effect("a TestClock is not the live clock, so timers follow the test's time", () =>
    Effect.clockWith((clock) => Effect.sync(() => expect(isLiveClock(clock)).toBe(false))),
  )
})
