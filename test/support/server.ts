/**
 * A loopback HTTP server for the live client's tests (packages/effect3/test/support/server.ts on
 * Effect 4): listens on 127.0.0.1 on a free port, records every request, answers with a
 * programmable handler, and closes with its scope.
 */
// Mirror of packages/effect3/test/support/server.ts: the same loopback server as a scoped Effect of each flavor.
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import * as Net from "node:net"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"

export interface RecordedRequest {
  /** The request target as sent: a path, or an absolute URL when the server is used as a proxy. */
  readonly url: string
  readonly headers: Http.IncomingHttpHeaders
  readonly body: string
  readonly target: string | undefined
  /** The body as JSON, `undefined` when it is not JSON. */
  readonly json: any
}

export interface Reply {
  readonly status?: number
  readonly headers?: Record<string, string>
  readonly body?: string | object
  /** Milliseconds to wait before answering; `"never"` leaves the request unanswered. */
  readonly delay?: number | "never"
}

const parse = (body: string): unknown => {
  try {
    return JSON.parse(body)
  } catch {
    return undefined
  }
}

/** A request left unanswered until the server closes. */
export const never: Reply = { delay: "never" }

export type Handler = (request: RecordedRequest, index: number) => Reply

export interface TestServer {
  readonly url: string
  readonly requests: Array<RecordedRequest>
}

export const jsonReply = (body: object, status = 200, headers: Record<string, string> = {}): Reply => ({
  status,
  headers: { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": "req-1", ...headers },
  body,
})

export const awsError = (type: string, message: string, status = 400, headers: Record<string, string> = {}): Reply =>
  jsonReply({ __type: type, message }, status, headers)

/** Answers the replies in turn, then the last one for every later request. */
export const sequence =
  (...replies: ReadonlyArray<Reply>): Handler =>
  (_, index) =>
    replies[Math.min(index, replies.length - 1)]!

export const startServer = (handler: Handler): Effect.Effect<TestServer, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.callback<{ readonly server: Http.Server; readonly state: TestServer }>((resume) => {
      const requests: Array<RecordedRequest> = []
      const server = Http.createServer((req, res) => {
        const chunks: Array<Buffer> = []
        req.on("data", (c: Buffer) => chunks.push(c))
        req.on("end", () => {
          const body = Buffer.concat(chunks).toString("utf8")
          const recorded: RecordedRequest = {
            url: req.url ?? "",
            headers: req.headers,
            body,
            target: req.headers["x-amz-target"] as string | undefined,
            json: parse(body),
          }
          requests.push(recorded)
          const reply = handler(recorded, requests.length - 1)
          const payload = reply.body === undefined ? "" : typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body)
          // No Date header: a real date would look like a skewed client clock on a TestClock.
          res.sendDate = false
          const answer = () => {
            if (res.destroyed) return
            res.writeHead(reply.status ?? 200, reply.headers ?? {})
            res.end(payload)
          }
          if (reply.delay === undefined) answer()
          else if (reply.delay !== "never") setTimeout(answer, reply.delay).unref()
        })
      })
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo
        resume(Effect.succeed({ server, state: { url: `http://127.0.0.1:${port}`, requests } }))
      })
    }),
    ({ server }) =>
      Effect.callback<void>((resume) => {
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
