/**
 * The emulator's server with raw HTTP and raw sockets: what the wire adds to the handler's answers
 * (a Date, a request id per request), what the official SDK does with them (retry a throttled
 * call, correct a skewed clock), clients that misbehave (oversized bodies, stalling, bytes that are
 * not HTTP, disconnecting), and closing. After every bad request the server still serves and the
 * state is unchanged. The handler's own rules are tested in the core (`packages/core/test/emulator.test.ts`).
 */
import { CodePipelineClient, type CodePipelineClientConfig, ListPipelinesCommand } from "@aws-sdk/client-codepipeline"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Emulator, type RequestLog, start } from "../src/Emulator.js"
import { pipeline } from "./support/pipelines.js"
import { call, parseRaw, raw, socket, UUID } from "./support/http.js"

// The tests' two-stage pipeline (an S3 source, a manual approval).
const steady = pipeline("steady")

const MAX_BODY = 64 * 1024
const TIMEOUT_MS = 400

let emulator: Emulator
const log: Array<RequestLog> = []
let before: string

beforeAll(async () => {
  emulator = await start({
    maxBodySize: MAX_BODY,
    requestTimeoutMs: TIMEOUT_MS,
    simulatorOptions: { startOnCreate: false },
    onRequest: (entry) => log.push(entry),
  })
  emulator.simulator.seedPipeline(steady, { tags: [{ key: "team", value: "core" }] })
  before = (await call(emulator, "GetPipeline", { name: "steady" })).body
})

afterAll(() => emulator.close())

/** The server still answers a normal request, and the state is what it was. */
const stillServing = async () => {
  const after = await call(emulator, "GetPipeline", { name: "steady" })
  expect(after.status).toBe(200)
  expect(JSON.parse(after.body).pipeline).toEqual(JSON.parse(before).pipeline)
  expect((await call(emulator, "ListPipelines")).json.pipelines.map((p: { name: string }) => p.name)).toEqual(["steady"])
}

const official = (config: Partial<CodePipelineClientConfig> = {}) =>
  new CodePipelineClient({ region: emulator.region, endpoint: emulator.url, credentials: emulator.credentials, ...config })

describe("responses", () => {
  it("carry a request id, a Date, the awsJson content type, and the output encoded by the model", async () => {
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

  it("give each request its own id", async () => {
    const ids = await Promise.all([1, 2, 3].map(async () => (await call(emulator, "ListPipelines")).headers["x-amzn-requestid"]))
    expect(new Set(ids).size).toBe(3)
  })

  it("let the official SDK retry a throttled call and succeed", async () => {
    const client = official()
    try {
      emulator.simulator.injectFault("ListPipelines", { code: "ThrottlingException", message: "Rate exceeded" })
      const output = await client.send(new ListPipelinesCommand({}))
      expect(output.$metadata.attempts).toBe(2)
      expect(output.pipelines?.map((p) => p.name)).toEqual(["steady"])
    } finally {
      client.destroy()
    }
  })

  it("let the official SDK correct a skewed clock from the Date header and retry", async () => {
    const client = official({ systemClockOffset: -10 * 60_000 })
    try {
      const output = await client.send(new ListPipelinesCommand({}))
      expect(output.$metadata.attempts).toBe(2)
    } finally {
      client.destroy()
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
    expect(response.headers["x-amzn-errortype"]).toBe("RequestEntityTooLargeException")
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
    const count = log.length
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
    expect(log.length - count).toBe(40)
    expect(log.slice(count).filter((e) => e.status >= 500)).toEqual([])
    await stillServing()
  })
})

describe("SigV4 on the wire", () => {
  it("a request with two Authorization headers, even two valid ones, is refused: IncompleteSignatureException", async () => {
    expect((await call(emulator, "ListPipelines")).status).toBe(200)
    const twice = await call(
      emulator,
      "ListPipelines",
      {},
      { after: (h) => ({ ...h, authorization: [h["authorization"]!, h["authorization"]!] }) },
    )
    expect([twice.status, twice.json?.__type]).toEqual([400, "IncompleteSignatureException"])
  })
})

describe("closing", () => {
  it("close() stops the server and closes open connections", async () => {
    const other = await start()
    const open = socket(other, () => undefined, 3000)
    // The connection is open (idle) when the emulator stops.
    await new Promise((resolve) => setTimeout(resolve, 100))
    await other.close()
    const transcript = await open
    expect(transcript.closed).toBe(true)
    await expect(call(other, "ListPipelines")).rejects.toThrow(/ECONNREFUSED/)
  })
})
