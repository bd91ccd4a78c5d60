/**
 * Executions: start, stop, retry, roll back, override conditions, approve, new source revisions,
 * and the execution histories.
 */
import type * as T from "../../generated/types.js"
import * as Enums from "../../generated/enums.js"
import { builtinActionTypesByKey, actionTypeKey } from "../catalog.js"
import {
  actionExecutionId,
  completeAction,
  overrideCondition,
  relative,
  restartStage,
  retryable,
  runsOf,
  sourceRevision,
  stageNameOf,
  startExecution,
  stopExecution,
} from "../engine.js"
import { checkEnum, reject, validation } from "../errors.js"
import { checksum } from "../random.js"
import { page } from "../paging.js"
import type { ActionRun, ExecutionRecord, PipelineRecord, Revision, RuleRun, Store } from "../state.js"
import { pipelineVariables } from "../variables.js"
import { actionExecutionDetail, date, executionSummary, pipelineExecution, ruleExecutionDetail } from "../views.js"
import { actionOr, checkConcurrency, executionOr, type Handlers, pipelineOr, scopeOf, stageIndexOr } from "./common.js"

const resolveVariables = (
  pipeline: PipelineRecord,
  given: ReadonlyArray<T.PipelineVariable> | undefined,
): ReadonlyArray<T.ResolvedPipelineVariable> | undefined => {
  const declared = pipeline.declaration.variables ?? []
  const values = new Map<string, string>()
  for (const v of given ?? []) {
    if (values.has(v.name)) validation(`Pipeline variable '${v.name}' is given twice`)
    if (!declared.some((d) => d.name === v.name)) validation(`Pipeline variable '${v.name}' is not declared in pipeline '${pipeline.name}'`)
    values.set(v.name, v.value)
  }
  const { variables, missing } = pipelineVariables(pipeline.declaration, values)
  // A manual start is refused; an automatic one fails its execution (see `startExecution`).
  if (missing !== undefined) validation(`Pipeline variable '${missing}' has no default value and must be given a value`)
  return variables
}

const resolveOverrides = (
  store: Store,
  pipeline: PipelineRecord,
  given: ReadonlyArray<T.SourceRevisionOverride> | undefined,
): ReadonlyMap<string, Revision> | undefined => {
  if (given === undefined || given.length === 0) return undefined
  const overrides = new Map<string, Revision>()
  const sources = pipeline.declaration.stages[0]!.actions
  for (const o of given) {
    if (overrides.has(o.actionName)) validation(`Source revision for action '${o.actionName}' is given twice`)
    const action = sources.find((a) => a.name === o.actionName)
    if (action === undefined) return validation(`Action '${o.actionName}' is not a source action of pipeline '${pipeline.name}'`)
    const allowed = builtinActionTypesByKey.get(actionTypeKey(action.actionTypeId))?.revisionTypes ?? []
    if (!allowed.includes(o.revisionType)) {
      validation(`Revision type '${o.revisionType}' cannot be used for the ${action.actionTypeId.provider} source action '${o.actionName}'`)
    }
    overrides.set(o.actionName, {
      revisionId: o.revisionValue,
      revisionChangeId: o.revisionValue,
      summary: `Override: ${o.revisionType}`,
      created: store.now,
    })
  }
  return overrides
}

/** Action runs of one execution, newest first. */
const actionRunsOf = (exec: ExecutionRecord): Array<ActionRun> => {
  const runs: Array<ActionRun> = []
  for (const run of exec.stageRuns) if (run !== undefined) runs.push(...runsOf(run))
  // Newest first; runs that started at the same instant keep their reverse start order (stable sort).
  return runs.reverse().sort((a, b) => b.startTime - a.startTime)
}

const latestOnly = (runs: ReadonlyArray<ActionRun>): Array<ActionRun> => {
  const seen = new Set<string>()
  return runs.filter((a) => {
    const key = `${a.stage.index}/${a.index}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

const filteredExecution = (
  pipeline: PipelineRecord,
  filter:
    | {
        readonly pipelineExecutionId?: string | undefined
        readonly latestInPipelineExecution?: T.LatestInPipelineExecutionFilter | undefined
      }
    | undefined,
): { exec: ExecutionRecord; latest: boolean } | undefined => {
  if (filter?.latestInPipelineExecution !== undefined) {
    const f = filter.latestInPipelineExecution
    checkEnum("filter.latestInPipelineExecution.startTimeRange", f.startTimeRange, Enums.StartTimeRange)
    return { exec: executionOr(pipeline, f.pipelineExecutionId), latest: f.startTimeRange === "Latest" }
  }
  if (filter?.pipelineExecutionId !== undefined) return { exec: executionOr(pipeline, filter.pipelineExecutionId), latest: false }
  return undefined
}

const newestFirst = (pipeline: PipelineRecord): Array<ExecutionRecord> => {
  const out = new Array<ExecutionRecord>(pipeline.executions.length)
  for (let i = 0; i < out.length; i++) out[i] = pipeline.executions[out.length - 1 - i]!
  return out
}

const deployTargets = (store: Store, action: ActionRun): ReadonlyArray<T.DeployActionExecutionTarget> => {
  if (action.targets !== undefined) return action.targets
  const id = action.declaration.actionTypeId
  if (id.category !== "Deploy" || (id.provider !== "EC2" && id.provider !== "CodeDeploy")) return []
  // One simulated instance, mirroring the action's progress.
  const status = action.status === "Succeeded" ? "Succeeded" : action.status === "InProgress" ? "InProgress" : "Failed"
  const done = action.status !== "InProgress"
  const executionId = actionExecutionId(store, action)
  return [
    {
      targetId: `i-${checksum(executionId)}${checksum(`${executionId}/t`).slice(0, 9)}`,
      targetType: "EC2",
      status,
      startTime: date(store, action.startTime),
      ...(done ? { endTime: date(store, action.lastUpdateTime) } : {}),
      events: [],
    },
  ]
}

export const executionHandlers: Handlers<
  | "StartPipelineExecution"
  | "StopPipelineExecution"
  | "GetPipelineExecution"
  | "ListPipelineExecutions"
  | "RetryStageExecution"
  | "RollbackStage"
  | "OverrideStageCondition"
  | "ListActionExecutions"
  | "ListRuleExecutions"
  | "PutApprovalResult"
  | "PutActionRevision"
  | "ListDeployActionExecutionTargets"
> = {
  StartPipelineExecution: (store, input) => {
    const pipeline = pipelineOr(store, input.name)
    const fingerprint = JSON.stringify([input.variables ?? [], input.sourceRevisions ?? []])
    if (input.clientRequestToken !== undefined) {
      const previous = pipeline.requestTokens?.get(input.clientRequestToken)
      if (previous !== undefined) {
        if (previous.fingerprint === fingerprint) return { pipelineExecutionId: previous.executionId }
        reject("ConflictException", `Client request token '${input.clientRequestToken}' was already used with different parameters`)
      }
    }
    const v2 = pipeline.declaration.pipelineType === "V2"
    if (!v2 && (input.variables?.length ?? 0) > 0) validation("Pipeline variables can only be used with V2 pipelines")
    if (!v2 && (input.sourceRevisions?.length ?? 0) > 0) validation("Source revision overrides can only be used with V2 pipelines")
    const variables = resolveVariables(pipeline, input.variables)
    const overrides = resolveOverrides(store, pipeline, input.sourceRevisions)
    checkConcurrency(store, pipeline)
    const exec = startExecution(store, pipeline, {
      trigger: { triggerType: "StartPipelineExecution", triggerDetail: store.caller },
      variables,
      overrides,
    })
    if (input.clientRequestToken !== undefined) {
      ;(pipeline.requestTokens ??= new Map()).set(input.clientRequestToken, { fingerprint, executionId: exec.id })
    }
    return { pipelineExecutionId: exec.id }
  },

  StopPipelineExecution: (store, input) => {
    const pipeline = pipelineOr(store, input.pipelineName)
    const exec = pipeline.executionsById.get(input.pipelineExecutionId)
    const abandon = input.abandon ?? false
    if (exec?.status === "Stopping" && !abandon) {
      reject(
        "DuplicatedStopRequestException",
        `Pipeline execution ${input.pipelineExecutionId} is already stopping: it can be stopped again only by abandoning it`,
      )
    }
    if (exec === undefined || (exec.status !== "InProgress" && exec.status !== "Stopping")) {
      return reject(
        "PipelineExecutionNotStoppableException",
        `Pipeline execution ${input.pipelineExecutionId} of pipeline '${input.pipelineName}' is not in progress and cannot be stopped`,
      )
    }
    stopExecution(store, exec, abandon, input.reason)
    return { pipelineExecutionId: exec.id }
  },

  GetPipelineExecution: (store, input) => {
    const pipeline = pipelineOr(store, input.pipelineName)
    return { pipelineExecution: pipelineExecution(store, executionOr(pipeline, input.pipelineExecutionId)) }
  },

  ListPipelineExecutions: (store, input) => {
    const pipeline = pipelineOr(store, input.pipelineName)
    let executions = newestFirst(pipeline)
    const stageName = input.filter?.succeededInStage?.stageName
    if (stageName !== undefined) {
      executions = executions.filter((e) =>
        e.stageRuns.some((r) => r !== undefined && r.status === "Succeeded" && stageNameOf(r) === stageName),
      )
    }
    const result = page(
      store,
      "ListPipelineExecutions",
      `${scopeOf(pipeline)}/${stageName ?? ""}`,
      executions,
      (e) => e.id,
      input.maxResults ?? 100,
      input.nextToken,
    )
    return {
      pipelineExecutionSummaries: result.items.map((e) => executionSummary(store, e)),
      ...(result.nextToken !== undefined ? { nextToken: result.nextToken } : {}),
    }
  },

  RetryStageExecution: (store, input) => {
    const pipeline = pipelineOr(store, input.pipelineName)
    const index = stageIndexOr(pipeline, input.stageName)
    checkEnum("retryMode", input.retryMode, Enums.StageRetryMode)
    const notRetryable = (why: string): never =>
      reject("StageNotRetryableException", `Stage '${input.stageName}' of execution ${input.pipelineExecutionId} cannot be retried: ${why}`)
    const exec = pipeline.executionsById.get(input.pipelineExecutionId)
    if (exec === undefined) return notRetryable("the pipeline execution does not exist")
    if (exec.declaration !== pipeline.declaration) notRetryable("the pipeline structure changed since the execution ran")
    const run = exec.stageRuns[index]
    if (pipeline.latestStage[index] !== run && run !== undefined) {
      reject(
        "NotLatestPipelineExecutionException",
        `Stage '${input.stageName}' has run a later pipeline execution than ${input.pipelineExecutionId}`,
      )
    }
    if (!retryable(run) || exec.phase !== "Done") notRetryable("the stage has not failed or stopped")
    const occupant = pipeline.occupant[index]
    if (occupant !== undefined && occupant !== exec) {
      reject("ConflictException", `Stage '${input.stageName}' is busy with execution ${occupant.id}`)
    }
    checkConcurrency(store, pipeline)
    const retry = (run!.retry ??= { auto: 0, manual: 0, trigger: "ManualStageRetry" })
    retry.manual++
    retry.trigger = "ManualStageRetry"
    restartStage(store, run!, input.retryMode)
    return { pipelineExecutionId: exec.id }
  },

  RollbackStage: (store, input) => {
    const pipeline = pipelineOr(store, input.pipelineName)
    const index = stageIndexOr(pipeline, input.stageName)
    const unable = (why: string): never =>
      reject("UnableToRollbackStageException", `Unable to roll back stage '${input.stageName}': ${why}`)
    if (pipeline.declaration.pipelineType !== "V2") validation("Stage rollback can only be used with V2 pipelines")
    if (pipeline.declaration.executionMode === "PARALLEL") validation("Stage rollback is not available for pipelines in PARALLEL mode")
    if (index === 0) unable("the first stage cannot be rolled back")
    const target = executionOr(pipeline, input.targetPipelineExecutionId)
    // "You cannot roll back to a target execution ID that is a rollback execution type."
    // (https://docs.aws.amazon.com/codepipeline/latest/userguide/stage-rollback.html)
    if (target.rollbackFrom !== undefined) unable(`the target execution ${target.id} is itself a rollback`)
    if (target.declaration !== pipeline.declaration) unable("the pipeline version changed since the target execution ran")
    if (target.stageRuns[index]?.status !== "Succeeded") unable(`the target execution did not succeed in stage '${input.stageName}'`)
    const latest = pipeline.latestStage[index]
    if (latest !== undefined && (latest.status === "InProgress" || latest.status === "Stopping")) unable("the stage is running")
    if (latest?.exec === target) unable("the target execution is the latest one in the stage")
    for (const e of pipeline.active) {
      if (e.rollbackFrom !== undefined) reject("ConflictException", `Rollback ${e.id} is already in progress`)
    }
    const exec = startExecution(store, pipeline, {
      trigger: { triggerType: "ManualRollback", triggerDetail: store.caller },
      rollback: { target, stageIndex: index },
    })
    return { pipelineExecutionId: exec.id }
  },

  OverrideStageCondition: (store, input) => {
    const pipeline = pipelineOr(store, input.pipelineName)
    const index = stageIndexOr(pipeline, input.stageName)
    checkEnum("conditionType", input.conditionType, Enums.ConditionType)
    const exec = pipeline.executionsById.get(input.pipelineExecutionId)
    if (exec === undefined)
      return validation(`Pipeline execution ${input.pipelineExecutionId} does not exist in pipeline '${input.pipelineName}'`)
    const run = exec.stageRuns[index]
    const latest = pipeline.latestStage[index]
    if (run !== undefined && latest !== run) {
      reject("NotLatestPipelineExecutionException", `Stage '${input.stageName}' has run a later pipeline execution`)
    }
    const condition = run?.conditions?.[input.conditionType as "BEFORE_ENTRY" | "ON_SUCCESS"]
    if (condition === undefined || condition.status !== "InProgress") {
      return reject(
        "ConditionNotOverridableException",
        `No ${input.conditionType} condition of stage '${input.stageName}' is being evaluated for execution ${input.pipelineExecutionId}`,
      )
    }
    overrideCondition(store, condition)
  },

  ListActionExecutions: (store, input) => {
    const pipeline = pipelineOr(store, input.pipelineName)
    const only = filteredExecution(pipeline, input.filter)
    let runs: Array<ActionRun>
    if (only !== undefined) {
      runs = actionRunsOf(only.exec)
      if (only.latest) runs = latestOnly(runs)
    } else {
      runs = []
      for (const exec of newestFirst(pipeline)) runs.push(...actionRunsOf(exec))
    }
    const scope = `${scopeOf(pipeline)}/${only?.exec.id ?? ""}/${only?.latest ?? ""}`
    const result = page(
      store,
      "ListActionExecutions",
      scope,
      runs,
      (a) => actionExecutionId(store, a),
      input.maxResults ?? 100,
      input.nextToken,
    )
    return {
      actionExecutionDetails: result.items.map((a) => actionExecutionDetail(store, a)),
      ...(result.nextToken !== undefined ? { nextToken: result.nextToken } : {}),
    }
  },

  ListRuleExecutions: (store, input) => {
    const pipeline = pipelineOr(store, input.pipelineName)
    const only = filteredExecution(pipeline, input.filter)
    const rules: Array<RuleRun> = []
    for (const exec of only !== undefined ? [only.exec] : newestFirst(pipeline)) {
      const ofExec: Array<RuleRun> = []
      for (const run of exec.stageRuns) {
        const c = run?.conditions
        if (c === undefined) continue
        for (const condition of [c.BEFORE_ENTRY, c.ON_SUCCESS, c.ON_FAILURE]) if (condition !== undefined) ofExec.push(...condition.rules)
      }
      rules.push(...ofExec.reverse())
    }
    const scope = `${scopeOf(pipeline)}/${only?.exec.id ?? ""}`
    const result = page(store, "ListRuleExecutions", scope, rules, (r) => r.id, input.maxResults ?? 100, input.nextToken)
    return {
      ruleExecutionDetails: result.items.map((r) => ruleExecutionDetail(store, r)),
      ...(result.nextToken !== undefined ? { nextToken: result.nextToken } : {}),
    }
  },

  PutApprovalResult: (store, input) => {
    const pipeline = pipelineOr(store, input.pipelineName)
    const index = stageIndexOr(pipeline, input.stageName)
    const action = actionOr(pipeline, index, input.actionName)
    const id = action.actionTypeId
    if (!(id.category === "Approval" && id.owner === "AWS" && id.provider === "Manual")) {
      validation(`Action '${input.actionName}' is not a manual approval action`)
    }
    checkEnum("result.status", input.result.status, Enums.ApprovalStatus)
    // The approval the token names, in whichever execution asked for it (PARALLEL executions each
    // ask for their own), newest first: an answered or timed-out one is already completed.
    let run: ActionRun | undefined
    search: for (let i = pipeline.executions.length - 1; i >= 0; i--) {
      for (let a = pipeline.executions[i]!.stageRuns[index]?.last; a !== undefined; a = a.previous) {
        if (a.token === input.token && a.declaration.name === input.actionName) {
          run = a
          break search
        }
      }
    }
    if (run === undefined)
      return reject("InvalidApprovalTokenException", `The approval token is not valid for action '${input.actionName}'`)
    if (run.status !== "InProgress") {
      return reject(
        "ApprovalAlreadyCompletedException",
        `The approval request was already ${run.status === "Succeeded" ? "approved" : "completed"}`,
      )
    }
    const approved = input.result.status === "Approved"
    completeAction(store, run, {
      status: approved ? "Succeeded" : "Failed",
      summary: input.result.summary.length > 0 ? input.result.summary : undefined,
      updatedBy: store.caller,
      ...(approved ? {} : { errorDetails: { code: "JobFailed", message: "Approval was rejected" } }),
    })
    return { approvedAt: date(store, store.now) }
  },

  PutActionRevision: (store, input) => {
    const pipeline = pipelineOr(store, input.pipelineName)
    const index = stageIndexOr(pipeline, input.stageName)
    const action = actionOr(pipeline, index, input.actionName)
    if (action.actionTypeId.category !== "Source") validation(`Action '${input.actionName}' is not a source action`)
    const current = sourceRevision(store, pipeline, action.name)
    const revision = input.actionRevision
    if (current.revisionId === revision.revisionId) {
      const last = pipeline.executions[pipeline.executions.length - 1]
      return { newRevision: false, ...(last !== undefined ? { pipelineExecutionId: last.id } : {}) }
    }
    checkConcurrency(store, pipeline)
    ;(pipeline.sources ??= new Map()).set(action.name, {
      revisionId: revision.revisionId,
      revisionChangeId: revision.revisionChangeId,
      created: relative(store, revision.created),
    })
    const exec = startExecution(store, pipeline, {
      trigger: { triggerType: "PutActionRevision", triggerDetail: `${action.name}/${revision.revisionId}` },
    })
    return { newRevision: true, pipelineExecutionId: exec.id }
  },

  ListDeployActionExecutionTargets: (store, input) => {
    const pipelines = input.pipelineName !== undefined ? [pipelineOr(store, input.pipelineName)] : [...store.pipelines.values()]
    let found: ActionRun | undefined
    search: for (const pipeline of pipelines) {
      for (const exec of pipeline.executions) {
        for (const run of exec.stageRuns) {
          for (let a = run?.last; a !== undefined; a = a.previous) {
            if (actionExecutionId(store, a) === input.actionExecutionId) {
              found = a
              break search
            }
          }
        }
      }
    }
    if (found === undefined) {
      return reject("ActionExecutionNotFoundException", `Action execution ${input.actionExecutionId} was not found`)
    }
    let targets = deployTargets(store, found)
    for (const filter of input.filters ?? []) {
      checkEnum("filters.name", filter.name, Enums.TargetFilterName)
      const values = filter.values
      if (values !== undefined) targets = targets.filter((t) => t.status !== undefined && values.includes(t.status))
    }
    const result = page(
      store,
      "ListDeployActionExecutionTargets",
      input.actionExecutionId,
      targets,
      (t) => t.targetId ?? "",
      input.maxResults ?? 100,
      input.nextToken,
    )
    return {
      targets: result.items.map((t) => ({ ...t })),
      ...(result.nextToken !== undefined ? { nextToken: result.nextToken } : {}),
    }
  },
}
