/**
 * An attempt starts when it starts: its timer, its signing date and the credentials it signs with
 * are read after the backoff sleep before it, not when the retry loop decided to retry (issue #13,
 * item 1). With the attempt built before the sleep, a `Retry-After` longer than `attemptTimeout`
 * cut the next attempt off at once (its deadline had already passed), although the request reached
 * the server and was answered. The same on the real clock, against a real server, is in
 * `hardening.client.retry.slow.test.ts`.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Fiber, Schedule, TestClock } from "effect"
import { ServiceUnavailable } from "../src/index.js"
import { type AttemptFailure, RetryBudget } from "@effect-codepipeline/core/Retry"
import { resolvePolicy, withRetry } from "../src/services/internal/retry.js"

describe("the retry loop builds each attempt when it starts (TestClock)", () => {
  const unavailable: AttemptFailure<ServiceUnavailable> = {
    error: new ServiceUnavailable({ message: "try later" }),
    retryAfter: 5000,
    clockSkewCorrected: false,
  }

  it.effect.each([
    ["standard mode", "the Retry-After sleep", () => resolvePolicy({ maxAttempts: 2 })],
    [
      "a Schedule policy",
      "the schedule's delay",
      () => resolvePolicy(Schedule.spaced("5 seconds").pipe(Schedule.intersect(Schedule.recurs(1)))),
    ],
  ] as const)("%s: attempt 2 is not built until %s is over", ([, , policy]) =>
    Effect.gen(function* () {
      const built: Array<number> = []
      const attempt = (n: number) => {
        built.push(n)
        return n === 1 ? Effect.fail(unavailable) : Effect.succeed(n)
      }
      const fiber = yield* Effect.fork(withRetry(attempt, policy(), new RetryBudget(false)))
      yield* TestClock.adjust("4 seconds")
      expect(built).toEqual([1])
      yield* TestClock.adjust("1 second")
      expect(yield* Fiber.join(fiber)).toBe(2)
      expect(built).toEqual([1, 2])
    }),
  )
})
