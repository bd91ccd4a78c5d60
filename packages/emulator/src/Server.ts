/**
 * A `node:http` server over the core's emulator handler (`@effect-codepipeline/core/Emulator`):
 * each request is read (with a size limit and a deadline), answered by the handler, and its answer
 * written back. Closing it stops listening and closes every connection.
 *
 * Misbehaving clients get an AWS-style error and a closed connection, never a crash:
 * - a body over the limit: 413 (at once when `Content-Length` says so, else as soon as it is);
 * - a body not complete in time (a client stalling mid-body): 408;
 * - a request Node cannot parse (or headers that never end): 400, 431 or 408, from `clientError`.
 *
 * ```ts
 * import * as Emulator from "@effect-codepipeline/core/Emulator"
 * import { makeSimulator } from "@effect-codepipeline/core/Simulator"
 * import { serve } from "@effect-codepipeline/emulator/Server"
 *
 * const server = await serve(Emulator.makeHandler({ simulator: makeSimulator({}) }), { port: 0 })
 * console.log(server.url)
 * await server.close()
 * ```
 *
 * @since 0.1.0
 */
import { randomUUID } from "node:crypto"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import type * as Net from "node:net"
import { errorResponse, type Handler, type Response } from "@effect-codepipeline/core/Emulator"

/**
 * @since 0.1.0
 */
export interface ServerOptions {
  /** The interface to listen on. Default: `127.0.0.1`. */
  readonly host?: string | undefined
  /** Default: `0`, a free port. */
  readonly port?: number | undefined
  /** Largest request body, in bytes; larger ones get a 413 and a closed connection. Default: 1 MiB. */
  readonly maxBodySize?: number | undefined
  /** How long a client has to send a whole request, headers and body; slower ones get a 408. Default: 30 s. */
  readonly requestTimeoutMs?: number | undefined
  /** The `x-amzn-RequestId` of each request. Default: a random UUID. */
  readonly requestId?: (() => string) | undefined
  /** Called after each response is written. */
  readonly onResponse?:
    | ((request: { readonly method: string; readonly requestId: string }, response: Response, ms: number) => void)
    | undefined
}

/**
 * A listening server.
 *
 * @since 0.1.0
 */
export interface Server {
  readonly host: string
  readonly port: number
  /** The endpoint, for example `http://127.0.0.1:40123`. */
  readonly url: string
  /** Stops listening and closes every connection; idempotent. */
  readonly close: () => Promise<void>
}

/**
 * The server could not listen (the port is taken, the interface does not exist).
 *
 * @since 0.1.0
 */
export class ListenError extends Error {
  override readonly name = "ListenError"
}

/**
 * `host` as it goes in a URL: a wildcard address is reached through the loopback address.
 *
 * @since 0.1.0
 */
export const urlHost = (host: string): string => {
  if (host === "0.0.0.0" || host === "") return "127.0.0.1"
  if (host === "::") return "[::1]"
  return host.includes(":") ? `[${host}]` : host
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

/**
 * Serves `handler` on `host:port` until {@link Server.close}.
 *
 * @since 0.1.0
 */
export const serve = async (handler: Handler, options: ServerOptions = {}): Promise<Server> => {
  const host = options.host ?? "127.0.0.1"
  const maxBodySize = options.maxBodySize ?? 1024 * 1024
  const requestTimeoutMs = options.requestTimeoutMs ?? 30_000
  const nextRequestId = options.requestId ?? randomUUID

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
    const requestId = nextRequestId()
    let settled = false
    // Whatever happens to the request, its timer goes with it.
    const timer = setTimeout(() => {
      if (settled) return
      settled = true
      write(
        req,
        res,
        requestId,
        errorResponse(requestId, 408, "RequestTimeoutException", `The request was not received in full within ${requestTimeoutMs} ms`),
        started,
        true,
      )
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
    const tooLarge = () => refuse(413, "RequestEntityTooLargeException", `The request body exceeds the limit of ${maxBodySize} bytes`)

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
      handler({
        requestId,
        method: req.method ?? "",
        path: req.url ?? "/",
        headers: req.headersDistinct,
        body: Buffer.concat(chunks),
      }).then(
        (response) => write(req, res, requestId, response, started),
        () => write(req, res, requestId, errorResponse(requestId, 500, "InternalFailure", "The emulator failed to answer"), started, true),
      )
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

  const address = await new Promise<AddressInfo>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(new ListenError(`cannot listen on ${host}:${options.port ?? 0}: ${error.code ?? ""} ${error.message}`.trim()))
    }
    server.once("error", onError)
    server.listen(options.port ?? 0, host, () => {
      server.off("error", onError)
      resolve(server.address() as AddressInfo)
    })
  })

  let closing: Promise<void> | undefined
  const close = () =>
    (closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    }))
  return { host, port: address.port, url: `http://${urlHost(host)}:${address.port}`, close }
}
