/**
 * Raw HTTP against a running emulator, without Effect: requests signed like a real client's (or
 * not, or tampered with after signing), a raw socket for clients that misbehave, and bounded
 * polling. Shared with the root's emulator suites.
 */
import * as Http from "node:http"
import * as Net from "node:net"
import { Hash } from "@smithy/hash-node"
import { SignatureV4 } from "@smithy/signature-v4"

/** What the helpers need of an emulator: where it is and what it accepts. */
export interface Target {
  readonly url: string
  readonly region: string
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string }
}

// -----------------------------------------------------------------------------------------------
// waiting

/** Retries `check` until it returns a value (not `undefined`) or `timeoutMs` passes. */
export const eventually = async <A>(what: string, check: () => Promise<A | undefined>, timeoutMs = 5000, intervalMs = 40): Promise<A> => {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  for (;;) {
    try {
      const value = await check()
      if (value !== undefined) return value
    } catch (error) {
      last = error
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last !== undefined ? `: ${String(last)}` : ""}`)
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
}

// -----------------------------------------------------------------------------------------------
// raw HTTP

export interface RawResponse {
  readonly status: number
  readonly headers: Http.IncomingHttpHeaders
  readonly body: string
  readonly json: any
}

export interface RawRequest {
  readonly target?: string | undefined
  readonly body?: string | Buffer | undefined
  readonly method?: string | undefined
  readonly path?: string | undefined
  readonly contentType?: string | null | undefined
  readonly headers?: Record<string, string> | undefined
  /** Signs like the official SDK; `false` sends it unsigned. Default: the emulator's credentials. */
  readonly sign?:
    | false
    | {
        readonly accessKeyId?: string | undefined
        readonly secretAccessKey?: string | undefined
        readonly sessionToken?: string | undefined
        readonly date?: Date | undefined
        readonly region?: string | undefined
        readonly service?: string | undefined
      }
    | undefined
  /** Replaces the body after signing (a tampered request). */
  readonly tamper?: string | undefined
  /** Changes the signed headers before sending (a forged request); a list sends a header once per value. */
  readonly after?: ((headers: Record<string, string>) => Record<string, string | ReadonlyArray<string>>) | undefined
  /** Headers set after signing (a tampered request). */
  readonly tamperHeaders?: Record<string, string> | undefined
}

const sha256 = Hash.bind(null, "sha256") as unknown as ConstructorParameters<typeof SignatureV4>[0]["sha256"]

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** One request on its own connection; answers whatever the server answers. */
export const raw = async (emulator: Target, request: RawRequest = {}): Promise<RawResponse> => {
  const url = new URL(emulator.url)
  const body = request.body ?? "{}"
  let headers: Record<string, string | ReadonlyArray<string>> = {
    host: url.host,
    ...(request.contentType === null ? {} : { "content-type": request.contentType ?? "application/x-amz-json-1.1" }),
    ...(request.target !== undefined ? { "x-amz-target": request.target } : {}),
    ...request.headers,
  }
  if (request.sign !== false) {
    const sign = request.sign ?? {}
    const signer = new SignatureV4({
      service: sign.service ?? "codepipeline",
      region: sign.region ?? emulator.region,
      credentials: {
        accessKeyId: sign.accessKeyId ?? emulator.credentials.accessKeyId,
        secretAccessKey: sign.secretAccessKey ?? emulator.credentials.secretAccessKey,
        ...(sign.sessionToken !== undefined ? { sessionToken: sign.sessionToken } : {}),
      },
      sha256,
    })
    const signed = await signer.sign(
      {
        method: request.method ?? "POST",
        protocol: "http:",
        hostname: url.hostname,
        port: Number(url.port),
        path: request.path ?? "/",
        query: {},
        headers: headers as Record<string, string>,
        body,
      },
      { signingDate: sign.date ?? new Date() },
    )
    headers = signed.headers as Record<string, string>
  }
  if (request.after !== undefined) headers = request.after(headers as Record<string, string>)
  const payload = request.tamper ?? body
  return new Promise((resolve, reject) => {
    const req = Http.request(
      {
        host: url.hostname,
        port: Number(url.port),
        method: request.method ?? "POST",
        path: request.path ?? "/",
        headers: { ...headers, ...request.tamperHeaders, "content-length": String(Buffer.byteLength(payload)) } as Http.OutgoingHttpHeaders,
        agent: false,
      },
      (res) => {
        const chunks: Array<Buffer> = []
        res.on("data", (c: Buffer) => chunks.push(c))
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8")
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, json: parseJson(text) })
        })
        res.on("error", reject)
      },
    )
    req.on("error", reject)
    req.end(payload)
  })
}

/** A JSON request to `target` (`CodePipeline_20150709.` + operation), signed. */
export const call = (emulator: Target, operation: string, input: unknown = {}, extra: Omit<RawRequest, "target" | "body"> = {}) =>
  raw(emulator, { target: `CodePipeline_20150709.${operation}`, body: JSON.stringify(input), ...extra })

/** A raw socket: what the server sent, and when and whether it closed the connection. */
export interface SocketTranscript {
  readonly data: string
  readonly closed: boolean
  readonly ms: number
}

/**
 * Opens a TCP connection, lets `script` write to it, and collects what comes back until the server
 * closes the connection or `timeoutMs` passes.
 */
export const socket = (
  emulator: Target,
  script: (socket: Net.Socket, received: () => string) => Promise<void> | void,
  timeoutMs = 5000,
): Promise<SocketTranscript> =>
  new Promise((resolve) => {
    const url = new URL(emulator.url)
    const started = Date.now()
    const chunks: Array<Buffer> = []
    const s = Net.connect(Number(url.port), url.hostname)
    let done = false
    const finish = (closed: boolean) => {
      if (done) return
      done = true
      clearTimeout(timer)
      s.destroy()
      resolve({ data: Buffer.concat(chunks).toString("utf8"), closed, ms: Date.now() - started })
    }
    const timer = setTimeout(() => finish(false), timeoutMs)
    s.on("data", (c: Buffer) => chunks.push(c))
    s.on("end", () => finish(true))
    s.on("close", () => finish(true))
    // A reset after the answer is the server closing on a client that still sends.
    s.on("error", () => finish(true))
    s.on("connect", () => {
      void Promise.resolve(script(s, () => Buffer.concat(chunks).toString("utf8"))).catch(() => undefined)
    })
  })

/** The status line, headers and JSON body of a raw HTTP response text. */
export const parseRaw = (text: string): { readonly status: number; readonly headers: Record<string, string>; readonly json: any } => {
  const [head = "", ...rest] = text.split("\r\n\r\n")
  const [statusLine = "", ...lines] = head.split("\r\n")
  const headers: Record<string, string> = {}
  for (const line of lines) {
    const i = line.indexOf(":")
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim()
  }
  return { status: Number(statusLine.split(" ")[1]), headers, json: parseJson(rest.join("\r\n\r\n")) }
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
