/**
 * Requests for the emulator's handler, without a server: signed with `@smithy/signature-v4` over
 * Node's hash (`@smithy/hash-node`), as the official SDK signs (or not signed, or tampered with
 * after signing), and the handler's answer with its JSON read.
 */
import { Hash } from "@smithy/hash-node"
import { SignatureV4 } from "@smithy/signature-v4"
import { expect } from "vitest"
import * as Emulator from "../../src/Emulator.js"
import { makeSimulator } from "../../src/Simulator.js"
import type { PipelineDeclaration } from "../../src/Types.js"
import { approval, declaration, s3Source, stage } from "./pipelines.js"

export const sha256 = Hash.bind(null, "sha256") as unknown as ConstructorParameters<typeof SignatureV4>[0]["sha256"]
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
export const HOST = "127.0.0.1:4599"

/** The two-stage pipeline the emulator's tests create (an S3 source, a manual approval): it runs, then waits for its approval. */
export const pipeline = (name: string): PipelineDeclaration =>
  declaration(name, [stage("Source", s3Source()), stage("Approve", approval("Approve"))])

export interface Send {
  readonly body?: string | Uint8Array
  readonly method?: string
  readonly path?: string
  /** `null`: no Content-Type header. */
  readonly contentType?: string | null
  readonly headers?: Record<string, string>
  /** `false`: unsigned. */
  readonly sign?:
    | false
    | {
        readonly accessKeyId?: string
        readonly secretAccessKey?: string
        readonly sessionToken?: string
        readonly date?: Date
        readonly region?: string
        readonly service?: string
      }
  /** Headers sent but left out of the signature. */
  readonly unsigned?: ReadonlyArray<string>
  /** Changes the signed headers before sending (a tampered or forged request). */
  readonly after?: (headers: Record<string, string>) => Record<string, string>
  /** Headers set after signing (a tampered request). */
  readonly tamperHeaders?: Record<string, string | ReadonlyArray<string>>
  readonly tamperBody?: string
  readonly time?: number
}

export const encoder = new TextEncoder()

/**
 * Sends `input` to `operation` (`CodePipeline_20150709.` + it; a name with a dot is the whole
 * X-Amz-Target; `undefined`: none), signed with the default credentials unless told otherwise.
 * The emulator's tests sign the same way over a socket (`raw` in `packages/emulator/test/support/http.ts`):
 * the core's tests may not import the emulator's package, nor its tests anything outside theirs.
 */
export const send = async (
  handler: Emulator.Handler,
  operation: string | undefined,
  input: unknown = {},
  options: Send = {},
): Promise<Emulator.Response & { readonly json: any }> => {
  const body = options.body ?? JSON.stringify(input)
  let headers: Record<string, string> = {
    host: HOST,
    ...(options.contentType === null ? {} : { "content-type": options.contentType ?? "application/x-amz-json-1.1" }),
    ...(operation !== undefined ? { "x-amz-target": operation.includes(".") ? operation : `CodePipeline_20150709.${operation}` } : {}),
    ...options.headers,
  }
  if (options.sign !== false) {
    const sign = options.sign ?? {}
    const signer = new SignatureV4({
      service: sign.service ?? "codepipeline",
      region: sign.region ?? "us-east-1",
      credentials: {
        accessKeyId: sign.accessKeyId ?? Emulator.DEFAULT_CREDENTIALS.accessKeyId,
        secretAccessKey: sign.secretAccessKey ?? Emulator.DEFAULT_CREDENTIALS.secretAccessKey,
        ...(sign.sessionToken !== undefined ? { sessionToken: sign.sessionToken } : {}),
      },
      sha256,
    })
    const signed = await signer.sign(
      { method: options.method ?? "POST", protocol: "http:", hostname: "127.0.0.1", port: 4599, path: "/", query: {}, headers, body },
      { signingDate: sign.date ?? new Date(), unsignableHeaders: new Set(options.unsigned ?? []) },
    )
    headers = (options.after ?? ((h) => h))(signed.headers as Record<string, string>)
  }
  const bytes =
    options.tamperBody !== undefined ? encoder.encode(options.tamperBody) : typeof body === "string" ? encoder.encode(body) : body
  const response = await handler({
    method: options.method ?? "POST",
    path: options.path ?? "/",
    headers: { ...headers, ...options.tamperHeaders },
    body: bytes,
    time: options.time,
  })
  let json: unknown
  try {
    json = JSON.parse(response.body)
  } catch {
    json = undefined
  }
  return { ...response, json }
}

export const expectError = (
  response: { status: number; headers: Readonly<Record<string, string>>; json: any },
  status: number,
  code: string,
) => {
  expect({ status: response.status, code: response.json?.__type }).toEqual({ status, code })
  expect(response.headers["x-amzn-ErrorType"]).toBe(code)
  expect(response.headers["x-amzn-RequestId"]).toMatch(UUID)
}

export const T0 = Date.parse("2026-01-01T00:00:00Z")
export const fresh = (options: Partial<Emulator.HandlerOptions> = {}) =>
  Emulator.makeHandler({ simulator: makeSimulator({ now: T0, seed: 1, startOnCreate: false }), now: () => T0, ...options })
