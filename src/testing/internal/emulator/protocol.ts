/**
 * The server side of awsJson1_1, generic over the operation table: the `X-Amz-Target` names the
 * operation, its input is decoded from the wire JSON with the operation's input schema (epoch
 * seconds → `Date`, strings → `Redacted` for sensitive members, every `length`, `pattern` and
 * `range` rule checked), the in-memory CodePipeline runs it, and the output is encoded with the
 * operation's output schema. Errors are answered as AWS answers them: status code, `__type` and
 * `message` in the body, `x-amzn-ErrorType`, and an `x-amzn-RequestId` on every response.
 */
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import type { Operation } from "../../../services/Operation.js"
import { formatPath } from "@effect-codepipeline/core/Codec"
import type { Service } from "../../../services/internal/service.js"
import { operations } from "../../../services/operations.js"
import { formatPath as formatPlainPath, hasKeyDeep, MAX_DEPTH, PlainDataError, type SchemaResult, viaSchema } from "../plainData.js"
import type { AuthFailure, SignedRequest, Verifier } from "./auth.js"

export const TARGET_PREFIX = "CodePipeline_20150709."
export const CONTENT_TYPE = "application/x-amz-json-1.1"

export interface Request extends SignedRequest {
  readonly requestId: string
}

export interface Response {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
  /** The operation the request named, when it named a known one (for logs). */
  readonly operation?: string | undefined
  /** The error code, for an error response. */
  readonly code?: string | undefined
}

/** How every error response is built, wherever it comes from (the protocol or the HTTP layer). */
export const errorResponse = (requestId: string, status: number, code: string, message: string, operation?: string): Response => ({
  status,
  headers: {
    "Content-Type": CONTENT_TYPE,
    "x-amzn-RequestId": requestId,
    "x-amzn-ErrorType": code,
  },
  body: JSON.stringify({ __type: code, message }),
  operation,
  code,
})

const success = (requestId: string, body: string, operation: string): Response => ({
  status: 200,
  headers: { "Content-Type": CONTENT_TYPE, "x-amzn-RequestId": requestId },
  body,
  operation,
})

const byName: ReadonlyMap<string, Operation<any, any, any>> = new Map(
  Object.values(operations).map((operation) => [operation.name, operation as Operation<any, any, any>]),
)

/** HTTP status of an error code: the model's `@httpError` (409 for `ConflictException`), else by fault. */
export const statusOf = (code: string): number => {
  switch (code) {
    case "ConflictException":
      return 409
    case "InternalFailure":
    case "InternalServerError":
      return 500
    case "ServiceUnavailable":
      return 503
    default:
      return 400
  }
}

// -----------------------------------------------------------------------------------------------
// input

const MAX_MESSAGE = 1000

// Unknown members are ignored, as AWS does (a newer client may send members this model lacks).
const DECODE_OPTIONS = { errors: "first", onExcessProperty: "ignore" } as const

const decoders = new WeakMap<Operation<any, any, any>, (u: unknown) => Either.Either<unknown, ParseResult.ParseError>>()

const decoderOf = (operation: Operation<any, any, any>) => {
  let decode = decoders.get(operation)
  if (decode === undefined) {
    decode = Schema.decodeUnknownEither(operation.input, DECODE_OPTIONS)
    decoders.set(operation, decode)
  }
  return decode
}

const utf8 = new TextDecoder("utf-8", { fatal: true })

const cap = (text: string): string => (text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text)

/** An AWS-style validation message that names the member: `Value null at 'pipeline.name' ...`. */
export const validationMessage = (error: ParseResult.ParseError): string => {
  const [issue] = ParseResult.ArrayFormatter.formatErrorSync(error)
  if (issue === undefined) return "1 validation error detected: the input is invalid"
  const path = formatPath(issue.path.map((p) => (typeof p === "symbol" ? String(p) : p)))
  const at = path === "" ? "the input" : `'${path}'`
  if (issue._tag === "Missing") return `1 validation error detected: Value null at ${at} failed to satisfy constraint: Member must not be null`
  return cap(`1 validation error detected: Value at ${at} failed to satisfy constraint: ${issue.message}`)
}

type Decoded =
  | { readonly _tag: "Input"; readonly input: unknown }
  | { readonly _tag: "Error"; readonly code: string; readonly message: string }

const serialization = (message: string): Decoded => ({ _tag: "Error", code: "SerializationException", message: cap(message) })

/**
 * Wire bytes → the operation's input type, or the error AWS would answer with. The parsed JSON
 * goes through `toPlainData` (via `viaSchema`) before anything else looks at it: `null` members
 * dropped (absent, as AWS reads them), nesting bounded without recursion, `__proto__` keys kept
 * as entries.
 */
export const decodeInput = (operation: Operation<any, any, any>, bytes: Uint8Array): Decoded => {
  let body: string
  try {
    body = utf8.decode(bytes)
  } catch {
    return serialization("The request body is not valid UTF-8")
  }
  let json: unknown
  if (body.trim() === "") {
    json = {}
  } else {
    try {
      // V8's JSON parser is iterative: any nesting parses, and is bounded below.
      json = JSON.parse(body)
    } catch (error) {
      return serialization(`The request body is not valid JSON: ${(error as Error).message}`)
    }
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) return serialization("The request body must be a JSON object")
  let decoded: SchemaResult<unknown>
  try {
    decoded = viaSchema(json, { dropNulls: true }, (input) =>
      Either.match(decoderOf(operation)(input), {
        onLeft: (error) => ({ ok: false, message: validationMessage(error) }),
        onRight: (value) => ({ ok: true, value }),
      }),
    )
  } catch (error) {
    if (!(error instanceof PlainDataError)) throw error
    const path = formatPlainPath(error.path, 60)
    return serialization(
      error.problem === "depth" ? `The request body is nested more than ${MAX_DEPTH} levels deep (at '${path}')` : `The request body cannot be read: at '${path}' it ${error.message}`,
    )
  }
  if (!decoded.ok) return { _tag: "Error", code: "ValidationException", message: decoded.message }
  return { _tag: "Input", input: decoded.value }
}

// -----------------------------------------------------------------------------------------------
// output

const encoders = new WeakMap<Schema.Schema<any, any>, (a: unknown) => Either.Either<unknown, ParseResult.ParseError>>()

const encoderOf = (schema: Schema.Schema<any, any>) => {
  let encode = encoders.get(schema)
  if (encode === undefined) {
    encode = Schema.encodeUnknownEither(schema, { errors: "first" })
    encoders.set(schema, encode)
  }
  return encode
}

/** The output as wire JSON: `{}` for a Unit output. `Left` when the output breaks its schema (a bug). */
export const encodeOutput = (operation: Operation<any, any, any>, output: unknown): Either.Either<string, string> => {
  if (operation.output === undefined) return Either.right("{}")
  const encode = encoderOf(operation.output)
  const value = output ?? {}
  const fail = (error: ParseResult.ParseError) => `${operation.name} output does not match its schema: ${validationMessage(error)}`
  // A `__proto__` entry (kept by the in-memory CodePipeline) would become a prototype in Schema's
  // copy, and vanish from the JSON; the output is small next to the encoding, so look first.
  if (!hasKeyDeep(value, "__proto__")) return Either.map(Either.mapLeft(encode(value), fail), (json) => JSON.stringify(json))
  const encoded = viaSchema(value, { maxDepth: Infinity, maxValues: Infinity }, (copy) =>
    Either.match(encode(copy), { onLeft: (error) => ({ ok: false, message: fail(error) }), onRight: (json) => ({ ok: true, value: json }) }),
  )
  return encoded.ok ? Either.right(JSON.stringify(encoded.value)) : Either.left(encoded.message)
}

// -----------------------------------------------------------------------------------------------
// errors

const stringField = (error: unknown, name: string): string | undefined => {
  if (typeof error !== "object" || error === null) return undefined
  const value = (error as Record<string, unknown>)[name]
  return typeof value === "string" ? value : undefined
}

/** The wire code and message of a failure of the in-memory service (modeled, common or injected). */
export const errorOf = (error: unknown): { readonly code: string; readonly message: string } => {
  const tag = stringField(error, "_tag")
  const message = stringField(error, "message") ?? "An error occurred"
  switch (tag) {
    case undefined:
      return { code: "InternalFailure", message: "The emulator failed: the service answered with an untyped error" }
    // The client-side validation of the in-memory service: the service's own ValidationException.
    case "InputValidationError":
      return { code: "ValidationException", message }
    // Errors only a client raises: answered as the service's internal failure.
    case "TransportError":
    case "ResponseDecodeError":
    case "CredentialsError":
      return { code: "InternalFailure", message: `${tag}: ${message}` }
    default:
      // Common errors carry the code the service sent (`Throttling` for a ThrottlingException), and
      // UnknownServiceError any code at all.
      return { code: stringField(error, "code") ?? tag, message }
  }
}

// -----------------------------------------------------------------------------------------------
// dispatch

export interface Context {
  readonly service: Service
  readonly verifier: Verifier | undefined
}

const mediaType = (contentType: string | undefined): string | undefined => contentType?.split(";")[0]?.trim().toLowerCase()

const authError = (requestId: string, failure: AuthFailure, operation?: string): Response =>
  errorResponse(requestId, 400, failure.code, failure.message, operation)

/** Answers one request. Never fails: every problem is an AWS-style error response. */
export const handle = (context: Context, request: Request): Effect.Effect<Response> =>
  Effect.suspend(() => {
    const { requestId } = request
    if (request.method !== "POST") {
      return Effect.succeed(errorResponse(requestId, 404, "UnknownOperationException", `CodePipeline is served at POST / (awsJson1_1), not ${request.method.slice(0, 16)}`))
    }
    // AWS routes awsJson requests by content type first: anything else is an unknown operation.
    if (mediaType(request.headers["content-type"]) !== CONTENT_TYPE) {
      return Effect.succeed(
        errorResponse(requestId, 404, "UnknownOperationException", `Unsupported Content-Type '${(request.headers["content-type"] ?? "").slice(0, 60)}': CodePipeline takes ${CONTENT_TYPE}`),
      )
    }
    const target = request.headers["x-amz-target"]
    if (target === undefined || target === "") {
      return Effect.succeed(errorResponse(requestId, 400, "UnknownOperationException", "The request has no X-Amz-Target header"))
    }
    const operation = target.startsWith(TARGET_PREFIX) ? byName.get(target.slice(TARGET_PREFIX.length)) : undefined
    if (operation === undefined) {
      return Effect.succeed(errorResponse(requestId, 400, "UnknownOperationException", `Unknown operation ${JSON.stringify(target.slice(0, 100))}`))
    }
    const name = operation.name
    // Signatures are dated by the client's wall clock, so they are checked against the server's
    // wall clock, whatever `Clock` the simulation runs on.
    const authenticate: Effect.Effect<AuthFailure | undefined> =
      context.verifier === undefined ? Effect.succeed(undefined) : Effect.promise(() => context.verifier!.verify(request, Date.now()))
    return Effect.flatMap(authenticate, (failure) => {
      if (failure !== undefined) return Effect.succeed(authError(requestId, failure, name))
      const decoded = decodeInput(operation, request.body)
      if (decoded._tag === "Error") return Effect.succeed(errorResponse(requestId, 400, decoded.code, decoded.message, name))
      return Effect.map(Effect.exit(context.service.execute(operation, decoded.input)), (exit): Response => {
        if (Exit.isSuccess(exit)) {
          return Either.match(encodeOutput(operation, exit.value), {
            onLeft: (message) => errorResponse(requestId, 500, "InternalFailure", `The emulator failed: ${message}`, name),
            onRight: (body) => success(requestId, body, name),
          })
        }
        const failure = Cause.failureOption(exit.cause)
        if (Option.isSome(failure)) {
          const { code, message } = errorOf(failure.value)
          return errorResponse(requestId, statusOf(code), code, message, name)
        }
        const defect = Cause.squash(exit.cause)
        return errorResponse(requestId, 500, "InternalFailure", `The emulator failed in ${name}: ${defect instanceof Error ? defect.message : String(defect)}`, name)
      })
    })
  })
