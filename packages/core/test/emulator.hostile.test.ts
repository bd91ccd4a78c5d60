/**
 * The emulator's handler against requests built to hurt it (issue #13): bodies nested thousands of
 * levels deep, `__proto__` keys, and SigV4 requests whose signature does not cover what they
 * carry. Each is answered with the 400 AWS would give, never a 500, and leaves the state as it was.
 */
import { beforeAll, describe, expect, it } from "vitest"
import * as Emulator from "../src/Emulator.js"
import { makeSimulator } from "../src/Simulator.js"
import { expectError, pipeline, send, T0 } from "./support/emulator.js"

let handler: Emulator.Handler

beforeAll(() => {
  const simulator = makeSimulator({ now: T0, seed: 1, startOnCreate: false })
  simulator.seedPipeline(pipeline("steady"))
  simulator.seedPipeline(pipeline("victim"))
  handler = Emulator.makeHandler({ simulator, now: () => T0 })
})

/** Both pipelines are still there, unchanged. */
const stateUnchanged = async () => {
  const listed = await send(handler, "ListPipelines")
  expect(listed.status).toBe(200)
  expect(listed.json.pipelines.map((p: { name: string }) => p.name)).toEqual(["steady", "victim"])
  const steady = await send(handler, "GetPipeline", { name: "steady" })
  expect(steady.json.pipeline.stages[0].actions[0].configuration).toEqual({ S3Bucket: "b", S3ObjectKey: "k" })
}

const body = (operation: string, text: string) => send(handler, operation, undefined, { body: text })

const arrays = (depth: number, leaf = "1") => `${"[".repeat(depth)}${leaf}${"]".repeat(depth)}`
const objects = (depth: number, leaf = "1") => `${'{"a":'.repeat(depth)}${leaf}${"}".repeat(depth)}`

describe("a deeply nested request body", () => {
  it("inside a known member is a 400 SerializationException, not a 500 the SDKs would retry", async () => {
    for (const depth of [3_000, 20_000]) {
      expectError(await body("GetPipeline", `{"name":${arrays(depth, '"x"')}}`), 400, "SerializationException")
      expectError(await body("GetPipeline", `{"name":${objects(depth, '"x"')}}`), 400, "SerializationException")
    }
    await stateUnchanged()
  })

  it("as deep as a 256 KiB body allows is a 400 SerializationException naming the limit", async () => {
    const depth = Math.floor((256 * 1024 - 40) / 2)
    const response = await body("DeletePipeline", `{"name":"victim","x":${arrays(depth)}}`)
    expectError(response, 400, "SerializationException")
    expect(response.json.message).toContain("nested more than 100 levels")
    await stateUnchanged()
  })

  it("within the nesting limit is read as before: a wrong type is a ValidationException naming the member", async () => {
    const response = await body("GetPipeline", `{"name":${arrays(90, '"x"')}}`)
    expectError(response, 400, "ValidationException")
    expect(response.json.message).toContain("'name'")
    expect((await body("GetPipeline", `{"name":"steady","extra":${arrays(90)}}`)).status).toBe(200)
  })
})

describe("__proto__ keys in a request body", () => {
  it("a configuration entry named __proto__ is kept as an entry, and given back as one", async () => {
    // Built-in providers refuse keys they do not take: a custom source type takes this one.
    const mirror = { category: "Source", provider: "Mirror", version: "1" }
    await send(handler, "CreateCustomActionType", {
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
    const declaration = JSON.stringify({ pipeline: pipeline("proto-entry") })
      .replace('"S3Bucket":"b"', '"S3Bucket":"b","__proto__":"kept"')
      .replace('"owner":"AWS","provider":"S3"', '"owner":"Custom","provider":"Mirror"')
    const created = await body("CreatePipeline", declaration)
    expect(created.status, created.body).toBe(200)
    expect(created.body).toContain('"__proto__":"kept"')
    const got = await send(handler, "GetPipeline", { name: "proto-entry" })
    expect(got.body).toContain('"__proto__":"kept"')
    const configuration = got.json.pipeline.stages[0].actions[0].configuration
    expect(Object.getOwnPropertyNames(configuration).sort()).toEqual(["S3Bucket", "S3ObjectKey", "__proto__"])
    await send(handler, "DeletePipeline", { name: "proto-entry" })
  })

  it("a configuration entry named __proto__ is validated as an entry: an object there is a ValidationException", async () => {
    const declaration = JSON.stringify({ pipeline: pipeline("proto-object") })
      .replace(',"S3ObjectKey":"k"', "")
      .replace('"S3Bucket":"b"', '"S3Bucket":"b","__proto__":{"S3ObjectKey":5}')
    const response = await body("CreatePipeline", declaration)
    expectError(response, 400, "ValidationException")
    expect(response.json.message).toContain("'pipeline.stages[0].actions[0].configuration.__proto__'")
    await stateUnchanged()
  })

  it("an artifact store keyed __proto__ is kept as an entry of artifactStores", async () => {
    const { artifactStore, ...rest } = pipeline("proto-stores")
    const declaration = JSON.stringify({ pipeline: { ...rest, artifactStores: { "us-east-1": artifactStore } } }).replace(
      '"artifactStores":{',
      '"artifactStores":{"__proto__":{"type":"S3","location":"elsewhere"},',
    )
    const created = await body("CreatePipeline", declaration)
    expect(created.status, created.body).toBe(200)
    const stores = (await send(handler, "GetPipeline", { name: "proto-stores" })).json.pipeline.artifactStores
    expect(Object.getOwnPropertyNames(stores).sort()).toEqual(["__proto__", "us-east-1"])
    await send(handler, "DeletePipeline", { name: "proto-stores" })
  })
})

const withSignedHeaders = (transform: (names: Array<string>) => Array<string>) => (headers: Record<string, string>) => ({
  ...headers,
  authorization: headers["authorization"]!.replace(
    /SignedHeaders=([^,]+)/,
    (_, list: string) => `SignedHeaders=${transform(list.split(";")).join(";")}`,
  ),
})

describe("SigV4: what the signature must cover", () => {
  it("a signed GetPipeline whose X-Amz-Target was left out of the signature cannot be replayed as DeletePipeline", async () => {
    const response = await send(
      handler,
      "GetPipeline",
      { name: "victim" },
      { unsigned: ["x-amz-target"], after: (headers) => ({ ...headers, "x-amz-target": "CodePipeline_20150709.DeletePipeline" }) },
    )
    expectError(response, 400, "InvalidSignatureException")
    expect(response.json.message).toBe("'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization.")
    await stateUnchanged()
  })

  it("refuses a request whose X-Amz-Date or Host is not signed", async () => {
    const date = await send(handler, "ListPipelines", {}, { unsigned: ["x-amz-date"] })
    expectError(date, 400, "InvalidSignatureException")
    expect(date.json.message).toBe("'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization.")
    const host = await send(handler, "ListPipelines", {}, { after: withSignedHeaders((names) => names.filter((n) => n !== "host")) })
    expectError(host, 400, "InvalidSignatureException")
    expect(host.json.message).toBe("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
  })

  it("refuses a session token that is sent but not signed", async () => {
    const temporary = { accessKeyId: "ASIAEMULATOR00000000", secretAccessKey: "temporary-secret", sessionToken: "session-token" }
    const other = Emulator.makeHandler({ simulator: makeSimulator({ now: T0 }), auth: { credentials: [temporary] } })
    expect((await send(other, "ListPipelines", {}, { sign: temporary })).status).toBe(200)
    const unsigned = await send(other, "ListPipelines", {}, { sign: temporary, unsigned: ["x-amz-security-token"] })
    expectError(unsigned, 400, "InvalidSignatureException")
    expect(unsigned.json.message).toBe("'X-Amz-Security-Token' must be a 'SignedHeader' in the AWS Authorization.")
  })

  it("refuses a SignedHeaders list that names a header the request does not carry", async () => {
    const response = await send(handler, "ListPipelines", {}, { after: withSignedHeaders((names) => [...names, "x-amz-not-sent"].sort()) })
    expectError(response, 400, "InvalidSignatureException")
    expect(response.json.message).toContain("x-amz-not-sent")
  })

  it("still accepts what SDKs send: every header signed but user-agent, with extra signed x-amz-* headers", async () => {
    const response = await send(
      handler,
      "ListPipelines",
      {},
      { headers: { "x-amz-user-agent": "test/1.0", "user-agent": "test/1.0" }, unsigned: ["user-agent"] },
    )
    expect(response.status, response.body).toBe(200)
  })
})
