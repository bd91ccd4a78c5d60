/**
 * The 44 CodePipeline operations as data: their codecs, modeled errors and paginators.
 *
 * @since 0.1.0
 */
export * from "./generated/operations.js"
