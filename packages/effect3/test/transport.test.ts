import { describe, expect, it } from "@effect/vitest"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Scope from "effect/Scope"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import { TransportError } from "../src/errors/common.js"
import { makeHttpClientTransport } from "../src/services/internal/httpClientTransport.js"
import { makeNodeTransport } from "../src/services/internal/nodeTransport.js"
import type { HttpRequest, Transport } from "../src/services/Transport.js"

const SIGNATURE =
  "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20240101/us-east-1/codepipeline/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024"
const TOKEN = "FwoGZXIvYXdzEXAMPLESESSIONTOKEN1234567890abcdefghijklmnopqrstuvwxyz"

interface Received {
  readonly method: string | undefined
  readonly headers: Http.IncomingHttpHeaders
  readonly body: string
}

interface TestServer {
  readonly port: number
  readonly url: URL
  readonly received: Array<Received>
  /** Connections the server accepted. */
  readonly connections: () => number
  /** Connections that have since closed. */
  readonly closedConnections: () => number
  /** Resolves once `closedConnections()` reaches `n`. */
  readonly waitForClosed: (n: number) => Effect.Effect<void>
}

/** A loopback `node:http` server for one test, closed (connections included) with the scope. */
const testServer = (
  handler: (req: Http.IncomingMessage, res: Http.ServerResponse, body: string) => void,
): Effect.Effect<TestServer, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.async<{ server: Http.Server; state: TestServer }>((resume) => {
      const received: Array<Received> = []
      let connections = 0
      let closed = 0
      const waiters: Array<() => void> = []
      const server = Http.createServer((req, res) => {
        const chunks: Array<Buffer> = []
        req.on("data", (chunk: Buffer) => chunks.push(chunk))
        req.on("end", () => {
          const body = Buffer.concat(chunks).toString("utf8")
          received.push({ method: req.method, headers: req.headers, body })
          handler(req, res, body)
        })
      })
      server.keepAliveTimeout = 60_000
      server.on("connection", (socket) => {
        connections++
        socket.on("close", () => {
          closed++
          for (const wake of waiters.splice(0)) wake()
        })
      })
      server.listen(0, "127.0.0.1", () => {
        const port = (server.address() as AddressInfo).port
        const waitForClosed = (n: number): Effect.Effect<void> =>
          Effect.async<void>((wake) => {
            const check = () => {
              if (closed >= n) wake(Effect.void)
              else waiters.push(check)
            }
            check()
          })
        resume(
          Effect.succeed({
            server,
            state: {
              port,
              url: new URL(`http://127.0.0.1:${port}/`),
              received,
              connections: () => connections,
              closedConnections: () => closed,
              waitForClosed,
            },
          }),
        )
      })
    }),
    ({ server }) =>
      Effect.async<void>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      }),
  ).pipe(Effect.map(({ state }) => state))

/** A port nothing listens on: bound, then released. */
const closedPort = Effect.async<number>((resume) => {
  const server = Http.createServer()
  server.listen(0, "127.0.0.1", () => {
    const port = (server.address() as AddressInfo).port
    server.close(() => resume(Effect.succeed(port)))
  })
})

const signedRequest = (url: URL, body = `{"name":"my-pipeline"}`): HttpRequest => ({
  url,
  headers: {
    "content-type": "application/x-amz-json-1.1",
    "x-amz-target": "CodePipeline_20150709.GetPipeline",
    "x-amz-date": "20240101T000000Z",
    "x-amz-security-token": TOKEN,
    authorization: SIGNATURE,
  },
  body,
})

const json = (status: number, body: unknown) => (_req: Http.IncomingMessage, res: Http.ServerResponse) => {
  res.writeHead(status, { "Content-Type": "application/x-amz-json-1.1", "X-Amzn-RequestId": "req-1" })
  res.end(JSON.stringify(body))
}

const expectNetworkError = (exit: Exit.Exit<unknown, TransportError>, pattern: RegExp) => {
  if (!Exit.isFailure(exit)) throw new Error(`expected a failure, got ${JSON.stringify(exit)}`)
  const error = exit.cause._tag === "Fail" ? exit.cause.error : undefined
  expect(error).toBeInstanceOf(TransportError)
  expect(error!.reason).toBe("Network")
  expect(error!.message).toMatch(pattern)
  expect(error!.message).not.toContain(SIGNATURE)
  expect(error!.message).not.toContain(TOKEN)
  return error!
}

const transports: ReadonlyArray<{ readonly name: string; readonly make: Effect.Effect<Transport, never, Scope.Scope> }> = [
  { name: "node transport", make: makeNodeTransport() },
  { name: "HttpClient transport (fetch)", make: makeHttpClientTransport.pipe(Effect.provide(FetchHttpClient.layer)) },
]

for (const { name, make } of transports) {
  describe(name, () => {
    it.scoped("sends a POST with exactly the given headers and body", () =>
      Effect.gen(function* () {
        const server = yield* testServer(json(200, {}))
        const transport = yield* make
        const request = signedRequest(server.url, `{"name":"pipeline-é"}`)
        yield* transport.send(request)

        expect(server.received).toHaveLength(1)
        const [received] = server.received
        expect(received!.method).toBe("POST")
        expect(received!.body).toBe(`{"name":"pipeline-é"}`)
        for (const [header, value] of Object.entries(request.headers)) {
          expect(received!.headers[header]).toBe(value)
        }
        // Set by the transport: the byte length, not the string length.
        expect(received!.headers["content-length"]).toBe(String(Buffer.byteLength(request.body)))
        expect(received!.headers.host).toBe(`127.0.0.1:${server.port}`)
      }),
    )

    it.scoped("returns the status, lower-cased headers and body of a 200 response", () =>
      Effect.gen(function* () {
        const server = yield* testServer(json(200, { pipeline: { name: "p" } }))
        const transport = yield* make
        const response = yield* transport.send(signedRequest(server.url))
        expect(response.status).toBe(200)
        expect(response.headers["x-amzn-requestid"]).toBe("req-1")
        expect(response.headers["content-type"]).toBe("application/x-amz-json-1.1")
        expect(JSON.parse(response.body)).toEqual({ pipeline: { name: "p" } })
      }),
    )

    it.scoped("returns a 400 error response as a response, not a failure", () =>
      Effect.gen(function* () {
        const error = { __type: "PipelineNotFoundException", message: "no such pipeline" }
        const server = yield* testServer(json(400, error))
        const transport = yield* make
        const response = yield* transport.send(signedRequest(server.url))
        expect(response.status).toBe(400)
        expect(response.headers["x-amzn-requestid"]).toBe("req-1")
        expect(JSON.parse(response.body)).toEqual(error)
      }),
    )

    it.scoped("fails with a Network TransportError naming the cause when the connection is refused", () =>
      Effect.gen(function* () {
        const port = yield* closedPort
        const transport = yield* make
        const exit = yield* Effect.exit(transport.send(signedRequest(new URL(`http://127.0.0.1:${port}/`))))
        expectNetworkError(exit, /ECONNREFUSED|fetch failed/)
      }),
    )

    it.scoped("fails with a Network TransportError when the server resets the socket mid-body", () =>
      Effect.gen(function* () {
        const server = yield* testServer((_req, res) => {
          res.writeHead(200, { "content-type": "application/json", "content-length": "1000" })
          res.write(`{"partial":`, () => res.socket?.resetAndDestroy())
        })
        const transport = yield* make
        const exit = yield* Effect.exit(transport.send(signedRequest(server.url)))
        expectNetworkError(exit, /./)
      }),
    )

    // Live clock: `Effect.timeout` must fire in real time.
    it.scopedLive("a timeout on a server that never answers interrupts the request and closes its socket", () =>
      Effect.gen(function* () {
        const server = yield* testServer(() => {})
        const transport = yield* make
        const result = yield* transport.send(signedRequest(server.url)).pipe(Effect.timeout(Duration.millis(100)), Effect.either)
        expect(result._tag).toBe("Left")
        expect(server.connections()).toBe(1)
        yield* server.waitForClosed(1).pipe(Effect.timeout(Duration.seconds(5)), Effect.orDie)
      }),
    )

    it.scoped("never puts the authorization header or session token in an error message", () =>
      Effect.gen(function* () {
        const port = yield* closedPort
        const server = yield* testServer((req) => req.socket.destroy())
        const transport = yield* make
        for (const url of [new URL(`http://127.0.0.1:${port}/`), server.url]) {
          const exit = yield* Effect.exit(transport.send(signedRequest(url)))
          const error = expectNetworkError(exit, /./)
          expect(String(error)).not.toContain(SIGNATURE)
          expect(JSON.stringify(error)).not.toContain(SIGNATURE)
          expect(JSON.stringify(error)).not.toContain(TOKEN)
        }
      }),
    )
  })
}

describe("node transport", () => {
  it.scoped("reuses one keep-alive connection for sequential requests", () =>
    Effect.gen(function* () {
      const server = yield* testServer(json(200, {}))
      const transport = yield* makeNodeTransport()
      for (let i = 0; i < 5; i++) {
        const response = yield* transport.send(signedRequest(server.url))
        expect(response.status).toBe(200)
      }
      expect(server.received).toHaveLength(5)
      expect(server.connections()).toBe(1)
    }),
  )

  it.scoped("reuses the connection after a 400 error response", () =>
    Effect.gen(function* () {
      const server = yield* testServer(json(400, { __type: "ValidationException" }))
      const transport = yield* makeNodeTransport()
      yield* transport.send(signedRequest(server.url))
      yield* transport.send(signedRequest(server.url))
      expect(server.connections()).toBe(1)
    }),
  )

  it.scoped("opens parallel connections up to maxSockets", () =>
    Effect.gen(function* () {
      const server = yield* testServer((req, res) => setTimeout(() => json(200, {})(req, res), 20))
      const transport = yield* makeNodeTransport({ maxSockets: 2 })
      yield* Effect.all(
        Array.from({ length: 6 }, () => transport.send(signedRequest(server.url))),
        { concurrency: "unbounded" },
      )
      expect(server.received).toHaveLength(6)
      expect(server.connections()).toBe(2)
    }),
  )

  it.effect("closing the scope destroys the pooled sockets", () =>
    Effect.gen(function* () {
      const serverScope = yield* Scope.make()
      const server = yield* Scope.extend(testServer(json(200, {})), serverScope)
      const transportScope = yield* Scope.make()
      const transport = yield* Scope.extend(makeNodeTransport(), transportScope)
      yield* transport.send(signedRequest(server.url))
      expect(server.closedConnections()).toBe(0)

      yield* Scope.close(transportScope, Exit.void)
      yield* server.waitForClosed(1).pipe(Effect.timeout(Duration.seconds(5)), Effect.orDie)
      expect(server.connections()).toBe(1)
      yield* Scope.close(serverScope, Exit.void)
    }),
  )

  it.scoped("fails with a Network TransportError when run after its scope closed", () =>
    Effect.gen(function* () {
      const server = yield* testServer(json(200, {}))
      const scope = yield* Scope.make()
      const transport = yield* Scope.extend(makeNodeTransport(), scope)
      // Built while open, run after close: what a retry policy re-running a send would do.
      const send = transport.send(signedRequest(server.url))
      yield* send
      yield* Scope.close(scope, Exit.void)
      const exit = yield* Effect.exit(send)
      expectNetworkError(exit, /transport is closed/)
      expect(server.received).toHaveLength(1)
    }),
  )

  it.scoped("sends again each time the same send effect is run", () =>
    Effect.gen(function* () {
      const server = yield* testServer(json(200, {}))
      const transport = yield* makeNodeTransport()
      const send = transport.send(signedRequest(server.url))
      yield* send
      yield* send
      expect(server.received).toHaveLength(2)
      expect(server.received[1]!.body).toBe(server.received[0]!.body)
      expect(server.received[1]!.headers.authorization).toBe(SIGNATURE)
    }),
  )

  it.scoped("declares that it enforces request timeouts itself", () =>
    Effect.gen(function* () {
      const transport = yield* makeNodeTransport()
      expect(transport.enforcesTimeout).toBe(true)
    }),
  )

  it.scoped("fails with a Timeout TransportError and closes the socket when no response comes within timeoutMillis", () =>
    Effect.gen(function* () {
      const server = yield* testServer(() => {})
      const transport = yield* makeNodeTransport()
      const error = yield* Effect.flip(transport.send({ ...signedRequest(server.url), timeoutMillis: 50 }))
      expect(error.reason).toBe("Timeout")
      expect(error.message).toBe("no complete response within 50 ms")
      yield* server.waitForClosed(1).pipe(Effect.timeout(Duration.seconds(5)), Effect.orDie)
    }),
  )

  it.scoped("times the whole exchange: a body that stalls after the headers times out too", () =>
    Effect.gen(function* () {
      const server = yield* testServer((_req, res) => {
        res.writeHead(200, { "content-type": "application/json", "transfer-encoding": "chunked" })
        res.write("{")
      })
      const transport = yield* makeNodeTransport()
      const error = yield* Effect.flip(transport.send({ ...signedRequest(server.url), timeoutMillis: 50 }))
      expect(error.reason).toBe("Timeout")
    }),
  )

  it.scoped("an answer within timeoutMillis is returned and the pooled connection is reused", () =>
    Effect.gen(function* () {
      const server = yield* testServer(json(200, { ok: true }))
      const transport = yield* makeNodeTransport()
      for (let i = 0; i < 3; i++) {
        const response = yield* transport.send({ ...signedRequest(server.url), timeoutMillis: 5_000 })
        expect(JSON.parse(response.body)).toEqual({ ok: true })
      }
      expect(server.connections()).toBe(1)
    }),
  )

  it.scoped("reports 'socket hang up' when the server closes the connection without answering", () =>
    Effect.gen(function* () {
      const server = yield* testServer((req) => req.socket.destroy())
      const transport = yield* makeNodeTransport()
      const exit = yield* Effect.exit(transport.send(signedRequest(server.url)))
      expectNetworkError(exit, /socket hang up|ECONNRESET/)
    }),
  )

  it.scoped("fails cleanly and closes the socket when a declared body exceeds maxResponseBytes", () =>
    Effect.gen(function* () {
      const server = yield* testServer((_req, res) => {
        res.writeHead(200, { "content-type": "application/json" })
        res.end("x".repeat(4096))
      })
      const transport = yield* makeNodeTransport({ maxResponseBytes: 1024 })
      const exit = yield* Effect.exit(transport.send(signedRequest(server.url)))
      expectNetworkError(exit, /response body exceeds 1024 bytes/)
      yield* server.waitForClosed(1).pipe(Effect.timeout(Duration.seconds(5)), Effect.orDie)
    }),
  )

  it.scoped("fails cleanly and closes the socket when a streamed body grows past maxResponseBytes", () =>
    Effect.gen(function* () {
      let writes = 0
      const server = yield* testServer((_req, res) => {
        // No content-length: the cap must be enforced while reading, and the server must not be able
        // to keep streaming into the client's memory.
        res.writeHead(200, { "content-type": "application/json", "transfer-encoding": "chunked" })
        const pump = () => {
          while (!res.destroyed && writes < 10_000) {
            writes++
            if (!res.write("y".repeat(16 * 1024))) return void res.once("drain", pump)
          }
          res.end()
        }
        pump()
      })
      const transport = yield* makeNodeTransport({ maxResponseBytes: 256 * 1024 })
      const exit = yield* Effect.exit(transport.send(signedRequest(server.url)))
      expectNetworkError(exit, /response body exceeds 262144 bytes/)
      yield* server.waitForClosed(1).pipe(Effect.timeout(Duration.seconds(5)), Effect.orDie)
      expect(writes).toBeLessThan(10_000)
    }),
  )

  it.scoped("joins a multi-valued response header with a comma", () =>
    Effect.gen(function* () {
      const server = yield* testServer((_req, res) => {
        res.setHeader("set-cookie", ["a=1", "b=2"])
        res.setHeader("x-multi", ["one", "two"])
        res.end("{}")
      })
      const transport = yield* makeNodeTransport()
      const response = yield* transport.send(signedRequest(server.url))
      expect(response.headers["set-cookie"]).toBe("a=1, b=2")
      expect(response.headers["x-multi"]).toBe("one, two")
    }),
  )

  it.scoped("returns a multi-chunk body intact, multi-byte characters included", () =>
    Effect.gen(function* () {
      const text = "é€😀".repeat(50_000)
      const server = yield* testServer((_req, res) => {
        const bytes = Buffer.from(text, "utf8")
        res.writeHead(200, { "content-length": String(bytes.length) })
        // Split inside a multi-byte character on purpose.
        res.write(bytes.subarray(0, 1001))
        setTimeout(() => res.end(bytes.subarray(1001)), 5)
      })
      const transport = yield* makeNodeTransport()
      const response = yield* transport.send(signedRequest(server.url))
      expect(response.body).toBe(text)
    }),
  )

  it.scoped("keeps a content-length the caller already set", () =>
    Effect.gen(function* () {
      const server = yield* testServer(json(200, {}))
      const transport = yield* makeNodeTransport()
      const request = signedRequest(server.url)
      yield* transport.send({ ...request, headers: { ...request.headers, "content-length": String(request.body.length) } })
      expect(server.received[0]!.headers["content-length"]).toBe(String(request.body.length))
      expect(server.received[0]!.body).toBe(request.body)
    }),
  )

  it.scoped("fails with a Network TransportError for a URL that is not http or https", () =>
    Effect.gen(function* () {
      const transport = yield* makeNodeTransport()
      const exit = yield* Effect.exit(transport.send(signedRequest(new URL("ftp://127.0.0.1/"))))
      expectNetworkError(exit, /unsupported URL protocol ftp:/)
    }),
  )

  it.scoped("rejects an invalid header value without quoting any header value", () =>
    Effect.gen(function* () {
      const server = yield* testServer(json(200, {}))
      const transport = yield* makeNodeTransport()
      const request = signedRequest(server.url)
      const exit = yield* Effect.exit(transport.send({ ...request, headers: { ...request.headers, "x-bad": `${TOKEN}\r\nx-injected: 1` } }))
      const error = expectNetworkError(exit, /invalid request/)
      expect(error.message).not.toContain("x-injected")
      expect(server.received).toHaveLength(0)
    }),
  )
})
