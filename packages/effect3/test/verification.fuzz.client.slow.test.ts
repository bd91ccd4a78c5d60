/**
 * Fuzzing the live client where issue #13 found it weak (a separate file from
 * `verification.fuzz.slow.test.ts`, so that the in-memory side can grow there without conflicts):
 *
 * - **nesting**: a valid input with one node replaced by (or given a member holding) a value nested
 *   up to half a million levels deep, as deep as the emulator's 1 MiB body limit allows
 *   (`[[[…]]]` is two bytes a level): a typed `InputValidationError` with a bounded message and
 *   nothing sent, or, for the rare junk that is valid, one request; never a defect;
 * - **echoed secrets**: a server that echoes the session token (any length from 1 to 2,048
 *   characters) or the secret access key, whole or in pieces, URL-encoded or not, in the message,
 *   the code (`__type` or `x-amzn-ErrorType`), the request id or a content type: no piece of a
 *   secret of `min(8, its length)` characters in any field of the error, nor, for secrets of 8
 *   characters or more, in any printed form of it (`String`, JSON, `util.inspect`, `stack`,
 *   `Cause.pretty`);
 * - **long retry waits with short attempt timeouts**: a `Retry-After` or a `Schedule` delay longer
 *   than `attemptTimeout`, then a prompt answer: the call succeeds, on the real clock (where the
 *   transport times the attempt) and on a `TestClock` with waits up to 20 s.
 */
import * as Util from "node:util"
import { describe, expect, it } from "@effect/vitest"
import { Arbitrary, Cause, Effect, type Exit, FastCheck as fc, Layer, ManagedRuntime, Schedule } from "effect"
import { CodePipeline } from "../src/index.js"
import type * as Operation from "../src/services/Operation.js"
import { drive } from "./support/drive.js"
import * as V from "./support/verify.js"

const tally = { nested: 0, nestedRejected: 0, deepest: 0, echoes: 0, waits: 0 }
const bench = V.bench({
  summary: () =>
    `[verification.fuzz.client] nesting: ${tally.nested} inputs (deepest ${tally.deepest} levels), ${tally.nestedRejected} refused; ` +
    `echoed secrets: ${tally.echoes} error responses; long waits: ${tally.waits} calls`,
})

// The deep profile runs ten times the cases, on two shared cores: more than the default 30 s.
const TIMEOUT = V.DEEP || process.env["VERIFY_RUNS"] !== undefined ? 600_000 : 30_000

// -----------------------------------------------------------------------------------------------
// Nesting up to the body limit
// -----------------------------------------------------------------------------------------------

/** Half the emulator's default body limit (1 MiB): the deepest `[[[…]]]` a request could carry. */
const MAX_DEPTH = 512 * 1024

const deepValue = fc
  .tuple(
    // Depths spread over every order of magnitude up to the limit.
    fc.oneof(
      fc.integer({ min: 1, max: 19 }).map((k) => 2 ** k),
      fc.integer({ min: 2, max: MAX_DEPTH }),
    ),
    fc.constantFrom("array", "object", "mixed"),
    V.junkValue,
  )
  .map(([depth, kind, leaf]) => {
    let value: unknown = leaf
    for (let i = 0; i < depth; i++) value = kind === "array" || (kind === "mixed" && i % 2 === 0) ? [value] : { a: value }
    return { depth, kind, value }
  })

describe("inputs nested up to the body limit, against the live layer", () => {
  it(
    "a typed InputValidationError with a bounded message and nothing sent (or one request for valid junk), never a defect",
    async () => {
      const cases = fc.sample(
        fc.tuple(
          fc.nat({ max: V.operations.length - 1 }),
          fc.nat(),
          fc.constantFrom<"replace" | "extra" | "whole">("replace", "extra", "whole"),
          deepValue,
        ),
        { numRuns: V.runs(40, 400), seed: V.SEED + 900 },
      )
      for (const [index, pick, mutation, deep] of cases) {
        const operation = V.operations[index]!
        const [valid] = fc.sample(Arbitrary.make(operation.input), { numRuns: 1, seed: V.SEED + pick })
        const input = V.mutate(valid, pick, mutation, deep.value, "nested")
        const context = `${operation.name}: ${deep.kind} nested ${deep.depth} levels (${mutation})`
        const before = bench.server.requests.length
        const exit = await bench.live.runPromiseExit(
          Effect.flatMap(CodePipeline.CodePipeline, (s) => s.execute(operation as Operation.Any, input as never)),
        )
        const error = V.typedFailure(exit, context)
        const sent = bench.server.requests.length - before
        tally.nested++
        tally.deepest = Math.max(tally.deepest, deep.depth)
        if (error === undefined) {
          expect(sent, context).toBe(1)
          continue
        }
        expect(error._tag, context).toBe("InputValidationError")
        expect(error.operation, context).toBe(operation.name)
        expect(error.message.length, context).toBeLessThan(1000)
        expect(sent, context).toBe(0)
        tally.nestedRejected++
      }
      expect(tally.nestedRejected).toBeGreaterThan(tally.nested / 2)
    },
    TIMEOUT,
  )
})

// -----------------------------------------------------------------------------------------------
// Echoed secrets of any length
// -----------------------------------------------------------------------------------------------

const SECRET_KEY = "fUzZsEcReT/kEy+0123456789abcdefghijKLMNO"
const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="

/** A token of `length` base64 characters, drawn from `seed`. */
const tokenOf = (length: number, seed: number): string => {
  let x = seed >>> 0 || 1
  let out = ""
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0
    out += BASE64[x % BASE64.length]
  }
  return out
}

type Piece = readonly ["whole" | "prefix" | "suffix" | "middle" | "encoded", number, number]
type Place = "message" | "type" | "header" | "requestId" | "contentType"

const echoCase = fc.record({
  length: fc.oneof(fc.integer({ min: 1, max: 16 }), fc.integer({ min: 17, max: 2048 })),
  seed: fc.nat(),
  secret: fc.constantFrom("token", "token", "token", "key" as const),
  pieces: fc.array(fc.tuple(fc.constantFrom<Piece[0]>("whole", "prefix", "suffix", "middle", "encoded"), fc.nat(), fc.nat()), {
    minLength: 1,
    maxLength: 4,
  }),
  filler: fc.string({ maxLength: 30 }),
  place: fc.constantFrom<Place>("message", "message", "type", "header", "requestId", "contentType"),
})

/** The piece of `secret` a server would echo: at least `min(8, length)` characters of it. */
const pieceOf = (secret: string, [kind, a, b]: Piece): string => {
  const w = Math.min(8, secret.length)
  const len = w + (a % (secret.length - w + 1))
  switch (kind) {
    case "whole":
      return secret
    case "prefix":
      return secret.slice(0, len)
    case "suffix":
      return secret.slice(secret.length - len)
    case "middle": {
      const start = b % (secret.length - len + 1)
      return secret.slice(start, start + len)
    }
    case "encoded":
      return encodeURIComponent(secret)
  }
}

/** Every piece of `secret` of the forbidden length found in `text`. */
const windowsIn = (text: string, secret: string): Array<string> => {
  const w = Math.min(8, secret.length)
  const found: Array<string> = []
  for (let i = 0; i + w <= secret.length; i++) if (text.includes(secret.slice(i, i + w))) found.push(secret.slice(i, i + w))
  return found
}

describe("a server echoing secrets of any length, whole or in pieces", () => {
  it(
    "no piece of a secret survives in the error's fields, nor, for secrets of 8 characters or more, in any printed form",
    async () => {
      const cases = fc.sample(echoCase, { numRuns: V.runs(60, 600), seed: V.SEED + 901 })
      let scenario: { echo: (token: string) => string; place: Place } = { echo: () => "", place: "message" }
      const echoing = await V.startRawServer((r, res) => {
        const echoed = scenario.echo(String(r.headers["x-amz-security-token"]))
        const json = { "content-type": "application/x-amz-json-1.1" }
        switch (scenario.place) {
          case "message":
            return V.reply(res, 400, { __type: "AccessDeniedException", message: echoed }, json)
          case "type":
            return V.reply(res, 400, { __type: echoed.slice(0, 200), message: "m" }, json)
          case "header":
            return V.reply(res, 400, "", { ...json, "x-amzn-errortype": echoed.slice(0, 200) })
          case "requestId":
            return V.reply(
              res,
              400,
              { __type: "AccessDeniedException", message: "m" },
              { ...json, "x-amzn-requestid": echoed.slice(0, 200) },
            )
          case "contentType":
            return V.reply(res, 200, "not json", { "content-type": `text/${echoed.slice(0, 200)}` })
        }
      })
      try {
        for (const c of cases) {
          const token = tokenOf(c.length, c.seed)
          const secret = c.secret === "token" ? token : SECRET_KEY
          const filler = c.filler.replace(/[^\x20-\x7e]/g, "")
          scenario = {
            echo: (sent) => c.pieces.map((p) => filler + pieceOf(c.secret === "token" ? sent : SECRET_KEY, p)).join(" ") + filler,
            place: c.place,
          }
          const context = `${c.secret} of ${secret.length} characters echoed in ${c.place} as ${c.pieces.map((p) => p[0]).join(", ")}`
          const runtime = ManagedRuntime.make(
            CodePipeline.layer({
              region: "us-east-1",
              endpoint: echoing.url,
              credentials: { accessKeyId: "AKIDFUZZ", secretAccessKey: SECRET_KEY, sessionToken: token },
              retry: false,
            }).pipe(Layer.orDie),
          )
          try {
            const exit = await runtime.runPromiseExit(CodePipeline.getPipelineState({ name: "release" }))
            const error = V.typedFailure(exit, context)
            expect(error, context).toBeDefined()
            tally.echoes++
            const fields = [error.message, error.code, error.requestId].filter((f): f is string => typeof f === "string")
            const forms =
              secret.length >= 8
                ? [
                    String(error),
                    JSON.stringify(error),
                    Util.inspect(error, { depth: 10, showHidden: true }),
                    String(error.stack),
                    Cause.pretty((exit as Exit.Failure<unknown, unknown>).cause),
                  ]
                : []
            const leaked = [...fields, ...forms].flatMap((text) => [
              ...windowsIn(text, secret),
              ...windowsIn(text, encodeURIComponent(secret)),
            ])
            expect(leaked, `${context}: ${fields.join(" | ").slice(0, 300)}`).toEqual([])
          } finally {
            await runtime.dispose()
          }
        }
      } finally {
        await echoing.close()
      }
    },
    TIMEOUT,
  )
})

// -----------------------------------------------------------------------------------------------
// Long retry waits, short attempt timeouts
// -----------------------------------------------------------------------------------------------

const waitCase = fc.record({
  attemptTimeout: fc.integer({ min: 100, max: 300 }),
  // How much longer than the attempt timeout the wait is.
  factor: fc.double({ min: 1.3, max: 3, noNaN: true }),
  answerAfter: fc.integer({ min: 0, max: 25 }),
})

describe("a retry wait longer than attemptTimeout, then a prompt answer", () => {
  it(
    "on the real clock: the call succeeds with two requests, the second sent after the wait",
    async () => {
      // Each case under both policies: the standard mode's Retry-After, and a Schedule's delay.
      const cases = fc.sample(waitCase, { numRuns: V.runs(4, 40), seed: V.SEED + 902 }).flatMap((c) => [
        { ...c, policy: "retryAfter" as const },
        { ...c, policy: "schedule" as const },
      ])
      let scenario = { wait: 0, answerAfter: 0, retryAfter: true }
      const arrivals: Array<number> = []
      const waiting = await V.startRawServer((_, res, i) => {
        arrivals.push(performance.now())
        const json = { "content-type": "application/x-amz-json-1.1" }
        if (i % 2 === 0) {
          const headers = scenario.retryAfter ? { ...json, "retry-after": (scenario.wait / 1000).toFixed(3) } : json
          return V.reply(res, 503, { __type: "ServiceUnavailable", message: "later" }, headers)
        }
        setTimeout(() => V.reply(res, 200, { pipelineName: "release" }, json), scenario.answerAfter)
      })
      try {
        for (const c of cases) {
          const wait = Math.round(c.attemptTimeout * c.factor)
          scenario = { wait, answerAfter: c.answerAfter, retryAfter: c.policy === "retryAfter" }
          const context = `attemptTimeout ${c.attemptTimeout} ms, ${c.policy} wait ${wait} ms, answer after ${c.answerAfter} ms`
          const retry =
            c.policy === "retryAfter"
              ? { maxAttempts: 2, baseDelay: "1 millis" as const }
              : Schedule.spaced(`${wait} millis`).pipe(Schedule.intersect(Schedule.recurs(1)))
          const runtime = V.liveRuntime(waiting.url, { attemptTimeout: `${c.attemptTimeout} millis`, retry })
          const before = arrivals.length
          try {
            const exit = await runtime.runPromiseExit(CodePipeline.getPipelineState({ name: "release" }))
            expect(V.typedFailure(exit, context), context).toBeUndefined()
            expect(arrivals.length - before, context).toBe(2)
            expect(arrivals[before + 1]! - arrivals[before]!, context).toBeGreaterThanOrEqual(wait - 5)
            tally.waits++
          } finally {
            await runtime.dispose()
          }
        }
      } finally {
        await waiting.close()
      }
    },
    TIMEOUT,
  )

  it.effect(
    "on a TestClock, with waits up to 20 s: the call succeeds with two requests",
    () =>
      Effect.gen(function* () {
        const cases = fc.sample(
          fc.record({
            attemptTimeout: fc.integer({ min: 1, max: 5 }),
            wait: fc.integer({ min: 6, max: 20 }),
            policy: fc.constantFrom<"retryAfter" | "schedule">("retryAfter", "schedule"),
          }),
          { numRuns: V.runs(10, 100), seed: V.SEED + 903 },
        )
        let scenario = { wait: 0, retryAfter: true }
        const waiting = yield* V.rawServer((_, res, i) => {
          const json = { "content-type": "application/x-amz-json-1.1" }
          if (i % 2 === 1) return V.reply(res, 200, { pipelineName: "release" }, json)
          V.reply(
            res,
            503,
            { __type: "ServiceUnavailable", message: "later" },
            scenario.retryAfter ? { ...json, "retry-after": String(scenario.wait) } : json,
          )
        })
        for (const c of cases) {
          scenario = { wait: c.wait, retryAfter: c.policy === "retryAfter" }
          const context = `attemptTimeout ${c.attemptTimeout} s, ${c.policy} wait ${c.wait} s`
          const retry =
            c.policy === "retryAfter"
              ? { maxAttempts: 2, baseDelay: "1 millis" as const }
              : Schedule.spaced(`${c.wait} seconds`).pipe(Schedule.intersect(Schedule.recurs(1)))
          const before = waiting.requests.length
          const exit = yield* drive(
            CodePipeline.getPipelineState({ name: "release" }).pipe(
              Effect.provide(V.liveLayer(waiting.url, { attemptTimeout: `${c.attemptTimeout} seconds`, retry })),
            ),
            "500 millis",
          )
          expect(V.typedFailure(exit, context), context).toBeUndefined()
          expect(waiting.requests.length - before, context).toBe(2)
          tally.waits++
        }
      }).pipe(Effect.scoped),
    TIMEOUT,
  )
})
