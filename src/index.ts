/**
 * effect-codepipeline: AWS CodePipeline as typed Effects.
 *
 * Each namespace is also its own entry point (`effect-codepipeline/CodePipeline`, ...), as in
 * `effect` itself: `import * as CodePipeline from "effect-codepipeline/CodePipeline"` lets esbuild
 * drop the operations a program does not call, which a namespace re-exported from this index does
 * not.
 *
 * @since 0.1.0
 */

/**
 * The `CodePipeline` service, its layers and the 44 operations.
 *
 * @since 0.1.0
 */
export * as CodePipeline from "./services/CodePipeline.js"

/**
 * Credential providers.
 *
 * @since 0.1.0
 */
export * as Credentials from "./services/Credentials.js"

/**
 * Job workers for custom, third-party and Lambda-invoked actions.
 *
 * @since 0.1.0
 */
export * as JobWorker from "./services/JobWorker.js"

/**
 * What release tooling asks: pending approvals with their tokens, the execution running in a
 * stage, waiting for an execution to end.
 *
 * @since 0.1.0
 */
export * as Releases from "./services/Releases.js"

/**
 * Retry policy options and predicates.
 *
 * @since 0.1.0
 */
export * as Retry from "./services/Retry.js"

/**
 * Operations as data.
 *
 * @since 0.1.0
 */
export * as Operation from "./services/Operation.js"

/**
 * The transport seam.
 *
 * @since 0.1.0
 */
export * as Transport from "./services/Transport.js"

/**
 * Schemas of every CodePipeline shape.
 *
 * @since 0.1.0
 */
export * as Schemas from "./schema/Schemas.js"

/**
 * @since 0.1.0
 */
export * from "./errors/index.js"
