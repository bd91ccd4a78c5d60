/**
 * Every error class: the modeled CodePipeline exceptions and the common errors.
 *
 * @since 0.1.0
 */
export * from "./common.js"
export * from "./modeled.js"
export type { ResponseMetadata } from "./metadata.js"
