import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type { CommonError } from "../../errors/common.js"
import type { Callable } from "../Operation.js"

/**
 * What an implementation of CodePipeline provides: one generic `execute` that runs any operation.
 * The 44 typed operations are functions over it (see `operations.ts`), which is what keeps
 * unused operations out of a bundle.
 */
export interface Service {
  readonly execute: <I, O, E>(operation: Callable<I, O, E>, input: I) => Effect.Effect<O, E | CommonError>
}

/**
 * The `CodePipeline` service. Provide it with `CodePipeline.layer(...)` (AWS) or
 * `CodePipeline.layerHttpClient(...)`.
 *
 * @since 0.1.0
 * @category services
 */
export class CodePipeline extends Context.Service<CodePipeline, Service>()("effect-codepipeline/CodePipeline") {}
