/**
 * What every group of operation handlers shares: the handler type (one synchronous function per
 * operation, typed by its codec's input and output) and look-ups that refuse with the service's
 * errors.
 */
import type { OperationCodec } from "../../internal/codec.js"
import type { operations } from "../../generated/operations.js"
import type * as T from "../../generated/types.js"
import { executionNotFound, pipelineNotFound, reject, stageNotFound } from "../errors.js"
import type { ExecutionRecord, PipelineRecord, Store } from "../state.js"

/** The model's name of an operation, for example `GetPipelineState`. */
export type OperationName = keyof typeof operations

/** The input of an operation, as the core's types describe it. */
export type Input<K extends OperationName> = (typeof operations)[K] extends OperationCodec<infer I, any> ? I : never
/** The output of an operation (`void` for one that returns nothing). */
export type Output<K extends OperationName> = (typeof operations)[K] extends OperationCodec<any, infer O> ? O : never

/**
 * An operation as a synchronous function over the store: it returns the output or throws a
 * `ServiceError` (see `errors.ts`).
 */
export type Handler<K extends OperationName> = (store: Store, input: Input<K>) => Output<K>

export type Handlers<K extends OperationName> = { readonly [P in K]: Handler<P> }

export const pipelineOr = (store: Store, name: string): PipelineRecord =>
  store.pipelines.get(name) ?? pipelineNotFound(store.config.accountId, name)

export const stageIndexOr = (pipeline: PipelineRecord, stageName: string): number => {
  const index = pipeline.declaration.stages.findIndex((s) => s.name === stageName)
  return index >= 0 ? index : stageNotFound(pipeline.name, stageName)
}

export const executionOr = (pipeline: PipelineRecord, id: string): ExecutionRecord =>
  pipeline.executionsById.get(id) ?? executionNotFound(pipeline.name, id)

export const actionOr = (pipeline: PipelineRecord, stageIndex: number, actionName: string): T.ActionDeclaration =>
  pipeline.declaration.stages[stageIndex]!.actions.find((a) => a.name === actionName) ??
  reject(
    "ActionNotFoundException",
    `Action '${actionName}' not found in stage '${pipeline.declaration.stages[stageIndex]!.name}' of pipeline '${pipeline.name}'`,
  )

export const scopeOf = (pipeline: PipelineRecord): string => `${pipeline.name}#${pipeline.incarnation}`

/** Executions not yet finished, against the QUEUED and PARALLEL concurrency quota. */
export const checkConcurrency = (store: Store, pipeline: PipelineRecord): void => {
  const mode = pipeline.declaration.executionMode
  if ((mode === "QUEUED" || mode === "PARALLEL") && pipeline.active.size >= store.config.maxConcurrentExecutions) {
    reject(
      "ConcurrentPipelineExecutionsLimitExceededException",
      `Pipeline '${pipeline.name}' has reached the limit of ${store.config.maxConcurrentExecutions} concurrent executions`,
    )
  }
}

export const arnOf = (store: Store, resource: string): string =>
  `arn:aws:codepipeline:${store.config.region}:${store.config.accountId}:${resource}`

export const tagList = (tags: ReadonlyMap<string, string>): Array<T.Tag> => [...tags].map(([key, value]) => ({ key, value }))
