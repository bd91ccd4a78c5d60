/**
 * Differential verification, responses and errors: a local server returns the same bytes to this
 * SDK's live layer and to the official `@aws-sdk/client-codepipeline`, and the two must agree.
 *
 * - Outputs of every operation, generated two ways (the schemas' arbitraries, and a denser
 *   generator driven by the Smithy model), with members and enum values the model does not know
 *   mixed in as a newer service would send them: the decoded values are equal (dates as instants,
 *   `Redacted` unwrapped, absent and empty collections as they came).
 * - Every modeled exception of every operation, and a set of unmodeled codes, in each shape AWS
 *   uses (`__type` bare, with a namespace, with a `:` suffix; `code` in the body;
 *   `x-amzn-ErrorType` only): the same code (our `code ?? _tag` against the official `name`), the
 *   same message, request id and status.
 * - Where the two differ by design, the difference is pinned here and explained in
 *   docs/verification.md ("Disagreements"); where this SDK is wrong, the test fails until fixed.
 */
import { isDeepStrictEqual } from "node:util"
import { describe, expect, it } from "@effect/vitest"
import { Arbitrary, Either, FastCheck as fc, Schema } from "effect"
import type * as Operation from "../src/services/Operation.js"
import * as V from "./support/verify.js"

const OUTPUTS_PER_GENERATOR = V.runs(8, 150)

const tally = { outputs: 0, errorCases: 0, unmodeledCases: 0 }
const bench = V.bench({
  summary: () =>
    `[verification.responses] ${tally.outputs} outputs (${OUTPUTS_PER_GENERATOR} per generator per operation), ` +
    `${tally.errorCases} modeled-error cases, ${tally.unmodeledCases} unmodeled-code cases compared`,
})

/** Serves `canned` to both clients for one call each. */
const both = async (operation: Operation.Any, input: unknown, canned: V.Canned) => {
  bench.server.handle((_, res) =>
    V.reply(res, canned.status, canned.body, {
      "content-type": "application/x-amz-json-1.1",
      "x-amzn-requestid": "rid-differential",
      ...canned.headers,
    }),
  )
  const ours = await V.callOurs(bench.live, operation, input)
  const theirs = await V.officialSend(bench.official, operation.name, V.toOfficialInput(input))
  return { ours, theirs }
}

const validInput = (operation: Operation.Any, seed: number): unknown => fc.sample(Arbitrary.make(operation.input), { numRuns: 1, seed })[0]

const operationByName = (name: string): Operation.Any => V.operations.find((op) => op.name === name)!

// ---------------------------------------------------------------------------------------------
// Outputs
// ---------------------------------------------------------------------------------------------

describe("generated outputs: both SDKs decode the same value", () => {
  const withOutput = V.operations.map((op, i) => [op.name, op, i] as const).filter(([, op]) => op.output !== undefined)

  it("every operation but the ones that return nothing has an output", () => {
    const unit = V.operations.filter((op) => op.output === undefined).map((op) => op.name)
    expect(unit.every((name) => V.operationShapes(name).output === undefined)).toBe(true)
    expect(withOutput.length + unit.length).toBe(44)
  })

  it.each(withOutput)("%s", async (_, operation, i) => {
    const shape = V.operationShapes(operation.name).output!
    const input = validInput(operation, V.SEED + i)
    let future = 0
    const fromSchema = V.samples(Arbitrary.make(operation.output!), OUTPUTS_PER_GENERATOR, V.SEED + 100 + i).map((value) =>
      // The service may be newer than both SDKs: members and enum values neither knows.
      V.rewriteWire(shape, Schema.encodeSync(operation.output!)(value), {
        onStruct: (obj) => (future++ % 3 === 0 ? { ...obj, zzFutureMember: { nested: [1, "two", null] } } : obj),
        onEnum: (v) => (future++ % 4 === 0 ? "FUTURE_ENUM_VALUE" : v),
      }),
    )
    const fromModel = fc.sample(V.wireArbitrary(shape, true), { numRuns: OUTPUTS_PER_GENERATOR, seed: V.SEED + 200 + i })
    for (const wire of [...fromSchema, ...fromModel]) {
      const { ours, theirs } = await both(operation, input, V.json(wire))
      if (Either.isLeft(ours)) throw new Error(`${operation.name}: this SDK failed to decode ${JSON.stringify(wire)}: ${String(ours.left)}`)
      if (!theirs.ok)
        throw new Error(`${operation.name}: the official SDK failed to decode ${JSON.stringify(wire)}: ${String(theirs.error)}`)
      const a = V.normalizeDecoded(ours.right)
      const b = V.officialAsOurs(shape, V.normalizeDecoded(theirs.value))
      if (!isDeepStrictEqual(a, b)) expect({ wire, decoded: a }).toEqual({ wire, decoded: b })
      tally.outputs++
    }
  })

  it("unknown enum values are preserved by both, unknown members dropped by both", async () => {
    const op = operationByName("GetPipelineState")
    const { ours, theirs } = await both(
      op,
      { name: "p" },
      V.json({
        pipelineName: "p",
        stageStates: [{ stageName: "Build", latestExecution: { pipelineExecutionId: "e", status: "PAUSED_FOR_REVIEW" }, newMember: 1 }],
        brandNewTopLevel: { x: 1 },
      }),
    )
    const expected = {
      pipelineName: "p",
      stageStates: [{ stageName: "Build", latestExecution: { pipelineExecutionId: "e", status: "PAUSED_FOR_REVIEW" } }],
    }
    expect(V.normalizeDecoded(Either.getOrThrow(ours))).toEqual(expected)
    expect(V.normalizeDecoded(theirs.ok ? theirs.value : theirs.error)).toEqual(expected)
  })

  it("absent and empty collections stay as they came, in both", async () => {
    const op = operationByName("ListPipelines")
    for (const body of [{}, { pipelines: [] }, { pipelines: [{ name: "a" }], nextToken: "t" }]) {
      const { ours, theirs } = await both(op, {}, V.json(body))
      expect(V.normalizeDecoded(Either.getOrThrow(ours))).toEqual(body)
      expect(V.normalizeDecoded(theirs.ok ? theirs.value : theirs.error)).toEqual(body)
    }
  })

  it("sensitive members (artifact credentials) decode to the same strings, Redacted in this SDK", async () => {
    const op = operationByName("GetJobDetails")
    const creds = { accessKeyId: "AKIAARTIFACT", secretAccessKey: "artifact/secret+key", sessionToken: "artifact-session" }
    const { ours, theirs } = await both(
      op,
      { jobId: "0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d" },
      V.json({ jobDetails: { id: "j", data: { artifactCredentials: creds } } }),
    )
    const decoded = Either.getOrThrow(ours) as any
    expect(String(decoded.jobDetails.data.artifactCredentials.secretAccessKey)).not.toContain("artifact/secret+key")
    expect(V.normalizeDecoded(decoded)).toEqual(
      V.officialAsOurs(V.operationShapes("GetJobDetails").output, V.normalizeDecoded(theirs.ok && theirs.value)),
    )
  })

  it("timestamps: integral, fractional and numeric-string epoch seconds are the same instants in both", async () => {
    const op = operationByName("GetPipelineState")
    for (const created of [0, 1700000000, 1700000000.123, 1700000000.0005, -1.5, "1700000000.5", 253402300799.999]) {
      const { ours, theirs } = await both(op, { name: "p" }, V.json({ created }))
      const a = V.normalizeDecoded(Either.getOrThrow(ours))
      expect(a).toEqual(V.normalizeDecoded(theirs.ok && theirs.value))
      expect(a).toEqual({ created: { instant: Math.round(Number(created) * 1000) } })
    }
  })
})

// ---------------------------------------------------------------------------------------------
// Where decoding differs by design (pinned; explained in docs/verification.md)
// ---------------------------------------------------------------------------------------------

describe("responses the two SDKs treat differently, by design", () => {
  const decode = async (name: string, input: unknown, canned: V.Canned) => {
    const { ours, theirs } = await both(operationByName(name), input, canned)
    return {
      ours: Either.isRight(ours) ? { ok: V.normalizeDecoded(ours.right) } : { error: ours.left as any },
      theirs: theirs.ok ? { ok: V.normalizeDecoded(theirs.value) } : { error: theirs.error },
    }
  }
  const pipeline = (configuration: unknown) => ({
    pipeline: {
      name: "p",
      roleArn: "r",
      stages: [
        {
          name: "s",
          actions: [{ name: "a", actionTypeId: { category: "Source", owner: "AWS", provider: "S3", version: "1" }, configuration }],
        },
      ],
    },
  })

  it("null inside a list or a map: dropped here, kept as null by the official SDK", async () => {
    const list = await decode("GetPipelineState", { name: "p" }, V.json({ stageStates: [null, { stageName: "a" }] }))
    expect(list.ours).toEqual({ ok: { stageStates: [{ stageName: "a" }] } })
    expect(list.theirs).toEqual({ ok: { stageStates: [null, { stageName: "a" }] } })
    const map = await decode("GetPipeline", { name: "p" }, V.json(pipeline({ a: null, b: "x" })))
    expect((map.ours as any).ok.pipeline.stages[0].actions[0].configuration).toEqual({ b: "x" })
    expect((map.theirs as any).ok.pipeline.stages[0].actions[0].configuration).toEqual({ a: null, b: "x" })
  })

  it("a missing @required member: error-corrected to its zero value here, absent in the official SDK", async () => {
    const r = await decode("GetPipeline", { name: "p" }, V.json({ pipeline: { stages: [{ actions: [{}] }] } }))
    expect(r.ours).toEqual({
      ok: {
        pipeline: {
          name: "",
          roleArn: "",
          stages: [{ name: "", actions: [{ name: "", actionTypeId: { category: "", owner: "", provider: "", version: "" } }] }],
        },
      },
    })
    expect(r.theirs).toEqual({ ok: { pipeline: { stages: [{ actions: [{}] }] } } })
  })

  it("a member of the wrong JSON type: a ResponseDecodeError naming the path here, passed through untyped by the official SDK", async () => {
    const cases: ReadonlyArray<readonly [string, unknown, unknown, string]> = [
      ["GetPipelineState", { name: "p" }, { pipelineName: 5 }, "pipelineName"],
      ["GetPipeline", { name: "p" }, { pipeline: { name: "p", roleArn: "r", stages: [], version: "3" } }, "pipeline.version"],
      ["ListPipelines", {}, { pipelines: { a: 1 } }, "pipelines"],
      [
        "PutActionRevision",
        {
          pipelineName: "p",
          stageName: "s",
          actionName: "a",
          actionRevision: { revisionId: "r", revisionChangeId: "c", created: new Date(0) },
        },
        { newRevision: "true" },
        "newRevision",
      ],
    ]
    for (const [name, input, body, path] of cases) {
      const r = await decode(name, input, V.json(body))
      expect(r.ours.error?._tag, name).toBe("ResponseDecodeError")
      expect(r.ours.error?.message, name).toContain(path)
      expect(r.theirs, name).toEqual({ ok: body })
    }
  })

  it("a timestamp that is not a timestamp (a word, a boolean): a ResponseDecodeError here, a TypeError (not a service exception) there", async () => {
    for (const created of ["yesterday", true]) {
      const r = await decode("GetPipelineState", { name: "p" }, V.json({ created }))
      expect(r.ours.error?._tag).toBe("ResponseDecodeError")
      expect(r.ours.error?.message).toContain("created")
      expect(r.theirs.error?.name).toBe("TypeError")
    }
  })

  it("an ISO-8601 timestamp (as moto_server sends): decoded here, as botocore does; a TypeError there", async () => {
    const r = await decode("GetPipelineState", { name: "p" }, V.json({ created: "2023-11-14T22:13:20Z" }))
    expect(r.ours).toEqual({ ok: { created: { instant: 1700000000000 } } })
    expect(r.theirs.error?.name).toBe("TypeError")
  })

  it("a 200 whose body is JSON null or an array: a ResponseDecodeError here, an empty output there", async () => {
    for (const body of ["null", "[]"]) {
      const r = await decode("GetPipelineState", { name: "p" }, { status: 200, body })
      expect(r.ours.error?._tag).toBe("ResponseDecodeError")
      expect(r.theirs).toEqual({ ok: {} })
    }
  })

  it("an operation that returns nothing ignores its body here; the official SDK fails on a body that is not JSON", async () => {
    const input = { name: "p" }
    const garbage = await decode("DeletePipeline", input, { status: 200, body: "<html>ok</html>" })
    expect(garbage.ours).toEqual({ ok: undefined })
    expect(garbage.theirs.error?.name).toBe("SyntaxError")
    const extra = await decode("DeletePipeline", input, V.json({ surprise: 1 }))
    expect(extra.ours).toEqual({ ok: undefined })
    expect(extra.theirs).toEqual({ ok: { surprise: 1 } })
  })

  it("a map key named __proto__ is lost by both (plain-object maps); other keys survive", async () => {
    const body =
      '{"pipeline":{"name":"p","roleArn":"r","stages":[{"name":"s","actions":[{"name":"a","actionTypeId":{"category":"Source","owner":"AWS","provider":"S3","version":"1"},"configuration":{"__proto__":"x","constructor":"y"}}]}]}}'
    const r = await decode("GetPipeline", { name: "p" }, { status: 200, body })
    const configuration = (x: any) => x.ok.pipeline.stages[0].actions[0].configuration
    expect(configuration(r.ours)).toEqual({ constructor: "y" })
    expect(configuration(r.theirs)).toEqual({ constructor: "y" })
  })
})

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/** Asserts both SDKs classify the same code with the same message, request id and status. */
const expectSameError = (
  ours: Either.Either<unknown, any>,
  theirs: Awaited<ReturnType<typeof V.officialSend>>,
  code: string,
  message: string,
  status: number,
) => {
  expect(Either.isLeft(ours), "this SDK succeeded").toBe(true)
  expect(theirs.ok, "the official SDK succeeded").toBe(false)
  const e = (ours as Either.Left<any, unknown>).left
  const o = (theirs as { error: any }).error
  expect(e.code ?? e._tag).toBe(code)
  expect(o.name).toBe(code)
  expect(e.message).toBe(message)
  expect(o.message).toBe(message)
  expect(e.requestId).toBe(o.$metadata.requestId)
  expect(e.requestId).toBe(`rid-${code}`)
  expect(e.httpStatus).toBe(status)
  expect(o.$metadata.httpStatusCode).toBe(status)
  expect(e.attempts).toBe(1)
}

describe("modeled exceptions: both SDKs classify every one the same way, in every shape", () => {
  it("this SDK's operations model exactly the model's exceptions", () => {
    for (const op of V.operations) expect(Object.keys(op.errors).sort(), op.name).toEqual([...V.modeledErrors(op.name)].sort())
  })

  it.each(V.operations.map((op, i) => [op.name, op, i] as const))("%s", async (_, operation, i) => {
    const input = validInput(operation, V.SEED + 300 + i)
    for (const code of Object.keys(operation.errors)) {
      for (const shape of V.errorShapes) {
        const message = `${code} in shape ${shape}: ünïcödé "quoted"`
        const { ours, theirs } = await both(operation, input, V.errorResponse(shape, code, message))
        expectSameError(ours, theirs, code, message, 400)
        const e = (ours as Either.Left<any, unknown>).left
        expect(e._tag).toBe(code)
        expect(e).toBeInstanceOf(operation.errors[code]!)
        tally.errorCases++
      }
    }
  })
})

describe("unmodeled codes: the same code and message in both, under this SDK's common tags", () => {
  // The tag this SDK documents for each code (src/errors/common.ts); the official SDK names the
  // error by the code itself (a generic CodePipelineServiceException, or the modeled class of
  // another operation).
  const unmodeled: ReadonlyArray<readonly [code: string, tag: string, status: number]> = [
    ["ThrottlingException", "ThrottlingException", 400],
    ["Throttling", "ThrottlingException", 400],
    ["ThrottledException", "ThrottlingException", 400],
    ["TooManyRequestsException", "ThrottlingException", 429],
    ["RequestLimitExceeded", "ThrottlingException", 400],
    ["RequestThrottled", "ThrottlingException", 400],
    ["SlowDown", "ThrottlingException", 503],
    ["AccessDeniedException", "AccessDeniedException", 403],
    ["AccessDenied", "AccessDeniedException", 403],
    ["UnrecognizedClientException", "UnrecognizedClientException", 403],
    ["InvalidClientTokenId", "UnrecognizedClientException", 403],
    ["InvalidSignatureException", "InvalidSignatureException", 403],
    ["SignatureDoesNotMatch", "InvalidSignatureException", 403],
    ["IncompleteSignature", "InvalidSignatureException", 403],
    ["RequestExpired", "InvalidSignatureException", 400],
    ["RequestTimeTooSkewed", "InvalidSignatureException", 403],
    ["ExpiredTokenException", "ExpiredTokenException", 400],
    ["ExpiredToken", "ExpiredTokenException", 400],
    ["MissingAuthenticationTokenException", "MissingAuthenticationTokenException", 403],
    ["InternalFailure", "InternalFailure", 500],
    ["InternalServerError", "InternalFailure", 500],
    ["ServiceUnavailable", "ServiceUnavailable", 503],
    ["ServiceUnavailableException", "ServiceUnavailable", 503],
    ["SerializationException", "UnknownServiceError", 400],
    ["UnknownOperationException", "UnknownServiceError", 400],
    ["OptInRequired", "UnknownServiceError", 403],
    ["SomethingNewException", "UnknownServiceError", 400],
    // Modeled, but by other operations than the two called here.
    ["WebhookNotFoundException", "UnknownServiceError", 400],
    ["ActionTypeNotFoundException", "UnknownServiceError", 400],
  ]

  it.each(["GetPipelineState", "StartPipelineExecution"])("%s", async (name) => {
    const operation = operationByName(name)
    const input = name === "StartPipelineExecution" ? { name: "release" } : { name: "p" }
    for (const [code, tag, status] of unmodeled) {
      for (const shape of V.errorShapes) {
        const message = `${code} (${shape})`
        const { ours, theirs } = await both(operation, input, V.errorResponse(shape, code, message, status))
        expectSameError(ours, theirs, code, message, status)
        expect((ours as Either.Left<any, unknown>).left._tag, `${code} ${shape}`).toBe(tag)
        tally.unmodeledCases++
      }
    }
  })
})

describe("error responses the two SDKs treat differently, by design", () => {
  const op = () => operationByName("GetPipelineState")
  const run = async (canned: V.Canned) => {
    const { ours, theirs } = await both(op(), { name: "p" }, canned)
    return { e: (ours as Either.Left<any, unknown>).left, o: (theirs as { error: any }).error }
  }

  it("no message in the body: this SDK uses the code as the message, the official SDK says UnknownError", async () => {
    for (const canned of [
      { status: 400, body: "", headers: { "x-amzn-errortype": "PipelineNotFoundException" } },
      V.json({ __type: "ValidationException" }, 400),
      V.json({ __type: "ValidationException", message: null }, 400),
    ]) {
      const { e, o } = await run(canned)
      expect(e._tag).toBe(o.name)
      expect(o.message).toBe("UnknownError")
      expect(e.message).toBe(e._tag)
    }
  })

  it("Message with a capital M is read by both; errorMessage only by this SDK", async () => {
    const capital = await run(V.json({ __type: "ValidationException", Message: "capital" }, 400))
    expect([capital.e.message, capital.o.message]).toEqual(["capital", "capital"])
    const alt = await run(V.json({ __type: "ValidationException", errorMessage: "alt" }, 400))
    expect([alt.e.message, alt.o.message]).toEqual(["alt", "UnknownError"])
  })

  it("a message that is not a string: ignored here, passed through by the official SDK", async () => {
    const { e, o } = await run(V.json({ __type: "ValidationException", message: 5 }, 400))
    expect(e.message).toBe("ValidationException")
    expect(o.message).toBe(5)
  })

  it("no code at all: this SDK maps 429/500/503 to ThrottlingException/InternalFailure/ServiceUnavailable, the official SDK names them Unknown", async () => {
    const cases: ReadonlyArray<readonly [number, string]> = [
      [429, "ThrottlingException"],
      [500, "InternalFailure"],
      [503, "ServiceUnavailable"],
      [403, "UnknownServiceError"],
      [400, "UnknownServiceError"],
    ]
    for (const [status, tag] of cases) {
      for (const body of ["", "{}", '{"message":"only a message"}', "null", "[]"]) {
        const { e, o } = await run({ status, body })
        expect(e._tag, `${status} ${body}`).toBe(tag)
        expect(e.httpStatus).toBe(status)
        expect(o.name).toBe("Unknown")
        if (body.includes("only a message")) expect([e.message, o.message]).toEqual(["only a message", "only a message"])
      }
    }
  })

  it("an HTML page from a proxy: UnknownServiceError here; the official SDK throws a SyntaxError, not a service exception", async () => {
    const { e, o } = await run({ status: 502, body: "<html><body>502 Bad Gateway</body></html>", headers: { "content-type": "text/html" } })
    expect(e).toMatchObject({ _tag: "UnknownServiceError", code: "Unknown", httpStatus: 502 })
    expect(o.name).toBe("SyntaxError")
  })

  it("a code with surrounding whitespace or an empty code: trimmed or ignored here, taken verbatim by the official SDK", async () => {
    const spaced = await run(V.json({ __type: " ValidationException ", message: "m" }, 400))
    expect(spaced.e._tag).toBe("ValidationException")
    expect(spaced.o.name).toBe(" ValidationException ")
    const empty = await run(V.json({ __type: "", message: "m" }, 400))
    expect(empty.e).toMatchObject({ _tag: "UnknownServiceError", code: "Unknown" })
    expect(empty.o.name).toBe("")
  })

  it("a modeled exception of another operation: this SDK's UnknownServiceError keeps the code; the official SDK builds that exception's class", async () => {
    const { e, o } = await run(V.json({ __type: "WebhookNotFoundException", message: "m" }, 400))
    expect(e).toMatchObject({ _tag: "UnknownServiceError", code: "WebhookNotFoundException" })
    expect(o.constructor.name).toBe("WebhookNotFoundException")
  })

  it("a comma-separated code list (from some proxies) is cut at the first entry by both", async () => {
    const { e, o } = await run({
      status: 400,
      body: '{"message":"m"}',
      headers: { "x-amzn-errortype": "ValidationException,PipelineNotFoundException" },
    })
    expect([e._tag, o.name]).toEqual(["ValidationException", "ValidationException"])
  })
})

describe("error responses where this SDK disagrees with the official SDK (bugs: fail until fixed)", () => {
  const run = async (canned: V.Canned) => {
    const { ours, theirs } = await both(operationByName("GetPipelineState"), { name: "p" }, canned)
    return { e: (ours as Either.Left<any, unknown>).left, o: (theirs as { error: any }).error }
  }

  // src/services/internal/protocol.ts, errorDetails: reads the header, then `code`, then `__type`.
  // The official SDK (awsJson1_1, @smithy/core loadJsonRpcErrorCode) reads `__type`, then `code`,
  // then the header; aws-sdk-go-v2 also lets the body override the header.
  it("when the body's __type, the body's code and the header disagree, both pick the same one", async () => {
    const headerVsType = await run({
      status: 400,
      body: JSON.stringify({ __type: "PipelineNotFoundException", message: "m" }),
      headers: { "x-amzn-errortype": "ValidationException" },
    })
    expect(headerVsType.o.name).toBe("PipelineNotFoundException")
    expect(headerVsType.e._tag).toBe(headerVsType.o.name)
    const codeVsType = await run(V.json({ code: "ValidationException", __type: "PipelineNotFoundException", message: "m" }, 400))
    expect(codeVsType.o.name).toBe("PipelineNotFoundException")
    expect(codeVsType.e._tag).toBe(codeVsType.o.name)
  })

  // src/services/internal/protocol.ts, errorDetails/stringMember: only `code` and `Code`, and only
  // strings, although sanitizeErrorCode handles numbers (dead code). The official SDK finds the
  // member case-insensitively and accepts a number.
  it("a code member spelt CODE, or a numeric code, is read as the official SDK reads it", async () => {
    const upper = await run(V.json({ CODE: "ValidationException", message: "m" }, 400))
    expect(upper.o.name).toBe("ValidationException")
    expect(upper.e._tag).toBe("ValidationException")
    const numeric = await run(V.json({ code: 42, message: "m" }, 400))
    expect(numeric.o.name).toBe("42")
    expect(numeric.e).toMatchObject({ _tag: "UnknownServiceError", code: "42" })
  })
})
