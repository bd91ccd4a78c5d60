/**
 * HTTP proxies for the Node transport: which proxy a URL goes through (the `proxy` option, else the
 * `HTTPS_PROXY` / `HTTP_PROXY` / `ALL_PROXY` / `NO_PROXY` variables as curl reads them), and the
 * agent that tunnels TLS through one with `CONNECT`. Written on `node:http`, `node:https`,
 * `node:net` and `node:tls` alone: a tunnel is a few dozen lines, not worth a dependency.
 *
 * Nothing here puts a proxy's URL in a message: it may hold credentials. Messages name the variable
 * and the proxy's host and port only.
 *
 * @internal
 */
import type * as Http from "node:http"
import type * as Https from "node:https"
import type * as Stream from "node:stream"
import type * as Tls from "node:tls"
import { type NodeNetworking, nodeNetworking } from "./nodeNetworking.js"

export interface Proxy {
  readonly secure: boolean
  readonly hostname: string
  readonly port: number
  /** `host:port`, for messages and agent keys. */
  readonly display: string
  /** `Proxy-Authorization` from the URL's user and password, if any. */
  readonly authorization: string | undefined
}

/** Where proxy settings come from: the `proxy` option, else the environment. */
export interface ProxySettings {
  readonly proxy?: string | false | undefined
  readonly env: Readonly<Record<string, string | undefined>>
}

/** The first of `names` set to something other than the empty string (lower case first, as curl reads them). */
const variable = (env: ProxySettings["env"], names: ReadonlyArray<string>): { name: string; value: string } | undefined => {
  for (const name of names) {
    const value = env[name]?.trim()
    if (value !== undefined && value !== "") return { name, value }
  }
  return undefined
}

/** A proxy URL (`http://user:pass@host:port`, or `host:port` for `http://host:port`), or why not. */
export const parseProxy = (value: string, source: string): Proxy | string => {
  let url: URL
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`)
  } catch {
    return `${source} is not a valid proxy URL`
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return `${source}: proxies of protocol ${url.protocol} are not supported (http: and https: are)`
  }
  const secure = url.protocol === "https:"
  const hostname = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname
  const port = url.port === "" ? (secure ? 443 : 80) : Number(url.port)
  let authorization: string | undefined
  if (url.username !== "" || url.password !== "") {
    const user = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`
    authorization = `Basic ${Buffer.from(user, "utf8").toString("base64")}`
  }
  return { secure, hostname, port, display: `${url.hostname}:${port}`, authorization }
}

/**
 * `NO_PROXY` as curl reads it: a comma- (or space-) separated list; `*` alone matches every host;
 * a name matches itself and its subdomains (`example.com` and `.example.com` both match
 * `example.com` and `api.example.com`; a leading `*.` is read as `.`); an IP address matches
 * itself; a CIDR block (`10.0.0.0/8`, `fd00::/8`) matches the addresses in it. An entry may end in
 * `:port` (`[::1]:8080` for IPv6) to match that port only. Case does not matter.
 */
export const noProxyMatcher = (value: string | undefined): ((hostname: string, port: number) => boolean) => {
  const entries = (value ?? "")
    .split(/[\s,]+/)
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e !== "")
  if (entries.length === 0) return () => false
  if (entries.includes("*")) return () => true
  const net = nodeNetworking().net
  const blocks = new net.BlockList()
  let anyBlock = false
  const names: Array<{ readonly name: string; readonly port: number | undefined }> = []
  for (const entry of entries) {
    let host = entry
    let port: number | undefined
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry)
    if (bracketed !== null) {
      host = bracketed[1]!
      port = bracketed[2] === undefined ? undefined : Number(bracketed[2])
    } else if (!net.isIPv6(entry.split("/")[0]!)) {
      const withPort = /^(.*):(\d+)$/.exec(entry)
      if (withPort !== null) {
        host = withPort[1]!
        port = Number(withPort[2])
      }
    }
    const slash = host.indexOf("/")
    if (slash >= 0) {
      const address = host.slice(0, slash)
      const bits = Number(host.slice(slash + 1))
      const type = net.isIPv4(address) ? "ipv4" : net.isIPv6(address) ? "ipv6" : undefined
      if (type !== undefined && Number.isInteger(bits)) {
        try {
          blocks.addSubnet(address, bits, type)
          anyBlock = true
        } catch {
          // A prefix out of range: the entry matches nothing, as curl ignores it.
        }
      }
      continue
    }
    names.push({ name: normalizeHost(host.replace(/^\*?\./, "")), port })
  }
  return (hostname, port) => {
    const host = normalizeHost(hostname)
    const ip = net.isIPv4(host) ? "ipv4" : net.isIPv6(host) ? "ipv6" : undefined
    if (ip !== undefined && anyBlock && blocks.check(host, ip)) return true
    for (const entry of names) {
      if (entry.port !== undefined && entry.port !== port) continue
      if (host === entry.name || (ip === undefined && host.endsWith(`.${entry.name}`))) return true
    }
    return false
  }
}

/** Lower case, no trailing dot, no brackets, and an IPv6 address in its canonical form. */
const normalizeHost = (host: string): string => {
  let h = host.toLowerCase()
  if (h.startsWith("[") && h.endsWith("]")) h = h.slice(1, -1)
  if (h.endsWith(".")) h = h.slice(0, -1)
  if (nodeNetworking().net.isIPv6(h)) {
    try {
      h = new URL(`http://[${h}]`).hostname.slice(1, -1)
    } catch {
      // Not canonicalizable: compared as written.
    }
  }
  return h
}

/**
 * The proxy requests to `url` go through: `undefined` for none, a string saying why a configured
 * proxy cannot be used. Secure URLs read `https_proxy`, `HTTPS_PROXY`; plain ones `http_proxy`,
 * `HTTP_PROXY`; both fall back to `all_proxy`, `ALL_PROXY`; `no_proxy`, `NO_PROXY` exempt hosts.
 * The `proxy` option replaces the proxy variables (`false`: no proxy at all); `NO_PROXY` still applies.
 */
export const proxyFor = (settings: ProxySettings): ((url: URL) => Proxy | string | undefined) => {
  const { env } = settings
  const exempt = noProxyMatcher(variable(env, ["no_proxy", "NO_PROXY"])?.value)
  const pick = (secure: boolean) => {
    if (settings.proxy === false) return undefined
    if (settings.proxy !== undefined) return { name: "the proxy option", value: settings.proxy }
    return variable(
      env,
      secure ? ["https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"] : ["http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"],
    )
  }
  const secureProxy = pick(true)
  const plainProxy = pick(false)
  return (url) => {
    const secure = url.protocol === "https:"
    const configured = secure ? secureProxy : plainProxy
    if (configured === undefined) return undefined
    const port = url.port === "" ? (secure ? 443 : 80) : Number(url.port)
    if (exempt(url.hostname, port)) return undefined
    return parseProxy(configured.value, configured.name)
  }
}

// How long a proxy may take to answer a `CONNECT` before the tunnel is given up. The attempt's own
// timeout ends the request sooner; this bounds the connection the tunnel would otherwise leave open.
const CONNECT_TIMEOUT_MILLIS = 60_000

/** The TLS options that also apply to a TLS connection to the proxy itself (its CA, whether to verify). */
const proxyTlsOptions = (options: Https.AgentOptions): Tls.ConnectionOptions => {
  const out: Tls.ConnectionOptions = {}
  if (options.ca !== undefined) out.ca = options.ca
  if (options.rejectUnauthorized !== undefined) out.rejectUnauthorized = options.rejectUnauthorized
  return out
}

/**
 * An `https.Agent` whose connections are TLS over a `CONNECT` tunnel through `proxy`: pooled and
 * kept alive per target as any agent's, with the agent's TLS options (`ca`, `cert`, `key`,
 * `rejectUnauthorized`, ...) applying to the target's TLS.
 */
export const makeTunnelAgent = (proxy: Proxy, options: Https.AgentOptions): Https.Agent => new (tunnelAgentClass())(proxy, options)

let TunnelAgent: ReturnType<typeof defineTunnelAgent> | undefined
const tunnelAgentClass = () => (TunnelAgent ??= defineTunnelAgent(nodeNetworking()))

// The class extends `https.Agent`, which is loaded with the first transport (see `nodeNetworking.ts`).
const defineTunnelAgent = ({ http, https, net, tls }: NodeNetworking) =>
  class TunnelAgent extends https.Agent {
    private readonly pending = new Set<Http.ClientRequest>()

    constructor(
      private readonly proxy: Proxy,
      options: Https.AgentOptions,
    ) {
      super(options)
    }

    override createConnection(
      options: Https.RequestOptions,
      callback?: (err: Error | null, stream: Stream.Duplex) => void,
    ): Stream.Duplex | null | undefined {
      const host = String(options.host ?? options.hostname ?? "")
      const port = Number(options.port ?? 443)
      const authority = `${net.isIPv6(host) ? `[${host}]` : host}:${port}`
      const proxy = this.proxy
      let done = false
      const finish = (error: Error | null, socket?: Stream.Duplex) => {
        if (done) return
        done = true
        this.pending.delete(connect)
        if (error !== null) callback?.(error, undefined as never)
        else callback?.(null, socket!)
      }
      const headers: Record<string, string> = { host: authority }
      if (proxy.authorization !== undefined) headers["proxy-authorization"] = proxy.authorization
      const connect = (proxy.secure ? https : http).request({
        hostname: proxy.hostname,
        port: proxy.port,
        method: "CONNECT",
        path: authority,
        headers,
        agent: false,
        ...(proxy.secure ? { ...proxyTlsOptions(this.options), servername: net.isIP(proxy.hostname) ? undefined : proxy.hostname } : {}),
      })
      this.pending.add(connect)
      connect.setTimeout(CONNECT_TIMEOUT_MILLIS, () =>
        connect.destroy(new Error(`proxy ${proxy.display} did not answer the CONNECT to ${authority} within ${CONNECT_TIMEOUT_MILLIS} ms`)),
      )
      connect.once("connect", (response, socket, head) => {
        connect.setTimeout(0)
        if (response.statusCode !== 200) {
          socket.destroy()
          return finish(new Error(`proxy ${proxy.display} refused the tunnel to ${authority}: HTTP ${response.statusCode}`))
        }
        if (head.length > 0) socket.unshift(head)
        // `options` carry this agent's TLS options (merged in by `Agent#createSocket`) and the
        // servername node derived from the target's Host header.
        const secured = tls.connect({ ...(options as Tls.ConnectionOptions), socket })
        finish(null, secured)
      })
      connect.once("error", (error) => finish(new Error(`proxy ${proxy.display}: ${error.message}`)))
      connect.end()
      return undefined
    }

    override destroy(): void {
      for (const connect of this.pending) connect.destroy()
      this.pending.clear()
      super.destroy()
    }
  }
