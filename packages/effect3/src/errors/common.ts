/**
 * Errors any CodePipeline call can fail with, besides the exceptions its operation models.
 *
 * Every operation's error channel is its modeled exceptions plus {@link CommonError}: the errors
 * every AWS JSON service can answer with (throttling, access denied, authentication, internal
 * failures), one catch-all for any other service error, and the client-side failures (invalid
 * input, credentials, transport, undecodable response).
 *
 * Each is a `Schema.TaggedError`, made when first used (`TaggedError` from `./metadata.js`) to keep
 * the package's import cheap.
 *
 * @since 0.1.0
 */
// Mirror of src/errors/common.ts: the same error classes, each a Schema.TaggedError of its Effect's Schema.
import * as Schema from "effect/Schema"
import { ResponseMetadataFields, TaggedError } from "./metadata.js"

const serviceErrorFields = {
  message: Schema.String,
  /** The error code exactly as the service sent it (for example `Throttling` for a `ThrottlingException`). */
  code: Schema.optional(Schema.String),
  ...ResponseMetadataFields,
}

/**
 * The request was throttled (`ThrottlingException`, `Throttling`, `TooManyRequestsException`,
 * `RequestLimitExceeded`, HTTP 429, ...). Retried by the default retry policy.
 *
 * @since 0.1.0
 * @category errors
 */
export class ThrottlingException extends TaggedError<ThrottlingException>()("ThrottlingException", serviceErrorFields) {}

/**
 * The caller is not allowed to perform the action (`AccessDeniedException`).
 *
 * @since 0.1.0
 * @category errors
 */
export class AccessDeniedException extends TaggedError<AccessDeniedException>()("AccessDeniedException", serviceErrorFields) {}

/**
 * The access key is unknown to AWS (`UnrecognizedClientException`, `InvalidClientTokenId`).
 *
 * @since 0.1.0
 * @category errors
 */
export class UnrecognizedClientException extends TaggedError<UnrecognizedClientException>()(
  "UnrecognizedClientException",
  serviceErrorFields,
) {}

/**
 * The request signature does not match (`InvalidSignatureException`, `SignatureDoesNotMatch`,
 * `IncompleteSignature`), or the request is dated too far from the service's clock
 * (`RequestExpired`, `RequestTimeTooSkewed`, `RequestInTheFuture`). A skew error is retried once
 * the client has corrected its clock from the response's `Date` header.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidSignatureException extends TaggedError<InvalidSignatureException>()("InvalidSignatureException", serviceErrorFields) {}

/**
 * The session token has expired (`ExpiredTokenException`, `ExpiredToken`).
 *
 * @since 0.1.0
 * @category errors
 */
export class ExpiredTokenException extends TaggedError<ExpiredTokenException>()("ExpiredTokenException", serviceErrorFields) {}

/**
 * The request carried no credentials (`MissingAuthenticationTokenException`).
 *
 * @since 0.1.0
 * @category errors
 */
export class MissingAuthenticationTokenException extends TaggedError<MissingAuthenticationTokenException>()(
  "MissingAuthenticationTokenException",
  serviceErrorFields,
) {}

/**
 * The service failed internally (`InternalFailure`, `InternalServerError`, or HTTP 500 without a
 * code). Retried by the default retry policy.
 *
 * @since 0.1.0
 * @category errors
 */
export class InternalFailure extends TaggedError<InternalFailure>()("InternalFailure", serviceErrorFields) {}

/**
 * The service is temporarily unavailable (`ServiceUnavailable`, `ServiceUnavailableException`, or
 * HTTP 503 without a code). Retried by the default retry policy.
 *
 * @since 0.1.0
 * @category errors
 */
export class ServiceUnavailable extends TaggedError<ServiceUnavailable>()("ServiceUnavailable", serviceErrorFields) {}

/**
 * Any other error response: a code this operation does not model, or a response without a
 * recognisable code (for example an HTML page from a proxy). `code` is `"Unknown"` when the
 * response named none.
 *
 * @since 0.1.0
 * @category errors
 */
export class UnknownServiceError extends TaggedError<UnknownServiceError>()("UnknownServiceError", {
  message: Schema.String,
  code: Schema.String,
  ...ResponseMetadataFields,
}) {}

/**
 * The request never got a complete response: the connection failed or was reset
 * (`reason: "Network"`), or an attempt or the whole call ran out of time (`reason: "Timeout"`).
 *
 * @since 0.1.0
 * @category errors
 */
export class TransportError extends TaggedError<TransportError>()("TransportError", {
  reason: Schema.Literal("Network", "Timeout"),
  message: Schema.String,
  ...ResponseMetadataFields,
}) {}

/**
 * A successful response whose body is not what the operation returns: not JSON, or JSON of the
 * wrong shape. `message` names the path of the offending member; the body itself is never
 * included, as it may hold credentials.
 *
 * @since 0.1.0
 * @category errors
 */
export class ResponseDecodeError extends TaggedError<ResponseDecodeError>()("ResponseDecodeError", {
  message: Schema.String,
  ...ResponseMetadataFields,
}) {}

/**
 * The input breaks the operation's model (a missing required member, a string too long or not
 * matching its pattern, a number out of range, a member the operation does not have). Raised before
 * anything is sent. `path` names the offending member, for example `pipeline.stages[0].name`.
 *
 * @since 0.1.0
 * @category errors
 */
export class InputValidationError extends TaggedError<InputValidationError>()("InputValidationError", {
  operation: Schema.String,
  path: Schema.String,
  message: Schema.String,
}) {}

/**
 * No credentials could be resolved, or the credential provider failed. The message says which
 * provider failed and why; it never contains a secret.
 *
 * @since 0.1.0
 * @category errors
 */
export class CredentialsError extends TaggedError<CredentialsError>()("CredentialsError", {
  message: Schema.String,
}) {}

/**
 * The errors every operation can fail with.
 *
 * @since 0.1.0
 * @category errors
 */
export type CommonError =
  | ThrottlingException
  | AccessDeniedException
  | UnrecognizedClientException
  | InvalidSignatureException
  | ExpiredTokenException
  | MissingAuthenticationTokenException
  | InternalFailure
  | ServiceUnavailable
  | UnknownServiceError
  | TransportError
  | ResponseDecodeError
  | InputValidationError
  | CredentialsError

/**
 * The parameters do not resolve to an endpoint: an invalid combination rejected by the rule set
 * (its message verbatim, for example `Invalid Configuration: FIPS and custom endpoint are not
 * supported`), a missing region, or a malformed region or endpoint.
 *
 * @since 0.1.0
 * @category errors
 */
export class EndpointError extends TaggedError<EndpointError>()("EndpointError", {
  message: Schema.String,
}) {}
