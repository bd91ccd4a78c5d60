/**
 * Test doubles for the `CodePipeline` service.
 *
 * @since 0.1.0
 */

/**
 * Canned, typed answers per operation, with call recording and assertions.
 *
 * @since 0.1.0
 */
export * as CodePipelineStub from "./Stub.js"
