/**
 * Fields every error raised by a call carries besides its message.
 *
 * Error classes are `Schema.TaggedError` classes defined at import, with nothing deferred: the
 * Effect 3 flavor defers each class to its first use by swapping prototypes, because defining its
 * 55 classes eagerly cost ~10 ms of its import there; Effect 4 has no public way to defer a class,
 * and defining them is cheaper. Measured 2026-12-04 with `bench/imports.mjs` (effect 4.1.5, Node
 * 24.21, a loaded 2-core machine, 15 interleaved rounds in fresh processes, medians): importing
 * `src/errors/index.ts` (all 55 classes) after effect's own modules took 12.4 ms, of which 7.5 ms is
 * what importing any module that uses `effect/Schema` took there: ~5 ms to define the classes.
 *
 * @since 0.1.0
 */
// Mirror of packages/effect3/src/errors/metadata.ts: the same metadata fields; Effect 3 defers each TaggedError class to its first use, Effect 4 defines
// them eagerly (each file says why).
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
