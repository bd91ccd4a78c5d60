/**
 * The emulator's wire protocol and its defences, with raw HTTP: response headers, the encoding of
 * outputs and errors, SigV4 (each error AWS answers with), and input that must never hurt it
 * (malformed JSON, unknown targets, wrong content types, oversized bodies, stalling clients). After
 * every bad request the server still serves and the state is unchanged.
 */
import * as HttpApp from "@effect/platform/HttpApp"
import { ListPipelinesCommand } from "@aws-sdk/client-codepipeline"
import { Hash } from "@smithy/hash-node"
import { SignatureV4 } from "@smithy/signature-v4"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { ConflictException, InternalFailure, ThrottlingException } from "../src/index.js"
import type * as S from "../src/schema/shapes.js"
import { CodePipelineEmulator } from "../src/testing/index.js"
import { call, officialApi, parseRaw, raw, type RawRequest, type Running, socket, startEmulator, UUID } from "./support/emulator.js"

const steady: S.PipelineDeclaration = {
  name: "steady",
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
}

let run: Running
let emulator: CodePipelineEmulator.Service
let before: string

const MAX_BODY = 64 * 1024
const TIMEOUT_MS = 400

beforeAll(async () => {
  run = await startEmulator({ maxBodySize: MAX_BODY, requestTimeout: TIMEOUT_MS, inMemory: { startOnCreate: false } })
  emulator = run.emulator
  await Effect.runPromise(emulator.controls.seedPipeline(steady, { tags: [{ key: "team", value: "core" }] }))
  before = (await call(emulator, "GetPipeline", { name: "steady" })).body
})

afterAll(() => run.close())

/** The server still answers a normal request, and the state is what it was. */
const stillServing = async () => {
  const after = await call(emulator, "GetPipeline", { name: "steady" })
  expect(after.status).toBe(200)
  expect(JSON.parse(after.body).pipeline).toEqual(JSON.parse(before).pipeline)
  expect((await call(emulator, "ListPipelines")).json.pipelines.map((p: { name: string }) => p.name)).toEqual(["steady"])
}

const expectError = (response: { status: number; headers: Record<string, unknown>; json: any }, status: number, code: string) => {
  expect({ status: response.status, code: response.json?.__type }).toEqual({ status, code })
  expect(response.headers["x-amzn-errortype"]).toBe(code)
  expect(response.headers["x-amzn-requestid"]).toMatch(UUID)
  expect(typeof response.json.message).toBe("string")
}

describe("responses", () => {
  it("carry a request id, the awsJson content type, and the output encoded by the model", async () => {
    const response = await call(emulator, "GetPipeline", { name: "steady" })
    expect(response.status).toBe(200)
    expect(response.headers["content-type"]).toBe("application/x-amz-json-1.1")
    expect(response.headers["x-amzn-requestid"]).toMatch(UUID)
    expect(response.headers["x-amzn-errortype"]).toBeUndefined()
    expect(response.headers["date"]).toBeDefined()
    // Timestamps are epoch seconds.
    expect(typeof response.json.metadata.created).toBe("number")
    expect(Math.abs(response.json.metadata.created * 1000 - Date.now())).toBeLessThan(60_000)
    // Defaults the service fills in are on the wire.
    expect(response.json.pipeline.version).toBe(1)
  })

  it("answer an operation without output with {}", async () => {
    const response = await call(emulator, "EnableStageTransition", {
      pipelineName: "steady",
      stageName: "Approve",
      transitionType: "Inbound",
    })
    expect([response.status, response.body]).toEqual([200, "{}"])
  })

  it("give each request its own id", async () => {
    const ids = await Promise.all([1, 2, 3].map(async () => (await call(emulator, "ListPipelines")).headers["x-amzn-requestid"]))
    expect(new Set(ids).size).toBe(3)
  })

  it("answer modeled errors with status 400, __type, message and x-amzn-ErrorType", async () => {
    const response = await call(emulator, "GetPipeline", { name: "nope" })
    expectError(response, 400, "PipelineNotFoundException")
    expect(response.json.message).toContain("nope")
  })

  it("answer ConflictException with 409, throttling with 400 and internal failures with 500", async () => {
    const { controls } = emulator
    await Effect.runPromise(controls.injectFault("startPipelineExecution", new ConflictException({ message: "Busy" })))
    expectError(await call(emulator, "StartPipelineExecution", { name: "steady" }), 409, "ConflictException")
    await Effect.runPromise(controls.injectFault("listPipelines", new ThrottlingException({ message: "Rate exceeded" })))
    expectError(await call(emulator, "ListPipelines"), 400, "ThrottlingException")
    await Effect.runPromise(
      controls.injectFault("listPipelines", new ThrottlingException({ message: "Rate exceeded", code: "Throttling" })),
    )
    expectError(await call(emulator, "ListPipelines"), 400, "Throttling")
    await Effect.runPromise(controls.injectFault("listPipelines", new InternalFailure({ message: "Boom" })))
    expectError(await call(emulator, "ListPipelines"), 500, "InternalFailure")
    await stillServing()
  })

  it("let the official SDK retry a throttled call and succeed", async () => {
    const official = officialApi(emulator)
    try {
      await Effect.runPromise(emulator.controls.injectFault("listPipelines", new ThrottlingException({ message: "Rate exceeded" })))
      const output = await official.client.send(new ListPipelinesCommand({}))
      expect(output.$metadata.attempts).toBe(2)
      expect(output.pipelines?.map((p) => p.name)).toEqual(["steady"])
    } finally {
      await official.close()
    }
  })
})

describe("input", () => {
  it("is validated by the operation's schema: ValidationException naming the member", async () => {
    const tooLong = await call(emulator, "GetPipeline", { name: "x".repeat(101) })
    expectError(tooLong, 400, "ValidationException")
    expect(tooLong.json.message).toContain("'name'")
    const missing = await call(emulator, "CreatePipeline", { pipeline: { ...steady, name: "other", roleArn: undefined } })
    expectError(missing, 400, "ValidationException")
    expect(missing.json.message).toBe(
      "1 validation error detected: Value null at 'pipeline.roleArn' failed to satisfy constraint: Member must not be null",
    )
    const nested = await call(emulator, "CreatePipeline", {
      pipeline: { ...steady, name: "other", stages: [{ ...steady.stages[0], name: "bad name!" }, steady.stages[1]] },
    })
    expectError(nested, 400, "ValidationException")
    expect(nested.json.message).toContain("'pipeline.stages[0].name'")
    const wrongType = await call(emulator, "GetPipeline", { name: "steady", version: "1" })
    expectError(wrongType, 400, "ValidationException")
    expect(wrongType.json.message).toContain("'version'")
    await stillServing()
  })

  it("ignores members the model does not know, and reads null as absent", async () => {
    const response = await call(emulator, "GetPipeline", { name: "steady", fromANewerClient: true, version: null })
    expect(response.status).toBe(200)
    expect(response.json.pipeline.name).toBe("steady")
  })

  it("decodes timestamps from epoch seconds", async () => {
    const response = await call(emulator, "ListPipelineExecutions", {
      pipelineName: "steady",
      filter: { succeededInStage: { stageName: "Source" } },
    })
    expect(response.status).toBe(200)
    const wrong = await call(emulator, "PutJobSuccessResult", {
      jobId: "00000000-0000-0000-0000-000000000000",
      currentRevision: { revision: "r", changeIdentifier: "c", created: "yesterday" },
    })
    expectError(wrong, 400, "ValidationException")
    expect(wrong.json.message).toContain("'currentRevision.created'")
    const right = await call(emulator, "PutJobSuccessResult", {
      jobId: "00000000-0000-0000-0000-000000000000",
      currentRevision: { revision: "r", changeIdentifier: "c", created: 1_700_000_000.5 },
    })
    expectError(right, 400, "JobNotFoundException")
  })

  it("that is not JSON is a SerializationException", async () => {
    for (const body of ["{", "not json", "[1, 2]", '"a string"', "null", '{"name": "steady"} trailing']) {
      expectError(await raw(emulator, { target: "CodePipeline_20150709.GetPipeline", body }), 400, "SerializationException")
    }
    await stillServing()
  })

  it("is read as {} when the body is empty", async () => {
    expect((await raw(emulator, { target: "CodePipeline_20150709.ListPipelines", body: "" })).status).toBe(200)
  })

  it("with an unknown or missing X-Amz-Target is an UnknownOperationException", async () => {
    expectError(await raw(emulator, { target: "CodePipeline_20150709.LaunchRockets" }), 400, "UnknownOperationException")
    expectError(await raw(emulator, { target: "DynamoDB_20120810.ListTables" }), 400, "UnknownOperationException")
    expectError(await raw(emulator, { target: "CodePipeline_20150709." }), 400, "UnknownOperationException")
    expectError(await raw(emulator, {}), 400, "UnknownOperationException")
    await stillServing()
  })

  it("with another content type is refused as AWS refuses it (404 UnknownOperationException)", async () => {
    for (const contentType of ["application/json", "text/plain", "application/x-amz-json-1.0", "application/x-www-form-urlencoded", null]) {
      expectError(await raw(emulator, { target: "CodePipeline_20150709.ListPipelines", contentType }), 404, "UnknownOperationException")
    }
    expect(
      (await raw(emulator, { target: "CodePipeline_20150709.ListPipelines", contentType: "application/x-amz-json-1.1; charset=utf-8" }))
        .status,
    ).toBe(200)
    expectError(await raw(emulator, { method: "GET", body: "", contentType: null }), 404, "UnknownOperationException")
    await stillServing()
  })
})

describe("SigV4", () => {
  const listPipelines = (sign: RawRequest["sign"], extra: Partial<RawRequest> = {}) =>
    raw(emulator, { target: "CodePipeline_20150709.ListPipelines", sign, ...extra })

  it("accepts a request signed with the configured credentials", async () => {
    expect((await listPipelines({})).status).toBe(200)
  })

  it("refuses an unsigned request: MissingAuthenticationTokenException", async () => {
    const response = await listPipelines(false)
    expectError(response, 400, "MissingAuthenticationTokenException")
    expect(response.json.message).toBe("Missing Authentication Token")
  })

  it("refuses an unknown access key: UnrecognizedClientException", async () => {
    const response = await listPipelines({ accessKeyId: "AKIAUNKNOWN000000000" })
    expectError(response, 400, "UnrecognizedClientException")
    expect(response.json.message).toBe("The security token included in the request is invalid.")
  })

  it("refuses a wrong secret key or a tampered request: InvalidSignatureException", async () => {
    const wrongSecret = await listPipelines({ secretAccessKey: "not-the-secret" })
    expectError(wrongSecret, 400, "InvalidSignatureException")
    expect(wrongSecret.json.message).toMatch(/^The request signature we calculated does not match the signature you provided/)
    // The body changed after signing (the payload hash header no longer matches).
    expectError(await listPipelines({}, { body: '{"maxResults":1}', tamper: '{"maxResults":2}' }), 400, "InvalidSignatureException")
    // A signed header changed after signing.
    const retargeted = await raw(emulator, {
      target: "CodePipeline_20150709.ListPipelines",
      tamperHeaders: { "x-amz-target": "CodePipeline_20150709.DeletePipeline" },
    })
    expectError(retargeted, 400, "InvalidSignatureException")
    await stillServing()
  })

  it("refuses a request dated more than 5 minutes from the server's clock, in AWS's words", async () => {
    const old = await listPipelines({ date: new Date(Date.now() - 6 * 60_000) })
    expectError(old, 400, "InvalidSignatureException")
    expect(old.json.message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/)
    const future = await listPipelines({ date: new Date(Date.now() + 6 * 60_000) })
    expectError(future, 400, "InvalidSignatureException")
    expect(future.json.message).toMatch(
      /^Signature not yet current: \d{8}T\d{6}Z is still later than \d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 5 min\.\)$/,
    )
    expect((await listPipelines({ date: new Date(Date.now() - 4 * 60_000) })).status).toBe(200)
    expect((await listPipelines({ date: new Date(Date.now() + 4 * 60_000) })).status).toBe(200)
  })

  it("lets the official SDK correct a skewed clock from the Date header and retry", async () => {
    const official = officialApi(emulator, { systemClockOffset: -10 * 60_000 })
    try {
      const output = await official.client.send(new ListPipelinesCommand({}))
      expect(output.$metadata.attempts).toBe(2)
    } finally {
      await official.close()
    }
  })

  it("refuses a credential scoped to another region or service, or a malformed Authorization", async () => {
    const region = await listPipelines({ region: "eu-west-1" })
    expectError(region, 400, "InvalidSignatureException")
    expect(region.json.message).toContain("Credential should be scoped to a valid region")
    const service = await listPipelines({ service: "codebuild" })
    expectError(service, 400, "InvalidSignatureException")
    expect(service.json.message).toContain("Credential should be scoped to correct service: 'codepipeline'")
    for (const authorization of [
      "Bearer abc",
      "AWS4-HMAC-SHA256 Credential=AKIAEMULATOR00000000/20240101/us-east-1/codepipeline/aws4_request",
      "AWS4-HMAC-SHA256 Credential=x, SignedHeaders=host, Signature=00",
    ]) {
      expectError(
        await listPipelines(false, { headers: { authorization, "x-amz-date": "20240101T000000Z" } }),
        400,
        "IncompleteSignatureException",
      )
    }
    await stillServing()
  })

  it("checks the session token of temporary credentials", async () => {
    const temporary = { accessKeyId: "ASIAEMULATOR00000000", secretAccessKey: "temporary-secret", sessionToken: "session-token" }
    const other = await startEmulator({ auth: { credentials: [temporary] } })
    try {
      const sign = { accessKeyId: temporary.accessKeyId, secretAccessKey: temporary.secretAccessKey }
      expect((await call(other.emulator, "ListPipelines", {}, { sign: { ...sign, sessionToken: "session-token" } })).status).toBe(200)
      expectError(
        await call(other.emulator, "ListPipelines", {}, { sign: { ...sign, sessionToken: "stolen" } }),
        400,
        "UnrecognizedClientException",
      )
      expectError(await call(other.emulator, "ListPipelines", {}, { sign }), 400, "UnrecognizedClientException")
    } finally {
      await other.close()
    }
  })

  it("can be turned off", async () => {
    const open = await startEmulator({ auth: false })
    try {
      expect((await call(open.emulator, "ListPipelines", {}, { sign: false })).status).toBe(200)
      expect((await call(open.emulator, "ListPipelines", {}, { sign: { secretAccessKey: "anything" } })).status).toBe(200)
    } finally {
      await open.close()
    }
  })
})

describe("misbehaving clients", () => {
  const head = (length: number | "chunked") =>
    `POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: CodePipeline_20150709.ListPipelines\r\n${
      length === "chunked" ? "Transfer-Encoding: chunked" : `Content-Length: ${length}`
    }\r\n\r\n`

  it("a body declared over the limit: 413 at once, and the connection is closed", async () => {
    const transcript = await socket(emulator, (s) => {
      s.write(head(10 * 1024 * 1024))
    })
    const response = parseRaw(transcript.data)
    expect(transcript.closed).toBe(true)
    expect(response.status).toBe(413)
    expect(response.headers["connection"]).toBe("close")
    expect(response.headers["x-amzn-requestid"]).toMatch(UUID)
    expect(response.json).toEqual({
      __type: "RequestEntityTooLargeException",
      message: `The request body exceeds the limit of ${MAX_BODY} bytes`,
    })
    await stillServing()
  })

  it("a streamed body that grows over the limit: 413 as soon as it does, and the connection is closed", async () => {
    const transcript = await socket(emulator, async (s, received) => {
      s.write(head("chunked"))
      const chunk = `{"pad":"${"x".repeat(8 * 1024)}`
      for (let sent = 0; sent < 4 * MAX_BODY && received() === "" && !s.destroyed; sent += chunk.length) {
        s.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`)
        await new Promise((resolve) => setTimeout(resolve, 2))
      }
    })
    const response = parseRaw(transcript.data)
    expect(transcript.closed).toBe(true)
    expect(response.status).toBe(413)
    expect(response.json.__type).toBe("RequestEntityTooLargeException")
    await stillServing()
  })

  it("a client that stalls mid-body: 408 after the request timeout, and the connection is closed", async () => {
    const transcript = await socket(emulator, (s) => {
      s.write(`${head(100)}{"maxResu`)
    })
    const response = parseRaw(transcript.data)
    expect(transcript.closed).toBe(true)
    expect(transcript.ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 50)
    expect(transcript.ms).toBeLessThan(TIMEOUT_MS + 2000)
    expect(response.status).toBe(408)
    expect(response.json.__type).toBe("RequestTimeoutException")
    expect(response.headers["x-amzn-requestid"]).toMatch(UUID)
    await stillServing()
  })

  it("a client that stalls in its headers: 408, and the connection is closed", async () => {
    const transcript = await socket(emulator, (s) => {
      s.write("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Tar")
    })
    expect(transcript.closed).toBe(true)
    expect(transcript.ms).toBeLessThan(TIMEOUT_MS + 3000)
    expect(parseRaw(transcript.data).status).toBe(408)
    await stillServing()
  })

  it("bytes that are not HTTP: 400, and the connection is closed", async () => {
    const transcript = await socket(emulator, (s) => {
      s.write("\x00\x01\x02 hello\r\n\r\n")
    })
    expect(transcript.closed).toBe(true)
    const response = parseRaw(transcript.data)
    expect(response.status).toBe(400)
    expect(response.headers["x-amzn-requestid"]).toMatch(UUID)
    expect(response.headers["date"]).toBeDefined()
    expect(response.json.__type).toBe("BadRequestException")
    await stillServing()
  })

  it("a client that disconnects mid-request", async () => {
    const transcript = await socket(
      emulator,
      (s) => {
        s.write(`${head(100)}{"max`)
        s.destroy()
      },
      500,
    )
    expect(transcript.data).toBe("")
    await stillServing()
  })

  it("many bad requests at once leave no 5xx", async () => {
    const count = run.log.length
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        i % 4 === 0
          ? raw(emulator, { target: "CodePipeline_20150709.GetPipeline", body: "{" })
          : i % 4 === 1
            ? raw(emulator, { target: "CodePipeline_20150709.Nope" })
            : i % 4 === 2
              ? raw(emulator, { target: "CodePipeline_20150709.ListPipelines", sign: false })
              : call(emulator, "GetPipeline", { name: "steady" }),
      ),
    )
    expect(run.log.slice(count).filter((e) => e.status >= 500)).toEqual([])
    await stillServing()
  })
})

describe("closing", () => {
  it("closing the scope stops the server and closes open connections", async () => {
    const other = await startEmulator()
    const open = socket(other.emulator, () => undefined, 3000)
    // The connection is open (idle) when the emulator stops.
    await new Promise((resolve) => setTimeout(resolve, 100))
    await other.close()
    const transcript = await open
    expect(transcript.closed).toBe(true)
    await expect(call(other.emulator, "ListPipelines")).rejects.toThrow(/ECONNREFUSED/)
  })

  it("fails to start on a port in use with an EmulatorError", async () => {
    const error = await Effect.runPromise(Effect.scoped(Effect.flip(CodePipelineEmulator.make({ port: emulator.port }))))
    expect(error).toBeInstanceOf(CodePipelineEmulator.EmulatorError)
    expect(error.reason).toBe("Listen")
    expect(error.message).toContain("EADDRINUSE")
  })
})

describe("as an @effect/platform HttpApp", () => {
  it("answers a web Request the way the server answers, signatures included", async () => {
    const { app, credentials, controls } = await Effect.runPromise(CodePipelineEmulator.makeApp({ inMemory: { startOnCreate: false } }))
    await Effect.runPromise(controls.seedPipeline(steady))
    const handler = HttpApp.toWebHandler(app)
    const signer = new SignatureV4({
      service: "codepipeline",
      region: "us-east-1",
      credentials,
      sha256: Hash.bind(null, "sha256") as never,
    })
    const request = async (body: string, sign = true) => {
      const headers: Record<string, string> = {
        host: "emulator.local",
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "CodePipeline_20150709.GetPipeline",
      }
      const signed = sign
        ? (await signer.sign({ method: "POST", protocol: "http:", hostname: "emulator.local", path: "/", query: {}, headers, body }))
            .headers
        : headers
      const response = await handler(
        new Request("http://emulator.local/", { method: "POST", headers: signed as Record<string, string>, body }),
      )
      return { status: response.status, headers: response.headers, json: (await response.json()) as any }
    }
    const ok = await request(JSON.stringify({ name: "steady" }))
    expect(ok.status).toBe(200)
    expect(ok.headers.get("content-type")).toBe("application/x-amz-json-1.1")
    expect(ok.headers.get("x-amzn-requestid")).toMatch(UUID)
    expect(ok.json.pipeline.name).toBe("steady")
    const missing = await request(JSON.stringify({ name: "nope" }))
    expect([missing.status, missing.json.__type, missing.headers.get("x-amzn-errortype")]).toEqual([
      400,
      "PipelineNotFoundException",
      "PipelineNotFoundException",
    ])
    const unsigned = await request(JSON.stringify({ name: "steady" }), false)
    expect([unsigned.status, unsigned.json.__type]).toEqual([400, "MissingAuthenticationTokenException"])
  })
})
