/**
 * The emulator's request handling, without a server: requests in, AWS-shaped responses out. Signed
 * with `@smithy/signature-v4` over Node's hash (`@smithy/hash-node`), as the official SDK signs,
 * and verified by the handler over the Web Crypto API: two implementations that must agree.
 */
import { SignatureV4 } from "@smithy/signature-v4"
import { describe, expect, it } from "vitest"
import * as Emulator from "../src/Emulator.js"
import { makeSimulator } from "../src/Simulator.js"
import { encoder, expectError, fresh, HOST, pipeline, send, sha256, T0, UUID } from "./support/emulator.js"

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

  it("answers an injected fault as AWS would: its code and message, ConflictException with 409, InternalFailure with 500", async () => {
    const simulator = makeSimulator({ now: T0 })
    const handler = Emulator.makeHandler({ simulator })
    simulator.injectFault("ListPipelines", { code: "ThrottlingException", message: "Rate exceeded" })
    const response = await send(handler, "ListPipelines")
    expectError(response, 400, "ThrottlingException")
    expect(response.json.message).toBe("Rate exceeded")
    simulator.injectFault("ListPipelines", { code: "Throttling", message: "Rate exceeded" })
    expectError(await send(handler, "ListPipelines"), 400, "Throttling")
    simulator.injectFault("StartPipelineExecution", { code: "ConflictException", message: "Busy" })
    expectError(await send(handler, "StartPipelineExecution", { name: "release" }), 409, "ConflictException")
    simulator.injectFault("ListPipelines", { code: "InternalFailure", message: "Boom" })
    expectError(await send(handler, "ListPipelines"), 500, "InternalFailure")
    expect((await send(handler, "ListPipelines")).status).toBe(200)
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
    const handler = fresh()
    const tooLong = await send(handler, "GetPipeline", { name: "x".repeat(101) })
    expectError(tooLong, 400, "ValidationException")
    expect(tooLong.json.message).toContain("'name'")
    const { stages } = pipeline("release")
    const nested = await send(handler, "CreatePipeline", {
      pipeline: { ...pipeline("other"), stages: [{ ...stages[0], name: "bad name!" }, stages[1]] },
    })
    expectError(nested, 400, "ValidationException")
    expect(nested.json.message).toContain("'pipeline.stages[0].name'")
    const wrongType = await send(handler, "GetPipeline", { name: "release", version: "1" })
    expectError(wrongType, 400, "ValidationException")
    expect(wrongType.json.message).toContain("'version'")
  })

  it("decodes timestamps from epoch seconds, and refuses a timestamp that is not a number, naming the member", async () => {
    const handler = fresh()
    const revision = (created: unknown) => ({
      jobId: "00000000-0000-0000-0000-000000000000",
      currentRevision: { revision: "r", changeIdentifier: "c", created },
    })
    const wrong = await send(handler, "PutJobSuccessResult", revision("yesterday"))
    expectError(wrong, 400, "ValidationException")
    expect(wrong.json.message).toContain("'currentRevision.created'")
    // Read, then refused by the simulator for the job, not by the codec for the timestamp.
    expectError(await send(handler, "PutJobSuccessResult", revision(1_700_000_000.5)), 400, "JobNotFoundException")
  })

  it("ignores members the model does not know, reads null as absent, and an empty body as {}", async () => {
    const handler = fresh()
    expect((await send(handler, "ListPipelines", { unknown: 1, nextToken: null })).status).toBe(200)
    expect((await send(handler, "ListPipelines", undefined, { body: "" })).status).toBe(200)
  })

  it("that is not a JSON object, not UTF-8, or nested more than 100 levels deep is a SerializationException", async () => {
    const handler = fresh()
    expectError(await send(handler, "ListPipelines", undefined, { body: "{" }), 400, "SerializationException")
    for (const body of ["[]", "not json", "[1, 2]", '"a string"', "null", '{"name": "steady"} trailing'])
      expectError(await send(handler, "ListPipelines", undefined, { body }), 400, "SerializationException")
    const notUtf8 = await send(handler, "ListPipelines", undefined, { body: new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]) })
    expectError(notUtf8, 400, "SerializationException")
    expect(notUtf8.json.message).toBe("The request body is not valid UTF-8")
    // A lone surrogate encoded as bytes (CESU-8) is not UTF-8 either.
    const surrogate = new Uint8Array([...encoder.encode('{"name":"'), 0xed, 0xa0, 0x80, ...encoder.encode('"}')])
    expectError(await send(handler, "GetPipeline", undefined, { body: surrogate }), 400, "SerializationException")
    // Nested in a member the model does not know.
    for (const depth of [7_000, 50_000]) {
      const deep = await send(handler, "ListPipelines", undefined, { body: `{"x":${"[".repeat(depth)}${"]".repeat(depth)}}` })
      expectError(deep, 400, "SerializationException")
      expect(deep.json.message).toContain("nested more than 100 levels deep")
    }
  })

  it("keeps a __proto__ key as data: it never reads as a member", async () => {
    const handler = fresh()
    await send(handler, "CreatePipeline", { pipeline: pipeline("victim") })
    const response = await send(handler, "GetPipeline", undefined, { body: '{"__proto__":{"name":"victim"}}' })
    expectError(response, 400, "ValidationException")
    expect(response.json.message).toContain("'name'")
    expectError(await send(handler, "DeletePipeline", undefined, { body: '{"__proto__":{"name":"victim"}}' }), 400, "ValidationException")
    expect((await send(handler, "GetPipeline", { name: "victim" })).status).toBe(200)
  })

  it("with an unknown or missing X-Amz-Target, another method or another content type is an UnknownOperationException", async () => {
    const handler = fresh()
    expectError(await send(handler, "Nope"), 400, "UnknownOperationException")
    expectError(await send(handler, "DynamoDB_20120810.ListTables"), 400, "UnknownOperationException")
    expectError(await send(handler, "CodePipeline_20150709."), 400, "UnknownOperationException")
    expectError(await send(handler, undefined), 400, "UnknownOperationException")
    expectError(await send(handler, "ListPipelines", {}, { method: "GET" }), 404, "UnknownOperationException")
    expectError(await send(handler, undefined, undefined, { method: "GET", body: "", contentType: null }), 404, "UnknownOperationException")
    for (const contentType of ["application/json", "text/plain", "application/x-amz-json-1.0", "application/x-www-form-urlencoded", null])
      expectError(await send(handler, "ListPipelines", {}, { contentType }), 404, "UnknownOperationException")
  })

  it("accepts the awsJson content type with parameters", async () => {
    const response = await send(fresh(), "ListPipelines", {}, { contentType: "application/x-amz-json-1.1; charset=utf-8" })
    expect(response.status).toBe(200)
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
    const response = await send(fresh(), "ListPipelines", {}, { sign: { accessKeyId: "AKIAREAL0000000000000" } })
    expectError(response, 400, "UnrecognizedClientException")
    expect(response.json.message).toBe("The security token included in the request is invalid.")
  })

  it("refuses a wrong secret, a tampered body or a tampered signed header: InvalidSignatureException", async () => {
    const handler = fresh()
    const wrongSecret = await send(handler, "ListPipelines", {}, { sign: { secretAccessKey: "wrong" } })
    expectError(wrongSecret, 400, "InvalidSignatureException")
    expect(wrongSecret.json.message).toMatch(/^The request signature we calculated does not match the signature you provided/)
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
    const handler = fresh()
    const response = await send(handler, "ListPipelines", {}, { sign: { date: new Date(Date.now() - 7 * 60_000) } })
    expectError(response, 400, "InvalidSignatureException")
    expect(response.json.message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/)
    const future = await send(handler, "ListPipelines", {}, { sign: { date: new Date(Date.now() + 6 * 60_000) } })
    expectError(future, 400, "InvalidSignatureException")
    expect(future.json.message).toMatch(
      /^Signature not yet current: \d{8}T\d{6}Z is still later than \d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 5 min\.\)$/,
    )
    expect((await send(handler, "ListPipelines", {}, { sign: { date: new Date(Date.now() - 4 * 60_000) } })).status).toBe(200)
    expect((await send(handler, "ListPipelines", {}, { sign: { date: new Date(Date.now() + 4 * 60_000) } })).status).toBe(200)
  })

  it("refuses a credential scoped to another region or service, or a malformed Authorization", async () => {
    const handler = fresh()
    const region = await send(handler, "ListPipelines", {}, { sign: { region: "eu-west-1" } })
    expectError(region, 400, "InvalidSignatureException")
    expect(region.json.message).toContain("Credential should be scoped to a valid region, not 'eu-west-1'")
    const service = await send(handler, "ListPipelines", {}, { sign: { service: "codebuild" } })
    expectError(service, 400, "InvalidSignatureException")
    expect(service.json.message).toContain("Credential should be scoped to correct service: 'codepipeline'")
    for (const authorization of [
      "Bearer abc",
      "AWS4-HMAC-SHA256 Credential=AKIAEMULATOR00000000/20240101/us-east-1/codepipeline/aws4_request",
      "AWS4-HMAC-SHA256 Credential=x, SignedHeaders=host, Signature=00",
    ]) {
      const headers = { authorization, "x-amz-date": "20240101T000000Z" }
      expectError(await send(handler, "ListPipelines", {}, { sign: false, headers }), 400, "IncompleteSignatureException")
    }
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
    const longTerm = await send(fresh(), "ListPipelines", {}, { sign: { sessionToken: "token" } })
    expectError(longTerm, 400, "UnrecognizedClientException")
    expect(longTerm.json.message).toBe("The security token included in the request is invalid.")
  })

  it("is off with auth: false: unsigned requests and any signature are accepted", async () => {
    const handler = fresh({ auth: false })
    expect((await send(handler, "ListPipelines", {}, { sign: false })).status).toBe(200)
    expect((await send(handler, "ListPipelines", {}, { sign: { secretAccessKey: "anything" } })).status).toBe(200)
  })

  it("names the credentials and region it accepts", () => {
    const handler = fresh({ region: "eu-west-1", auth: { credentials: [{ accessKeyId: "AKIAOTHER00000000000", secretAccessKey: "s" }] } })
    expect({ region: handler.region, accessKeyId: handler.credentials.accessKeyId }).toEqual({
      region: "eu-west-1",
      accessKeyId: "AKIAOTHER00000000000",
    })
  })
})
