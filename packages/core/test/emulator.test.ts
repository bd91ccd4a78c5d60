/**
 * The emulator's request handling, without a server: requests in, AWS-shaped responses out. Signed
 * with `@smithy/signature-v4` over Node's hash (`@smithy/hash-node`), as the official SDK signs,
 * and verified by the handler over the Web Crypto API: two implementations that must agree.
 */
import { Hash } from "@smithy/hash-node"
import { SignatureV4 } from "@smithy/signature-v4"
import { describe, expect, it } from "vitest"
import * as Emulator from "../src/Emulator.js"
import { makeSimulator } from "../src/Simulator.js"

const sha256 = Hash.bind(null, "sha256") as unknown as ConstructorParameters<typeof SignatureV4>[0]["sha256"]
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const HOST = "127.0.0.1:4599"

const pipeline = (name: string) => ({
  name,
  roleArn: "arn:aws:iam::123456789012:role/codepipeline",
  artifactStore: { type: "S3", location: "bucket" },
  stages: [
    {
      name: "Source",
      actions: [
        {
          name: "Source",
          actionTypeId: { category: "Source", owner: "AWS", provider: "S3", version: "1" },
          configuration: { S3Bucket: "b", S3ObjectKey: "k" },
          outputArtifacts: [{ name: "out" }],
        },
      ],
    },
    {
      name: "Approve",
      actions: [{ name: "Approve", actionTypeId: { category: "Approval", owner: "AWS", provider: "Manual", version: "1" } }],
    },
  ],
})

interface Send {
  readonly body?: string | Uint8Array
  readonly method?: string
  readonly path?: string
  readonly contentType?: string
  readonly headers?: Record<string, string>
  /** `false`: unsigned. */
  readonly sign?:
    | false
    | {
        readonly accessKeyId?: string
        readonly secretAccessKey?: string
        readonly sessionToken?: string
        readonly date?: Date
        readonly region?: string
      }
  /** Headers set after signing (a tampered request). */
  readonly tamperHeaders?: Record<string, string | ReadonlyArray<string>>
  readonly tamperBody?: string
  readonly time?: number
}

const encoder = new TextEncoder()

const send = async (
  handler: Emulator.Handler,
  operation: string | undefined,
  input: unknown = {},
  options: Send = {},
): Promise<Emulator.Response & { readonly json: any }> => {
  const body = options.body ?? JSON.stringify(input)
  let headers: Record<string, string> = {
    host: HOST,
    "content-type": options.contentType ?? "application/x-amz-json-1.1",
    ...(operation !== undefined ? { "x-amz-target": `CodePipeline_20150709.${operation}` } : {}),
    ...options.headers,
  }
  if (options.sign !== false) {
    const sign = options.sign ?? {}
    const signer = new SignatureV4({
      service: "codepipeline",
      region: sign.region ?? "us-east-1",
      credentials: {
        accessKeyId: sign.accessKeyId ?? Emulator.DEFAULT_CREDENTIALS.accessKeyId,
        secretAccessKey: sign.secretAccessKey ?? Emulator.DEFAULT_CREDENTIALS.secretAccessKey,
        ...(sign.sessionToken !== undefined ? { sessionToken: sign.sessionToken } : {}),
      },
      sha256,
    })
    const signed = await signer.sign(
      { method: options.method ?? "POST", protocol: "http:", hostname: "127.0.0.1", port: 4599, path: "/", query: {}, headers, body },
      { signingDate: sign.date ?? new Date() },
    )
    headers = signed.headers as Record<string, string>
  }
  const bytes =
    options.tamperBody !== undefined ? encoder.encode(options.tamperBody) : typeof body === "string" ? encoder.encode(body) : body
  const response = await handler({
    method: options.method ?? "POST",
    path: options.path ?? "/",
    headers: { ...headers, ...options.tamperHeaders },
    body: bytes,
    time: options.time,
  })
  let json: unknown
  try {
    json = JSON.parse(response.body)
  } catch {
    json = undefined
  }
  return { ...response, json }
}

const expectError = (response: { status: number; headers: Readonly<Record<string, string>>; json: any }, status: number, code: string) => {
  expect({ status: response.status, code: response.json?.__type }).toEqual({ status, code })
  expect(response.headers["x-amzn-ErrorType"]).toBe(code)
  expect(response.headers["x-amzn-RequestId"]).toMatch(UUID)
}

const T0 = Date.parse("2026-01-01T00:00:00Z")
const fresh = (options: Partial<Emulator.HandlerOptions> = {}) =>
  Emulator.makeHandler({ simulator: makeSimulator({ now: T0, seed: 1, startOnCreate: false }), now: () => T0, ...options })

describe("the emulator's handler", () => {
  it("answers a signed call with the output encoded by the model, a request id and the awsJson content type", async () => {
    const handler = fresh()
    const created = await send(handler, "CreatePipeline", { pipeline: pipeline("release"), tags: [{ key: "team", value: "core" }] })
    expect(created.status).toBe(200)
    expect(created.headers["Content-Type"]).toBe("application/x-amz-json-1.1")
    expect(created.headers["x-amzn-RequestId"]).toMatch(UUID)
    expect(created.json.pipeline.name).toBe("release")
    const listed = await send(handler, "ListPipelines")
    expect(listed.json.pipelines.map((p: { name: string }) => p.name)).toEqual(["release"])
    // Timestamps go out as epoch seconds.
    expect(listed.json.pipelines[0].created).toBe(T0 / 1000)
  })

  it("uses the request id it is given, and runs the simulation at the request's time", async () => {
    const handler = fresh()
    await send(handler, "CreatePipeline", { pipeline: pipeline("release") })
    const started = await send(handler, "StartPipelineExecution", { name: "release" }, { time: T0 + 1000 })
    const id = started.json.pipelineExecutionId
    const later = await handler({
      requestId: "my-request",
      method: "POST",
      path: "/",
      headers: { "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "CodePipeline_20150709.GetPipelineExecution" },
      body: encoder.encode(JSON.stringify({ pipelineName: "release", pipelineExecutionId: id })),
      time: T0 + 120_000,
    })
    // Unsigned: refused before the simulator, with the id it was given.
    expect(later.headers["x-amzn-RequestId"]).toBe("my-request")
    expect(later.code).toBe("MissingAuthenticationTokenException")
    const state = await send(handler, "GetPipelineState", { name: "release" }, { time: T0 + 120_000 })
    expect(state.json.stageStates[0].latestExecution.status).toBe("Succeeded")
    expect(state.json.stageStates[1].latestExecution.status).toBe("InProgress")
  })

  it("answers an operation without output with {}", async () => {
    const handler = fresh()
    await send(handler, "CreatePipeline", { pipeline: pipeline("release") })
    const deleted = await send(handler, "DeletePipeline", { name: "release" })
    expect({ status: deleted.status, body: deleted.body }).toEqual({ status: 200, body: "{}" })
  })

  it("answers modeled errors with their status, __type, message and x-amzn-ErrorType", async () => {
    const response = await send(fresh(), "GetPipeline", { name: "nope" })
    expectError(response, 400, "PipelineNotFoundException")
    expect(response.json.message).toContain("nope")
    expect(response.code).toBe("PipelineNotFoundException")
    expect(response.operation).toBe("GetPipeline")
  })

  it("maps error codes to AWS's statuses: 409 for ConflictException, 500 InternalFailure, 503 ServiceUnavailable, else 400", () => {
    expect(["ConflictException", "InternalFailure", "ServiceUnavailable", "ThrottlingException"].map(Emulator.statusOf)).toEqual([
      409, 500, 503, 400,
    ])
  })

  it("answers an injected fault as AWS would", async () => {
    const simulator = makeSimulator({ now: T0 })
    simulator.injectFault("ListPipelines", { code: "ThrottlingException", message: "Rate exceeded" })
    const response = await send(Emulator.makeHandler({ simulator }), "ListPipelines")
    expectError(response, 400, "ThrottlingException")
    expect(response.json.message).toBe("Rate exceeded")
  })
})

describe("input", () => {
  it("is validated by the operation's codec: a ValidationException naming the member", async () => {
    const { roleArn: _, ...noRole } = pipeline("release")
    const response = await send(fresh(), "CreatePipeline", { pipeline: noRole })
    expectError(response, 400, "ValidationException")
    expect(response.json.message).toBe(
      "1 validation error detected: Value null at 'pipeline.roleArn' failed to satisfy constraint: Member must not be null",
    )
  })

  it("ignores members the model does not know, reads null as absent, and an empty body as {}", async () => {
    const handler = fresh()
    expect((await send(handler, "ListPipelines", { unknown: 1, nextToken: null })).status).toBe(200)
    expect((await send(handler, "ListPipelines", undefined, { body: "" })).status).toBe(200)
  })

  it("that is not a JSON object, not UTF-8, or nested more than 100 levels deep is a SerializationException", async () => {
    const handler = fresh()
    expectError(await send(handler, "ListPipelines", undefined, { body: "{" }), 400, "SerializationException")
    expectError(await send(handler, "ListPipelines", undefined, { body: "[]" }), 400, "SerializationException")
    const notUtf8 = await send(handler, "ListPipelines", undefined, { body: new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]) })
    expectError(notUtf8, 400, "SerializationException")
    expect(notUtf8.json.message).toBe("The request body is not valid UTF-8")
    const deep = await send(handler, "ListPipelines", undefined, { body: `{"x":${"[".repeat(50_000)}${"]".repeat(50_000)}}` })
    expectError(deep, 400, "SerializationException")
    expect(deep.json.message).toContain("nested more than 100 levels deep")
  })

  it("keeps a __proto__ key as data: it never reads as a member", async () => {
    const handler = fresh()
    await send(handler, "CreatePipeline", { pipeline: pipeline("victim") })
    const response = await send(handler, "GetPipeline", undefined, { body: '{"__proto__":{"name":"victim"}}' })
    expectError(response, 400, "ValidationException")
  })

  it("with an unknown or missing X-Amz-Target, another method or another content type is an UnknownOperationException", async () => {
    const handler = fresh()
    expectError(await send(handler, "Nope"), 400, "UnknownOperationException")
    expectError(await send(handler, undefined), 400, "UnknownOperationException")
    expectError(await send(handler, "ListPipelines", {}, { method: "GET" }), 404, "UnknownOperationException")
    expectError(await send(handler, "ListPipelines", {}, { contentType: "application/json" }), 404, "UnknownOperationException")
  })
})

describe("SigV4", () => {
  it("refuses an unsigned request: MissingAuthenticationTokenException", async () => {
    const response = await send(fresh(), "ListPipelines", {}, { sign: false })
    expectError(response, 400, "MissingAuthenticationTokenException")
    expect(response.json.message).toBe("Missing Authentication Token")
  })

  it("refuses a presigned (query-string) request: IncompleteSignatureException", async () => {
    expectError(
      await send(fresh(), "ListPipelines", {}, { sign: false, path: "/?X-Amz-Signature=abc&X-Amz-Credential=x" }),
      400,
      "IncompleteSignatureException",
    )
  })

  it("refuses an unknown access key: UnrecognizedClientException", async () => {
    expectError(
      await send(fresh(), "ListPipelines", {}, { sign: { accessKeyId: "AKIAREAL0000000000000" } }),
      400,
      "UnrecognizedClientException",
    )
  })

  it("refuses a wrong secret, a tampered body or a tampered signed header: InvalidSignatureException", async () => {
    const handler = fresh()
    expectError(await send(handler, "ListPipelines", {}, { sign: { secretAccessKey: "wrong" } }), 400, "InvalidSignatureException")
    expectError(await send(handler, "ListPipelines", {}, { tamperBody: '{"nextToken":"x"}' }), 400, "InvalidSignatureException")
    expectError(
      await send(handler, "GetPipeline", { name: "x" }, { tamperHeaders: { "x-amz-target": "CodePipeline_20150709.DeletePipeline" } }),
      400,
      "InvalidSignatureException",
    )
  })

  it("refuses an x-amz-content-sha256 that is not the body's hash", async () => {
    const response = await send(fresh(), "ListPipelines", {}, { headers: { "x-amz-content-sha256": "0".repeat(64) } })
    expectError(response, 400, "InvalidSignatureException")
    expect(response.json.message).toBe("The provided 'x-amz-content-sha256' header does not match what was computed.")
  })

  it("accepts an x-amz-content-sha256 that is the body's hash", async () => {
    const hash = "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a" // sha256("{}")
    expect((await send(fresh(), "ListPipelines", {}, { headers: { "x-amz-content-sha256": hash } })).status).toBe(200)
  })

  it("refuses a request signed more than 5 minutes from the wall clock, in AWS's words", async () => {
    const response = await send(fresh(), "ListPipelines", {}, { sign: { date: new Date(Date.now() - 7 * 60_000) } })
    expectError(response, 400, "InvalidSignatureException")
    expect(response.json.message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/)
  })

  it("refuses a credential scoped to another region", async () => {
    const response = await send(fresh(), "ListPipelines", {}, { sign: { region: "eu-west-1" } })
    expectError(response, 400, "InvalidSignatureException")
    expect(response.json.message).toContain("Credential should be scoped to a valid region, not 'eu-west-1'")
  })

  it("refuses two Authorization headers, even two valid ones: IncompleteSignatureException", async () => {
    const signer = new SignatureV4({ service: "codepipeline", region: "us-east-1", credentials: Emulator.DEFAULT_CREDENTIALS, sha256 })
    const request = { method: "POST", protocol: "http:", hostname: "127.0.0.1", port: 4599, path: "/", query: {}, body: "{}" }
    const headers = { host: HOST, "content-type": "application/x-amz-json-1.1", "x-amz-target": "CodePipeline_20150709.ListPipelines" }
    const signed = (await signer.sign({ ...request, headers })).headers as Record<string, string>
    const handler = fresh()
    const one = await handler({ method: "POST", path: "/", headers: signed, body: encoder.encode("{}") })
    expect(one.status).toBe(200)
    const two = await handler({
      method: "POST",
      path: "/",
      headers: { ...signed, authorization: [signed["authorization"]!, signed["authorization"]!] },
      body: encoder.encode("{}"),
    })
    expect({ status: two.status, code: two.code }).toEqual({ status: 400, code: "IncompleteSignatureException" })
  })

  it("checks the session token of temporary credentials, and refuses one sent with long-term credentials", async () => {
    const temporary = { accessKeyId: "ASIATEMPORARY0000000", secretAccessKey: "temporary/secret", sessionToken: "token" }
    const handler = fresh({ auth: { credentials: [temporary] } })
    expect((await send(handler, "ListPipelines", {}, { sign: temporary })).status).toBe(200)
    expectError(
      await send(handler, "ListPipelines", {}, { sign: { ...temporary, sessionToken: "other" } }),
      400,
      "UnrecognizedClientException",
    )
    expectError(await send(fresh(), "ListPipelines", {}, { sign: { sessionToken: "token" } }), 400, "UnrecognizedClientException")
  })

  it("is off with auth: false", async () => {
    expect((await send(fresh({ auth: false }), "ListPipelines", {}, { sign: false })).status).toBe(200)
  })

  it("names the credentials and region it accepts", () => {
    const handler = fresh({ region: "eu-west-1", auth: { credentials: [{ accessKeyId: "AKIAOTHER00000000000", secretAccessKey: "s" }] } })
    expect({ region: handler.region, accessKeyId: handler.credentials.accessKeyId }).toEqual({
      region: "eu-west-1",
      accessKeyId: "AKIAOTHER00000000000",
    })
  })
})
