/**
 * An attempt starts when it starts: its timer, its signing date and the credentials it signs with
 * are read after the backoff sleep before it, not when the retry loop decided to retry (issue #13,
 * item 1). With the attempt built before the sleep, a `Retry-After` longer than `attemptTimeout`
 * cut the next attempt off at once (its deadline had already passed), although the request reached
 * the server and was answered.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Fiber, Schedule, TestClock } from "effect"
import { CodePipeline, ServiceUnavailable } from "../src/index.js"
import { type AttemptFailure, RetryBudget } from "@effect-codepipeline/core/Retry"
import { resolvePolicy, withRetry } from "../src/services/internal/retry.js"
import { amzDate } from "./support/drive.js"
import { liveLayer } from "./support/live.js"
import { awsError, jsonReply, startServer } from "./support/server.js"

const getState = CodePipeline.getPipelineState({ name: "release" })
const ok = jsonReply({ pipelineName: "release" })
const later = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

describe("an attempt after a long retry wait (real clock, real server)", () => {
  it.live("a Retry-After longer than attemptTimeout: the next attempt gets its whole attemptTimeout and the call succeeds", () =>
    Effect.gen(function* () {
      const server = yield* startServer(async (_, i) => {
        if (i === 0) return awsError("ServiceUnavailable", "try later", 503, { "retry-after": "2" })
        await later(20)
        return ok
      })
      const out = yield* getState.pipe(Effect.provide(liveLayer(server.url, { attemptTimeout: "1 second", retry: { maxAttempts: 2 } })))
      expect(out.pipelineName).toBe("release")
      expect(server.requests).toHaveLength(2)
    }).pipe(Effect.scoped))

  it.live("the second attempt is signed after the sleep, not before it", () =>
    Effect.gen(function* () {
      const server = yield* startServer((_, i) => (i === 0 ? awsError("ServiceUnavailable", "try later", 503, { "retry-after": "2" }) : ok))
      yield* getState.pipe(Effect.provide(liveLayer(server.url, { attemptTimeout: "5 seconds", retry: { maxAttempts: 2 } })))
      const [first, second] = server.requests.map((r) => amzDate(r.headers["x-amz-date"]))
      // x-amz-date has whole seconds: two seconds apart at least, since the sleep was two seconds.
      expect(second! - first!).toBeGreaterThanOrEqual(2)
    }).pipe(Effect.scoped))

  it.live("a Schedule policy: the attempt after a long wait gets its whole attemptTimeout", () =>
    Effect.gen(function* () {
      const server = yield* startServer(async (_, i) => {
        if (i === 0) return awsError("ServiceUnavailable", "try later", 503)
        await later(20)
        return ok
      })
      const retry = Schedule.spaced("1500 millis").pipe(Schedule.intersect(Schedule.recurs(1)))
      const out = yield* getState.pipe(Effect.provide(liveLayer(server.url, { attemptTimeout: "1 second", retry })))
      expect(out.pipelineName).toBe("release")
      expect(server.requests).toHaveLength(2)
    }).pipe(Effect.scoped))

  it.live("the whole-call timeout still ends a call whose wait outlasts it", () =>
    Effect.gen(function* () {
      const server = yield* startServer(() => awsError("ServiceUnavailable", "try later", 503, { "retry-after": "2" }))
      const error = yield* getState.pipe(
        Effect.provide(liveLayer(server.url, { attemptTimeout: "1 second", timeout: "1 second", retry: { maxAttempts: 2 } })),
        Effect.flip,
      )
      expect(error).toMatchObject({ _tag: "TransportError", reason: "Timeout", message: "GetPipelineState timed out" })
      expect(server.requests).toHaveLength(1)
    }).pipe(Effect.scoped))
})

describe("the retry loop builds each attempt when it starts (TestClock)", () => {
  const unavailable: AttemptFailure<ServiceUnavailable> = {
    error: new ServiceUnavailable({ message: "try later" }),
    retryAfter: 5000,
    clockSkewCorrected: false,
  }

  it.effect("standard mode: attempt 2 is not built until the Retry-After sleep is over", () =>
    Effect.gen(function* () {
      const built: Array<number> = []
      const attempt = (n: number) => {
        built.push(n)
        return n === 1 ? Effect.fail(unavailable) : Effect.succeed(n)
      }
      const fiber = yield* Effect.fork(withRetry(attempt, resolvePolicy({ maxAttempts: 2 }), new RetryBudget(false)))
      yield* TestClock.adjust("4 seconds")
      expect(built).toEqual([1])
      yield* TestClock.adjust("1 second")
      expect(yield* Fiber.join(fiber)).toBe(2)
      expect(built).toEqual([1, 2])
    }))

  it.effect("a Schedule policy: attempt 2 is not built until the schedule's delay is over", () =>
    Effect.gen(function* () {
      const built: Array<number> = []
      const attempt = (n: number) => {
        built.push(n)
        return n === 1 ? Effect.fail(unavailable) : Effect.succeed(n)
      }
      const schedule = Schedule.spaced("5 seconds").pipe(Schedule.intersect(Schedule.recurs(1)))
      const fiber = yield* Effect.fork(withRetry(attempt, resolvePolicy(schedule), new RetryBudget(false)))
      yield* TestClock.adjust("4 seconds")
      expect(built).toEqual([1])
      yield* TestClock.adjust("1 second")
      expect(yield* Fiber.join(fiber)).toBe(2)
    }))
})
