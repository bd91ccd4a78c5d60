/**
 * The emulator's wire protocol against requests built to hurt it (issue #13): bodies nested
 * thousands of levels deep, `__proto__` keys, bytes that are not UTF-8, and SigV4 requests whose
 * signature does not cover what they carry. Each is answered with the 400 AWS would give, never a
 * 500, and leaves the state as it was.
 */
import * as Http from "node:http"
import { Hash } from "@smithy/hash-node"
import { SignatureV4 } from "@smithy/signature-v4"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type * as S from "../src/schema/shapes.js"
import type { CodePipelineEmulator } from "../src/testing/index.js"
import { call, raw, type RawResponse, type Running, socket, parseRaw, startEmulator, UUID } from "./support/emulator.js"

const declaration = (name: string): S.PipelineDeclaration => ({
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

const MAX_BODY = 256 * 1024

let run: Running
let emulator: CodePipelineEmulator.Service

beforeAll(async () => {
  run = await startEmulator({ maxBodySize: MAX_BODY, inMemory: { startOnCreate: false } })
  emulator = run.emulator
  await Effect.runPromise(emulator.controls.seedPipeline(declaration("steady")))
  await Effect.runPromise(emulator.controls.seedPipeline(declaration("victim")))
})

afterAll(() => run.close())

const expectError = (response: RawResponse, status: number, code: string) => {
  expect({ status: response.status, code: response.json?.__type }, response.body.slice(0, 300)).toEqual({ status, code })
  expect(response.headers["x-amzn-errortype"]).toBe(code)
  expect(response.headers["x-amzn-requestid"]).toMatch(UUID)
}

/** Both pipelines are still there, unchanged, and the server answers. */
const stateUnchanged = async () => {
  const listed = await call(emulator, "ListPipelines")
  expect(listed.status).toBe(200)
  expect(listed.json.pipelines.map((p: { name: string }) => p.name)).toEqual(["steady", "victim"])
  const steady = await call(emulator, "GetPipeline", { name: "steady" })
  expect(steady.json.pipeline.stages[0].actions[0].configuration).toEqual({ S3Bucket: "b", S3ObjectKey: "k" })
}

const arrays = (depth: number, leaf = "1") => `${"[".repeat(depth)}${leaf}${"]".repeat(depth)}`
const objects = (depth: number, leaf = "1") => `${'{"a":'.repeat(depth)}${leaf}${"}".repeat(depth)}`

describe("a deeply nested request body", () => {
  it("inside a known member is a 400 SerializationException, not a 500 the SDKs would retry", async () => {
    for (const depth of [3_000, 20_000]) {
      expectError(
        await raw(emulator, { target: "CodePipeline_20150709.GetPipeline", body: `{"name":${arrays(depth, '"x"')}}` }),
        400,
        "SerializationException",
      )
      expectError(
        await raw(emulator, { target: "CodePipeline_20150709.GetPipeline", body: `{"name":${objects(depth, '"x"')}}` }),
        400,
        "SerializationException",
      )
    }
    await stateUnchanged()
  })

  it("inside a member the model does not know is a 400 SerializationException", async () => {
    for (const depth of [7_000, 50_000]) {
      expectError(
        await raw(emulator, { target: "CodePipeline_20150709.GetPipeline", body: `{"name":"steady","extra":${arrays(depth)}}` }),
        400,
        "SerializationException",
      )
    }
    await stateUnchanged()
  })

  it("as deep as the body limit allows is a 400 SerializationException naming the limit", async () => {
    const depth = Math.floor((MAX_BODY - 40) / 2)
    const response = await raw(emulator, { target: "CodePipeline_20150709.DeletePipeline", body: `{"name":"victim","x":${arrays(depth)}}` })
    expectError(response, 400, "SerializationException")
    expect(response.json.message).toContain("nested more than 100 levels")
    await stateUnchanged()
  })

  it("within the nesting limit is read as before: a wrong type is a ValidationException naming the member", async () => {
    const response = await raw(emulator, { target: "CodePipeline_20150709.GetPipeline", body: `{"name":${arrays(90, '"x"')}}` })
    expectError(response, 400, "ValidationException")
    expect(response.json.message).toContain("'name'")
    expect(
      (await raw(emulator, { target: "CodePipeline_20150709.GetPipeline", body: `{"name":"steady","extra":${arrays(90)}}` })).status,
    ).toBe(200)
  })
})

describe("__proto__ keys in a request body", () => {
  it('never become a prototype: {"__proto__":{"name":"victim"}} does not read as the name \'victim\'', async () => {
    const response = await raw(emulator, { target: "CodePipeline_20150709.GetPipeline", body: '{"__proto__":{"name":"victim"}}' })
    expectError(response, 400, "ValidationException")
    expect(response.json.message).toContain("'name'")
    const deletion = await raw(emulator, { target: "CodePipeline_20150709.DeletePipeline", body: '{"__proto__":{"name":"victim"}}' })
    expectError(deletion, 400, "ValidationException")
    await stateUnchanged()
  })

  it("a configuration entry named __proto__ is kept as an entry, and given back as one", async () => {
    // Built-in providers refuse keys they do not take: a custom source type takes this one.
    const mirror = { category: "Source", provider: "Mirror", version: "1" }
    await call(emulator, "CreateCustomActionType", {
      ...mirror,
      configurationProperties: ["S3Bucket", "S3ObjectKey", "__proto__"].map((name) => ({
        name,
        required: false,
        key: false,
        secret: false,
      })),
      inputArtifactDetails: { minimumCount: 0, maximumCount: 0 },
      outputArtifactDetails: { minimumCount: 1, maximumCount: 1 },
    })
    const pipeline = JSON.stringify({ pipeline: declaration("proto-entry") })
      .replace('"S3Bucket":"b"', '"S3Bucket":"b","__proto__":"kept"')
      .replace('"owner":"AWS","provider":"S3"', '"owner":"Custom","provider":"Mirror"')
    const created = await raw(emulator, { target: "CodePipeline_20150709.CreatePipeline", body: pipeline })
    expect(created.status, created.body).toBe(200)
    expect(created.body).toContain('"__proto__":"kept"')
    const got = await call(emulator, "GetPipeline", { name: "proto-entry" })
    expect(got.body).toContain('"__proto__":"kept"')
    const configuration = got.json.pipeline.stages[0].actions[0].configuration
    expect(Object.getOwnPropertyNames(configuration).sort()).toEqual(["S3Bucket", "S3ObjectKey", "__proto__"])
    await call(emulator, "DeletePipeline", { name: "proto-entry" })
  })

  it("a configuration entry named __proto__ is validated as an entry: an object there is a ValidationException", async () => {
    const pipeline = JSON.stringify({ pipeline: declaration("proto-object") })
      .replace(',"S3ObjectKey":"k"', "")
      .replace('"S3Bucket":"b"', '"S3Bucket":"b","__proto__":{"S3ObjectKey":5}')
    const response = await raw(emulator, { target: "CodePipeline_20150709.CreatePipeline", body: pipeline })
    expectError(response, 400, "ValidationException")
    expect(response.json.message).toContain("'pipeline.stages[0].actions[0].configuration.__proto__'")
    await stateUnchanged()
  })

  it("an artifact store keyed __proto__ is kept as an entry of artifactStores", async () => {
    const { artifactStore, ...rest } = declaration("proto-stores")
    const body = JSON.stringify({ pipeline: { ...rest, artifactStores: { "us-east-1": artifactStore } } }).replace(
      '"artifactStores":{',
      '"artifactStores":{"__proto__":{"type":"S3","location":"elsewhere"},',
    )
    const created = await raw(emulator, { target: "CodePipeline_20150709.CreatePipeline", body })
    expect(created.status, created.body).toBe(200)
    const stores = (await call(emulator, "GetPipeline", { name: "proto-stores" })).json.pipeline.artifactStores
    expect(Object.getOwnPropertyNames(stores).sort()).toEqual(["__proto__", "us-east-1"])
    await call(emulator, "DeletePipeline", { name: "proto-stores" })
  })
})

describe("a request body that is not UTF-8", () => {
  it("is a SerializationException, as AWS answers, not read with U+FFFD in place of the bytes", async () => {
    const body = Buffer.concat([Buffer.from('{"name":"stea'), Buffer.from([0xff, 0xfe]), Buffer.from('dy"}')])
    const response = await raw(emulator, { target: "CodePipeline_20150709.GetPipeline", body })
    expectError(response, 400, "SerializationException")
    expect(response.json.message).toContain("UTF-8")
    // A lone surrogate encoded as bytes (CESU-8) is not UTF-8 either.
    const surrogate = Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')])
    expectError(await raw(emulator, { target: "CodePipeline_20150709.GetPipeline", body: surrogate }), 400, "SerializationException")
    await stateUnchanged()
  })
})

// -----------------------------------------------------------------------------------------------
// SigV4

const sha256 = Hash.bind(null, "sha256") as unknown as ConstructorParameters<typeof SignatureV4>[0]["sha256"]

interface Signed {
  readonly target: string
  readonly body: string
  /** Headers the signature leaves out (they are still sent). */
  readonly unsigned?: ReadonlyArray<string>
  readonly sessionToken?: string
  readonly extraHeaders?: Record<string, string>
  /** Changes the signed headers before sending (a tampered or forged request). */
  readonly after?: (headers: Record<string, string>) => Record<string, string>
}

/** A request signed like an SDK's, with control over what the signature covers. */
const signed = async (request: Signed): Promise<RawResponse> => {
  const url = new URL(emulator.url)
  const signer = new SignatureV4({
    service: "codepipeline",
    region: emulator.region,
    credentials: { ...emulator.credentials, ...(request.sessionToken !== undefined ? { sessionToken: request.sessionToken } : {}) },
    sha256,
  })
  const headers = {
    host: url.host,
    "content-type": "application/x-amz-json-1.1",
    "x-amz-target": `CodePipeline_20150709.${request.target}`,
    ...request.extraHeaders,
  }
  const result = await signer.sign(
    {
      method: "POST",
      protocol: "http:",
      hostname: url.hostname,
      port: Number(url.port),
      path: "/",
      query: {},
      headers,
      body: request.body,
    },
    { unsignableHeaders: new Set(request.unsigned ?? []) },
  )
  const sent = (request.after ?? ((h) => h))(result.headers as Record<string, string>)
  return new Promise((resolve, reject) => {
    const req = Http.request(
      {
        host: url.hostname,
        port: Number(url.port),
        method: "POST",
        path: "/",
        headers: { ...sent, "content-length": String(Buffer.byteLength(request.body)) },
        agent: false,
      },
      (res) => {
        const chunks: Array<Buffer> = []
        res.on("data", (c: Buffer) => chunks.push(c))
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8")
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, json: JSON.parse(text) })
        })
      },
    )
    req.on("error", reject)
    req.end(request.body)
  })
}

const withSignedHeaders = (transform: (names: Array<string>) => Array<string>) => (headers: Record<string, string>) => ({
  ...headers,
  authorization: headers["authorization"]!.replace(
    /SignedHeaders=([^,]+)/,
    (_, list: string) => `SignedHeaders=${transform(list.split(";")).join(";")}`,
  ),
})

describe("SigV4: what the signature must cover", () => {
  it("a signed GetPipeline whose X-Amz-Target was left out of the signature cannot be replayed as DeletePipeline", async () => {
    const response = await signed({
      target: "GetPipeline",
      body: JSON.stringify({ name: "victim" }),
      unsigned: ["x-amz-target"],
      after: (headers) => ({ ...headers, "x-amz-target": "CodePipeline_20150709.DeletePipeline" }),
    })
    expectError(response, 400, "InvalidSignatureException")
    expect(response.json.message).toBe("'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization.")
    await stateUnchanged()
  })

  it("refuses a request whose X-Amz-Date, Host or X-Amz-Security-Token is not signed", async () => {
    const date = await signed({ target: "ListPipelines", body: "{}", unsigned: ["x-amz-date"] })
    expectError(date, 400, "InvalidSignatureException")
    expect(date.json.message).toBe("'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization.")
    const host = await signed({
      target: "ListPipelines",
      body: "{}",
      after: withSignedHeaders((names) => names.filter((n) => n !== "host")),
    })
    expectError(host, 400, "InvalidSignatureException")
    expect(host.json.message).toBe("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
  })

  it("refuses a session token that is sent but not signed", async () => {
    const temporary = { accessKeyId: "ASIAEMULATOR00000000", secretAccessKey: "temporary-secret", sessionToken: "session-token" }
    const other = await startEmulator({ auth: { credentials: [temporary] } })
    try {
      const url = new URL(other.emulator.url)
      const signer = new SignatureV4({ service: "codepipeline", region: "us-east-1", credentials: temporary, sha256 })
      const headers = {
        host: url.host,
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "CodePipeline_20150709.ListPipelines",
      }
      const send = async (unsignable: Set<string>) => {
        const result = await signer.sign(
          { method: "POST", protocol: "http:", hostname: url.hostname, port: Number(url.port), path: "/", query: {}, headers, body: "{}" },
          { unsignableHeaders: unsignable },
        )
        return raw(other.emulator, {
          target: "CodePipeline_20150709.ListPipelines",
          sign: false,
          headers: result.headers as Record<string, string>,
        })
      }
      expect((await send(new Set())).status).toBe(200)
      const unsigned = await send(new Set(["x-amz-security-token"]))
      expectError(unsigned, 400, "InvalidSignatureException")
      expect(unsigned.json.message).toBe("'X-Amz-Security-Token' must be a 'SignedHeader' in the AWS Authorization.")
    } finally {
      await other.close()
    }
  })

  it("refuses a SignedHeaders list that names a header the request does not carry", async () => {
    const response = await signed({
      target: "ListPipelines",
      body: "{}",
      after: withSignedHeaders((names) => [...names, "x-amz-not-sent"].sort()),
    })
    expectError(response, 400, "InvalidSignatureException")
    expect(response.json.message).toContain("x-amz-not-sent")
  })

  it("refuses a request with two Authorization headers: IncompleteSignatureException", async () => {
    const good = await signed({ target: "ListPipelines", body: "{}", after: (h) => h })
    expect(good.status).toBe(200)
    const url = new URL(emulator.url)
    const signer = new SignatureV4({ service: "codepipeline", region: emulator.region, credentials: emulator.credentials, sha256 })
    const headers = { host: url.host, "content-type": "application/x-amz-json-1.1", "x-amz-target": "CodePipeline_20150709.ListPipelines" }
    const result = (
      await signer.sign({
        method: "POST",
        protocol: "http:",
        hostname: url.hostname,
        port: Number(url.port),
        path: "/",
        query: {},
        headers,
        body: "{}",
      })
    ).headers as Record<string, string>
    const lines = Object.entries(result).map(([k, v]) => `${k}: ${v}`)
    const transcript = await socket(emulator, (s) => {
      s.write(
        `POST / HTTP/1.1\r\n${lines.join("\r\n")}\r\nauthorization: ${result["authorization"]}\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}`,
      )
    })
    const response = parseRaw(transcript.data)
    expect([response.status, response.json?.__type]).toEqual([400, "IncompleteSignatureException"])
  })

  it("refuses a session token sent with long-term credentials: UnrecognizedClientException", async () => {
    const response = await signed({ target: "ListPipelines", body: "{}", sessionToken: "a-token-nobody-issued" })
    expectError(response, 400, "UnrecognizedClientException")
    expect(response.json.message).toBe("The security token included in the request is invalid.")
  })

  it("still accepts what SDKs send: every header signed but user-agent, with extra signed x-amz-* headers", async () => {
    const response = await signed({
      target: "ListPipelines",
      body: "{}",
      extraHeaders: { "x-amz-user-agent": "test/1.0", "user-agent": "test/1.0" },
      unsigned: ["user-agent"],
    })
    expect(response.status, response.body).toBe(200)
  })
})
