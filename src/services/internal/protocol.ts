/**
 * The core's awsJson1_1 protocol (`@effect-codepipeline/core/Protocol`) as this flavor's errors:
 * an error response, classified by the core, becomes the operation's modeled exception or the
 * common error class of its kind; an output that does not decode, a `ResponseDecodeError`.
 */
// Mirror of packages/effect3/src/services/internal/protocol.ts: the core's readError and decodeOutput as each flavor's error classes (Effect 3's take
// disableValidation) and Either/Result.
import type { ClientOperationCodec } from "@effect-codepipeline/core/Codec"
import type { Credentials } from "@effect-codepipeline/core/Credentials"
import * as Protocol from "@effect-codepipeline/core/Protocol"
import { scrubFor } from "@effect-codepipeline/core/Redact"
import * as Result from "effect/Result"
import * as Common from "../../errors/common.js"
import type { CommonError } from "../../errors/common.js"
import type { ResponseMetadata } from "../../errors/metadata.js"
import type { Callable } from "../Operation.js"
import type { HttpResponse } from "../Transport.js"
import { decodeOptions } from "./secrets.js"

type ServiceErrorClass = new (props: { readonly message: string; readonly code?: string } & ResponseMetadata) => CommonError

/** The class of each common error the core classifies a response as. */
const classes: Record<Protocol.CommonErrorKind, ServiceErrorClass> = {
  ThrottlingException: Common.ThrottlingException,
  AccessDeniedException: Common.AccessDeniedException,
  UnrecognizedClientException: Common.UnrecognizedClientException,
  InvalidSignatureException: Common.InvalidSignatureException,
  ExpiredTokenException: Common.ExpiredTokenException,
  MissingAuthenticationTokenException: Common.MissingAuthenticationTokenException,
  InternalFailure: Common.InternalFailure,
  ServiceUnavailable: Common.ServiceUnavailable,
}

/** `metadata` with its request id (a header, so server text) scrubbed. */
const scrubbedMetadata = (metadata: ResponseMetadata, signedWith: Credentials | undefined): ResponseMetadata =>
  metadata.requestId === undefined
    ? metadata
    : { ...metadata, requestId: scrubFor(signedWith)(metadata.requestId, Protocol.textLimits.requestId) }

/**
 * The typed error for an error response: modeled, common, or `UnknownServiceError`. The server's
 * text (message, code, request id) is scrubbed by the core: capped, copied, and cleared of the
 * secrets of the credentials that signed the request, `signedWith`.
 */
export const toError = <E>(
  operation: Callable<any, any, E>,
  response: HttpResponse,
  responseMetadata: ResponseMetadata,
  signedWith?: Credentials,
): E | CommonError => {
  const error = Protocol.readError(operation.codec, response, signedWith)
  const metadata = scrubbedMetadata(responseMetadata, signedWith)
  if (error._tag === "Modeled") {
    // The codec's list of modeled codes and the operation's classes are generated together.
    const modeled = Object.hasOwn(operation.errors, error.code) ? operation.errors[error.code] : undefined
    if (modeled !== undefined) return new modeled({ message: error.message, ...metadata })
    return new Common.UnknownServiceError({ message: error.message, code: error.code, ...metadata })
  }
  if (error._tag === "UnknownServiceError") {
    return new Common.UnknownServiceError({ message: error.message, code: error.code, ...metadata })
  }
  const props =
    error.code === undefined ? { message: error.message, ...metadata } : { message: error.message, code: error.code, ...metadata }
  return new classes[error._tag](props)
}

/**
 * The output of a successful response, decoded leniently by the core (sensitive strings as
 * `Redacted`). A failure's message quotes the server, so it is scrubbed as in `toError`.
 */
export const decodeOutput = <O>(
  codec: ClientOperationCodec<any, O>,
  response: HttpResponse,
  metadata: ResponseMetadata,
  signedWith?: Credentials,
): Result.Result<O, Common.ResponseDecodeError> => {
  const output = Protocol.decodeOutput(codec, response, decodeOptions, signedWith)
  if (output._tag === "Ok") return Result.succeed(output.value)
  return Result.fail(new Common.ResponseDecodeError({ message: output.message, ...scrubbedMetadata(metadata, signedWith) }))
}
