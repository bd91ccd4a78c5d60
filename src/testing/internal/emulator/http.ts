/**
 * A small `node:http` adapter driven by Effect: each request is read (with a size limit and a
 * deadline), handed to an Effect handler run in a `FiberSet` of the server's scope, and its answer
 * written back. Closing the scope stops listening, closes every connection and interrupts the
 * handlers still running.
 *
 * Misbehaving clients get an AWS-style error and a closed connection, never a crash:
 * - a body over the limit: 413 (at once when `Content-Length` says so, else as soon as it is);
 * - a body not complete in time (a client stalling mid-body): 408;
 * - a request Node cannot parse (or headers that never end): 400, 431 or 408, from `clientError`.
 */
import { randomUUID } from "node:crypto"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import type * as Net from "node:net"
import * as Effect from "effect/Effect"
import * as FiberSet from "effect/FiberSet"
import type * as Scope from "effect/Scope"
import { errorResponse, type Request, type Response } from "./protocol.js"

export interface ServerOptions {
  readonly host: string
  readonly port: number
  /** Largest request body, in bytes. */
  readonly maxBodySize: number
  /** How long a client has to send a whole request, headers and body. */
  readonly requestTimeoutMs: number
  /** Called after each response is written. */
  readonly onResponse?: ((request: { readonly method: string; readonly requestId: string }, response: Response, ms: number) => void) | undefined
}

export interface Listening {
  readonly host: string
  readonly port: number
  /** Stops listening and closes every connection; idempotent. */
  readonly close: Effect.Effect<void>
}

export class ListenError extends Error {}

const queryOf = (url: URL): Record<string, string | Array<string>> => {
  const query: Record<string, string | Array<string>> = {}
  for (const [key, value] of url.searchParams) {
    const existing = query[key]
    query[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value]
  }
  return query
}

const headersOf = (req: Http.IncomingMessage): Record<string, string> => {
  const headers: Record<string, string> = {}
  for (const [name, values] of Object.entries(req.headersDistinct)) {
    if (values !== undefined) headers[name] = values.map((v) => v.trim()).join(",")
  }
  return headers
}

/** A complete raw response for a socket the HTTP parser gave up on. */
const rawResponse = (status: number, code: string, message: string): string => {
  const response = errorResponse(randomUUID(), status, code, message)
  const head = Object.entries({
    ...response.headers,
    "Content-Length": String(Buffer.byteLength(response.body)),
    Date: new Date().toUTCString(),
    Connection: "close",
  })
    .map(([k, v]) => `${k}: ${v}`)
    .join("\r\n")
  return `HTTP/1.1 ${status} ${Http.STATUS_CODES[status] ?? ""}\r\n${head}\r\n\r\n${response.body}`
}

export const listen = (
  options: ServerOptions,
  handle: (request: Request) => Effect.Effect<Response>,
): Effect.Effect<Listening, ListenError, Scope.Scope> =>
  Effect.gen(function* () {
    const run = yield* FiberSet.makeRuntime<never, Response, never>()
    const { maxBodySize, requestTimeoutMs } = options

    const write = (
      req: Http.IncomingMessage,
      res: Http.ServerResponse,
      requestId: string,
      response: Response,
      started: number,
      close = false,
    ) => {
      if (res.headersSent || res.destroyed) return
      const headers: Record<string, string> = { ...response.headers, "Content-Length": String(Buffer.byteLength(response.body)) }
      if (close) headers["Connection"] = "close"
      res.writeHead(response.status, headers)
      res.end(response.body)
      options.onResponse?.({ method: req.method ?? "", requestId }, response, Date.now() - started)
    }

    const onRequest = (req: Http.IncomingMessage, res: Http.ServerResponse) => {
      const started = Date.now()
      const requestId = randomUUID()
      let settled = false
      // Whatever happens to the request, its timer goes with it.
      const timer = setTimeout(() => {
        if (settled) return
        settled = true
        write(req, res, requestId, errorResponse(requestId, 408, "RequestTimeoutException", `The request was not received in full within ${requestTimeoutMs} ms`), started, true)
      }, requestTimeoutMs)
      res.once("close", () => {
        settled = true
        clearTimeout(timer)
      })
      const refuse = (status: number, code: string, message: string) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        write(req, res, requestId, errorResponse(requestId, status, code, message), started, true)
      }
      const tooLarge = () =>
        refuse(413, "RequestEntityTooLargeException", `The request body exceeds the limit of ${maxBodySize} bytes`)

      const declared = req.headers["content-length"]
      if (declared !== undefined && Number(declared) > maxBodySize) {
        // What arrives of the body is read and dropped until the connection closes.
        req.resume()
        return tooLarge()
      }
      const chunks: Array<Buffer> = []
      let size = 0
      req.on("data", (chunk: Buffer) => {
        if (settled) return
        size += chunk.length
        if (size > maxBodySize) {
          chunks.length = 0
          return tooLarge()
        }
        chunks.push(chunk)
      })
      req.on("error", () => {
        settled = true
        clearTimeout(timer)
      })
      req.on("end", () => {
        if (settled) return
        clearTimeout(timer)
        settled = true
        let url: URL
        try {
          url = new URL(req.url ?? "/", "http://emulator")
        } catch {
          url = new URL("http://emulator/")
        }
        const request: Request = {
          requestId,
          method: req.method ?? "",
          path: url.pathname,
          query: queryOf(url),
          headers: headersOf(req),
          body: Buffer.concat(chunks),
        }
        const fiber = run(handle(request))
        fiber.addObserver((exit) => {
          if (exit._tag === "Success") write(req, res, requestId, exit.value, started)
          else if (!res.headersSent && !res.destroyed) {
            write(req, res, requestId, errorResponse(requestId, 500, "InternalFailure", "The emulator failed to answer"), started, true)
          }
        })
      })
    }

    const server = Http.createServer(
      {
        // Node's own deadlines back ours up (headers that never end are Node's to catch).
        requestTimeout: requestTimeoutMs + 1000,
        headersTimeout: requestTimeoutMs,
        connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(requestTimeoutMs / 4))),
        keepAliveTimeout: 60_000,
      },
      onRequest,
    )
    server.on("clientError", (error: NodeJS.ErrnoException, socket: Net.Socket) => {
      if (!socket.writable || error.code === "ECONNRESET") {
        socket.destroy()
        return
      }
      const [status, code, message] =
        error.code === "ERR_HTTP_REQUEST_TIMEOUT"
          ? ([408, "RequestTimeoutException", "The request was not received in full in time"] as const)
          : error.code === "HPE_HEADER_OVERFLOW"
            ? ([431, "RequestHeaderFieldsTooLarge", "The request headers are too large"] as const)
            : ([400, "BadRequestException", "The request is not valid HTTP/1.1"] as const)
      socket.end(rawResponse(status, code, message))
      socket.destroySoon()
    })

    const address = yield* Effect.async<AddressInfo, ListenError>((resume) => {
      const onError = (error: NodeJS.ErrnoException) => {
        resume(Effect.fail(new ListenError(`cannot listen on ${options.host}:${options.port}: ${error.code ?? ""} ${error.message}`.trim())))
      }
      server.once("error", onError)
      server.listen(options.port, options.host, () => {
        server.off("error", onError)
        resume(Effect.succeed(server.address() as AddressInfo))
      })
    })

    let closing: Promise<void> | undefined
    const close = Effect.promise(
      () =>
        (closing ??= new Promise<void>((resolve) => {
          server.close(() => resolve())
          server.closeAllConnections()
        })),
    )
    yield* Effect.addFinalizer(() => close)
    return { host: address.address, port: address.port, close }
  })
