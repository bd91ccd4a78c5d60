/**
 * The awsJson1_1 protocol of CodePipeline, generic over operations: what a request carries besides
 * its body and signature, and how a response becomes an output or an error — a modeled exception
 * of the operation, one of the errors every AWS JSON service can answer with, or an unknown one.
 *
 * What a server says is kept in errors bounded and cleared of the secrets of the credentials that
 * signed the request (see `Redact`).
 *
 * ```ts
 * import * as Operations from "@effect-codepipeline/core/Operations"
 * import * as Protocol from "@effect-codepipeline/core/Protocol"
 *
 * const response = { status: 400, headers: {}, body: `{"__type":"PipelineNotFoundException","message":"no"}` }
 * Protocol.readError(Operations.GetPipelineState, response) // { _tag: "Modeled", code: "PipelineNotFoundException", message: "no" }
 * ```
 *
 * @since 0.1.0
 */
import type { Credentials } from "./Credentials.js"
import { type CommonErrorKind, commonErrorKind } from "./internal/commonErrors.js"
import { type ClientOperation, type ClientOperationCodec, DecodeFailure, type DecodeOptions, plainSecrets } from "./internal/codec.js"
import { scrubFor } from "./Redact.js"

/**
 * The `x-amz-target` header of an operation is this prefix and the operation's name.
 *
 * @since 0.1.0
 */
export const TARGET_PREFIX = "CodePipeline_20150709."

/**
 * The content type of every request and response body.
 *
 * @since 0.1.0
 */
export const CONTENT_TYPE = "application/x-amz-json-1.1"

/**
 * A request as it goes on the wire: always a `POST`. Header names are lower-case.
 *
 * @since 0.1.0
 */
export interface HttpRequest {
  readonly url: URL
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/**
 * The message of a request that got no response, for a transport whose error carries the whole
 * request (an `HttpClient`'s, with its signature and session token): only `parts` (what the
 * transport says happened) and the cause chain (fetch wraps the socket error, `fetch failed` ->
 * `connect ECONNREFUSED ...`: a few levels are followed, each level's message or else its code)
 * make it, with the request's URL; and any header value of 8 characters or more that a cause
 * quotes is replaced by the header's name.
 *
 * @since 0.1.0
 */
export const networkFailureMessage = (
  parts: ReadonlyArray<string>,
  cause: unknown,
  request: Pick<HttpRequest, "url" | "headers">,
): string => {
  const all = [...parts]
  for (let depth = 0; depth < 3 && cause !== undefined && cause !== null; depth++) {
    const c = cause as { message?: unknown; code?: unknown; cause?: unknown }
    if (typeof c.message === "string" && c.message !== "") all.push(c.message)
    else if (typeof c.code === "string") all.push(c.code)
    cause = c.cause
  }
  let message = `${all.join(": ")} (POST ${request.url.href})`
  for (const name in request.headers) {
    const value = request.headers[name]!
    if (value.length >= 8 && message.includes(value)) message = message.split(value).join(`<${name}>`)
  }
  return message
}

/**
 * A complete response. Header names are lower-case.
 *
 * @since 0.1.0
 */
export interface HttpResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string | undefined>>
  readonly body: string
}

/**
 * How much of a server's text an error keeps, in UTF-16 code units: a message of a few KB says all
 * a message says, and a 10 MB one would otherwise be held, whole, by every error that carries it.
 * Longer text is cut, with a marker saying how much more there was.
 *
 * @since 0.1.0
 */
export const textLimits = {
  /** A service error's or a decoding failure's message. */
  message: 4096,
  /** A service error's code. */
  code: 256,
  /** A request id (a response header). */
  requestId: 256,
  /** A transport failure's message (it may quote what the server sent). */
  transportMessage: 1024,
} as const

// -----------------------------------------------------------------------------------------------
// Requests
// -----------------------------------------------------------------------------------------------

/**
 * What the headers of a call's requests are made of, fixed for the call.
 *
 * @since 0.1.0
 */
export interface CallHeaders {
  /** The endpoint's `host` (`host:port` when the port is not the scheme's). */
  readonly host: string
  /** The `x-amz-target` header: {@link TARGET_PREFIX} and the operation's name. */
  readonly target: string
  /** The body's length in bytes, as a string. */
  readonly contentLength: string
  readonly userAgent: string
  /** One UUID per call, the same on every attempt (`amz-sdk-invocation-id`). */
  readonly invocationId: string
  /** The most attempts the call may make, when the retry policy says (`amz-sdk-request`). */
  readonly maxAttempts: number | undefined
}

/**
 * The headers of attempt `attempt` (from 1) of a call, before signing, in the order they are sent.
 * A new object each time: the signer and the transport may add to it.
 *
 * @since 0.1.0
 */
export const requestHeaders = (call: CallHeaders, attempt: number): Record<string, string> => ({
  host: call.host,
  "content-type": CONTENT_TYPE,
  "x-amz-target": call.target,
  "content-length": call.contentLength,
  "user-agent": call.userAgent,
  "amz-sdk-invocation-id": call.invocationId,
  "amz-sdk-request": call.maxAttempts === undefined ? `attempt=${attempt}` : `attempt=${attempt}; max=${call.maxAttempts}`,
})

/**
 * The input with the operation's idempotency token (Smithy `@idempotencyToken`) filled with a fresh
 * UUID when it is absent; the input itself otherwise. Fill it once per call, before the first
 * attempt, so that every retry carries the same token. No input is the empty input, as Smithy has it.
 *
 * Reads the input, so it throws whatever reading it throws (a getter, a `Proxy`'s trap).
 *
 * @since 0.1.0
 */
export const withIdempotencyToken = <I>(codec: ClientOperationCodec<I, any> | ClientOperation<I, any>, input: I | undefined): I => {
  const payload = (input ?? {}) as I
  const token = codec.idempotencyToken
  if (token !== undefined && (payload as Record<string, unknown>)[token] === undefined) {
    return { ...payload, [token]: crypto.randomUUID() }
  }
  return payload
}

// -----------------------------------------------------------------------------------------------
// Responses
// -----------------------------------------------------------------------------------------------

/**
 * The AWS request id of a response (`x-amzn-requestid`, or `x-amz-request-id`), as the server sent it.
 *
 * @since 0.1.0
 */
export const requestId = (response: HttpResponse): string | undefined =>
  response.headers["x-amzn-requestid"] ?? response.headers["x-amz-request-id"]

const lenient: DecodeOptions = { secrets: plainSecrets, strict: false }

/**
 * The output of a successful response, decoded leniently (as a client reads a response: see
 * `Codec.decode`), or why it cannot be: a body that is not JSON, or JSON of the wrong shape. The
 * message names the operation and the path of the offending member, never the body; it is scrubbed
 * of `signedWith`'s secrets, since it may quote the server (a content type, a map key).
 *
 * `options.secrets` says how sensitive strings are held in the output (plain strings by default).
 *
 * @since 0.1.0
 */
export const decodeOutput = <O>(
  codec: ClientOperationCodec<any, O>,
  response: HttpResponse,
  options: DecodeOptions = lenient,
  signedWith?: Credentials,
): { readonly _tag: "Ok"; readonly value: O } | { readonly _tag: "Invalid"; readonly message: string } => {
  const output = codec.output
  if (output === undefined) return { _tag: "Ok", value: undefined as O }
  let json: unknown
  try {
    json = response.body === "" ? {} : JSON.parse(response.body)
  } catch {
    return invalid(
      `${codec.name}: the response body is not JSON (${response.body.length} bytes, content-type ${response.headers["content-type"] ?? "none"})`,
      signedWith,
    )
  }
  try {
    return { _tag: "Ok", value: output.decode(json, options) }
  } catch (failure) {
    if (!(failure instanceof DecodeFailure)) throw failure
    return invalid(`${codec.name} output: ${failure.message}`, signedWith)
  }
}

const invalid = (message: string, signedWith: Credentials | undefined) =>
  ({ _tag: "Invalid", message: scrubFor(signedWith)(message, textLimits.message) }) as const

// -----------------------------------------------------------------------------------------------
// Errors
// -----------------------------------------------------------------------------------------------

export { type CommonErrorKind, commonErrorCodes, commonErrorKind } from "./internal/commonErrors.js"

/**
 * The kind of any error response that is not one of the operation's modeled exceptions.
 *
 * @since 0.1.0
 */
export type ServiceErrorKind = CommonErrorKind | "UnknownServiceError"

/**
 * Error codes arrive as `Namespace#Code`, `Code:http://internal.amazon.com/...`, or a
 * comma-separated list (from some proxies); the code is the first entry, after the namespace,
 * before the colon. A number is read as its decimal text; anything else, or nothing left, is no code.
 *
 * @since 0.1.0
 */
export const sanitizeErrorCode = (raw: unknown): string | undefined => {
  if (typeof raw === "number") raw = String(raw)
  if (typeof raw !== "string") return undefined
  let code = raw
  if (code.includes(",")) code = code.split(",")[0]!
  if (code.includes(":")) code = code.split(":")[0]!
  if (code.includes("#")) code = code.slice(code.lastIndexOf("#") + 1)
  code = code.trim()
  return code === "" ? undefined : code
}

const parseJson = (body: string): unknown => {
  if (body === "") return undefined
  try {
    return JSON.parse(body)
  } catch {
    return undefined
  }
}

const stringMember = (body: unknown, ...names: ReadonlyArray<string>): string | undefined => {
  if (typeof body !== "object" || body === null) return undefined
  for (const name of names) {
    const v = (body as Record<string, unknown>)[name]
    if (typeof v === "string") return v
  }
  return undefined
}

/** The value of the first member named `name` in any letter case (`code`, `Code`, `CODE`). */
const memberIgnoringCase = (body: unknown, name: string): unknown => {
  if (typeof body !== "object" || body === null) return undefined
  for (const key of Object.keys(body)) {
    if (key.toLowerCase() === name) return (body as Record<string, unknown>)[key]
  }
  return undefined
}

/**
 * The code and message of an error response, as the server sent them.
 *
 * @since 0.1.0
 */
export interface ErrorDetails {
  readonly code: string | undefined
  readonly message: string
}

/**
 * The code and message of an error response, from wherever the service put them, in the order the
 * official SDK reads an awsJson response: the body's `__type`, then its `code` (any letter case,
 * string or number), then the `x-amzn-ErrorType` header. The message is the body's `message`
 * (`Message`, `errorMessage`), else the code, else a description of the response.
 *
 * @since 0.1.0
 */
export const errorDetails = (response: HttpResponse): ErrorDetails => {
  const body = parseJson(response.body)
  const code =
    sanitizeErrorCode(memberIgnoringCase(body, "__type")) ??
    sanitizeErrorCode(memberIgnoringCase(body, "code")) ??
    sanitizeErrorCode(response.headers["x-amzn-errortype"])
  const message =
    stringMember(body, "message", "Message", "errorMessage") ??
    (code !== undefined ? code : `HTTP ${response.status}${response.body === "" ? " with an empty body" : " without an AWS error body"}`)
  return { code, message }
}

/**
 * What an error response is: one of the operation's modeled exceptions (by its code), or a
 * {@link ServiceErrorKind} with the code the service sent (absent when it sent none and the status
 * decided; `"Unknown"` for an `UnknownServiceError` without one). The message and the code kept are
 * scrubbed (see `Redact`); the modeled code is the model's name.
 *
 * @since 0.1.0
 */
export type ServiceError =
  | { readonly _tag: "Modeled"; readonly code: string; readonly message: string }
  | { readonly _tag: CommonErrorKind; readonly code?: string; readonly message: string }
  | { readonly _tag: "UnknownServiceError"; readonly code: string; readonly message: string }

/**
 * Classifies an error response (see {@link ServiceError}): a code the operation models, then a
 * common code (see {@link commonErrorCodes}), then any other code as an `UnknownServiceError`; a
 * response without a code by its status: 429 throttling, 500 an internal failure, 503 unavailable,
 * anything else unknown. The server's text is scrubbed of `signedWith`'s secrets and bounded by
 * {@link textLimits}; the classification reads the code as sent.
 *
 * @since 0.1.0
 */
export const readError = (
  codec: Pick<ClientOperationCodec<any, any>, "errors">,
  response: HttpResponse,
  signedWith?: Credentials,
): ServiceError => {
  const scrub = scrubFor(signedWith)
  const details = errorDetails(response)
  const message = scrub(details.message, textLimits.message)
  const raw = details.code
  if (raw !== undefined) {
    if (codec.errors.includes(raw)) return { _tag: "Modeled", code: raw, message }
    const code = scrub(raw, textLimits.code)
    const common = commonErrorKind(raw)
    return common === undefined ? { _tag: "UnknownServiceError", code, message } : { _tag: common, code, message }
  }
  switch (response.status) {
    case 429:
      return { _tag: "ThrottlingException", message }
    case 500:
      return { _tag: "InternalFailure", message }
    case 503:
      return { _tag: "ServiceUnavailable", message }
    default:
      return { _tag: "UnknownServiceError", code: "Unknown", message }
  }
}
