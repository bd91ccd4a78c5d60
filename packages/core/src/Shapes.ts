/**
 * The codec of each shape of the model, by the shape's name: `Validate.PipelineDeclaration`,
 * `Encode.PipelineMetadata` (only shapes whose wire form differs have an encoder), and
 * `Decode.JobData`. Operations' codecs are in `Operations`.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as Validate from "./generated/validate.js"

/**
 * @since 0.1.0
 */
export * as Encode from "./generated/encode.js"

/**
 * @since 0.1.0
 */
export * as Decode from "./generated/decode.js"
