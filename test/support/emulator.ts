/**
 * Fixtures of the emulator suites (`test/emulator*.test.ts`): an emulator started for a suite, two
 * clients behind one interface (the official `@aws-sdk/client-codepipeline` and this SDK's live
 * layer) so that one scenario runs on both, raw HTTP requests signed like a real client's (or not),
 * and bounded polling.
 */
import * as Http from "node:http"
import * as Net from "node:net"
import * as Sdk from "@aws-sdk/client-codepipeline"
import { Hash } from "@smithy/hash-node"
import { SignatureV4 } from "@smithy/signature-v4"
import { Cause, Effect, Exit, ManagedRuntime, Option } from "effect"
import { CodePipeline } from "../../src/index.js"
import type { Methods } from "../../src/services/operations.js"
import { CodePipelineEmulator } from "../../src/testing/index.js"

// The official SDK warns about Node 20 once per process; the warning is not about these tests.
process.env["AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED"] ??= "true"

export const REGION = "us-east-1"

// -----------------------------------------------------------------------------------------------
// emulator

export interface Running {
  readonly emulator: CodePipelineEmulator.Service
  /** Every answered request. */
  readonly log: Array<CodePipelineEmulator.RequestLog>
  readonly close: () => Promise<void>
}

/** Starts an emulator outside any test's scope (for `beforeAll` / `afterAll`). */
export const startEmulator = async (options: CodePipelineEmulator.Options = {}): Promise<Running> => {
  const log: Array<CodePipelineEmulator.RequestLog> = []
  const runtime = ManagedRuntime.make(
    CodePipelineEmulator.layer({
      ...options,
      onRequest: (entry) => {
        log.push(entry)
        options.onRequest?.(entry)
      },
    }),
  )
  const emulator = await runtime.runPromise(CodePipelineEmulator.Emulator)
  return { emulator, log, close: () => runtime.dispose() }
}

// -----------------------------------------------------------------------------------------------
// one interface over both clients

export type Input<K extends keyof Methods> = NonNullable<Parameters<Methods[K]>[0]>
export type Output<K extends keyof Methods> = Effect.Effect.Success<ReturnType<Methods[K]>>

/** A service error as either client reports it. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number | undefined,
    readonly requestId: string | undefined,
  ) {
    super(`${code}: ${message}`)
  }
}

export interface Api {
  readonly name: string
  call<K extends keyof Methods>(method: K, input: Input<K>): Promise<Output<K>>
  readonly close: () => Promise<void>
}

const pascal = (method: string) => method[0]!.toUpperCase() + method.slice(1)

/** The official AWS SDK for JavaScript v3. */
export const officialApi = (
  emulator: CodePipelineEmulator.Service,
  config: Partial<Sdk.CodePipelineClientConfig> = {},
): Api & { readonly client: Sdk.CodePipelineClient } => {
  const client = new Sdk.CodePipelineClient({
    region: emulator.region,
    endpoint: emulator.url,
    credentials: { accessKeyId: emulator.credentials.accessKeyId, secretAccessKey: emulator.credentials.secretAccessKey },
    ...config,
  })
  return {
    name: "@aws-sdk/client-codepipeline",
    client,
    call: async (method, input) => {
      const Command = (Sdk as unknown as Record<string, new (input: unknown) => any>)[`${pascal(method)}Command`]
      if (Command === undefined) throw new Error(`no command for ${method}`)
      try {
        const { $metadata: _, ...output } = await client.send(new Command(input))
        return output as any
      } catch (error) {
        const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number; requestId?: string } }
        if (e.$metadata === undefined) throw error
        throw new ApiError(e.name ?? "Unknown", e.message ?? "", e.$metadata.httpStatusCode, e.$metadata.requestId)
      }
    },
    close: async () => client.destroy(),
  }
}

/** This SDK's live layer (`CodePipeline.layer`) pointed at the emulator. */
export const liveApi = (emulator: CodePipelineEmulator.Service, options: Partial<CodePipeline.Options> = {}): Api => {
  const runtime = ManagedRuntime.make(
    CodePipeline.layer({ region: emulator.region, endpoint: emulator.url, credentials: emulator.credentials, ...options }),
  )
  return {
    name: "effect-codepipeline (live layer)",
    call: async (method, input) => {
      const operation = Object.values(CodePipeline.operations).find((o) => o.method === method)!
      const exit = await runtime.runPromiseExit(
        Effect.flatMap(CodePipeline.CodePipeline, (service) => service.execute(operation as any, input)),
      )
      if (Exit.isSuccess(exit)) return (exit.value ?? {}) as any
      const failure = Cause.failureOption(exit.cause)
      if (Option.isNone(failure)) throw Cause.squash(exit.cause)
      const e = failure.value as { _tag: string; message: string; httpStatus?: number; requestId?: string }
      throw new ApiError(e._tag, e.message, e.httpStatus, e.requestId)
    },
    close: () => runtime.dispose(),
  }
}

/** The error a call fails with (the test fails when it succeeds). */
export const failure = async (promise: Promise<unknown>): Promise<ApiError> => {
  try {
    await promise
  } catch (error) {
    if (error instanceof ApiError) return error
    throw error
  }
  throw new Error("expected the call to fail")
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
export const raw = async (emulator: CodePipelineEmulator.Service, request: RawRequest = {}): Promise<RawResponse> => {
  const url = new URL(emulator.url)
  const body = request.body ?? "{}"
  let headers: Record<string, string> = {
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
        headers,
        body,
      },
      { signingDate: sign.date ?? new Date() },
    )
    headers = signed.headers as Record<string, string>
  }
  const payload = request.tamper ?? body
  return new Promise((resolve, reject) => {
    const req = Http.request(
      {
        host: url.hostname,
        port: Number(url.port),
        method: request.method ?? "POST",
        path: request.path ?? "/",
        headers: { ...headers, ...request.tamperHeaders, "content-length": String(Buffer.byteLength(payload)) },
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
export const call = (
  emulator: CodePipelineEmulator.Service,
  operation: string,
  input: unknown = {},
  extra: Omit<RawRequest, "target" | "body"> = {},
) => raw(emulator, { target: `CodePipeline_20150709.${operation}`, body: JSON.stringify(input), ...extra })

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
  emulator: CodePipelineEmulator.Service,
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
