import { describe, expect, it } from "@effect/vitest"
import { Effect, Exit, Schedule } from "effect"
import { CodePipeline } from "../src/index.js"
import { amzDate, drive } from "./support/drive.js"
import { liveLayer } from "./support/live.js"
import { awsError, freePort, jsonReply, type Reply, startServer } from "./support/server.js"

const ok = jsonReply({ pipelineName: "release" })
const unavailable = awsError("ServiceUnavailable", "try later", 503)
const sequence =
  (...replies: ReadonlyArray<Reply>) =>
  (_: unknown, i: number) =>
    replies[Math.min(i, replies.length - 1)]!
const never = () => new Promise<Reply>(() => {})
const getState = CodePipeline.getPipelineState({ name: "release" })

describe("default retries (standard mode)", () => {
  it.scoped("a throttled call is retried and then succeeds", () =>
    Effect.gen(function* () {
      const server = yield* startServer(sequence(awsError("ThrottlingException", "slow down"), awsError("Throttling", "slow"), ok))
      const exit = yield* drive(getState.pipe(Effect.provide(liveLayer(server.url))))
      expect(Exit.isSuccess(exit)).toBe(true)
      expect(server.requests.map((r) => r.headers["amz-sdk-request"])).toEqual(["attempt=1; max=3", "attempt=2; max=3", "attempt=3; max=3"])
      expect(new Set(server.requests.map((r) => r.headers["amz-sdk-invocation-id"])).size).toBe(1)
    }),
  )

  it.scoped("gives up after 3 attempts with the last error, which counts the attempts", () =>
    Effect.gen(function* () {
      const server = yield* startServer(() => unavailable)
      const exit = yield* drive(getState.pipe(Effect.provide(liveLayer(server.url)), Effect.flip))
      expect(server.requests).toHaveLength(3)
      expect(exit).toMatchObject({ _tag: "Success", value: { _tag: "ServiceUnavailable", attempts: 3 } })
    }),
  )

  it.scoped("a client error is not retried", () =>
    Effect.gen(function* () {
      const server = yield* startServer(() => awsError("ValidationException", "bad"))
      yield* drive(getState.pipe(Effect.provide(liveLayer(server.url)), Effect.flip))
      expect(server.requests).toHaveLength(1)
    }),
  )

  it.scoped("502 and 504 are retried", () =>
    Effect.gen(function* () {
      const server = yield* startServer(sequence({ status: 502, body: "<html>" }, { status: 504, body: "" }, ok))
      const exit = yield* drive(getState.pipe(Effect.provide(liveLayer(server.url))))
      expect(Exit.isSuccess(exit)).toBe(true)
      expect(server.requests).toHaveLength(3)
    }),
  )

  it.scoped("Retry-After is honoured", () =>
    Effect.gen(function* () {
      const server = yield* startServer(sequence(awsError("ThrottlingException", "wait", 429, { "retry-after": "5" }), ok))
      yield* drive(getState.pipe(Effect.provide(liveLayer(server.url))), "100 millis")
      const [first, second] = server.requests.map((r) => amzDate(r.headers["x-amz-date"]))
      expect(second! - first!).toBeGreaterThanOrEqual(5)
    }),
  )

  it.scoped("backoff never exceeds maxDelay", () =>
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

  it.scoped("the retry budget stops retries once spent", () =>
    Effect.gen(function* () {
      const server = yield* startServer(() => unavailable)
      const layer = liveLayer(server.url, { retry: { budget: 5 } })
      yield* drive(Effect.zip(Effect.flip(getState), Effect.flip(getState)).pipe(Effect.provide(layer)))
      // First call: one retry (5 tokens), then the bucket is empty; second call: no retry.
      expect(server.requests).toHaveLength(3)
    }),
  )
})

describe("replacing the retry policy", () => {
  it.scoped("retry: false makes one attempt", () =>
    Effect.gen(function* () {
      const server = yield* startServer(() => unavailable)
      yield* drive(getState.pipe(Effect.provide(liveLayer(server.url, { retry: false })), Effect.flip))
      expect(server.requests).toHaveLength(1)
    }),
  )

  it.scoped("a Schedule retries retryable errors as it says", () =>
    Effect.gen(function* () {
      const server = yield* startServer(() => unavailable)
      yield* drive(getState.pipe(Effect.provide(liveLayer(server.url, { retry: Schedule.recurs(4) })), Effect.flip))
      expect(server.requests).toHaveLength(5)
    }),
  )

  it.scoped("a Schedule does not retry client errors", () =>
    Effect.gen(function* () {
      const server = yield* startServer(() => awsError("PipelineNotFoundException", "no"))
      yield* drive(getState.pipe(Effect.provide(liveLayer(server.url, { retry: Schedule.recurs(4) })), Effect.flip))
      expect(server.requests).toHaveLength(1)
    }),
  )

  it.scoped("a Schedule sees the typed error as its input", () =>
    Effect.gen(function* () {
      const server = yield* startServer(sequence(unavailable, unavailable, awsError("ThrottlingException", "slow"), ok))
      const seen: Array<string> = []
      const schedule = Schedule.recurWhile((error: { _tag: string }) => {
        seen.push(error._tag)
        return error._tag === "ServiceUnavailable"
      })
      yield* drive(getState.pipe(Effect.provide(liveLayer(server.url, { retry: schedule })), Effect.flip))
      expect(seen).toEqual(["ServiceUnavailable", "ServiceUnavailable", "ThrottlingException"])
      expect(server.requests).toHaveLength(3)
    }),
  )

  it.scoped("maxAttempts: 5 makes five attempts", () =>
    Effect.gen(function* () {
      const server = yield* startServer(() => unavailable)
      yield* drive(getState.pipe(Effect.provide(liveLayer(server.url, { retry: { maxAttempts: 5 } })), Effect.flip))
      expect(server.requests).toHaveLength(5)
    }),
  )
})

describe("timeouts", () => {
  it.scoped("an attempt that gets no answer times out, is retried, and fails with TransportError Timeout", () =>
    Effect.gen(function* () {
      const server = yield* startServer(never)
      const exit = yield* drive(
        getState.pipe(Effect.provide(liveLayer(server.url, { attemptTimeout: "1 second" })), Effect.flip),
        "200 millis",
      )
      expect(exit).toMatchObject({ _tag: "Success", value: { _tag: "TransportError", reason: "Timeout" } })
      expect(server.requests).toHaveLength(3)
    }),
  )

  it.scoped("waiting for credentials counts against the attempt timeout", () =>
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

  it.live("on the real clock, an attempt with no answer times out with the same error", () =>
    Effect.gen(function* () {
      const server = yield* startServer(never)
      const error = yield* getState.pipe(
        Effect.provide(liveLayer(server.url, { attemptTimeout: "200 millis", retry: { maxAttempts: 2 } })),
        Effect.flip,
      )
      expect(error).toMatchObject({
        _tag: "TransportError",
        reason: "Timeout",
        message: "GetPipelineState: attempt 2 timed out",
        attempts: 2,
      })
      expect(server.requests).toHaveLength(2)
    }).pipe(Effect.scoped),
  )

  it.scoped("the total timeout ends the call whatever the retries", () =>
    Effect.gen(function* () {
      const server = yield* startServer(never)
      const exit = yield* drive(
        getState.pipe(Effect.provide(liveLayer(server.url, { attemptTimeout: "10 seconds", timeout: "3 seconds" })), Effect.flip),
        "200 millis",
      )
      expect(exit).toMatchObject({ _tag: "Success", value: { _tag: "TransportError", reason: "Timeout" } })
      expect(server.requests).toHaveLength(1)
    }),
  )

  it.scoped("Effect.timeout around a call interrupts it", () =>
    Effect.gen(function* () {
      const server = yield* startServer(never)
      const exit = yield* drive(
        getState.pipe(Effect.timeout("2 seconds"), Effect.provide(liveLayer(server.url)), Effect.flip),
        "200 millis",
      )
      expect(exit).toMatchObject({ _tag: "Success", value: { _tag: "TimeoutException" } })
    }),
  )
})

describe("idempotency token", () => {
  it.scoped("StartPipelineExecution gets a UUID token, the same on every retry", () =>
    Effect.gen(function* () {
      const server = yield* startServer(sequence(unavailable, unavailable, jsonReply({ pipelineExecutionId: "e" })))
      const exit = yield* drive(CodePipeline.startPipelineExecution({ name: "release" }).pipe(Effect.provide(liveLayer(server.url))))
      expect(Exit.isSuccess(exit)).toBe(true)
      const tokens = server.requests.map((r) => r.json.clientRequestToken)
      expect(tokens[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
      expect(tokens).toEqual([tokens[0], tokens[0], tokens[0]])
    }),
  )

  it.scoped("a token the caller gives is sent as is", () =>
    Effect.gen(function* () {
      const server = yield* startServer(() => jsonReply({ pipelineExecutionId: "e" }))
      yield* CodePipeline.startPipelineExecution({ name: "release", clientRequestToken: "my-token-1" }).pipe(
        Effect.provide(liveLayer(server.url)),
      )
      expect(server.requests[0]!.json.clientRequestToken).toBe("my-token-1")
    }),
  )

  it.scoped("two calls get two different tokens", () =>
    Effect.gen(function* () {
      const server = yield* startServer(() => jsonReply({ pipelineExecutionId: "e" }))
      const start = CodePipeline.startPipelineExecution({ name: "release" })
      yield* Effect.zip(start, start).pipe(Effect.provide(liveLayer(server.url)))
      expect(server.requests[0]!.json.clientRequestToken).not.toBe(server.requests[1]!.json.clientRequestToken)
    }),
  )
})

describe("network failures and clock skew", () => {
  it.scoped("connection refused is a TransportError Network, retried", () =>
    Effect.gen(function* () {
      const free = yield* Effect.promise(freePort)
      const exit = yield* drive(getState.pipe(Effect.provide(liveLayer(`http://127.0.0.1:${free}`)), Effect.flip))
      expect(exit).toMatchObject({ _tag: "Success", value: { _tag: "TransportError", reason: "Network", attempts: 3 } })
    }),
  )

  it.scoped("a signature error from a skewed clock is retried with the service's time", () =>
    Effect.gen(function* () {
      const serverTime = new Date(Date.UTC(1970, 0, 1, 1, 0, 0)) // one hour ahead of TestClock's epoch
      const server = yield* startServer(
        sequence(awsError("InvalidSignatureException", "Signature expired", 400, { date: serverTime.toUTCString() }), ok),
      )
      const exit = yield* drive(getState.pipe(Effect.provide(liveLayer(server.url))))
      expect(Exit.isSuccess(exit)).toBe(true)
      const [first, second] = server.requests.map((r) => amzDate(r.headers["x-amz-date"]))
      expect(first).toBeLessThan(60)
      expect(second).toBeGreaterThanOrEqual(3600)
    }),
  )
})

describe("clock skew under TestClock", () => {
  it.scoped("a skew-corrected signature error is retried at once, so a TestClock that never moves does not hang the call", () =>
    Effect.gen(function* () {
      const serverTime = new Date(Date.UTC(2026, 0, 1))
      const server = yield* startServer(
        sequence(awsError("InvalidSignatureException", "Signature expired", 400, { date: serverTime.toUTCString() }), ok),
      )
      // No `drive`: the TestClock stays at 0 for the whole call.
      const out = yield* getState.pipe(Effect.provide(liveLayer(server.url)))
      expect(out.pipelineName).toBe("release")
      expect(server.requests).toHaveLength(2)
    }),
  )
})
