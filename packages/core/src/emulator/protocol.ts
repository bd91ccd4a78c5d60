/**
 * The server side of awsJson1_1, generic over the operation table: the `X-Amz-Target` names the
 * operation, its input is decoded from the wire JSON with the operation's codec (strictly, as a
 * server reads a request: epoch seconds to `Date`s, every required member present) and validated
 * (every `length`, `pattern` and `range` rule), the simulator runs it, and the output is checked and
 * encoded with the codec. Errors are answered as AWS answers them: status code, `__type` and
 * `message` in the body, `x-amzn-ErrorType`, and an `x-amzn-RequestId` on every response.
 *
 * Runtime-neutral: no `node:` module, no Node global.
 */
import * as Codec from "../Codec.js"
import { operations } from "../Operations.js"
import type { Response } from "../Emulator.js"
import type { Simulator } from "../Simulator.js"
import { ServiceError } from "../simulator/errors.js"
import { MAX_DEPTH, nestedTooDeep } from "../simulator/plainData.js"
import type { AuthFailure, SignedRequest, Verifier } from "./auth.js"

export const TARGET_PREFIX = "CodePipeline_20150709."
export const CONTENT_TYPE = "application/x-amz-json-1.1"

export interface Request extends SignedRequest {
  readonly requestId: string
}

/** How every error response is built, wherever it comes from (the protocol or the HTTP server). */
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

const byName: ReadonlyMap<string, Codec.AnyOperation> = new Map(Object.entries(operations))

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

const utf8 = new TextDecoder("utf-8", { fatal: true })

const cap = (text: string): string => (text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text)

/** An AWS-style validation message that names the member: `Value null at 'pipeline.name' ...`. */
export const validationMessage = (issue: Codec.Issue): string => cap(`1 validation error detected: ${Codec.awsIssueMessage(issue)}`)

type Decoded =
  | { readonly _tag: "Input"; readonly input: unknown }
  | { readonly _tag: "Error"; readonly code: string; readonly message: string }

const serialization = (message: string): Decoded => ({ _tag: "Error", code: "SerializationException", message: cap(message) })

/** `a.b[0].c`, at most 60 characters (a path to a value nested too deep is long). */
const shortPath = (path: ReadonlyArray<string | number>): string => {
  const text = Codec.formatPath(path.slice(0, 30))
  return text.length > 60 ? `${text.slice(0, 60)}…` : text
}

const STRICT: Codec.DecodeOptions = { secrets: Codec.plainSecrets, strict: true }

/**
 * Wire bytes → the operation's input, in the core's types, or the error AWS would answer with.
 * The codec decodes into fresh objects (so a `__proto__` key stays an entry) and reads members by
 * name: members the model does not know are ignored and `null` reads as absent, as AWS reads them.
 */
export const decodeInput = (operation: Codec.AnyOperation, bytes: Uint8Array): Decoded => {
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
  // Nesting is bounded for the whole body, members the model does not know included: the codec
  // does not walk those.
  const deep = nestedTooDeep(json)
  if (deep !== undefined) return serialization(`The request body is nested more than ${MAX_DEPTH} levels deep (at '${shortPath(deep)}')`)
  let input: unknown
  try {
    input = operation.input.decode(json, STRICT)
  } catch (failure) {
    if (!(failure instanceof Codec.DecodeFailure)) throw failure
    return { _tag: "Error", code: "ValidationException", message: validationMessage(Codec.failureIssue(failure)) }
  }
  const issue = Codec.validate(operation.input, input)
  if (issue !== undefined) return { _tag: "Error", code: "ValidationException", message: validationMessage(issue) }
  return { _tag: "Input", input }
}

// -----------------------------------------------------------------------------------------------
// output

/** The output as wire JSON (`{}` for a Unit output), or what is wrong with it when it breaks its model (a bug). */
export const encodeOutput = (operation: Codec.AnyOperation, output: unknown): { readonly body: string } | { readonly bug: string } => {
  const codec = operation.output
  if (codec === undefined) return { body: "{}" }
  const value = output ?? {}
  const issue = Codec.validate(codec, value)
  if (issue !== undefined) return { bug: `${operation.name} output does not match its model: ${Codec.awsIssueMessage(issue)}` }
  return { body: JSON.stringify(codec.encode(value, Codec.plainSecrets)) }
}

// -----------------------------------------------------------------------------------------------
// dispatch

export interface Context {
  readonly simulator: Simulator
  readonly verifier: Verifier | undefined
  /** The caller's ARN for an access key (`undefined`: the in-memory CodePipeline's identity). */
  readonly callerOf?: ((accessKeyId: string) => string | undefined) | undefined
}

/** The access key a request's `Authorization` header names (already verified when auth is on). */
const accessKeyOf = (request: Request): string | undefined => /Credential=([^/\s,]+)\//.exec(request.headers["authorization"] ?? "")?.[1]

const mediaType = (contentType: string | undefined): string | undefined => contentType?.split(";")[0]?.trim().toLowerCase()

/**
 * Answers one request at `time` on the simulation's clock. Never rejects: every problem is an
 * AWS-style error response.
 */
export const handle = async (context: Context, request: Request, time: number): Promise<Response> => {
  const { requestId } = request
  if (request.method !== "POST") {
    return errorResponse(
      requestId,
      404,
      "UnknownOperationException",
      `CodePipeline is served at POST / (awsJson1_1), not ${request.method.slice(0, 16)}`,
    )
  }
  // AWS routes awsJson requests by content type first: anything else is an unknown operation.
  if (mediaType(request.headers["content-type"]) !== CONTENT_TYPE) {
    return errorResponse(
      requestId,
      404,
      "UnknownOperationException",
      `Unsupported Content-Type '${(request.headers["content-type"] ?? "").slice(0, 60)}': CodePipeline takes ${CONTENT_TYPE}`,
    )
  }
  const target = request.headers["x-amz-target"]
  if (target === undefined || target === "")
    return errorResponse(requestId, 400, "UnknownOperationException", "The request has no X-Amz-Target header")
  const operation = target.startsWith(TARGET_PREFIX) ? byName.get(target.slice(TARGET_PREFIX.length)) : undefined
  if (operation === undefined)
    return errorResponse(requestId, 400, "UnknownOperationException", `Unknown operation ${JSON.stringify(target.slice(0, 100))}`)
  const name = operation.name
  if (context.verifier !== undefined) {
    // Signatures are dated by the client's wall clock, so they are checked against the server's
    // wall clock, whatever clock the simulation runs on.
    let failure: AuthFailure | undefined
    try {
      failure = await context.verifier.verify(request, Date.now())
    } catch (error) {
      return errorResponse(
        requestId,
        500,
        "InternalFailure",
        `The emulator failed to check the signature: ${error instanceof Error ? error.message : String(error)}`,
        name,
      )
    }
    if (failure !== undefined) return errorResponse(requestId, 400, failure.code, failure.message, name)
  }
  const decoded = decodeInput(operation, request.body)
  if (decoded._tag === "Error") return errorResponse(requestId, 400, decoded.code, decoded.message, name)
  let output: unknown
  try {
    const accessKeyId = context.callerOf === undefined ? undefined : accessKeyOf(request)
    const caller = accessKeyId === undefined ? undefined : context.callerOf!(accessKeyId)
    output = context.simulator.execute(name as never, decoded.input as never, time, caller)
  } catch (error) {
    if (error instanceof ServiceError) return errorResponse(requestId, statusOf(error.code), error.code, error.message, name)
    return errorResponse(
      requestId,
      500,
      "InternalFailure",
      `The emulator failed in ${name}: ${error instanceof Error ? error.message : String(error)}`,
      name,
    )
  }
  const encoded = encodeOutput(operation, output)
  return "body" in encoded
    ? success(requestId, encoded.body, name)
    : errorResponse(requestId, 500, "InternalFailure", `The emulator failed: ${encoded.bug}`, name)
}
