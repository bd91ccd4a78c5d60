import { describe, expect, it } from "@effect/vitest"
import { Effect, Either } from "effect"
import { CodePipeline } from "../src/index.js"
import type * as Operation from "../src/services/Operation.js"
import { liveLayer } from "./support/live.js"
import { awsError, jsonReply, type Reply, startServer } from "./support/server.js"

const operations = Object.values(CodePipeline.operations) as ReadonlyArray<Operation.Any>

/** Calls GetPipelineState against a server that answers every request with `reply`. */
const failureFor = (reply: Reply) =>
  Effect.gen(function* () {
    const server = yield* startServer(() => reply)
    const result = yield* CodePipeline.getPipelineState({ name: "release" }).pipe(
      Effect.provide(liveLayer(server.url, { retry: false })),
      Effect.either,
    )
    return { error: Either.getLeft(result).pipe((o) => (o._tag === "Some" ? o.value : undefined)) as any, server }
  })

describe("modeled errors", () => {
  const cases = operations.flatMap((op) => Object.keys(op.errors).map((code) => [op.name, code, op] as const))

  it("every operation's every modeled error is covered below", () => {
    expect(cases.length).toBeGreaterThan(150)
  })

  it.scoped.each(cases)("%s: %s maps to its tag with message and request id", ([, code, operation]) =>
    Effect.gen(function* () {
      const server = yield* startServer(() =>
        awsError(`com.amazonaws.codepipeline#${code}`, `boom ${code}`, 400, { "x-amzn-requestid": "rid-7" }),
      )
      const result = yield* Effect.flatMap(CodePipeline.CodePipeline, (s) => s.execute(operation, {} as never)).pipe(
        // The input may be invalid; skip client-side validation by sending a valid minimal one.
        Effect.provide(liveLayer(server.url, { retry: false })),
        Effect.either,
      )
      const error = Either.getLeft(result)
      if (error._tag === "Some" && (error.value as any)._tag === "InputValidationError") return // covered below
      expect(error._tag).toBe("Some")
      const e = (error as any).value
      expect(e._tag).toBe(code)
      expect(e.message).toBe(`boom ${code}`)
      expect(e.requestId).toBe("rid-7")
      expect(e.attempts).toBe(1)
      expect(e.httpStatus).toBe(400)
    }),
  )

  it.scoped("GetPipelineState: PipelineNotFoundException can be caught by tag", () =>
    Effect.gen(function* () {
      const server = yield* startServer(() => awsError("PipelineNotFoundException", "no such pipeline"))
      const result = yield* CodePipeline.getPipelineState({ name: "release" }).pipe(
        Effect.map(() => "found"),
        Effect.catchTag("PipelineNotFoundException", (e) => Effect.succeed(`missing: ${e.message}`)),
        Effect.provide(liveLayer(server.url)),
      )
      expect(result).toBe("missing: no such pipeline")
    }),
  )
})

describe("where the error code comes from", () => {
  it.scoped("__type with a namespace", () =>
    Effect.gen(function* () {
      const { error } = yield* failureFor(awsError("com.amazonaws.codepipeline#PipelineNotFoundException", "m"))
      expect(error._tag).toBe("PipelineNotFoundException")
    }),
  )
  it.scoped("__type with a colon suffix", () =>
    Effect.gen(function* () {
      const { error } = yield* failureFor(awsError("PipelineNotFoundException:http://internal.amazon.com/coral/", "m"))
      expect(error._tag).toBe("PipelineNotFoundException")
    }),
  )
  it.scoped("code in the body", () =>
    Effect.gen(function* () {
      const { error } = yield* failureFor(jsonReply({ code: "ValidationException", message: "bad" }, 400))
      expect(error._tag).toBe("ValidationException")
      expect(error.message).toBe("bad")
    }),
  )
  it.scoped("x-amzn-ErrorType header only", () =>
    Effect.gen(function* () {
      const { error } = yield* failureFor({ status: 400, headers: { "x-amzn-ErrorType": "PipelineNotFoundException:http://x/" }, body: "" })
      expect(error._tag).toBe("PipelineNotFoundException")
    }),
  )
  it.scoped("Message with a capital M", () =>
    Effect.gen(function* () {
      const { error } = yield* failureFor(jsonReply({ __type: "ValidationException", Message: "capital" }, 400))
      expect(error.message).toBe("capital")
    }),
  )
})

describe("common errors", () => {
  const common: ReadonlyArray<readonly [string, string, number]> = [
    ["ThrottlingException", "ThrottlingException", 400],
    ["Throttling", "ThrottlingException", 400],
    ["TooManyRequestsException", "ThrottlingException", 429],
    ["AccessDeniedException", "AccessDeniedException", 400],
    ["UnrecognizedClientException", "UnrecognizedClientException", 400],
    ["InvalidSignatureException", "InvalidSignatureException", 400],
    ["IncompleteSignature", "InvalidSignatureException", 400],
    ["ExpiredTokenException", "ExpiredTokenException", 400],
    ["MissingAuthenticationTokenException", "MissingAuthenticationTokenException", 403],
    ["InternalFailure", "InternalFailure", 500],
    ["ServiceUnavailable", "ServiceUnavailable", 503],
  ]
  it.scoped.each(common)("%s surfaces as %s, keeping the code", ([code, tag, status]) =>
    Effect.gen(function* () {
      const { error } = yield* failureFor(awsError(code, "msg", status))
      expect(error._tag).toBe(tag)
      expect(error.code).toBe(code)
      expect(error.message).toBe("msg")
      expect(error.httpStatus).toBe(status)
    }),
  )

  it.scoped("an unknown code is an UnknownServiceError with code, status and request id", () =>
    Effect.gen(function* () {
      const { error } = yield* failureFor(awsError("SomethingNewException", "new", 400, { "x-amzn-requestid": "r9" }))
      expect(error).toMatchObject({
        _tag: "UnknownServiceError",
        code: "SomethingNewException",
        message: "new",
        httpStatus: 400,
        requestId: "r9",
      })
    }),
  )

  it.scoped("a modeled exception of another operation is an UnknownServiceError", () =>
    Effect.gen(function* () {
      const { error } = yield* failureFor(awsError("WebhookNotFoundException", "x"))
      expect(error).toMatchObject({ _tag: "UnknownServiceError", code: "WebhookNotFoundException" })
    }),
  )

  it.scoped("an HTML page from a proxy is an UnknownServiceError naming the status", () =>
    Effect.gen(function* () {
      const { error } = yield* failureFor({ status: 502, headers: { "content-type": "text/html" }, body: "<html>Bad Gateway</html>" })
      expect(error).toMatchObject({ _tag: "UnknownServiceError", code: "Unknown", httpStatus: 502 })
      expect(error.message).toContain("502")
    }),
  )

  it.scoped("HTTP 500, 503 and 429 without a code map to InternalFailure, ServiceUnavailable, ThrottlingException", () =>
    Effect.gen(function* () {
      expect((yield* failureFor({ status: 500, body: "" })).error._tag).toBe("InternalFailure")
      expect((yield* failureFor({ status: 503, body: "" })).error._tag).toBe("ServiceUnavailable")
      expect((yield* failureFor({ status: 429, body: "" })).error._tag).toBe("ThrottlingException")
    }),
  )
})

describe("responses that cannot be decoded", () => {
  it.scoped.each([
    ["a 200 that is not JSON", "<html>"],
    ["truncated JSON", '{"pipelineName": "rel'],
  ] as const)("%s is a ResponseDecodeError", ([, body]) =>
    Effect.gen(function* () {
      const { error } = yield* failureFor({ status: 200, body })
      expect(error._tag).toBe("ResponseDecodeError")
    }),
  )
  it.scoped("a 200 of the wrong shape is a ResponseDecodeError naming the path", () =>
    Effect.gen(function* () {
      const { error } = yield* failureFor(jsonReply({ stageStates: [{ stageName: 42 }] }))
      expect(error._tag).toBe("ResponseDecodeError")
      expect(error.message).toContain("stageStates[0].stageName")
    }),
  )
  it.scoped("a response missing a required member is error-corrected, not failed", () =>
    Effect.gen(function* () {
      const server = yield* startServer(() => jsonReply({ pipeline: { stages: [{ actions: [{}] }] } }))
      const out = yield* CodePipeline.getPipeline({ name: "p" }).pipe(Effect.provide(liveLayer(server.url)))
      expect(out.pipeline!.name).toBe("")
      expect(out.pipeline!.stages[0]!.actions[0]!.actionTypeId).toEqual({ category: "", owner: "", provider: "", version: "" })
    }),
  )
  it.scoped("unknown members are ignored and unknown enum values kept", () =>
    Effect.gen(function* () {
      const server = yield* startServer(() => jsonReply({ pipelineExecution: { status: "Hibernating", newField: 1 } }))
      const out = yield* CodePipeline.getPipelineExecution({
        pipelineName: "p",
        pipelineExecutionId: "00000000-0000-0000-0000-000000000000",
      }).pipe(Effect.provide(liveLayer(server.url)))
      expect(out.pipelineExecution).toEqual({ status: "Hibernating" })
    }),
  )
})

describe("invalid input", () => {
  it.scoped("fails with InputValidationError naming the path, and sends nothing", () =>
    Effect.gen(function* () {
      const server = yield* startServer()
      const result = yield* CodePipeline.getPipelineState({ name: "has spaces" }).pipe(Effect.provide(liveLayer(server.url)), Effect.flip)
      expect(result._tag).toBe("InputValidationError")
      if (result._tag === "InputValidationError") {
        expect(result.path).toBe("name")
        expect(result.operation).toBe("GetPipelineState")
      }
      expect(server.requests).toHaveLength(0)
    }),
  )
  it.scoped("an unknown member is rejected rather than dropped", () =>
    Effect.gen(function* () {
      const server = yield* startServer()
      const error = yield* CodePipeline.getPipelineState({ name: "p", nmae: "typo" } as never).pipe(
        Effect.provide(liveLayer(server.url)),
        Effect.flip,
      )
      expect(error).toMatchObject({ _tag: "InputValidationError", path: "nmae" })
    }),
  )
})
