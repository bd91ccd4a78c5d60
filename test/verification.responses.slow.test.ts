/**
 * Differential verification, responses and errors, through the Effect 4 flavor: a local server
 * returns the same bytes to its live layer and to the official `@aws-sdk/client-codepipeline`, and
 * the two must agree.
 *
 * - Outputs of every operation, drawn from the Smithy model by the kit's wire generator, with
 *   members and enum values the model does not know mixed in as a newer service would send them:
 *   the decoded values are equal (dates as instants, `Redacted` unwrapped).
 * - Every modeled exception of every operation, and a set of unmodeled codes, in each shape AWS
 *   uses (`__type` bare, with a namespace, with a `:` suffix; `code` in the body;
 *   `x-amzn-ErrorType` only): the same code (our `code ?? _tag` against the official `name`), the
 *   same message, request id and status.
 *
 * Where the two differ by design (null items, missing required members, wrong JSON types), the
 * core's codec and protocol decide the same for both flavors; the differences are pinned once, by
 * the Effect 3 flavor's suite, and explained in docs/verification.md.
 */
// Mirror of packages/effect3/test/verification.responses.slow.test.ts (its outputs also come from Effect 3's schema arbitraries).
import { isDeepStrictEqual } from "node:util"
import { describe, expect, it } from "@effect/vitest"
import * as Result from "effect/Result"
import type * as Operation from "../src/services/Operation.js"
import * as V from "./support/verify.js"

const OUTPUTS_PER_OPERATION = V.runs(12, 200)

const tally = { outputs: 0, errorCases: 0, unmodeledCases: 0 }
const bench = V.bench({
  summary: () =>
    `[verification.responses] ${tally.outputs} outputs (${OUTPUTS_PER_OPERATION} per operation), ` +
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

const validInput = (operation: Operation.Any, seed: number): unknown => V.validInputs(operation, 1, seed)[0]

const operationByName = (name: string): Operation.Any => V.operations.find((op) => op.name === name)!

const success = (result: Result.Result<unknown, any>): unknown => {
  if (Result.isFailure(result)) throw new Error(`this SDK failed: ${String(result.failure)}`)
  return result.success
}

describe("outputs drawn from the model: both SDKs decode the same value", () => {
  const withOutput = V.operations.map((op, i) => [op.name, op, i] as const).filter(([, op]) => op.output !== undefined)

  it("every operation but the ones that return nothing has an output", () => {
    const unit = V.operations.filter((op) => op.output === undefined).map((op) => op.name)
    expect(unit.every((name) => V.operationShapes(name).output === undefined)).toBe(true)
    expect(withOutput.length + unit.length).toBe(44)
  })

  it.each(withOutput)("%s", async (_, operation, i) => {
    const shape = V.operationShapes(operation.name).output!
    const input = validInput(operation, V.SEED + i)
    for (const wire of V.fc.sample(V.wireArbitrary(shape, true), { numRuns: OUTPUTS_PER_OPERATION, seed: V.SEED + 200 + i })) {
      const { ours, theirs } = await both(operation, input, V.json(wire))
      if (Result.isFailure(ours))
        throw new Error(`${operation.name}: this SDK failed to decode ${JSON.stringify(wire)}: ${String(ours.failure)}`)
      if (!theirs.ok)
        throw new Error(`${operation.name}: the official SDK failed to decode ${JSON.stringify(wire)}: ${String(theirs.error)}`)
      const a = V.normalizeDecoded(ours.success)
      const b = V.officialAsOurs(shape, V.normalizeDecoded(theirs.value))
      if (!isDeepStrictEqual(a, b)) expect({ wire, decoded: a }).toEqual({ wire, decoded: b })
      tally.outputs++
    }
  })

  it("unknown enum values are preserved by both, unknown members dropped by both", async () => {
    const { ours, theirs } = await both(
      operationByName("GetPipelineState"),
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
    expect(V.normalizeDecoded(success(ours))).toEqual(expected)
    expect(V.normalizeDecoded(theirs.ok ? theirs.value : theirs.error)).toEqual(expected)
  })

  it("sensitive members (artifact credentials) decode to the same strings, Redacted in this SDK", async () => {
    const creds = { accessKeyId: "AKIAARTIFACT", secretAccessKey: "artifact/secret+key", sessionToken: "artifact-session" }
    const { ours, theirs } = await both(
      operationByName("GetJobDetails"),
      { jobId: "0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d" },
      V.json({ jobDetails: { id: "j", data: { artifactCredentials: creds } } }),
    )
    const decoded = success(ours) as any
    expect(String(decoded.jobDetails.data.artifactCredentials.secretAccessKey)).not.toContain("artifact/secret+key")
    expect(V.normalizeDecoded(decoded)).toEqual(
      V.officialAsOurs(V.operationShapes("GetJobDetails").output, V.normalizeDecoded(theirs.ok && theirs.value)),
    )
  })

  it("timestamps: integral, fractional and numeric-string epoch seconds are the same instants in both", async () => {
    for (const created of [0, 1700000000, 1700000000.123, 1700000000.0005, -1.5, "1700000000.5", 253402300799.999]) {
      const { ours, theirs } = await both(operationByName("GetPipelineState"), { name: "p" }, V.json({ created }))
      const a = V.normalizeDecoded(success(ours))
      expect(a).toEqual(V.normalizeDecoded(theirs.ok && theirs.value))
      expect(a).toEqual({ created: { instant: Math.round(Number(created) * 1000) } })
    }
  })
})

/** Asserts both SDKs classify the same code with the same message, request id and status; returns ours. */
const expectSameError = (
  ours: Result.Result<unknown, any>,
  theirs: Awaited<ReturnType<typeof V.officialSend>>,
  code: string,
  message: string,
  status: number,
): any => {
  if (Result.isSuccess(ours)) throw new Error(`this SDK succeeded on ${code}`)
  expect(theirs.ok, "the official SDK succeeded").toBe(false)
  const e = ours.failure
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
  return e
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
        const e = expectSameError(ours, theirs, code, message, 400)
        expect(e._tag).toBe(code)
        expect(e).toBeInstanceOf(operation.errors[code]!)
        tally.errorCases++
      }
    }
  })
})

describe("unmodeled codes: the same code and message in both, under this SDK's common tags", () => {
  // The tag this SDK documents for each code (src/errors/common.ts); the official SDK names the
  // error by the code itself.
  const unmodeled: ReadonlyArray<readonly [code: string, tag: string, status: number]> = [
    ["ThrottlingException", "ThrottlingException", 400],
    ["Throttling", "ThrottlingException", 400],
    ["TooManyRequestsException", "ThrottlingException", 429],
    ["RequestLimitExceeded", "ThrottlingException", 400],
    ["SlowDown", "ThrottlingException", 503],
    ["AccessDeniedException", "AccessDeniedException", 403],
    ["UnrecognizedClientException", "UnrecognizedClientException", 403],
    ["InvalidSignatureException", "InvalidSignatureException", 403],
    ["SignatureDoesNotMatch", "InvalidSignatureException", 403],
    ["RequestExpired", "InvalidSignatureException", 400],
    ["ExpiredTokenException", "ExpiredTokenException", 400],
    ["MissingAuthenticationTokenException", "MissingAuthenticationTokenException", 403],
    ["InternalFailure", "InternalFailure", 500],
    ["ServiceUnavailable", "ServiceUnavailable", 503],
    ["SerializationException", "UnknownServiceError", 400],
    ["SomethingNewException", "UnknownServiceError", 400],
    // Modeled, but by other operations than the two called here.
    ["WebhookNotFoundException", "UnknownServiceError", 400],
  ]

  it.each(["GetPipelineState", "StartPipelineExecution"])("%s", async (name) => {
    const input = name === "StartPipelineExecution" ? { name: "release" } : { name: "p" }
    for (const [code, tag, status] of unmodeled) {
      for (const shape of V.errorShapes) {
        const message = `${code} (${shape})`
        const { ours, theirs } = await both(operationByName(name), input, V.errorResponse(shape, code, message, status))
        expect(expectSameError(ours, theirs, code, message, status)._tag, `${code} ${shape}`).toBe(tag)
        tally.unmodeledCases++
      }
    }
  })
})
