/**
 * Retries and timeouts of the Effect 4 flavor's live client, on the TestClock (packages/effect3's
 * test/live.retry.test.ts on Effect 4): the core decides, the backoff and the timeouts run on the
 * fiber's `Clock`.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Schedule from "effect/Schedule"
import * as CodePipeline from "../src/services/CodePipeline.js"
import type { RetryInput } from "../src/services/Retry.js"
import { amzDate, drive } from "./support/drive.js"
import { awsError, freePort, jsonReply, never, sequence, startServer, testCredentials } from "./support/server.js"

const ok = jsonReply({ pipelineName: "release" })
const unavailable = awsError("ServiceUnavailable", "try later", 503)
const getState = CodePipeline.getPipelineState({ name: "release" })

const liveLayer = (url: string, options: Partial<CodePipeline.Options> = {}) =>
  CodePipeline.layer({ region: "us-east-1", endpoint: url, credentials: testCredentials, ...options })

describe("default retries (standard mode, Effect 4)", () => {
  it.effect("a throttled call is retried and then succeeds, under one invocation id", () =>
    Effect.gen(function* () {
      const server = yield* startServer(sequence(awsError("ThrottlingException", "slow down"), awsError("Throttling", "slow"), ok))
      const exit = yield* drive(getState.pipe(Effect.provide(liveLayer(server.url))))
      expect(Exit.isSuccess(exit)).toBe(true)
      expect(server.requests.map((r) => r.headers["amz-sdk-request"])).toEqual(["attempt=1; max=3", "attempt=2; max=3", "attempt=3; max=3"])
      expect(new Set(server.requests.map((r) => r.headers["amz-sdk-invocation-id"])).size).toBe(1)
    }),
  )

  it.effect("gives up after 3 attempts with the last error, which counts the attempts", () =>
    Effect.gen(function* () {
      const server = yield* startServer(() => unavailable)
      const exit = yield* drive(getState.pipe(Effect.provide(liveLayer(server.url)), Effect.flip))
      expect(server.requests).toHaveLength(3)
      expect(exit).toMatchObject({ _tag: "Success", value: { _tag: "ServiceUnavailable", attempts: 3 } })
    }),
  )

  it.effect("502 and 504 are retried", () =>
    Effect.gen(function* () {
      const server = yield* startServer(sequence({ status: 502, body: "<html>" }, { status: 504, body: "" }, ok))
      const exit = yield* drive(getState.pipe(Effect.provide(liveLayer(server.url))))
      expect(Exit.isSuccess(exit)).toBe(true)
      expect(server.requests).toHaveLength(3)
    }),
  )

  it.effect("Retry-After is honoured", () =>
    Effect.gen(function* () {
      const server = yield* startServer(sequence(awsError("ThrottlingException", "wait", 429, { "retry-after": "5" }), ok))
      yield* drive(getState.pipe(Effect.provide(liveLayer(server.url))), "100 millis")
      const [first, second] = server.requests.map((r) => amzDate(r.headers["x-amz-date"]))
      expect(second! - first!).toBeGreaterThanOrEqual(5)
    }),
  )

  it.effect("backoff never exceeds maxDelay", () =>
    Effect.gen(function* () {
      const server = yield* startServer(() => unavailable)
      yield* drive(
        getState.pipe(
          Effect.provide(liveLayer(server.url, { retry: { maxAttempts: 6, baseDelay: "10 seconds", maxDelay: "2 seconds" } })),
          Effect.flip,
        ),
        "100 millis",
      )
      const dates = server.requests.map((r) => amzDate(r.headers["x-amz-date"]))
      expect(dates).toHaveLength(6)
      for (let i = 1; i < dates.length; i++) expect(dates[i]! - dates[i - 1]!).toBeLessThanOrEqual(3)
    }),
  )

  it.effect("the retry budget, shared by the layer's calls, stops retries once spent", () =>
    Effect.gen(function* () {
      const server = yield* startServer(() => unavailable)
      const layer = liveLayer(server.url, { retry: { budget: 5 } })
      yield* drive(Effect.zip(Effect.flip(getState), Effect.flip(getState)).pipe(Effect.provide(layer)))
      // First call: one retry (5 tokens), then the bucket is empty; second call: no retry.
      expect(server.requests).toHaveLength(3)
    }),
  )

  it.effect("maxAttempts: 5 makes five attempts", () =>
    Effect.gen(function* () {
      const server = yield* startServer(() => unavailable)
      yield* drive(getState.pipe(Effect.provide(liveLayer(server.url, { retry: { maxAttempts: 5 } })), Effect.flip))
      expect(server.requests).toHaveLength(5)
    }),
  )
})

describe("replacing the retry policy (Effect 4)", () => {
  it.effect("retry: false makes one attempt", () =>
    Effect.gen(function* () {
      const server = yield* startServer(() => unavailable)
      yield* drive(getState.pipe(Effect.provide(liveLayer(server.url, { retry: false })), Effect.flip))
      expect(server.requests).toHaveLength(1)
    }),
  )

  it.effect("a Schedule retries retryable errors as it says", () =>
    Effect.gen(function* () {
      const server = yield* startServer(() => unavailable)
      yield* drive(getState.pipe(Effect.provide(liveLayer(server.url, { retry: Schedule.recurs(4) })), Effect.flip))
      expect(server.requests).toHaveLength(5)
    }),
  )

  it.effect("a Schedule does not retry client errors", () =>
    Effect.gen(function* () {
      const server = yield* startServer(() => awsError("PipelineNotFoundException", "no"))
      yield* drive(getState.pipe(Effect.provide(liveLayer(server.url, { retry: Schedule.recurs(4) })), Effect.flip))
      expect(server.requests).toHaveLength(1)
    }),
  )

  it.effect("a Schedule sees the typed error as its input", () =>
    Effect.gen(function* () {
      const server = yield* startServer(sequence(unavailable, awsError("ThrottlingException", "slow"), ok))
      const seen: Array<string> = []
      const schedule = Schedule.recurs(5).pipe(
        Schedule.setInputType<RetryInput>(),
        Schedule.tap(({ input }) => Effect.sync(() => seen.push(input._tag))),
      )
      const exit = yield* drive(getState.pipe(Effect.provide(liveLayer(server.url, { retry: schedule }))))
      expect(Exit.isSuccess(exit)).toBe(true)
      expect(seen).toEqual(["ServiceUnavailable", "ThrottlingException"])
    }),
  )
})

describe("timeouts (Effect 4)", () => {
  it.effect("an attempt that gets no answer times out, is retried, and fails with TransportError Timeout", () =>
    Effect.gen(function* () {
      const server = yield* startServer(() => never)
      const exit = yield* drive(
        getState.pipe(Effect.provide(liveLayer(server.url, { attemptTimeout: "1 second" })), Effect.flip),
        "200 millis",
      )
      expect(exit).toMatchObject({
        _tag: "Success",
        value: { _tag: "TransportError", reason: "Timeout", message: "GetPipelineState: attempt 3 timed out", attempts: 3 },
      })
      expect(server.requests).toHaveLength(3)
    }),
  )

  it.effect("waiting for credentials counts against the attempt timeout", () =>
    Effect.gen(function* () {
      const server = yield* startServer(() => ok)
      const exit = yield* drive(
        getState.pipe(
          Effect.provide(liveLayer(server.url, { credentials: Effect.never, attemptTimeout: "1 second", retry: false })),
          Effect.flip,
        ),
        "200 millis",
      )
      expect(exit).toMatchObject({
        _tag: "Success",
        value: { _tag: "TransportError", reason: "Timeout", message: "GetPipelineState: attempt 1 timed out" },
      })
      expect(server.requests).toHaveLength(0)
    }),
  )

  it.effect("the total timeout ends the call whatever the retries", () =>
    Effect.gen(function* () {
      const server = yield* startServer(() => never)
      const exit = yield* drive(
        getState.pipe(Effect.provide(liveLayer(server.url, { attemptTimeout: "10 seconds", timeout: "3 seconds" })), Effect.flip),
        "200 millis",
      )
      expect(exit).toMatchObject({ _tag: "Success", value: { _tag: "TransportError", reason: "Timeout" } })
      expect(server.requests).toHaveLength(1)
    }),
  )

  it.effect("Effect.timeout around a call interrupts it", () =>
    Effect.gen(function* () {
      const server = yield* startServer(() => never)
      const exit = yield* drive(
        getState.pipe(Effect.timeout("2 seconds"), Effect.provide(liveLayer(server.url)), Effect.flip),
        "200 millis",
      )
      expect(exit).toMatchObject({ _tag: "Success", value: { _tag: "TimeoutError" } })
    }),
  )
})

describe("idempotency token (Effect 4)", () => {
  it.effect("StartPipelineExecution gets a UUID token, the same on every retry", () =>
    Effect.gen(function* () {
      const server = yield* startServer(sequence(unavailable, unavailable, jsonReply({ pipelineExecutionId: "e" })))
      const exit = yield* drive(CodePipeline.startPipelineExecution({ name: "release" }).pipe(Effect.provide(liveLayer(server.url))))
      expect(Exit.isSuccess(exit)).toBe(true)
      const tokens = server.requests.map((r) => r.json.clientRequestToken)
      expect(tokens[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
      expect(tokens).toEqual([tokens[0], tokens[0], tokens[0]])
    }),
  )
})

describe("network failures and clock skew (Effect 4)", () => {
  it.effect("connection refused is a TransportError Network, retried", () =>
    Effect.gen(function* () {
      const free = yield* Effect.promise(freePort)
      const exit = yield* drive(getState.pipe(Effect.provide(liveLayer(`http://127.0.0.1:${free}`)), Effect.flip))
      expect(exit).toMatchObject({ _tag: "Success", value: { _tag: "TransportError", reason: "Network", attempts: 3 } })
    }),
  )

  it.effect("a signature error from a skewed clock is retried at once with the service's time", () =>
    Effect.gen(function* () {
      const serverTime = new Date(Date.UTC(1970, 0, 1, 1, 0, 0)) // one hour ahead of the TestClock's epoch
      const server = yield* startServer(
        sequence(awsError("InvalidSignatureException", "Signature expired", 400, { date: serverTime.toUTCString() }), ok),
      )
      // No `drive`: the TestClock stays at 0 for the whole call, so a backoff would hang it.
      const out = yield* getState.pipe(Effect.provide(liveLayer(server.url)))
      expect(out.pipelineName).toBe("release")
      const [first, second] = server.requests.map((r) => amzDate(r.headers["x-amz-date"]))
      expect(first).toBeLessThan(60)
      expect(second).toBeGreaterThanOrEqual(3600)
    }),
  )
})
