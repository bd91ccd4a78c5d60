/**
 * A loopback HTTP server for tests: listens on 127.0.0.1 with a free port, records every request,
 * answers with a programmable handler, and closes with its scope.
 *
 * The differential kit's raw server (`startRawServer` in packages/core/test/support/differential.ts)
 * is the same server with a handler that writes the response itself (the verification suites break
 * connections and stall bodies). It is not reused here: that module loads the official SDK and the
 * Smithy model (about 0.6 s), which every live test would then pay; a raw server in a module of its
 * own in the core's test support would let this file become an adapter over it.
 */
// Mirror of test/support/server.ts: the same loopback server as a scoped Effect of each flavor.
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import * as Net from "node:net"
import * as Effect from "effect/Effect"

export interface RecordedRequest {
  readonly method: string
  readonly url: string
  readonly headers: Http.IncomingHttpHeaders
  readonly body: string
  readonly target: string | undefined
  readonly json: any
}

export interface Reply {
  readonly status?: number
  readonly headers?: Record<string, string>
  readonly body?: string | object
}

export type Handler = (request: RecordedRequest, index: number) => Reply | Promise<Reply>

export interface TestServer {
  readonly url: string
  readonly requests: Array<RecordedRequest>
  /** Replaces the handler for subsequent requests. */
  handle(handler: Handler): void
}

const parse = (body: string): unknown => {
  try {
    return JSON.parse(body)
  } catch {
    return undefined
  }
}

export const jsonReply = (body: object, status = 200, headers: Record<string, string> = {}): Reply => ({
  status,
  headers: { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": "req-1", ...headers },
  body,
})

export const awsError = (type: string, message: string, status = 400, headers: Record<string, string> = {}): Reply =>
  jsonReply({ __type: type, message }, status, headers)

export const startServer = (initial: Handler = () => jsonReply({})): Effect.Effect<TestServer, never, import("effect/Scope").Scope> =>
  Effect.acquireRelease(
    Effect.async<{ server: Http.Server; state: TestServer }>((resume) => {
      let handler = initial
      const requests: Array<RecordedRequest> = []
      const server = Http.createServer((req, res) => {
        const chunks: Array<Buffer> = []
        req.on("data", (c: Buffer) => chunks.push(c))
        req.on("end", async () => {
          const body = Buffer.concat(chunks).toString("utf8")
          const recorded: RecordedRequest = {
            method: req.method ?? "",
            url: req.url ?? "",
            headers: req.headers,
            body,
            target: req.headers["x-amz-target"] as string | undefined,
            json: parse(body),
          }
          requests.push(recorded)
          try {
            const reply = await handler(recorded, requests.length - 1)
            const payload = reply.body === undefined ? "" : typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body)
            // No automatic Date header: tests run on TestClock, and a real date would look like a
            // skewed client clock. Tests that exercise skew correction send one explicitly.
            res.sendDate = false
            res.writeHead(reply.status ?? 200, reply.headers ?? {})
            res.end(payload)
          } catch (e) {
            res.writeHead(500)
            res.end(String(e))
          }
        })
      })
      server.keepAliveTimeout = 1000
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo
        resume(
          Effect.succeed({
            server,
            state: {
              url: `http://127.0.0.1:${port}`,
              requests,
              handle: (h) => {
                handler = h
              },
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

export const testCredentials = {
  accessKeyId: "AKIDEXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
}

/** A port nothing listens on (bound on 127.0.0.1, then released): where a connection is refused. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = Net.createServer()
    s.on("error", reject)
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as Net.AddressInfo).port
      s.close(() => resolve(port))
    })
  })
