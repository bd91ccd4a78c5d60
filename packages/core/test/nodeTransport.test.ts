/**
 * The Node transport's own API (`NodeTransport`): `send` as a promise that rejects with a typed
 * `TransportFailure`, an `AbortSignal`, `start` with its cancel function, and `close`. Every server
 * is a loopback `node:http` server on a free port. (What a transport does on the wire, through the
 * root package's Effect `Transport` over this engine, is tested in its `test/transport.test.ts`.)
 */
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import { afterEach, describe, expect, it } from "vitest"
import { makeNodeTransport, type NodeTransport, TransportFailure } from "../src/NodeTransport.js"
import type { HttpRequest, HttpResponse } from "../src/Protocol.js"

const TOKEN = "FwoGZXIvYXdzEXAMPLESESSIONTOKEN1234567890abcdefghijklmnopqrstuvwxyz"

interface TestServer {
  readonly url: URL
  readonly received: Array<{ readonly headers: Http.IncomingHttpHeaders; readonly body: string }>
  readonly connections: () => number
  readonly closed: () => Promise<void>
}

const cleanup: Array<() => void> = []
afterEach(() => {
  for (const f of cleanup.splice(0)) f()
})

/** A loopback server answering with `handler`, closed after the test. `closed()` resolves once a connection has closed. */
const serve = (handler: (req: Http.IncomingMessage, res: Http.ServerResponse) => void): Promise<TestServer> =>
  new Promise((resolve) => {
    const received: TestServer["received"] = []
    let connections = 0
    const onClose: Array<() => void> = []
    let closedCount = 0
    const server = Http.createServer((req, res) => {
      const chunks: Array<Buffer> = []
      req.on("data", (c: Buffer) => chunks.push(c))
      req.on("end", () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") })
        handler(req, res)
      })
    })
    server.on("connection", (socket) => {
      connections++
      socket.on("close", () => {
        closedCount++
        for (const f of onClose.splice(0)) f()
      })
    })
    cleanup.push(() => {
      server.closeAllConnections()
      server.close()
    })
    server.listen(0, "127.0.0.1", () =>
      resolve({
        url: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`),
        received,
        connections: () => connections,
        closed: () => (closedCount > 0 ? Promise.resolve() : new Promise<void>((wake) => onClose.push(wake))),
      }),
    )
  })

const json = (status: number, body: unknown) => (_req: Http.IncomingMessage, res: Http.ServerResponse) => {
  res.writeHead(status, { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": "req-1" })
  res.end(JSON.stringify(body))
}

const request = (url: URL, headers: Record<string, string> = {}): HttpRequest => ({
  url,
  headers: { "content-type": "application/x-amz-json-1.1", "x-amz-security-token": TOKEN, ...headers },
  body: `{"name":"pipeline-é"}`,
})

const transport = (options?: Parameters<typeof makeNodeTransport>[0]): NodeTransport => {
  const t = makeNodeTransport(options)
  cleanup.push(t.close)
  return t
}

const failureOf = async (promise: Promise<unknown>): Promise<TransportFailure> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(TransportFailure)
  return error as TransportFailure
}

describe("send", () => {
  it("posts the headers and body, adding host and the body's byte length", async () => {
    const server = await serve(json(200, { ok: true }))
    const response = await transport().send(request(server.url))
    expect(response).toMatchObject({ status: 200, body: `{"ok":true}` })
    expect(response.headers["x-amzn-requestid"]).toBe("req-1")
    const [received] = server.received
    expect(received!.body).toBe(`{"name":"pipeline-é"}`)
    expect(received!.headers["content-length"]).toBe(String(Buffer.byteLength(`{"name":"pipeline-é"}`)))
    expect(received!.headers.host).toBe(server.url.host)
    expect(received!.headers["x-amz-security-token"]).toBe(TOKEN)
  })

  it("resolves with an error status as a response", async () => {
    const server = await serve(json(400, { __type: "ValidationException" }))
    expect((await transport().send(request(server.url))).status).toBe(400)
  })

  it("reuses one keep-alive connection", async () => {
    const server = await serve(json(200, {}))
    const t = transport()
    for (let i = 0; i < 3; i++) await t.send(request(server.url))
    expect(server.connections()).toBe(1)
  })

  it("rejects with a Network failure naming the cause, never quoting a header value", async () => {
    const server = await serve((req) => req.socket.destroy())
    const failure = await failureOf(transport().send(request(server.url)))
    expect(failure).toMatchObject({ name: "TransportFailure", reason: "Network" })
    expect(failure.message).toMatch(/socket hang up|ECONNRESET/)
    const invalid = await failureOf(transport().send(request(server.url, { "x-bad": `${TOKEN}\r\nx-injected: 1` })))
    expect(invalid.message).toMatch(/^invalid request/)
    expect(invalid.message).not.toContain(TOKEN)
  })

  it("rejects with a Timeout failure, and closes the socket, when no response comes within timeoutMillis", async () => {
    const server = await serve(() => {})
    const failure = await failureOf(transport().send(request(server.url), { timeoutMillis: 50 }))
    expect(failure).toMatchObject({ reason: "Timeout", message: "no complete response within 50 ms" })
    await server.closed()
  })

  it("rejects with a Network failure for a body over maxResponseBytes", async () => {
    const server = await serve((_req, res) => res.end("x".repeat(4096)))
    const failure = await failureOf(transport({ maxResponseBytes: 1024 }).send(request(server.url)))
    expect(failure.message).toBe("response body exceeds 1024 bytes")
  })

  it("rejects with the signal's reason when aborted, and closes the socket", async () => {
    const server = await serve(() => {})
    const controller = new AbortController()
    const sent = transport().send(request(server.url), { signal: controller.signal })
    while (server.received.length === 0) await new Promise((r) => setTimeout(r, 5))
    controller.abort(new Error("stop"))
    await expect(sent).rejects.toThrow("stop")
    await server.closed()
  })

  it("with a signal already aborted, sends nothing", async () => {
    const server = await serve(json(200, {}))
    await expect(transport().send(request(server.url), { signal: AbortSignal.abort(new Error("early")) })).rejects.toThrow("early")
    expect(server.received).toHaveLength(0)
  })
})

describe("start", () => {
  it("calls done once with the response", async () => {
    const server = await serve(json(200, { ok: true }))
    const outcomes: Array<HttpResponse | TransportFailure> = []
    await new Promise<void>((resolve) => {
      transport().start(request(server.url), undefined, (outcome) => {
        outcomes.push(outcome)
        resolve()
      })
    })
    expect(outcomes).toHaveLength(1)
    expect(outcomes[0]).toMatchObject({ status: 200, body: `{"ok":true}` })
  })

  it("calls done at once for a request that cannot be sent", () => {
    const outcomes: Array<HttpResponse | TransportFailure> = []
    transport().start(request(new URL("ftp://127.0.0.1/")), undefined, (outcome) => {
      outcomes.push(outcome)
    })
    expect(outcomes).toEqual([new TransportFailure("Network", "unsupported URL protocol ftp:")])
  })

  it("its cancel function destroys the socket, and done is not called", async () => {
    const server = await serve(() => {})
    let called = false
    const cancel = transport().start(request(server.url), undefined, () => {
      called = true
    })
    while (server.received.length === 0) await new Promise((r) => setTimeout(r, 5))
    cancel()
    await server.closed()
    expect(called).toBe(false)
  })
})

describe("close", () => {
  it("destroys the pooled sockets, and a send after it fails", async () => {
    const server = await serve(json(200, {}))
    const t = makeNodeTransport()
    await t.send(request(server.url))
    t.close()
    await server.closed()
    const failure = await failureOf(t.send(request(server.url)))
    expect(failure).toMatchObject({ reason: "Network", message: "transport is closed" })
    expect(server.received).toHaveLength(1)
  })

  it("leaves the caller's agent open", async () => {
    const server = await serve(json(200, {}))
    const agent = new Http.Agent({ keepAlive: true })
    cleanup.push(() => agent.destroy())
    const t = makeNodeTransport({ httpAgent: agent })
    await t.send(request(server.url))
    t.close()
    // The pooled connection is still there: a transport over the same agent reuses it.
    expect((await makeNodeTransport({ httpAgent: agent }).send(request(server.url))).status).toBe(200)
    expect(server.connections()).toBe(1)
  })
})
