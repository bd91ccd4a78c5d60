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
export * as CodePipelineStub from "./CodePipelineStub.js"

/**
 * A stateful, in-memory CodePipeline with simulated time, and its test controls.
 *
 * @since 0.1.0
 */
export * as CodePipelineInMemory from "./CodePipelineInMemory.js"

/**
 * Outcomes of simulated actions and stage-condition rules, for `CodePipelineInMemory`'s simulator.
 *
 * @since 0.1.0
 */
export * as Outcome from "./Outcome.js"

/**
 * The in-memory CodePipeline served over HTTP with the real wire protocol and SigV4, for any AWS
 * client (the official SDKs, the AWS CLI, Terraform).
 *
 * @since 0.1.0
 */
export * as CodePipelineEmulator from "./CodePipelineEmulator.js"
