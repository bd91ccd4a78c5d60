/**
 * The awsJson1_1 protocol (`Protocol`): the headers of a request, and how a response becomes an
 * output or an error — read where the service put the code, classified by the operation's modeled
 * exceptions, then by the codes every AWS JSON service uses, then by the status.
 */
import { describe, expect, it } from "vitest"
import * as Operations from "../src/ClientOperations.js"
import * as Protocol from "../src/Protocol.js"

// A client's codecs are loaded by their first use (see clientOperations.test.ts).
const loaded = { GetPipelineState: await Operations.GetPipelineState.load(), DeletePipeline: await Operations.DeletePipeline.load() }

const call: Protocol.CallHeaders = {
  host: "codepipeline.eu-west-1.amazonaws.com",
  target: "CodePipeline_20150709.GetPipelineState",
  contentLength: "16",
  userAgent: "effect-codepipeline/1.0.0",
  invocationId: "6b6f8c1a-6f0e-4c9e-9b1e-2f0f0a0b0c0d",
  maxAttempts: 3,
}

const response = (status: number, body: unknown, headers: Record<string, string> = {}): Protocol.HttpResponse => ({
  status,
  headers,
  body: typeof body === "string" ? body : JSON.stringify(body),
})

describe("a request's headers", () => {
  it("are the host, content type, target, length, user agent and the SDK's invocation headers, in that order", () => {
    expect(Object.entries(Protocol.requestHeaders(call, 2))).toEqual([
      ["host", "codepipeline.eu-west-1.amazonaws.com"],
      ["content-type", "application/x-amz-json-1.1"],
      ["x-amz-target", "CodePipeline_20150709.GetPipelineState"],
      ["content-length", "16"],
      ["user-agent", "effect-codepipeline/1.0.0"],
      ["amz-sdk-invocation-id", "6b6f8c1a-6f0e-4c9e-9b1e-2f0f0a0b0c0d"],
      ["amz-sdk-request", "attempt=2; max=3"],
    ])
  })

  it("say no max when the retry policy has none", () => {
    expect(Protocol.requestHeaders({ ...call, maxAttempts: undefined }, 1)["amz-sdk-request"]).toBe("attempt=1")
  })

  it("are a new object each time", () => {
    expect(Protocol.requestHeaders(call, 1)).not.toBe(Protocol.requestHeaders(call, 1))
  })

  it("name the operation in x-amz-target after the service's prefix", () => {
    expect(Protocol.TARGET_PREFIX + Operations.GetPipelineState.name).toBe(call.target)
  })
})

describe("the idempotency token", () => {
  it("is filled with a fresh UUID when absent", () => {
    const input = Protocol.withIdempotencyToken(Operations.StartPipelineExecution, { name: "release" })
    expect(input.clientRequestToken).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(Protocol.withIdempotencyToken(Operations.StartPipelineExecution, { name: "release" }).clientRequestToken).not.toBe(
      input.clientRequestToken,
    )
  })

  it("is kept when given", () => {
    expect(
      Protocol.withIdempotencyToken(Operations.StartPipelineExecution, { name: "r", clientRequestToken: "mine" }).clientRequestToken,
    ).toBe("mine")
  })

  it("leaves the input of an operation without one as it is, and makes no input the empty input", () => {
    const input = { name: "release" }
    expect(Protocol.withIdempotencyToken(Operations.GetPipelineState, input)).toBe(input)
    expect(Protocol.withIdempotencyToken(Operations.ListPipelines, undefined)).toEqual({})
  })
})

describe("the request id", () => {
  it("is x-amzn-requestid, else x-amz-request-id", () => {
    expect(Protocol.requestId(response(200, {}, { "x-amzn-requestid": "a", "x-amz-request-id": "b" }))).toBe("a")
    expect(Protocol.requestId(response(200, {}, { "x-amz-request-id": "b" }))).toBe("b")
    expect(Protocol.requestId(response(200, {}))).toBeUndefined()
  })
})

describe("an error code as the service writes it", () => {
  it("loses its namespace, a :suffix, and whatever follows a comma", () => {
    expect(Protocol.sanitizeErrorCode("com.amazonaws.codepipeline#PipelineNotFoundException")).toBe("PipelineNotFoundException")
    expect(Protocol.sanitizeErrorCode("ValidationException:http://internal.amazon.com/coral/com.amazon.coral.validate/")).toBe(
      "ValidationException",
    )
    expect(Protocol.sanitizeErrorCode("ThrottlingException,Throttling")).toBe("ThrottlingException")
    expect(Protocol.sanitizeErrorCode("  AccessDenied  ")).toBe("AccessDenied")
  })

  it("is read from a number as its decimal text", () => {
    expect(Protocol.sanitizeErrorCode(42)).toBe("42")
  })

  it("is no code when empty, blank or not a string", () => {
    for (const raw of ["", "   ", "ns#", undefined, null, {}, true]) expect(Protocol.sanitizeErrorCode(raw), String(raw)).toBeUndefined()
  })
})

describe("where the error code and message come from", () => {
  it("the body's __type first, then its code, then the x-amzn-ErrorType header", () => {
    const header = { "x-amzn-errortype": "FromHeader" }
    expect(Protocol.errorDetails(response(400, { __type: "FromType", code: "FromCode" }, header)).code).toBe("FromType")
    expect(Protocol.errorDetails(response(400, { code: "FromCode" }, header)).code).toBe("FromCode")
    expect(Protocol.errorDetails(response(400, "", header)).code).toBe("FromHeader")
  })

  it("the code member in any letter case, a string or a number", () => {
    expect(Protocol.errorDetails(response(400, { CODE: "Upper" })).code).toBe("Upper")
    expect(Protocol.errorDetails(response(400, { Code: 7 })).code).toBe("7")
  })

  it("the message from message, Message or errorMessage; else the code; else what the response was", () => {
    expect(Protocol.errorDetails(response(400, { __type: "X", Message: "capital" })).message).toBe("capital")
    expect(Protocol.errorDetails(response(400, { __type: "X", errorMessage: "lambda style" })).message).toBe("lambda style")
    expect(Protocol.errorDetails(response(400, { __type: "X" })).message).toBe("X")
    expect(Protocol.errorDetails(response(502, "")).message).toBe("HTTP 502 with an empty body")
    expect(Protocol.errorDetails(response(502, "<html>Bad Gateway</html>")).message).toBe("HTTP 502 without an AWS error body")
  })
})

describe("what an error response is", () => {
  const read = (r: Protocol.HttpResponse) => Protocol.readError(Operations.GetPipelineState, r)

  it("a code the operation models: that exception", () => {
    expect(read(response(400, { __type: "com.amazonaws.codepipeline#PipelineNotFoundException", message: "no such pipeline" }))).toEqual({
      _tag: "Modeled",
      code: "PipelineNotFoundException",
      message: "no such pipeline",
    })
  })

  it("a code modeled only by other operations: an UnknownServiceError with that code", () => {
    expect(read(response(400, { __type: "PipelineVersionNotFoundException", message: "m" }))).toEqual({
      _tag: "UnknownServiceError",
      code: "PipelineVersionNotFoundException",
      message: "m",
    })
  })

  it("each common code: its kind, with the code as sent", () => {
    for (const [kind, codes] of Protocol.commonErrorCodes) {
      for (const code of codes) expect(read(response(400, { __type: code, message: "m" }))).toEqual({ _tag: kind, code, message: "m" })
    }
  })

  it("every common code belongs to one kind only", () => {
    const codes = Protocol.commonErrorCodes.flatMap(([, codes]) => codes)
    expect(new Set(codes).size).toBe(codes.length)
    expect(Protocol.commonErrorKind("Throttling")).toBe("ThrottlingException")
    expect(Protocol.commonErrorKind("PipelineNotFoundException")).toBeUndefined()
  })

  it("no code: 429 throttling, 500 an internal failure, 503 unavailable, anything else unknown", () => {
    expect(read(response(429, ""))).toEqual({ _tag: "ThrottlingException", message: "HTTP 429 with an empty body" })
    expect(read(response(500, ""))).toEqual({ _tag: "InternalFailure", message: "HTTP 500 with an empty body" })
    expect(read(response(503, ""))).toEqual({ _tag: "ServiceUnavailable", message: "HTTP 503 with an empty body" })
    expect(read(response(502, "<html>"))).toEqual({
      _tag: "UnknownServiceError",
      code: "Unknown",
      message: "HTTP 502 without an AWS error body",
    })
  })

  it("the message and code are cleared of the signing credentials' secrets; the classification reads the code as sent", () => {
    const credentials = { accessKeyId: "AKID", secretAccessKey: "hArDeNiNg/SeCrEt+KeY0123456789abcdefGHIJ" }
    const error = Protocol.readError(
      Operations.GetPipelineState,
      response(400, { __type: `Bad${credentials.secretAccessKey}`, message: `echo ${credentials.secretAccessKey}` }),
      credentials,
    )
    expect(error).toEqual({ _tag: "UnknownServiceError", code: "Bad***", message: "echo ***" })
  })

  it("a long message and code are capped", () => {
    const error = read(response(400, { __type: "C".repeat(1_000_000), message: "m".repeat(10_000) }))
    expect(error.message).toBe(`${"m".repeat(Protocol.textLimits.message)}… (${10_000 - 4096} more characters)`)
    expect(error.code!.length).toBeLessThan(Protocol.textLimits.code + 40)
  })
})

describe("the output of a successful response", () => {
  it("is decoded leniently", () => {
    const decoded = Protocol.decodeOutput(loaded.GetPipelineState, response(200, { pipelineName: "release", pipelineVersion: 2, extra: 1 }))
    expect(decoded).toEqual({ _tag: "Ok", value: { pipelineName: "release", pipelineVersion: 2 } })
  })

  it("an empty body is the empty output, and an operation without output gives undefined", () => {
    expect(Protocol.decodeOutput(loaded.GetPipelineState, response(200, ""))).toEqual({ _tag: "Ok", value: {} })
    expect(Protocol.decodeOutput(loaded.DeletePipeline, response(200, "not even json"))).toEqual({ _tag: "Ok", value: undefined })
  })

  it("a body that is not JSON: the message says so, with its length and content type, never the body", () => {
    const decoded = Protocol.decodeOutput(
      loaded.GetPipelineState,
      response(200, "<html>secret page</html>", { "content-type": "text/html" }),
    )
    expect(decoded).toEqual({
      _tag: "Invalid",
      message: "GetPipelineState: the response body is not JSON (24 bytes, content-type text/html)",
    })
  })

  it("JSON of the wrong shape: the message names the offending member", () => {
    const decoded = Protocol.decodeOutput(loaded.GetPipelineState, response(200, { pipelineName: "p", stageStates: "no" }))
    expect(decoded._tag).toBe("Invalid")
    expect(decoded._tag === "Invalid" && decoded.message).toMatch(/^GetPipelineState output: .*stageStates/)
  })

  it("a failure's message is cleared of the signing credentials' secrets", () => {
    const credentials = { accessKeyId: "AKID", secretAccessKey: "hArDeNiNg/SeCrEt+KeY0123456789abcdefGHIJ" }
    const decoded = Protocol.decodeOutput(
      loaded.GetPipelineState,
      response(200, "<html>", { "content-type": `text/${credentials.secretAccessKey}` }),
      undefined,
      credentials,
    )
    expect(decoded).toEqual({
      _tag: "Invalid",
      message: "GetPipelineState: the response body is not JSON (6 bytes, content-type text/***)",
    })
  })
})

describe("the message of a request that got no response", () => {
  const request = { url: new URL("https://codepipeline.us-east-1.amazonaws.com/"), headers: { "x-amz-security-token": "TOKEN-1234567" } }

  it("says what the transport and each level of the cause say, with the URL", () => {
    const cause = Object.assign(new Error("fetch failed"), { cause: { code: "ECONNREFUSED" } })
    expect(Protocol.networkFailureMessage(["Transport", "request failed"], cause, request)).toBe(
      "Transport: request failed: fetch failed: ECONNREFUSED (POST https://codepipeline.us-east-1.amazonaws.com/)",
    )
  })

  it("follows the cause three levels at the most", () => {
    const cause = { message: "1", cause: { message: "2", cause: { message: "3", cause: { message: "4" } } } }
    expect(Protocol.networkFailureMessage(["Transport"], cause, request)).toBe(
      "Transport: 1: 2: 3 (POST https://codepipeline.us-east-1.amazonaws.com/)",
    )
  })

  it("names a header instead of quoting its value when a cause quotes it", () => {
    const message = Protocol.networkFailureMessage(["Transport"], new Error("bad header TOKEN-1234567"), request)
    expect(message).not.toContain("TOKEN-1234567")
    expect(message).toContain("bad header <x-amz-security-token>")
  })
})
