/**
 * Networks between the client and AWS (issue #13): the Node transport takes the caller's
 * `https.Agent` (a private CA, a client certificate, an agent that proxies by itself), and goes
 * through an HTTP proxy when the `proxy` option or `HTTPS_PROXY` / `HTTP_PROXY` / `ALL_PROXY` say so
 * (lower case too), except for hosts `NO_PROXY` exempts, as curl reads them.
 *
 * Everything runs on 127.0.0.1: a CONNECT proxy written here (it also forwards absolute-form
 * requests, as proxies do for plain http), an http server, and an https server with a self-signed
 * certificate made by `openssl` when the test starts (the https tests are skipped, with the reason
 * printed, where `openssl` is absent). The rules alone (`NO_PROXY`, which proxy a URL goes through)
 * are the core's, and tested there: `packages/core/test/proxy.test.ts`.
 */
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Http from "node:http"
import * as Https from "node:https"
import * as Net from "node:net"
import * as Os from "node:os"
import * as Path from "node:path"
import * as Util from "node:util"
import { describe, expect, it } from "@effect/vitest"
import { Cause, Effect, Exit, Layer, type Scope } from "effect"
import { CodePipeline } from "../src/index.js"
import type { Options } from "../src/services/CodePipeline.js"
import { jsonReply, startServer, testCredentials } from "./support/server.js"

// -----------------------------------------------------------------------------------------------
// A local proxy, an https server, the environment
// -----------------------------------------------------------------------------------------------

interface LocalProxy {
  readonly url: string
  readonly port: number
  /** `CONNECT` requests: the authority asked for and the `Proxy-Authorization` sent. */
  readonly connects: Array<{ readonly authority: string; readonly authorization: string | undefined }>
  /** Absolute-form requests forwarded. */
  readonly forwarded: Array<{ readonly url: string; readonly authorization: string | undefined }>
}

/**
 * A CONNECT and forwarding proxy on 127.0.0.1; `authorization`, when given, is required (407
 * otherwise); `tls`: the proxy itself speaks TLS (an `https://` proxy), with the self-signed certificate.
 */
const startProxy = (authorization?: string, tls = false): Effect.Effect<LocalProxy, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.async<{ proxy: LocalProxy; server: Http.Server; sockets: Set<Net.Socket> }>((resume) => {
      const connects: LocalProxy["connects"] = []
      const forwarded: LocalProxy["forwarded"] = []
      const sockets = new Set<Net.Socket>()
      const track = (s: Net.Socket) => {
        sockets.add(s)
        s.on("close", () => sockets.delete(s))
      }
      const handler = (req: Http.IncomingMessage, res: Http.ServerResponse) => {
        const auth = req.headers["proxy-authorization"]
        forwarded.push({ url: req.url ?? "", authorization: auth })
        if (authorization !== undefined && auth !== authorization) {
          res.writeHead(407, { "proxy-authenticate": "Basic" })
          return res.end()
        }
        const url = new URL(req.url ?? "")
        const { "proxy-authorization": _, ...headers } = req.headers
        const upstream = Http.request(
          { hostname: url.hostname, port: url.port, path: url.pathname + url.search, method: req.method, headers },
          (up) => {
            res.writeHead(up.statusCode ?? 502, up.headers)
            up.pipe(res)
          },
        )
        upstream.on("error", () => res.destroy())
        req.pipe(upstream)
      }
      const server: Http.Server = tls
        ? Https.createServer({ key: certificate!.key, cert: certificate!.cert }, handler)
        : Http.createServer(handler)
      server.on(tls ? "secureConnection" : "connection", track)
      server.on("connect", (req: Http.IncomingMessage, socket: Net.Socket, head: Buffer) => {
        const auth = req.headers["proxy-authorization"]
        connects.push({ authority: req.url ?? "", authorization: auth })
        if (authorization !== undefined && auth !== authorization) {
          return socket.end("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\n\r\n")
        }
        const at = (req.url ?? "").lastIndexOf(":")
        const host = (req.url ?? "").slice(0, at).replace(/^\[|\]$/g, "")
        const upstream = Net.connect(Number((req.url ?? "").slice(at + 1)), host, () => {
          socket.write("HTTP/1.1 200 Connection Established\r\n\r\n")
          if (head.length > 0) upstream.write(head)
          upstream.pipe(socket)
          socket.pipe(upstream)
        })
        track(upstream)
        upstream.on("error", () => socket.destroy())
        socket.on("error", () => upstream.destroy())
      })
      server.listen(0, "127.0.0.1", () => {
        const port = (server.address() as Net.AddressInfo).port
        resume(
          Effect.succeed({ server, sockets, proxy: { url: `${tls ? "https" : "http"}://127.0.0.1:${port}`, port, connects, forwarded } }),
        )
      })
    }),
    ({ server, sockets }) =>
      Effect.async<void>((resume) => {
        for (const s of sockets) s.destroy()
        server.close(() => resume(Effect.void))
      }),
  ).pipe(Effect.map(({ proxy }) => proxy))

/** A self-signed certificate for 127.0.0.1 and localhost, made with openssl; undefined where openssl is absent. */
const certificate = (() => {
  const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "ecp-proxy-"))
  const made = ChildProcess.spawnSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-days",
      "1",
      "-subj",
      "/CN=localhost",
      "-addext",
      "subjectAltName=IP:127.0.0.1,DNS:localhost",
      "-keyout",
      Path.join(dir, "key.pem"),
      "-out",
      Path.join(dir, "cert.pem"),
    ],
    { encoding: "utf8" },
  )
  try {
    if (made.error !== undefined || made.status !== 0) return undefined
    return { key: Fs.readFileSync(Path.join(dir, "key.pem"), "utf8"), cert: Fs.readFileSync(Path.join(dir, "cert.pem"), "utf8") }
  } finally {
    Fs.rmSync(dir, { recursive: true, force: true })
  }
})()
if (certificate === undefined) console.log("[hardening.client.proxy] openssl is not available: the https tests are skipped")

/** An https server on 127.0.0.1 with the self-signed certificate, answering every call with `body`. */
const startHttpsServer = (body: object) =>
  Effect.acquireRelease(
    Effect.async<{ server: Https.Server; url: string; requests: Array<Http.IncomingHttpHeaders> }>((resume) => {
      const requests: Array<Http.IncomingHttpHeaders> = []
      const server = Https.createServer({ key: certificate!.key, cert: certificate!.cert }, (req, res) => {
        req.resume()
        req.on("end", () => {
          requests.push(req.headers)
          res.writeHead(200, { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": "req-tls" })
          res.end(JSON.stringify(body))
        })
      })
      server.listen(0, "127.0.0.1", () =>
        resume(Effect.succeed({ server, url: `https://127.0.0.1:${(server.address() as Net.AddressInfo).port}`, requests })),
      )
    }),
    ({ server }) =>
      Effect.async<void>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      }),
  )

const PROXY_VARIABLES = ["https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY"]

/** Sets the proxy variables (and only those given) for the scope, restoring them after. */
const withEnv = (vars: Record<string, string>) =>
  Effect.acquireRelease(
    Effect.sync(() => {
      const saved = Object.fromEntries(PROXY_VARIABLES.map((k) => [k, process.env[k]]))
      for (const k of PROXY_VARIABLES) delete process.env[k]
      Object.assign(process.env, vars)
      return saved
    }),
    (saved) =>
      Effect.sync(() => {
        for (const [k, v] of Object.entries(saved)) {
          if (v === undefined) delete process.env[k]
          else process.env[k] = v
        }
      }),
  )

const getState = CodePipeline.getPipelineState({ name: "release" })
/** A plain-http endpoint answering every call with the release's state. */
const releaseServer = startServer(() => jsonReply({ pipelineName: "release" }))
const layerFor = (endpoint: string, options: Partial<Options> = {}) =>
  CodePipeline.layer({ region: "us-east-1", endpoint, credentials: testCredentials, retry: false, ...options }).pipe(Layer.orDie)

// -----------------------------------------------------------------------------------------------
// The caller's agent
// -----------------------------------------------------------------------------------------------

describe.skipIf(certificate === undefined)("the caller's https.Agent", () => {
  it.live("with the private CA in its ca, an endpoint with a certificate of that CA is reached", () =>
    Effect.gen(function* () {
      yield* withEnv({})
      const server = yield* startHttpsServer({ pipelineName: "release" })
      const agent = new Https.Agent({ ca: certificate!.cert, keepAlive: true })
      const out = yield* getState.pipe(Effect.provide(layerFor(server.url, { httpsAgent: agent })))
      expect(out.pipelineName).toBe("release")
      agent.destroy()
    }).pipe(Effect.scoped),
  )

  it.live("without it, the same endpoint fails with a TransportError (the certificate is not trusted)", () =>
    Effect.gen(function* () {
      yield* withEnv({})
      const server = yield* startHttpsServer({ pipelineName: "release" })
      const error = yield* getState.pipe(Effect.provide(layerFor(server.url)), Effect.flip)
      expect(error._tag).toBe("TransportError")
      expect(error.message).toMatch(/certificate/i)
    }).pipe(Effect.scoped),
  )

  it.live("the caller's agent is left open when the layer closes", () =>
    Effect.gen(function* () {
      yield* withEnv({})
      const server = yield* startHttpsServer({ pipelineName: "release" })
      const agent = new Https.Agent({ ca: certificate!.cert, keepAlive: true })
      yield* getState.pipe(Effect.provide(layerFor(server.url, { httpsAgent: agent })))
      // The layer is closed; the agent still works for another layer.
      const again = yield* getState.pipe(Effect.provide(layerFor(server.url, { httpsAgent: agent })))
      expect(again.pipelineName).toBe("release")
      agent.destroy()
    }).pipe(Effect.scoped),
  )
})

// -----------------------------------------------------------------------------------------------
// HTTPS_PROXY: a CONNECT tunnel
// -----------------------------------------------------------------------------------------------

describe.skipIf(certificate === undefined)("HTTPS_PROXY: https endpoints through a CONNECT tunnel", () => {
  it.live("a call goes through the proxy named by HTTPS_PROXY, with TLS to the endpoint checked against the agent's ca", () =>
    Effect.gen(function* () {
      const proxy = yield* startProxy()
      yield* withEnv({ HTTPS_PROXY: proxy.url })
      const server = yield* startHttpsServer({ pipelineName: "release" })
      const agent = new Https.Agent({ ca: certificate!.cert })
      const out = yield* getState.pipe(Effect.provide(layerFor(server.url, { httpsAgent: agent })))
      expect(out.pipelineName).toBe("release")
      expect(proxy.connects.map((c) => c.authority)).toEqual([new URL(server.url).host])
      expect(server.requests).toHaveLength(1)
      // The Host the endpoint sees (and that was signed) is the endpoint's, not the proxy's.
      expect(server.requests[0]!["host"]).toBe(new URL(server.url).host)
    }).pipe(Effect.scoped),
  )

  it.live("an https:// proxy: TLS to the proxy (checked against the agent's ca), then TLS to the endpoint inside the tunnel", () =>
    Effect.gen(function* () {
      const proxy = yield* startProxy(undefined, true)
      yield* withEnv({ HTTPS_PROXY: proxy.url })
      const server = yield* startHttpsServer({ pipelineName: "release" })
      const out = yield* getState.pipe(Effect.provide(layerFor(server.url, { httpsAgent: new Https.Agent({ ca: certificate!.cert }) })))
      expect(out.pipelineName).toBe("release")
      expect(proxy.connects).toHaveLength(1)
    }).pipe(Effect.scoped),
  )

  it.live("the lower-case https_proxy is honoured too, and wins over HTTPS_PROXY, as with curl", () =>
    Effect.gen(function* () {
      const used = yield* startProxy()
      const ignored = yield* startProxy()
      yield* withEnv({ https_proxy: used.url, HTTPS_PROXY: ignored.url })
      const server = yield* startHttpsServer({ pipelineName: "release" })
      yield* getState.pipe(Effect.provide(layerFor(server.url, { httpsAgent: new Https.Agent({ ca: certificate!.cert }) })))
      expect(used.connects).toHaveLength(1)
      expect(ignored.connects).toHaveLength(0)
    }).pipe(Effect.scoped),
  )

  it.live("the tunnel's connections are pooled: two calls, one CONNECT", () =>
    Effect.gen(function* () {
      const proxy = yield* startProxy()
      yield* withEnv({ HTTPS_PROXY: proxy.url })
      const server = yield* startHttpsServer({ pipelineName: "release" })
      const layer = layerFor(server.url, { httpsAgent: new Https.Agent({ ca: certificate!.cert, keepAlive: true }) })
      yield* Effect.zip(getState, getState).pipe(Effect.provide(layer))
      expect(server.requests).toHaveLength(2)
      expect(proxy.connects).toHaveLength(1)
    }).pipe(Effect.scoped),
  )

  it.live("the untrusted certificate is refused through the tunnel too", () =>
    Effect.gen(function* () {
      const proxy = yield* startProxy()
      yield* withEnv({ HTTPS_PROXY: proxy.url })
      const server = yield* startHttpsServer({ pipelineName: "release" })
      const error = yield* getState.pipe(Effect.provide(layerFor(server.url)), Effect.flip)
      expect(error._tag).toBe("TransportError")
      expect(proxy.connects).toHaveLength(1)
    }).pipe(Effect.scoped),
  )

  it.live("credentials in the proxy URL are sent as Proxy-Authorization, and never appear in an error", () =>
    Effect.gen(function* () {
      const password = "pr0xy-p@ss:word"
      const expected = `Basic ${Buffer.from(`alice:${password}`).toString("base64")}`
      const proxy = yield* startProxy(expected)
      const server = yield* startHttpsServer({ pipelineName: "release" })
      const agent = new Https.Agent({ ca: certificate!.cert })
      yield* withEnv({ HTTPS_PROXY: `http://alice:${encodeURIComponent(password)}@127.0.0.1:${proxy.port}` })
      const out = yield* getState.pipe(Effect.provide(layerFor(server.url, { httpsAgent: agent })))
      expect(out.pipelineName).toBe("release")
      expect(proxy.connects[0]!.authorization).toBe(expected)

      // A wrong password: the proxy answers 407; the error names the proxy by host and port only.
      yield* withEnv({ HTTPS_PROXY: `http://alice:wrong-${encodeURIComponent(password)}@127.0.0.1:${proxy.port}` })
      const exit = yield* getState.pipe(Effect.provide(layerFor(server.url, { httpsAgent: agent })), Effect.exit)
      expect(Exit.isFailure(exit)).toBe(true)
      const error = Exit.isFailure(exit) ? (Cause.failureOption(exit.cause) as any).value : undefined
      expect(error._tag).toBe("TransportError")
      expect(error.message).toContain(`proxy 127.0.0.1:${proxy.port} refused the tunnel`)
      expect(error.message).toContain("407")
      const texts = [
        error.message,
        String(error.stack),
        Util.inspect(error, { depth: 10 }),
        Exit.isFailure(exit) ? Cause.pretty(exit.cause) : "",
      ]
      for (const secret of [password, encodeURIComponent(password), "alice:", Buffer.from(`alice:wrong-${password}`).toString("base64")]) {
        for (const text of texts) expect(text).not.toContain(secret)
      }
    }).pipe(Effect.scoped),
  )

  it.live("the proxy option replaces the variables", () =>
    Effect.gen(function* () {
      const chosen = yield* startProxy()
      const fromEnv = yield* startProxy()
      yield* withEnv({ HTTPS_PROXY: fromEnv.url })
      const server = yield* startHttpsServer({ pipelineName: "release" })
      yield* getState.pipe(
        Effect.provide(layerFor(server.url, { proxy: chosen.url, httpsAgent: new Https.Agent({ ca: certificate!.cert }) })),
      )
      expect(chosen.connects).toHaveLength(1)
      expect(fromEnv.connects).toHaveLength(0)
    }).pipe(Effect.scoped),
  )

  it.live("proxy: false ignores the variables", () =>
    Effect.gen(function* () {
      const proxy = yield* startProxy()
      yield* withEnv({ HTTPS_PROXY: proxy.url })
      const server = yield* startHttpsServer({ pipelineName: "release" })
      yield* getState.pipe(Effect.provide(layerFor(server.url, { proxy: false, httpsAgent: new Https.Agent({ ca: certificate!.cert }) })))
      expect(proxy.connects).toHaveLength(0)
      expect(server.requests).toHaveLength(1)
    }).pipe(Effect.scoped),
  )
})

// -----------------------------------------------------------------------------------------------
// HTTP_PROXY: absolute-form requests to the proxy
// -----------------------------------------------------------------------------------------------

describe("HTTP_PROXY: plain-http endpoints through the proxy", () => {
  it.live("a call to an http endpoint goes to the proxy in absolute form, and the endpoint sees its own Host", () =>
    Effect.gen(function* () {
      const proxy = yield* startProxy()
      const server = yield* releaseServer
      yield* withEnv({ HTTP_PROXY: proxy.url })
      const out = yield* getState.pipe(Effect.provide(layerFor(server.url)))
      expect(out.pipelineName).toBe("release")
      expect(proxy.forwarded.map((f) => f.url)).toEqual([`${server.url}/`])
      expect(server.requests[0]!.headers["host"]).toBe(new URL(server.url).host)
    }).pipe(Effect.scoped),
  )

  it.live("http_proxy in lower case, with credentials: Proxy-Authorization is sent to the proxy and not on to the endpoint", () =>
    Effect.gen(function* () {
      const expected = `Basic ${Buffer.from("bob:s3cret").toString("base64")}`
      const proxy = yield* startProxy(expected)
      const server = yield* releaseServer
      yield* withEnv({ http_proxy: `bob:s3cret@127.0.0.1:${proxy.port}` })
      yield* getState.pipe(Effect.provide(layerFor(server.url)))
      expect(proxy.forwarded[0]!.authorization).toBe(expected)
      expect(server.requests[0]!.headers["proxy-authorization"]).toBeUndefined()
    }).pipe(Effect.scoped),
  )

  it.live("HTTPS_PROXY alone does not apply to an http endpoint; ALL_PROXY does", () =>
    Effect.gen(function* () {
      const proxy = yield* startProxy()
      const server = yield* releaseServer
      yield* withEnv({ HTTPS_PROXY: proxy.url })
      yield* getState.pipe(Effect.provide(layerFor(server.url)))
      expect(proxy.forwarded).toHaveLength(0)
      yield* withEnv({ ALL_PROXY: proxy.url })
      yield* getState.pipe(Effect.provide(layerFor(server.url)))
      expect(proxy.forwarded).toHaveLength(1)
    }).pipe(Effect.scoped),
  )

  it.live("NO_PROXY exempts the endpoint's host: the call goes direct", () =>
    Effect.gen(function* () {
      const proxy = yield* startProxy()
      const server = yield* releaseServer
      const port = new URL(server.url).port
      for (const noProxy of ["127.0.0.1", "*", `127.0.0.1:${port}`, "127.0.0.0/8", "example.com, 127.0.0.1 ,localhost"]) {
        yield* withEnv({ HTTP_PROXY: proxy.url, NO_PROXY: noProxy })
        yield* getState.pipe(Effect.provide(layerFor(server.url)))
      }
      // A NO_PROXY entry for another port does not exempt this one.
      yield* withEnv({ HTTP_PROXY: proxy.url, no_proxy: "127.0.0.1:1" })
      yield* getState.pipe(Effect.provide(layerFor(server.url)))
      expect(proxy.forwarded).toHaveLength(1)
      expect(server.requests).toHaveLength(6)
    }).pipe(Effect.scoped),
  )
})

describe("proxies that cannot be used", () => {
  it.live("a proxy that is not listening: a TransportError Network naming the proxy's host and port", () =>
    Effect.gen(function* () {
      const server = yield* releaseServer
      yield* withEnv({ HTTP_PROXY: "http://user:hunter22@127.0.0.1:1", HTTPS_PROXY: "http://user:hunter22@127.0.0.1:1" })
      const error = yield* getState.pipe(Effect.provide(layerFor(server.url)), Effect.flip)
      expect(error).toMatchObject({ _tag: "TransportError", reason: "Network" })
      expect(error.message).toContain("ECONNREFUSED")
      expect(error.message).not.toContain("hunter22")
      const tunnelled = yield* getState.pipe(Effect.provide(layerFor(server.url.replace("http:", "https:"))), Effect.flip)
      expect(tunnelled).toMatchObject({ _tag: "TransportError", reason: "Network" })
      expect(tunnelled.message).toContain("proxy 127.0.0.1:1")
      expect(tunnelled.message).not.toContain("hunter22")
      expect(server.requests).toHaveLength(0)
    }).pipe(Effect.scoped),
  )

  it.live("a proxy of an unsupported protocol or an unparsable URL: a TransportError saying so, without the URL", () =>
    Effect.gen(function* () {
      const server = yield* releaseServer
      yield* withEnv({ HTTP_PROXY: "socks5://user:hunter22@127.0.0.1:1080" })
      const socks = yield* getState.pipe(Effect.provide(layerFor(server.url)), Effect.flip)
      expect(socks.message).toContain("HTTP_PROXY: proxies of protocol socks5: are not supported")
      expect(socks.message).not.toContain("hunter22")
      yield* withEnv({ HTTP_PROXY: "http://user:hunter22@[bad" })
      const bad = yield* getState.pipe(Effect.provide(layerFor(server.url)), Effect.flip)
      expect(bad.message).toContain("HTTP_PROXY is not a valid proxy URL")
      expect(bad.message).not.toContain("hunter22")
      expect(server.requests).toHaveLength(0)
    }).pipe(Effect.scoped),
  )
})
