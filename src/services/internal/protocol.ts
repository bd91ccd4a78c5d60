/**
 * The awsJson1_1 protocol, generic over operations: what goes in a request besides the body, and
 * how a response becomes an output or one of the operation's typed errors.
 */
import * as Either from "effect/Either"
import * as Common from "../../errors/common.js"
import type { CommonError } from "../../errors/common.js"
import type { ResponseMetadata } from "../../errors/metadata.js"
import type { Operation } from "../Operation.js"
import { THROTTLING_CODES } from "../Retry.js"
import type { HttpResponse } from "../Transport.js"
import { DecodeFailure } from "@effect-codepipeline/core/Codec"
import { decodeOutput as decodeJson } from "./codec.js"
import type { AwsCredentials } from "../Credentials.js"
import { type Scrub, scrubFor } from "./redact.js"

export const TARGET_PREFIX = "CodePipeline_20150709."
export const CONTENT_TYPE = "application/x-amz-json-1.1"

type ServiceErrorClass = new (
  props: { readonly message: string; readonly code?: string } & ResponseMetadata,
  disableValidation?: boolean,
) => CommonError

/**
 * Codes every AWS JSON service may answer with, by the tag they surface as. A code an operation
 * models wins over this table.
 */
const commonErrors: ReadonlyArray<readonly [ServiceErrorClass, ReadonlyArray<string>]> = [
  [Common.ThrottlingException, [...THROTTLING_CODES]],
  [Common.AccessDeniedException, ["AccessDeniedException", "AccessDenied", "NotAuthorized"]],
  [Common.UnrecognizedClientException, ["UnrecognizedClientException", "InvalidClientTokenId"]],
  [
    Common.InvalidSignatureException,
    ["InvalidSignatureException", "SignatureDoesNotMatch", "IncompleteSignature", "IncompleteSignatureException",
      "RequestExpired", "RequestTimeTooSkewed", "RequestInTheFuture", "AuthFailure"],
  ],
  [Common.ExpiredTokenException, ["ExpiredTokenException", "ExpiredToken", "TokenRefreshRequired"]],
  [Common.MissingAuthenticationTokenException, ["MissingAuthenticationTokenException", "MissingAuthenticationToken"]],
  [Common.InternalFailure, ["InternalFailure", "InternalServerError", "InternalError", "InternalServiceError", "InternalServiceException", "InternalServerException"]],
  [Common.ServiceUnavailable, ["ServiceUnavailable", "ServiceUnavailableException"]],
]

const commonByCode = new Map<string, ServiceErrorClass>(
  commonErrors.flatMap(([cls, codes]) => codes.map((code) => [code, cls] as const)),
)

/**
 * Error codes arrive as `Namespace#Code`, `Code:http://internal.amazon.com/...`, or a
 * comma-separated list (from some proxies); the code is the first entry, after the namespace,
 * before the colon.
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

export interface ErrorDetails {
  readonly code: string | undefined
  readonly message: string
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
 * The code and message of an error response, from wherever the service put them, in the order the
 * official SDK reads an awsJson response: the body's `__type`, then its `code` (any letter case,
 * string or number), then the `x-amzn-ErrorType` header.
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

// What is kept of a server's text in an error (see `Scrub`): a message of a few KB says all a
// message says, and a 10 MB one would otherwise be held, whole, by every error that carries it.
const MAX_MESSAGE = 4096
const MAX_CODE = 256
export const MAX_REQUEST_ID = 256

/** `metadata` with its request id (a header, so server text) scrubbed. */
const scrubbedMetadata = (metadata: ResponseMetadata, scrub: Scrub): ResponseMetadata =>
  metadata.requestId === undefined ? metadata : { ...metadata, requestId: scrub(metadata.requestId, MAX_REQUEST_ID) }

/**
 * The typed error for an error response: modeled, common, or `UnknownServiceError`. The server's
 * text (message, code, request id) is scrubbed (see `Scrub`): capped, copied, and cleared of the
 * secrets of the credentials that signed the request, `signedWith`.
 */
export const toError = <E>(
  operation: Operation<any, any, E>,
  response: HttpResponse,
  responseMetadata: ResponseMetadata,
  signedWith?: AwsCredentials,
): E | CommonError => {
  const scrub = scrubFor(signedWith)
  const details = errorDetails(response)
  const message = scrub(details.message, MAX_MESSAGE)
  const metadata = scrubbedMetadata(responseMetadata, scrub)
  const raw = details.code
  if (raw !== undefined) {
    // Classified by the code as sent; kept as scrubbed.
    const code = scrub(raw, MAX_CODE)
    const modeled = Object.hasOwn(operation.errors, raw) ? operation.errors[raw] : undefined
    if (modeled !== undefined) return new modeled({ message, ...metadata }, true)
    const common = commonByCode.get(raw)
    if (common !== undefined) return new common({ message, code, ...metadata }, true)
    return new Common.UnknownServiceError({ message, code, ...metadata }, true)
  }
  switch (response.status) {
    case 429:
      return new Common.ThrottlingException({ message, ...metadata }, true)
    case 500:
      return new Common.InternalFailure({ message, ...metadata }, true)
    case 503:
      return new Common.ServiceUnavailable({ message, ...metadata }, true)
    default:
      return new Common.UnknownServiceError({ message, code: "Unknown", ...metadata }, true)
  }
}

/**
 * The output of a successful response, decoded leniently (see `decode.ts`). A failure's message
 * quotes the server (a content type, map keys in a path), so it is scrubbed as in `toError`.
 */
export const decodeOutput = <O>(
  operation: Operation<any, O, any>,
  response: HttpResponse,
  metadata: ResponseMetadata,
  signedWith?: AwsCredentials,
): Either.Either<O, Common.ResponseDecodeError> => {
  if (operation.codec.output === undefined) return Either.right(undefined as O)
  const fail = (message: string, scrub = scrubFor(signedWith)) =>
    Either.left(new Common.ResponseDecodeError({ message: scrub(message, MAX_MESSAGE), ...scrubbedMetadata(metadata, scrub) }, true))
  let json: unknown
  try {
    json = response.body === "" ? {} : JSON.parse(response.body)
  } catch {
    return fail(`${operation.name}: the response body is not JSON (${response.body.length} bytes, content-type ${response.headers["content-type"] ?? "none"})`)
  }
  try {
    return Either.right(decodeJson(operation, json))
  } catch (failure) {
    if (!(failure instanceof DecodeFailure)) throw failure
    return fail(`${operation.name} output: ${failure.message}`)
  }
}
