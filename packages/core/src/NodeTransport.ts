/**
 * The Node transport: one `POST` and its complete response over `node:http` / `node:https`, with
 * one pooled keep-alive agent per scheme (or the caller's agents), through an HTTP proxy when the
 * `proxy` option or the proxy variables say so (`HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`,
 * `NO_PROXY`, as curl reads them; TLS targets through a `CONNECT` tunnel), with a cap on the
 * response body and a timer per exchange. Node only.
 *
 * This is the per-call hot path of a client, so it is written against node's raw event API: no
 * `AbortController` (a caller with its own cancellation uses {@link NodeTransport.start}, which
 * returns a cancel function), no URL parsing per call (what a URL resolves to is cached per
 * endpoint), and headers handed to node in its flat-array form.
 *
 * ```ts
 * import { makeNodeTransport } from "@effect-codepipeline/core/NodeTransport"
 *
 * const transport = makeNodeTransport({ maxSockets: 50 })
 * const response = await transport.send({ url: new URL("http://127.0.0.1:4599/"), headers: {}, body: "{}" }, { timeoutMillis: 5000 })
 * transport.close()
 * ```
 *
 * @since 0.1.0
 */
import type * as Http from "node:http"
import type * as Https from "node:https"
import { nodeNetworking } from "./internal/nodeNetworking.js"
// biome-ignore lint/suspicious/noShadowRestrictedNames: a type only; the global Proxy is not used here
import { makeTunnelAgent, type Proxy, proxyFor } from "./internal/proxy.js"
import type { HttpRequest, HttpResponse } from "./Protocol.js"

/**
 * Options of {@link makeNodeTransport}.
 *
 * @since 0.1.0
 */
export interface NodeTransportOptions {
  /** Most sockets open at once per host (node's `Agent` `maxSockets`). Default: unlimited. */
  readonly maxSockets?: number | undefined
  /** TCP keep-alive probe delay for pooled sockets (node's `Agent` `keepAliveMsecs`). Default: 1000. */
  readonly keepAliveMsecs?: number | undefined
  /** A response body larger than this fails with a `Network` failure. Default: 64 MiB. */
  readonly maxResponseBytes?: number | undefined
  /**
   * The caller's agents, used as they are for connections without a proxy, and never destroyed by
   * the transport. Through a proxy, the transport's tunnel uses the `https.Agent`'s options (its
   * TLS options: `ca`, `cert`, `key`, `rejectUnauthorized`, ...).
   */
  readonly httpsAgent?: Https.Agent | undefined
  readonly httpAgent?: Http.Agent | undefined
  /** A proxy URL for every request, or `false` for none. Default: the proxy variables of `env`. */
  readonly proxy?: string | false | undefined
  /** Where the proxy variables are read, once, when the transport is made. Default: `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined
}

/**
 * Why no complete response arrived: the network (refused, reset, a proxy that cannot be used, a
 * body over the limit, the transport closed) or the exchange's timer. The message never quotes a
 * request header's value nor a proxy's credentials.
 *
 * @since 0.1.0
 */
export class TransportFailure extends Error {
  override readonly name = "TransportFailure"
  constructor(
    readonly reason: "Network" | "Timeout",
    message: string,
  ) {
    super(message)
  }
}

/**
 * Receives the outcome of an exchange: the response, or a {@link TransportFailure} (tell them apart
 * with `instanceof`).
 *
 * @since 0.1.0
 */
export type Done = (outcome: HttpResponse | TransportFailure) => void

/**
 * @since 0.1.0
 */
export interface SendOptions {
  /**
   * How long the exchange may take, in milliseconds, from sending the request to the last byte of
   * the response; a `Timeout` failure after that. Default: no limit.
   */
  readonly timeoutMillis?: number | undefined
  /** Aborts the exchange: the promise rejects with the signal's reason. */
  readonly signal?: AbortSignal | undefined
}

/**
 * A pooled `node:http`/`node:https` transport.
 *
 * @since 0.1.0
 */
export interface NodeTransport {
  /**
   * Sends `request` (a `POST`; `host` and `content-length` are added when absent). Resolves with the
   * response, whatever its status; rejects with a {@link TransportFailure} when no complete
   * response arrives.
   */
  readonly send: (request: HttpRequest, options?: SendOptions) => Promise<HttpResponse>
  /**
   * {@link send} for callers with their own cancellation: starts the exchange and calls `done` once
   * with its outcome, the response or a {@link TransportFailure} (at once, for a request that cannot be sent), unless the returned function is
   * called first, which aborts the exchange and destroys its socket.
   */
  readonly start: (request: HttpRequest, timeoutMillis: number | undefined, done: Done) => () => void
  /**
   * Destroys the agents the transport made, with every pooled socket; a send after that fails. The
   * caller's agents are left open.
   */
  readonly close: () => void
}

const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024

// Longer timers overflow node's 32-bit delay and fire at once; such a timeout never fires.
const MAX_TIMER_MILLIS = 2 ** 31 - 1

/** What a URL resolves to, computed once per endpoint instead of once per call. */
interface Target {
  readonly secure: boolean
  readonly hostname: string
  readonly port: number
  readonly path: string
  /** The `Host` header node would derive; needed because flat-array headers skip that step. */
  readonly host: string
  /** The proxy the request goes through, if any. */
  readonly proxy: Proxy | undefined
}

// A client sends to a handful of URLs; the bound only guards against a caller that builds a fresh
// URL per call from unbounded input.
const TARGET_CACHE_LIMIT = 256

const toTarget = (url: URL, proxyOf: (url: URL) => Proxy | string | undefined): Target | string => {
  const secure = url.protocol === "https:"
  if (!secure && url.protocol !== "http:") return `unsupported URL protocol ${url.protocol}`
  const proxy = proxyOf(url)
  if (typeof proxy === "string") return proxy
  const hostname = url.hostname
  return {
    secure,
    // node wants an IPv6 literal without the brackets the URL keeps.
    hostname: hostname.charCodeAt(0) === 91 /* [ */ ? hostname.slice(1, -1) : hostname,
    port: url.port === "" ? (secure ? 443 : 80) : Number(url.port),
    path: url.pathname + url.search,
    host: url.host,
    proxy,
  }
}

/**
 * Describes a node error by its code and message only. Node's socket errors never quote request
 * headers, but header validation errors can (`ERR_HTTP_INVALID_HEADER_VALUE`), and the headers
 * hold the signature and session token, so any header value that shows up is masked.
 */
const describe = (what: string, error: unknown, headers: Readonly<Record<string, string>>, proxy?: Proxy): string => {
  const err = error as { code?: unknown; message?: unknown } | null | undefined
  const code = typeof err?.code === "string" ? err.code : undefined
  let detail = typeof err?.message === "string" ? err.message : String(error)
  if (code !== undefined && !detail.includes(code)) detail = `${code}: ${detail}`
  for (const name in headers) {
    const value = headers[name]!
    // Short values (`1`, `0`) would mangle the message and are not secrets.
    if (value.length >= 8 && detail.includes(value)) detail = detail.split(value).join(`<${name}>`)
  }
  const auth = proxy?.authorization
  if (auth !== undefined && detail.includes(auth)) detail = detail.split(auth).join("<proxy-authorization>")
  return `${what}: ${detail}`
}

/** The `set-cookie` array is the one header node does not join; the response model is flat. */
const flattenHeaders = (headers: Http.IncomingHttpHeaders): HttpResponse["headers"] => {
  const setCookie = headers["set-cookie"]
  if (setCookie !== undefined) (headers as Record<string, unknown>)["set-cookie"] = setCookie.join(", ")
  return headers as HttpResponse["headers"]
}

const ignore = () => {}

/**
 * A pooled `node:http`/`node:https` transport. Agents are made on first use per scheme (and per
 * proxy) and destroyed, with every pooled socket, by {@link NodeTransport.close}.
 *
 * @since 0.1.0
 */
export const makeNodeTransport = (options?: NodeTransportOptions): NodeTransport => {
  const { http: nodeHttp, https: nodeHttps } = nodeNetworking()
  const agentOptions: Http.AgentOptions = { keepAlive: true }
  if (options?.maxSockets !== undefined) agentOptions.maxSockets = options.maxSockets
  if (options?.keepAliveMsecs !== undefined) agentOptions.keepAliveMsecs = options.keepAliveMsecs
  const maxResponseBytes = options?.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES

  let httpsAgent: Https.Agent | undefined = options?.httpsAgent
  let httpAgent: Http.Agent | undefined = options?.httpAgent
  // Agents to proxies, by proxy and by kind: a `CONNECT` tunnel for https targets, a plain agent to
  // the proxy for http targets (sent in absolute form).
  const proxyAgents = new Map<string, Http.Agent>()
  // Only the agents the transport made are destroyed when it closes.
  const owned: Array<Http.Agent> = []
  let closed = false
  const proxyOf = proxyFor({ proxy: options?.proxy, env: options?.env ?? process.env })
  // Through a proxy, the caller's https agent lends its options (TLS above all) to the tunnel.
  const tunnelOptions: Https.AgentOptions = { ...agentOptions, ...options?.httpsAgent?.options }

  const own = <A extends Http.Agent>(agent: A): A => {
    owned.push(agent)
    return agent
  }
  const agentFor = (target: Target): Http.Agent => {
    const proxy = target.proxy
    if (proxy === undefined) {
      return target.secure ? (httpsAgent ??= own(new nodeHttps.Agent(agentOptions))) : (httpAgent ??= own(new nodeHttp.Agent(agentOptions)))
    }
    const key = `${target.secure ? "tunnel" : "forward"} ${proxy.secure ? "https" : "http"}://${proxy.display} ${proxy.authorization ?? ""}`
    let agent = proxyAgents.get(key)
    if (agent === undefined) {
      agent = own(
        target.secure
          ? makeTunnelAgent(proxy, tunnelOptions)
          : proxy.secure
            ? new nodeHttps.Agent({ ...agentOptions, ca: tunnelOptions.ca, rejectUnauthorized: tunnelOptions.rejectUnauthorized })
            : new nodeHttp.Agent(agentOptions),
      )
      proxyAgents.set(key, agent)
    }
    return agent
  }

  const targets = new Map<string, Target | string>()
  let lastHref = ""
  let lastTarget: Target | string = ""
  const resolveTarget = (url: URL): Target | string => {
    // Keyed by `href` rather than by URL identity because URLs are mutable. Node keeps `href` as a
    // stored string, so an unchanged endpoint costs one getter and a pointer-equal compare.
    const href = url.href
    if (href === lastHref) return lastTarget
    let target = targets.get(href)
    if (target === undefined) {
      if (targets.size >= TARGET_CACHE_LIMIT) targets.clear()
      target = toTarget(url, proxyOf)
      targets.set(href, target)
    }
    lastHref = href
    lastTarget = target
    return target
  }

  const start = (request: HttpRequest, timeoutMillis: number | undefined, done: Done): (() => void) => {
    const target = resolveTarget(request.url)
    if (typeof target === "string") {
      done(new TransportFailure("Network", target))
      return ignore
    }
    if (closed) {
      done(new TransportFailure("Network", "transport is closed"))
      return ignore
    }

    // Flat-array headers skip node's per-header `setHeader` bookkeeping (measurably cheaper), but
    // also its defaults, so `host` and `content-length` are added here when the caller has none.
    // Without a content-length node would fall back to chunked encoding.
    const headers = request.headers
    const raw: Array<string> = []
    let hasHost = false
    let hasLength = false
    for (const name in headers) {
      if (name === "host") hasHost = true
      else if (name === "content-length") hasLength = true
      raw.push(name, headers[name]!)
    }
    if (!hasHost) raw.push("host", target.host)
    if (!hasLength) raw.push("content-length", String(Buffer.byteLength(request.body)))
    // A plain-http target through a proxy: the request goes to the proxy, in absolute form.
    const forward = !target.secure && target.proxy !== undefined ? target.proxy : undefined
    if (forward?.authorization !== undefined) raw.push("proxy-authorization", forward.authorization)

    const agent = agentFor(target)
    // `req` is also reachable from the cancel function, which may outlive the exchange in the
    // caller's structures (an Effect fiber's): clearing it as soon as the exchange settles lets the
    // request's objects die young. Left in place, it cost ~10 µs of GC per call (measured:
    // promotion to old space, more mark-compacts).
    let req: Http.ClientRequest | undefined
    let settled = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const fail = (reason: "Network" | "Timeout", message: string) => {
      if (settled) return
      settled = true
      if (timer !== undefined) clearTimeout(timer)
      const pending = req
      req = undefined
      done(new TransportFailure(reason, message))
      // A failed exchange leaves the socket in an unknown state: never return it to the pool.
      pending?.destroy()
    }
    if (timeoutMillis !== undefined && timeoutMillis <= MAX_TIMER_MILLIS) {
      timer = setTimeout(() => fail("Timeout", `no complete response within ${timeoutMillis} ms`), Math.max(0, timeoutMillis))
    }
    try {
      req = (forward === undefined ? (target.secure ? nodeHttps : nodeHttp) : forward.secure ? nodeHttps : nodeHttp).request(
        {
          hostname: forward === undefined ? target.hostname : forward.hostname,
          port: forward === undefined ? target.port : forward.port,
          path: forward === undefined ? target.path : `http://${target.host}${target.path}`,
          method: "POST",
          headers: raw,
          agent,
          joinDuplicateHeaders: true,
        },
        (res) => {
          const declared = res.headers["content-length"]
          if (declared !== undefined && Number(declared) > maxResponseBytes) {
            return fail("Network", `response body exceeds ${maxResponseBytes} bytes`)
          }
          // A single-chunk body (the common case) is decoded straight from its buffer, which beats
          // both `setEncoding("utf8")` and collecting into an array for `Buffer.concat`.
          let first: Buffer | undefined
          let chunks: Array<Buffer> | undefined
          let size = 0
          res.on("data", (chunk: Buffer) => {
            size += chunk.length
            if (size > maxResponseBytes) return fail("Network", `response body exceeds ${maxResponseBytes} bytes`)
            if (first === undefined) first = chunk
            else if (chunks === undefined) chunks = [first, chunk]
            else chunks.push(chunk)
          })
          res.on("end", () => {
            if (settled) return
            settled = true
            if (timer !== undefined) clearTimeout(timer)
            req = undefined
            done({
              status: res.statusCode!,
              headers: flattenHeaders(res.headers),
              body: chunks !== undefined ? Buffer.concat(chunks, size).toString("utf8") : first !== undefined ? first.toString("utf8") : "",
            })
          })
          // 'close' without 'end' is how node reports a connection lost mid-body ('aborted' is
          // deprecated); `errored` says why when node knows.
          res.on("close", () => {
            if (settled) return
            const cause = res.errored
            fail(
              "Network",
              cause
                ? describe("connection lost while reading the response", cause, headers, target.proxy)
                : "connection closed before the response was complete",
            )
          })
        },
      )
    } catch (error) {
      // Synchronous failures are header or option validation, never the network.
      fail("Network", describe("invalid request", error, headers, target.proxy))
      return ignore
    }
    req.on("error", (error) => fail("Network", describe("request failed", error, headers, target.proxy)))
    req.end(request.body)
    return () => {
      if (settled) return
      settled = true
      if (timer !== undefined) clearTimeout(timer)
      const pending = req
      req = undefined
      // Destroying (not just aborting) guarantees the socket is not handed back to the pool.
      pending?.destroy()
    }
  }

  const send = (request: HttpRequest, sendOptions?: SendOptions): Promise<HttpResponse> =>
    new Promise<HttpResponse>((resolve, reject) => {
      const signal = sendOptions?.signal
      if (signal?.aborted) return reject(signal.reason)
      let settled = false
      let onAbort: (() => void) | undefined
      const cancel = start(request, sendOptions?.timeoutMillis, (outcome) => {
        settled = true
        if (onAbort !== undefined) signal!.removeEventListener("abort", onAbort)
        if (outcome instanceof TransportFailure) reject(outcome)
        else resolve(outcome)
      })
      if (signal !== undefined && !settled) {
        onAbort = () => {
          cancel()
          reject(signal.reason)
        }
        signal.addEventListener("abort", onAbort, { once: true })
      }
    })

  const close = () => {
    closed = true
    for (const agent of owned) agent.destroy()
    owned.length = 0
    proxyAgents.clear()
    targets.clear()
  }

  return { send, start, close }
}
