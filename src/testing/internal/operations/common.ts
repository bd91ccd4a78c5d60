/**
 * What every group of operation handlers shares: the handler type (one synchronous function per
 * `Methods` member, typed by it) and look-ups that refuse with the service's errors.
 */
import type * as Effect from "effect/Effect"
import * as E from "../../../errors/modeled.js"
import type * as S from "../../../schema/shapes.js"
import type { Methods } from "../../../services/operations.js"
import { executionNotFound, pipelineNotFound, reject, stageNotFound } from "../failure.js"
import type { ExecutionRecord, PipelineRecord, Store } from "../state.js"

export type Input<K extends keyof Methods> = NonNullable<Parameters<Methods[K]>[0]>
export type Output<K extends keyof Methods> = Effect.Effect.Success<ReturnType<Methods[K]>>

/**
 * An operation as a synchronous function over the store: it returns the output or throws a
 * `Rejection` (see `failure.ts`). The service wraps it in an `Effect`.
 */
export type Handler<K extends keyof Methods> = (store: Store, input: Input<K>) => Output<K>

export type Handlers<K extends keyof Methods> = { readonly [P in K]: Handler<P> }

export const pipelineOr = (store: Store, name: string): PipelineRecord =>
  store.pipelines.get(name) ?? pipelineNotFound(store.config.accountId, name)

export const stageIndexOr = (pipeline: PipelineRecord, stageName: string): number => {
  const index = pipeline.declaration.stages.findIndex((s) => s.name === stageName)
  return index >= 0 ? index : stageNotFound(pipeline.name, stageName)
}

export const executionOr = (pipeline: PipelineRecord, id: string): ExecutionRecord =>
  pipeline.executionsById.get(id) ?? executionNotFound(pipeline.name, id)

export const actionOr = (pipeline: PipelineRecord, stageIndex: number, actionName: string): S.ActionDeclaration =>
  pipeline.declaration.stages[stageIndex]!.actions.find((a) => a.name === actionName) ??
  reject(new E.ActionNotFoundException({ message: `Action '${actionName}' not found in stage '${pipeline.declaration.stages[stageIndex]!.name}' of pipeline '${pipeline.name}'` }, true))

export const scopeOf = (pipeline: PipelineRecord): string => `${pipeline.name}#${pipeline.incarnation}`

/** Executions not yet finished, against the QUEUED and PARALLEL concurrency quota. */
export const checkConcurrency = (store: Store, pipeline: PipelineRecord): void => {
  const mode = pipeline.declaration.executionMode
  if ((mode === "QUEUED" || mode === "PARALLEL") && pipeline.active.size >= store.config.maxConcurrentExecutions) {
    reject(
      new E.ConcurrentPipelineExecutionsLimitExceededException(
        { message: `Pipeline '${pipeline.name}' has reached the limit of ${store.config.maxConcurrentExecutions} concurrent executions` },
        true,
      ),
    )
  }
}

export const arnOf = (store: Store, resource: string): string =>
  `arn:aws:codepipeline:${store.config.region}:${store.config.accountId}:${resource}`

export const tagList = (tags: ReadonlyMap<string, string>): Array<S.Tag> => [...tags].map(([key, value]) => ({ key, value }))
