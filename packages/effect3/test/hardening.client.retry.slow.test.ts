/**
 * An attempt after a long retry wait, on the real clock against a real server (issue #13, item 1):
 * its timer and signing date start when it starts, after the backoff sleep. Slow by nature (each
 * test waits out a real `Retry-After`); the same rule on a `TestClock` is in
 * `hardening.client.retry.test.ts`.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Schedule } from "effect"
import { CodePipeline } from "../src/index.js"
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
    }).pipe(Effect.scoped),
  )

  it.live("the second attempt is signed after the sleep, not before it", () =>
    Effect.gen(function* () {
      const server = yield* startServer((_, i) => (i === 0 ? awsError("ServiceUnavailable", "try later", 503, { "retry-after": "2" }) : ok))
      yield* getState.pipe(Effect.provide(liveLayer(server.url, { attemptTimeout: "5 seconds", retry: { maxAttempts: 2 } })))
      const [first, second] = server.requests.map((r) => amzDate(r.headers["x-amz-date"]))
      // x-amz-date has whole seconds: two seconds apart at least, since the sleep was two seconds.
      expect(second! - first!).toBeGreaterThanOrEqual(2)
    }).pipe(Effect.scoped),
  )

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
    }).pipe(Effect.scoped),
  )

  it.live("the whole-call timeout still ends a call whose wait outlasts it", () =>
    Effect.gen(function* () {
      const server = yield* startServer(() => awsError("ServiceUnavailable", "try later", 503, { "retry-after": "2" }))
      const error = yield* getState.pipe(
        Effect.provide(liveLayer(server.url, { attemptTimeout: "1 second", timeout: "1 second", retry: { maxAttempts: 2 } })),
        Effect.flip,
      )
      expect(error).toMatchObject({ _tag: "TransportError", reason: "Timeout", message: "GetPipelineState timed out" })
      expect(server.requests).toHaveLength(1)
    }).pipe(Effect.scoped),
  )
})
