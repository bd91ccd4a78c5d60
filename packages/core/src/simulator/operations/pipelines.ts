/**
 * Pipelines: create, read, update, delete, list, state and transitions.
 */
import type * as T from "../../generated/types.js"
import * as Enums from "../../generated/enums.js"
import { cancelActive, carryLatest, jobExecution, pump, resetStages, startExecution } from "../engine.js"
import { checkEnum, reject, validation } from "../errors.js"
import { page } from "../paging.js"
import type { PipelineRecord, Store } from "../state.js"
import { validatePipeline, validateTags } from "../validate.js"
import { pipelineMetadata, pipelineState, pipelineSummary } from "../views.js"
import { arnOf, type Handlers, pipelineOr, stageIndexOr, tagList } from "./common.js"

/** Adds a validated pipeline to the store (CreatePipeline, and the seeding control). */
export const addPipeline = (store: Store, input: T.PipelineDeclaration, tags: ReadonlyArray<T.Tag> | undefined): PipelineRecord => {
  const name = input.name
  if (store.pipelines.has(name)) {
    reject("PipelineNameInUseException", `A pipeline with the name '${name}' already exists in account '${store.config.accountId}'`)
  }
  if (store.pipelines.size >= store.config.maxPipelines) {
    reject("LimitExceededException", `The account has reached the limit of ${store.config.maxPipelines} pipelines`)
  }
  const tagMap = validateTags(tags ?? [])
  const declaration = validatePipeline(store, input, 1)
  return insertPipeline(store, {
    name,
    arn: arnOf(store, name),
    declaration,
    versions: [declaration],
    created: store.now,
    updated: store.now,
    tags: tagMap,
    transitions: undefined,
  })
}

/** What a pipeline's record is made from (CreatePipeline, or a snapshot): the rest starts empty. */
export type PipelineFields = Pick<
  PipelineRecord,
  "name" | "arn" | "declaration" | "versions" | "created" | "updated" | "tags" | "transitions"
>

/** Puts a checked pipeline in the store: a fresh incarnation, no executions, its stages reset. */
export const insertPipeline = (store: Store, fields: PipelineFields): PipelineRecord => {
  const pipeline: PipelineRecord = {
    ...fields,
    incarnation: ++store.incarnations,
    executions: [],
    executionsById: new Map(),
    active: new Set(),
    occupant: [],
    waiting: [],
    latestStage: [],
    latestAction: [],
    sources: undefined,
    requestTokens: undefined,
  }
  resetStages(pipeline)
  store.pipelines.set(pipeline.name, pipeline)
  store.sortedPipelineNames = undefined
  return pipeline
}

export const removePipeline = (store: Store, pipeline: PipelineRecord): void => {
  cancelActive(store, pipeline)
  store.pipelines.delete(pipeline.name)
  store.sortedPipelineNames = undefined
  // Its jobs go with it: workers asking about them get JobNotFoundException.
  for (const [id, job] of store.jobs) {
    if (jobExecution(job).pipeline === pipeline) store.jobs.delete(id)
  }
  for (const queue of store.queued.values()) {
    for (let i = queue.length - 1; i >= 0; i--) if (jobExecution(queue[i]!).pipeline === pipeline) queue.splice(i, 1)
  }
}

const sortedNames = (store: Store): ReadonlyArray<string> => (store.sortedPipelineNames ??= [...store.pipelines.keys()].sort())

const setTransition = (store: Store, pipeline: PipelineRecord, stageName: string, type: string, enabled: boolean, reason?: string) => {
  checkEnum("transitionType", type, Enums.StageTransitionType)
  const index = stageIndexOr(pipeline, stageName)
  const key = type === "Inbound" ? stageName : `out:${stageName}`
  ;(pipeline.transitions ??= new Map()).set(key, {
    enabled,
    lastChangedBy: store.caller,
    lastChangedAt: store.now,
    ...(reason !== undefined ? { disabledReason: reason } : {}),
  })
  if (enabled) pump(store, pipeline, type === "Inbound" ? index : index + 1)
}

export const pipelineHandlers: Handlers<
  | "CreatePipeline"
  | "UpdatePipeline"
  | "DeletePipeline"
  | "GetPipeline"
  | "ListPipelines"
  | "GetPipelineState"
  | "DisableStageTransition"
  | "EnableStageTransition"
> = {
  CreatePipeline: (store, input) => {
    const pipeline = addPipeline(store, input.pipeline, input.tags)
    if (store.config.startOnCreate) {
      startExecution(store, pipeline, { trigger: { triggerType: "CreatePipeline", triggerDetail: store.caller } })
    }
    return {
      pipeline: pipeline.declaration,
      ...(input.tags !== undefined ? { tags: tagList(pipeline.tags) } : {}),
    }
  },

  UpdatePipeline: (store, input) => {
    const pipeline = store.pipelines.get(input.pipeline.name)
    if (pipeline === undefined) return validation(`Pipeline '${input.pipeline.name}' does not exist`)
    const declaration = validatePipeline(store, input.pipeline, pipeline.declaration.version! + 1)
    // Running executions do not survive a change of definition.
    cancelActive(store, pipeline)
    const previous = pipeline.declaration
    pipeline.declaration = declaration
    pipeline.versions.push(declaration)
    pipeline.updated = store.now
    const names = new Set(declaration.stages.map((s) => s.name))
    const transitions = pipeline.transitions
    for (const key of [...(transitions?.keys() ?? [])]) {
      if (!names.has(key.startsWith("out:") ? key.slice(4) : key)) transitions!.delete(key)
    }
    carryLatest(pipeline, previous)
    resetStages(pipeline)
    return { pipeline: declaration }
  },

  DeletePipeline: (store, input) => {
    const pipeline = store.pipelines.get(input.name)
    // Deleting a pipeline that does not exist succeeds, as it does on the service.
    if (pipeline !== undefined) removePipeline(store, pipeline)
  },

  GetPipeline: (store, input) => {
    const pipeline = pipelineOr(store, input.name)
    const version = input.version ?? pipeline.declaration.version!
    const declaration = pipeline.versions[version - 1]
    if (declaration === undefined) {
      reject("PipelineVersionNotFoundException", `Pipeline '${input.name}' has no version ${version}`)
    }
    return { pipeline: declaration, metadata: pipelineMetadata(store, pipeline) }
  },

  ListPipelines: (store, input) => {
    const result = page(store, "ListPipelines", "", sortedNames(store), (name) => name, input.maxResults ?? 1000, input.nextToken)
    return {
      pipelines: result.items.map((name) => pipelineSummary(store, store.pipelines.get(name)!)),
      ...(result.nextToken !== undefined ? { nextToken: result.nextToken } : {}),
    }
  },

  GetPipelineState: (store, input) => pipelineState(store, pipelineOr(store, input.name)),

  DisableStageTransition: (store, input) => {
    const pipeline = pipelineOr(store, input.pipelineName)
    setTransition(store, pipeline, input.stageName, input.transitionType, false, input.reason)
  },

  EnableStageTransition: (store, input) => {
    const pipeline = pipelineOr(store, input.pipelineName)
    setTransition(store, pipeline, input.stageName, input.transitionType, true)
  },
}
