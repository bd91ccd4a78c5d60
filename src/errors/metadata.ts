/**
 * Fields every error raised by a call carries besides its message.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * Where a failure came from: the AWS request id (`x-amzn-RequestId`), how many attempts the call
 * made before it gave up, and the HTTP status of the last response. All are absent when the
 * failure happened before any response (for example a network error on the first attempt leaves
 * `requestId` and `httpStatus` unset).
 *
 * @since 0.1.0
 * @category fields
 */
export const ResponseMetadataFields = {
  requestId: Schema.optional(Schema.String),
  attempts: Schema.optional(Schema.Number),
  httpStatus: Schema.optional(Schema.Number),
}

/**
 * @since 0.1.0
 * @category models
 */
export interface ResponseMetadata {
  readonly requestId?: string | undefined
  readonly attempts?: number | undefined
  readonly httpStatus?: number | undefined
}

/**
 * The fields of every modeled exception: the service's message and the response metadata.
 * One shared object, so that generated error classes take no spread (which a bundler must assume
 * has side effects) and unused ones can be dropped.
 *
 * @since 0.1.0
 * @category fields
 */
export const ModeledErrorFields = {
  message: Schema.String,
  ...ResponseMetadataFields,
}
