/**
 * The execution engine: how executions move through stages, how actions and stage conditions run
 * and end, and what stops, retries, rollbacks and pipeline updates do to them.
 *
 * Time is simulated. Everything that takes time (a simulated action, a rule, an approval's
 * timeout) is an event on the store's agenda (`timers.ts`); `advance(store, now)` fires every
 * event due by `now`, in order, each at its own due time, so the timestamps an execution reports
 * are exact (an action that takes 30 s ends 30 s after it started, not when someone next looked).
 * The simulator calls `advance` with the caller's time before every operation (the Effect layer
 * passes its `Clock`'s: with `TestClock`, `TestClock.adjust("1 minute")` followed by any call shows
 * the minute's progress). Nothing runs in the background, so nothing races the test.
 *
 * All functions here are synchronous and mutate the store in place (see `state.ts`).
 */
import type * as T from "../generated/types.js"
import type { ActionCompletion, Outcome } from "../Simulator.js"
import { actionTypeKey, builtinActionTypesByKey, type ActionKind } from "./catalog.js"
import { assignDefined } from "./defined.js"
import { derivedUuid, hex, uuid } from "./random.js"
import type {
  ActionRun,
  ConditionKind,
  ConditionRun,
  ExecutionRecord,
  JobRecord,
  PipelineRecord,
  Revision,
  RuleRun,
  StageRun,
  Store,
} from "./state.js"
import { actionTimeoutMs, LAMBDA_REPLY_TIMEOUT_MS } from "./timeouts.js"
import { evaluateVariableCheck, pipelineVariables, resolveConfiguration } from "./variables.js"

/**
 * What ends an action: a simulator outcome, a job result, an approval, or a test control. The
 * public {@link ActionCompletion} (itself the outcome's details and a status), plus what only the
 * service's own paths set.
 */
export interface ActionResult extends ActionCompletion {
  readonly updatedBy?: string | undefined
  readonly revision?: Revision | undefined
}

// ---------------------------------------------------------------------------------------------
// Time

/** The id CodePipeline reports for an action run (derived, so runs do not each store a string). */
export const actionExecutionId = (store: Store, action: ActionRun): string => derivedUuid(store.salt, action.serial)

/** Converts a `Date` from an input to the store's relative time. */
export const relative = (store: Store, date: Date): number => date.getTime() - store.epoch

/** Fires every event due by `now` (relative to the store's epoch), then moves the store's clock to `now`. */
export const advance = (store: Store, now: number): void => {
  const timers = store.timers
  while (timers.peek() <= now) {
    const timer = timers.pop()!
    if (timer.due > store.now) store.now = timer.due
    timer.fire()
  }
  if (now > store.now) store.now = now
}

const schedule = (store: Store, delayMs: number, fire: () => void): void => store.timers.schedule(store.now + Math.max(0, delayMs), fire)

/** An outcome's `after`: milliseconds, finite and not negative, or the default. */
const toMillis = (input: unknown, fallback: number): number =>
  typeof input === "number" && Number.isFinite(input) && input >= 0 ? input : fallback

// ---------------------------------------------------------------------------------------------
// Records: what is derived rather than stored

export const modeOf = (exec: ExecutionRecord): T.ExecutionMode => exec.declaration.executionMode ?? "SUPERSEDED"
export const typeOf = (exec: ExecutionRecord): "STANDARD" | "ROLLBACK" => (exec.rollbackFrom !== undefined ? "ROLLBACK" : "STANDARD")
const isParallel = (exec: ExecutionRecord) => exec.declaration.executionMode === "PARALLEL"

export const stageDeclaration = (run: StageRun): T.StageDeclaration => run.exec.declaration.stages[run.index]!
export const stageNameOf = (run: StageRun): string => stageDeclaration(run).name

/** The action runs of a stage run, oldest first. */
export const runsOf = (run: StageRun | undefined): Array<ActionRun> => {
  const out: Array<ActionRun> = []
  for (let a = run?.last; a !== undefined; a = a.previous) out.push(a)
  return out.reverse()
}

const anyInProgress = (run: StageRun): boolean => {
  for (let a = run.last; a !== undefined; a = a.previous) if (a.status === "InProgress") return true
  return false
}

/** The latest run of an action of the pipeline's current declaration, by names. */
export const latestActionRun = (pipeline: PipelineRecord, stageName: string, actionName: string): ActionRun | undefined => {
  const i = pipeline.declaration.stages.findIndex((s) => s.name === stageName)
  if (i < 0) return undefined
  const j = pipeline.declaration.stages[i]!.actions.findIndex((a) => a.name === actionName)
  return j < 0 ? undefined : pipeline.latestAction[i]?.[j]
}

/** Records a stage or action run as the latest, if it runs the pipeline's current declaration. */
const markLatest = (run: StageRun, action?: ActionRun): void => {
  const pipeline = run.exec.pipeline
  if (run.exec.declaration !== pipeline.declaration) return
  if (action === undefined) {
    pipeline.latestStage[run.index] = run
    return
  }
  ;(pipeline.latestAction[run.index] ??= [])[action.index] = action
}

/** After UpdatePipeline: latest runs follow their stages and actions by name. */
export const carryLatest = (pipeline: PipelineRecord, previous: T.PipelineDeclaration): void => {
  const stages = pipeline.declaration.stages
  const latestStage: Array<StageRun | undefined> = new Array(stages.length)
  const latestAction: Array<Array<ActionRun | undefined>> = new Array(stages.length)
  stages.forEach((stage, i) => {
    const old = previous.stages.findIndex((s) => s.name === stage.name)
    if (old < 0) return
    latestStage[i] = pipeline.latestStage[old]
    const oldActions = previous.stages[old]!.actions
    const runs = pipeline.latestAction[old]
    if (runs === undefined) return
    latestAction[i] = stage.actions.map((a) => {
      const j = oldActions.findIndex((o) => o.name === a.name)
      return j < 0 ? undefined : runs[j]
    })
  })
  pipeline.latestStage = latestStage
  pipeline.latestAction = latestAction
}

// ---------------------------------------------------------------------------------------------
// Pipelines

/** Resets the stage locks and queues after the declaration changed (nothing is running then). */
export const resetStages = (pipeline: PipelineRecord): void => {
  const n = pipeline.declaration.stages.length
  pipeline.occupant = new Array(n).fill(undefined)
  pipeline.waiting = Array.from({ length: n }, () => [])
}

const transitionOpen = (pipeline: PipelineRecord, index: number): boolean => {
  const stages = pipeline.declaration.stages
  const stage = stages[index]
  if (stage === undefined) return true
  const transitions = pipeline.transitions
  if (transitions === undefined) return true
  if (transitions.get(stage.name)?.enabled === false) return false
  const previous = stages[index - 1]
  return previous === undefined || transitions.get(`out:${previous.name}`)?.enabled !== false
}

/** The current revision of a source action, created on first use (a repository's head). */
export const sourceRevision = (store: Store, pipeline: PipelineRecord, actionName: string): Revision => {
  let revision = pipeline.sources?.get(actionName)
  if (revision === undefined) {
    // The head of a repository nobody pushed to during the test: committed before the pipeline's
    // latest definition, so that its date never postdates an execution that fetched it.
    revision = {
      revisionId: hex(store.random, 40),
      revisionChangeId: hex(store.random, 40),
      summary: "Initial commit",
      created: pipeline.updated,
    }
    ;(pipeline.sources ??= new Map()).set(actionName, revision)
  }
  return revision
}

// ---------------------------------------------------------------------------------------------
// Executions

export interface StartOptions {
  readonly trigger: T.ExecutionTrigger
  /**
   * Pipeline-level variables resolved by the caller (StartPipelineExecution); otherwise the
   * declared defaults apply, and a rollback takes the variables of the execution it returns to.
   */
  readonly variables?: ReadonlyArray<T.ResolvedPipelineVariable> | undefined
  readonly overrides?: ReadonlyMap<string, Revision> | undefined
  readonly rollback?: { readonly target: ExecutionRecord; readonly stageIndex: number } | undefined
}

/** Triggers repeat (same type, same caller): executions share one frozen object per distinct trigger. */
const triggers = new WeakMap<Store, Map<string, T.ExecutionTrigger>>()

const sharedTrigger = (store: Store, trigger: T.ExecutionTrigger): T.ExecutionTrigger => {
  let byKey = triggers.get(store)
  if (byKey === undefined) triggers.set(store, (byKey = new Map()))
  const key = `${trigger.triggerType}\u0000${trigger.triggerDetail ?? ""}`
  let shared = byKey.get(key)
  if (shared === undefined) byKey.set(key, (shared = Object.freeze({ ...trigger })))
  return shared
}

/** The distinct run orders of a stage, ascending, computed once per declaration. */
const groupsCache = new WeakMap<T.StageDeclaration, ReadonlyArray<number>>()

export const groupsOf = (stage: T.StageDeclaration): ReadonlyArray<number> => {
  let groups = groupsCache.get(stage)
  if (groups === undefined) {
    groups = Object.freeze([...new Set(stage.actions.map((a) => a.runOrder ?? 1))].sort((a, b) => a - b))
    groupsCache.set(stage, groups)
  }
  return groups
}

/** The revisions an execution's source actions fetched (a rollback's are its target's), in declaration order. */
export const revisionsOf = (exec: ExecutionRecord): Array<{ readonly action: T.ActionDeclaration; readonly revision: Revision }> => {
  if (exec.rollbackFrom !== undefined) return revisionsOf(exec.rollbackFrom)
  const out: Array<{ readonly action: T.ActionDeclaration; readonly revision: Revision }> = []
  const first = exec.stageRuns[0]
  if (first === undefined) return out
  for (const action of exec.declaration.stages[0]!.actions) {
    let revision: Revision | undefined
    for (let a = first.last; a !== undefined && revision === undefined; a = a.previous) {
      if (a.declaration === action && a.revision !== undefined) revision = a.revision
    }
    if (revision !== undefined) out.push({ action, revision })
  }
  return out
}

/** The run that produced an artifact in this execution (or in the execution a rollback returns to). */
export const producerOf = (exec: ExecutionRecord, artifact: string): ActionRun | undefined => {
  for (let i = exec.stageRuns.length - 1; i >= 0; i--) {
    for (let a = exec.stageRuns[i]?.last; a !== undefined; a = a.previous) {
      if (a.status === "Succeeded" && a.declaration.outputArtifacts?.some((o) => o.name === artifact)) return a
    }
  }
  return exec.rollbackFrom !== undefined ? producerOf(exec.rollbackFrom, artifact) : undefined
}

export const startExecution = (store: Store, pipeline: PipelineRecord, options: StartOptions): ExecutionRecord => {
  const declaration = pipeline.declaration
  const rollback = options.rollback
  // Every start gets the same variables, however it came: given, a rollback target's, or the defaults.
  const resolved =
    options.variables !== undefined
      ? { variables: options.variables }
      : rollback !== undefined
        ? { variables: rollback.target.variables }
        : pipelineVariables(declaration, undefined)
  const variables = resolved.variables
  const exec: ExecutionRecord = {
    id: uuid(store.random),
    pipeline,
    declaration,
    trigger: sharedTrigger(store, options.trigger),
    status: "InProgress",
    startTime: store.now,
    lastUpdateTime: store.now,
    stageIndex: rollback?.stageIndex ?? 0,
    phase: "Waiting",
    stageRuns: new Array(declaration.stages.length),
    // Rare members only when set (see `state.ts`).
    ...(variables !== undefined ? { variables } : {}),
    ...(options.overrides !== undefined ? { overrides: options.overrides } : {}),
    ...(rollback !== undefined ? { rollbackFrom: rollback.target, onlyStage: rollback.stageIndex } : {}),
  }
  pipeline.executions.push(exec)
  pipeline.executionsById.set(exec.id, exec)
  pipeline.active.add(exec)
  if (resolved.missing !== undefined) {
    // An automatic start cannot ask for a value: the execution fails before its first stage.
    end(store, exec, "Failed", `Pipeline variable '${resolved.missing}' has no default value and was not given one`)
    return exec
  }
  arrive(store, exec, exec.stageIndex)
  return exec
}

const touch = (store: Store, exec: ExecutionRecord) => {
  exec.lastUpdateTime = store.now
}

/** The execution reaches the front of stage `index` (or the end of the pipeline). */
const arrive = (store: Store, exec: ExecutionRecord, index: number): void => {
  const stages = exec.declaration.stages
  const last = exec.onlyStage ?? stages.length - 1
  if (index > last) return finish(store, exec, "Succeeded")
  exec.stageIndex = index
  exec.phase = "Waiting"
  touch(store, exec)
  const pipeline = exec.pipeline
  const queue = pipeline.waiting[index]!
  const free = isParallel(exec) || (pipeline.occupant[index] === undefined && queue.length === 0)
  if (free && transitionOpen(pipeline, index)) return enter(store, exec, index)
  if (modeOf(exec) === "SUPERSEDED") {
    // A newer execution overtakes the one waiting for the same stage.
    for (const older of queue.splice(0)) end(store, older, "Superseded")
  }
  queue.push(exec)
}

/** Lets waiting executions into stage `index` as far as its lock and transition allow. */
export const pump = (store: Store, pipeline: PipelineRecord, index: number): void => {
  const queue = pipeline.waiting[index]
  if (queue === undefined || !transitionOpen(pipeline, index)) return
  while (queue.length > 0) {
    const next = queue[0]!
    if (!isParallel(next) && pipeline.occupant[index] !== undefined) return
    queue.shift()
    enter(store, next, index)
  }
}

const leave = (store: Store, exec: ExecutionRecord, index: number): void => {
  const pipeline = exec.pipeline
  if (pipeline.occupant[index] === exec) {
    pipeline.occupant[index] = undefined
    pump(store, pipeline, index)
  }
}

/** Ends an execution for good. */
const end = (store: Store, exec: ExecutionRecord, status: T.PipelineExecutionStatus, summary?: string): void => {
  exec.status = status
  exec.phase = "Done"
  // Conditional writes: assigning a member a record was created without adds a property store.
  if (exec.stopping !== undefined) exec.stopping = undefined
  if (summary !== undefined) exec.statusSummary = summary
  touch(store, exec)
  exec.pipeline.active.delete(exec)
}

const finish = (store: Store, exec: ExecutionRecord, status: T.PipelineExecutionStatus): void => end(store, exec, status)

const enter = (store: Store, exec: ExecutionRecord, index: number): void => {
  const pipeline = exec.pipeline
  if (!isParallel(exec)) pipeline.occupant[index] = exec
  const declaration = exec.declaration.stages[index]!
  const run: StageRun = { exec, index, status: "InProgress", last: undefined, group: -1, failed: false }
  exec.stageRuns[index] = run
  exec.stageIndex = index
  exec.phase = "Running"
  touch(store, exec)
  markLatest(run)
  const before = declaration.beforeEntry?.conditions
  if (before !== undefined && before.length > 0) startCondition(store, run, "BEFORE_ENTRY", before[0]!)
  else nextGroup(store, run)
}

/** Starts the next run order group of the stage, or ends the stage's actions. */
const nextGroup = (store: Store, run: StageRun): void => {
  const declaration = stageDeclaration(run)
  const actions = declaration.actions
  const groups = groupsOf(declaration)
  for (;;) {
    run.group++
    if (run.group >= groups.length) return actionsDone(store, run)
    const order = groups[run.group]!
    let started = 0
    for (let i = 0; i < actions.length; i++) {
      if ((actions[i]!.runOrder ?? 1) !== order || run.keep?.has(i)) continue
      startAction(store, run, i)
      started++
    }
    if (started > 0) return
  }
}

const actionsDone = (store: Store, run: StageRun): void => {
  const after = stageDeclaration(run).onSuccess?.conditions
  if (after !== undefined && after.length > 0) startCondition(store, run, "ON_SUCCESS", after[0]!)
  else stageSucceeded(store, run)
}

const stageSucceeded = (store: Store, run: StageRun): void => {
  run.status = "Succeeded"
  const exec = run.exec
  leave(store, exec, run.index)
  arrive(store, exec, run.index + 1)
}

const stageFailed = (store: Store, run: StageRun): void => {
  run.status = "Failed"
  const onFailure = stageDeclaration(run).onFailure
  const conditions = onFailure?.conditions
  if (conditions !== undefined && conditions.length > 0) startCondition(store, run, "ON_FAILURE", conditions[0]!)
  else applyFailureResult(store, run, onFailure?.result)
}

const failExecution = (store: Store, run: StageRun): void => {
  const exec = run.exec
  end(store, exec, "Failed", `Stage ${stageNameOf(run)} failed`)
  leave(store, exec, run.index)
}

const applyFailureResult = (store: Store, run: StageRun, result: string | undefined): void => {
  if (result === "RETRY" && (run.retry?.auto ?? 0) < 1) {
    const retry = (run.retry ??= { auto: 0, manual: 0, trigger: "AutomatedStageRetry" })
    retry.auto++
    retry.trigger = "AutomatedStageRetry"
    const mode = stageDeclaration(run).onFailure?.retryConfiguration?.retryMode ?? "FAILED_ACTIONS"
    return restartStage(store, run, mode)
  }
  failExecution(store, run)
  if (result === "ROLLBACK") automatedRollback(store, run)
}

/** The latest earlier execution that succeeded in the stage, on the same pipeline version. */
const rollbackTarget = (pipeline: PipelineRecord, stageIndex: number, exclude: ExecutionRecord): ExecutionRecord | undefined => {
  for (let i = pipeline.executions.length - 1; i >= 0; i--) {
    const candidate = pipeline.executions[i]!
    if (candidate === exclude || candidate.declaration !== exclude.declaration) continue
    if (candidate.stageRuns[stageIndex]?.status === "Succeeded") return candidate
  }
  return undefined
}

const automatedRollback = (store: Store, run: StageRun): void => {
  const exec = run.exec
  const target = rollbackTarget(exec.pipeline, run.index, exec)
  if (target === undefined || exec.pipeline.declaration !== exec.declaration) return
  startExecution(store, exec.pipeline, {
    trigger: { triggerType: "AutomatedRollback", triggerDetail: exec.id },
    rollback: { target, stageIndex: run.index },
  })
}

// ---------------------------------------------------------------------------------------------
// Actions

export const actionKind = (id: T.ActionTypeId): ActionKind => {
  const key = actionTypeKey(id)
  const builtin = builtinActionTypesByKey.get(key)
  if (builtin !== undefined) return builtin.kind
  if (id.owner === "Custom") return "custom"
  if (id.owner === "ThirdParty") return "thirdParty"
  return "simulated"
}

const attemptOf = (run: StageRun, index: number): number => {
  let n = 0
  for (let a = run.last; a !== undefined; a = a.previous) if (a.index === index) n++
  return n
}

/** How an action runs, computed once per declaration. */
const kinds = new WeakMap<T.ActionDeclaration, ActionKind>()

export const kindOf = (declaration: T.ActionDeclaration): ActionKind => {
  let kind = kinds.get(declaration)
  if (kind === undefined) kinds.set(declaration, (kind = actionKind(declaration.actionTypeId)))
  return kind
}

const startAction = (store: Store, run: StageRun, index: number): void => {
  const exec = run.exec
  const declaration = stageDeclaration(run).actions[index]!
  const kind = kindOf(declaration)
  const action = newActionRun(store, run, index, declaration, "InProgress", store.now)
  const resolved = resolveConfiguration(store, exec, declaration.configuration)
  if (resolved !== undefined) action.resolved = resolved
  run.last = action
  markLatest(run, action)
  touch(store, exec)
  // Every action is bounded by its quota (see `timeouts.ts`). A simulated action's outcome says
  // when it ends, so its timeout is scheduled only when that is too late (one event per action).
  if (kind !== "simulated" && kind !== "source") schedule(store, actionTimeoutMs(declaration), () => timeOut(store, action))
  switch (kind) {
    case "approval": {
      const token = uuid(store.random)
      action.token = token
      // In PARALLEL mode the token is not in GetPipelineState: ListActionExecutions shows it as the
      // approval's externalExecutionId, which PutApprovalResult takes as the token.
      if (isParallel(exec)) action.externalExecutionId = token
      return
    }
    case "custom":
    case "thirdParty":
    case "lambda":
      createJob(store, action, kind, undefined)
      return
    default:
      return simulate(store, action, attemptOf(run, index))
  }
}

/**
 * A run of the stage run's action `index`, following the stage's last run (which the caller then
 * points at it): a started action, or one a seeded execution records as already ended.
 */
export const newActionRun = (
  store: Store,
  run: StageRun,
  index: number,
  declaration: T.ActionDeclaration,
  status: T.ActionExecutionStatus,
  at: number,
): ActionRun => ({
  serial: store.actionSerial++,
  stage: run,
  previous: run.last,
  index,
  declaration,
  status,
  startTime: at,
  lastUpdateTime: at,
})

/** Fails a running action that has run out of time, with its open job. */
const timeOut = (store: Store, action: ActionRun): void => {
  if (action.status !== "InProgress") return
  const job = action.job
  if (job !== undefined && isOpen(job)) {
    dequeue(store, job)
    job.status = "TimedOut"
  }
  const what = action.declaration.actionTypeId.category === "Approval" ? "The approval request" : "The action"
  completeAction(store, action, {
    status: "Failed",
    summary: `${what} timed out`,
    errorDetails: { code: "TimedOut", message: `${what} timed out` },
  })
}

const configurationOf = (action: ActionRun): { readonly [key: string]: string } => action.resolved ?? action.declaration.configuration ?? {}

const simulate = (store: Store, action: ActionRun, attempt: number): void => {
  const run = action.stage
  const exec = run.exec
  const outcome = ask(store.simulators.action, {
    pipelineName: exec.pipeline.name,
    pipelineExecutionId: exec.id,
    stageName: stageNameOf(run),
    actionName: action.declaration.name,
    actionExecutionId: actionExecutionId(store, action),
    actionTypeId: action.declaration.actionTypeId,
    configuration: configurationOf(action),
    attempt,
  })
  settleLater(
    store,
    outcome,
    store.config.actionDurationMs,
    (result) => {
      if (action.status === "InProgress") completeAction(store, action, result)
    },
    { ms: actionTimeoutMs(action.declaration), expire: () => timeOut(store, action) },
  )
}

/** Asks a simulator function how an action or a rule ends; one that throws fails it at once. */
const ask = <A>(simulator: ((subject: A) => Outcome | undefined) | undefined, subject: A): Outcome | undefined => {
  try {
    return simulator?.(subject)
  } catch (error) {
    return { _tag: "Fail", after: 0, code: "SimulatorError", message: `The simulator threw: ${String(error)}` }
  }
}

/** Schedules the end an outcome describes (nothing for `Wait`), or the time limit when that comes first. */
const settleLater = (
  store: Store,
  outcome: Outcome | undefined,
  defaultMs: number,
  done: (result: ActionResult) => void,
  limit?: { readonly ms: number; readonly expire: () => void },
): void => {
  const o: Outcome = outcome ?? { _tag: "Succeed" }
  const after = o._tag === "Wait" ? Number.POSITIVE_INFINITY : toMillis(o.after, defaultMs)
  // An end due at or past the time limit never comes: the limit does first.
  if (limit !== undefined && after >= limit.ms) return schedule(store, limit.ms, limit.expire)
  if (o._tag === "Wait") return
  const result: ActionResult =
    o._tag === "Succeed"
      ? { status: "Succeeded", ...details(o) }
      : {
          status: "Failed",
          ...details(o),
          summary: o.summary ?? o.message,
          errorDetails: { code: o.code ?? "JobFailed", message: o.message ?? "The action failed" },
        }
  schedule(store, after, () => done(result))
}

const details = (o: Exclude<Outcome, { _tag: "Wait" }>) => ({
  summary: o.summary,
  externalExecutionId: o.externalExecutionId,
  externalExecutionUrl: o.externalExecutionUrl,
  logStreamARN: o.logStreamARN,
  outputVariables: o.outputVariables,
  targets: o.targets,
})

/** Ends a running action (no effect on an action that has already ended). */
export const completeAction = (store: Store, action: ActionRun, result: ActionResult): void => {
  if (action.status !== "InProgress") return
  const run = action.stage
  const exec = run.exec
  action.status = result.status
  action.lastUpdateTime = store.now
  assignDefined(action, {
    summary: result.summary,
    externalExecutionId: result.externalExecutionId,
    externalExecutionUrl: result.externalExecutionUrl,
    logStreamARN: result.logStreamARN,
    errorDetails: result.errorDetails,
    targets: result.targets,
    updatedBy: result.updatedBy,
  })
  closeJob(store, action, result.status)
  if (result.status === "Succeeded") {
    if (action.percentComplete !== undefined) action.percentComplete = 100
    if (action.declaration.actionTypeId.category === "Source") {
      action.revision = result.revision ?? fetchedRevision(store, exec, action)
    }
    // The provider's own variables are derived when read (`outputVariablesOf`): a run stores only
    // what it reported, so a succeeded source costs no memory for its commit's variables.
    if (result.outputVariables !== undefined) action.outputVariables = result.outputVariables
  } else {
    run.failed = true
  }
  touch(store, exec)
  settle(store, run)
}

/** The revision a source action fetches: the override, the rollback target's, or the head. */
const fetchedRevision = (store: Store, exec: ExecutionRecord, action: ActionRun): Revision => {
  const name = action.declaration.name
  if (action.revision !== undefined) return action.revision
  const override = exec.overrides?.get(name)
  if (override !== undefined) return override
  return sourceRevision(store, exec.pipeline, name)
}

/** After an action ended: the next group, or the end of the stage. */
const settle = (store: Store, run: StageRun): void => {
  if (anyInProgress(run)) return
  const exec = run.exec
  if (exec.phase !== "Running" || exec.stageRuns[exec.stageIndex] !== run) return
  if (exec.stopping !== undefined) return finishStop(store, run)
  if (run.failed) return stageFailed(store, run)
  nextGroup(store, run)
}

// ---------------------------------------------------------------------------------------------
// Jobs

/** Whether a job answers for a rule of a stage condition (a LambdaInvoke rule) rather than an action. */
export const isRuleRun = (target: ActionRun | RuleRun): target is RuleRun => "condition" in target

/** The execution a job works for. */
export const jobExecution = (job: JobRecord): ExecutionRecord =>
  isRuleRun(job.action) ? job.action.condition.stage.exec : job.action.stage.exec

const createJob = (
  store: Store,
  action: ActionRun | RuleRun,
  kind: JobRecord["kind"],
  continuationToken: string | undefined,
): JobRecord => {
  const id = uuid(store.random)
  const typeKey = isRuleRun(action) ? `rule:${action.declaration.ruleTypeId.provider}` : actionTypeKey(action.declaration.actionTypeId)
  // Drawn whether or not a client is registered, so that registering one changes no other id.
  const generated = kind === "thirdParty" ? uuid(store.random) : undefined
  const job: JobRecord = {
    id,
    kind,
    action,
    typeKey,
    // A Lambda function is invoked at once; job workers must poll for theirs.
    status: kind === "lambda" ? "InProgress" : "Queued",
    clientId: generated === undefined ? undefined : (store.clientIds.get(typeKey) ?? generated),
    continuationToken,
    created: store.now,
  }
  action.job = job
  store.jobs.set(job.id, job)
  if (kind !== "lambda") {
    let queue = store.queued.get(job.typeKey)
    if (queue === undefined) {
      queue = []
      store.queued.set(job.typeKey, queue)
    }
    queue.push(job)
  } else {
    // A Lambda function that sends no reply for 20 minutes fails the action; each reply "in
    // progress" (a continuation token) is a new job, with a new 20 minutes.
    schedule(store, LAMBDA_REPLY_TIMEOUT_MS, () => {
      if (job.status !== "InProgress" || action.status !== "InProgress") return
      job.status = "TimedOut"
      const failure = { code: "TimedOut", message: "The Lambda function sent no reply within 20 minutes" }
      if (isRuleRun(action)) ruleDone(store, action, { status: "Failed", summary: failure.message, errorDetails: failure })
      else completeAction(store, action, { status: "Failed", summary: failure.message, errorDetails: failure })
    })
  }
  if (kind === "thirdParty" && !isRuleRun(action)) {
    // A partner type's `jobTimeout` (seconds) bounds each of its jobs.
    const seconds = store.registeredActionTypes.get(job.typeKey)?.declaration.executor.jobTimeout
    if (seconds !== undefined) {
      schedule(store, seconds * 1000, () => {
        if (!isOpen(job) || action.job !== job) return
        timeOut(store, action)
      })
    }
  }
  return job
}

const isOpen = (job: JobRecord) => job.status === "Queued" || job.status === "Dispatched" || job.status === "InProgress"

const dequeue = (store: Store, job: JobRecord): void => {
  const queue = store.queued.get(job.typeKey)
  if (queue === undefined) return
  const i = queue.indexOf(job)
  if (i >= 0) queue.splice(i, 1)
}

/** Closes the action's open job when the action ends by other means (stop, control, cancel). */
const closeJob = (store: Store, action: ActionRun, status: T.ActionExecutionStatus): void => {
  const job = action.job
  if (job === undefined || !isOpen(job)) return
  dequeue(store, job)
  job.status = status === "Succeeded" ? "Succeeded" : "Failed"
}

/** Marks a job dispatched to a worker, with a fresh nonce. */
export const dispatchJob = (store: Store, job: JobRecord): void => {
  dequeue(store, job)
  job.status = "Dispatched"
  job.nonce = String(store.random.next())
}

/** A job worker reported success; a continuation token keeps the action running with a new job. */
export const jobSucceeded = (
  store: Store,
  job: JobRecord,
  input: {
    readonly continuationToken?: string | undefined
    readonly executionDetails?: T.ExecutionDetails | undefined
    readonly currentRevision?: T.CurrentRevision | undefined
    readonly outputVariables?: { readonly [key: string]: string } | undefined
  },
): void => {
  job.status = "Succeeded"
  if (isRuleRun(job.action)) {
    const rule = job.action
    if (input.continuationToken !== undefined) {
      createJob(store, rule, job.kind, input.continuationToken)
      return
    }
    const details = input.executionDetails
    return ruleDone(store, rule, { status: "Succeeded", summary: details?.summary, externalExecutionId: details?.externalExecutionId })
  }
  const action = job.action
  const details = input.executionDetails
  assignDefined(action, {
    summary: details?.summary,
    externalExecutionId: details?.externalExecutionId,
    percentComplete: details?.percentComplete,
  })
  action.lastUpdateTime = store.now
  touch(store, action.stage.exec)
  const revision: Revision | undefined = input.currentRevision
    ? {
        revisionId: input.currentRevision.revision,
        revisionChangeId: input.currentRevision.changeIdentifier,
        summary: input.currentRevision.revisionSummary,
        created: input.currentRevision.created !== undefined ? relative(store, input.currentRevision.created) : store.now,
      }
    : undefined
  if (input.continuationToken !== undefined) {
    if (revision !== undefined) action.revision = revision
    createJob(store, action, job.kind, input.continuationToken)
    return
  }
  completeAction(store, action, { status: "Succeeded", outputVariables: input.outputVariables, revision })
}

export const jobFailed = (store: Store, job: JobRecord, failure: T.FailureDetails): void => {
  job.status = "Failed"
  const result: ActionResult = {
    status: "Failed",
    summary: failure.message,
    externalExecutionId: failure.externalExecutionId,
    errorDetails: { code: failure.type, message: failure.message },
  }
  if (isRuleRun(job.action)) ruleDone(store, job.action, result)
  else completeAction(store, job.action, result)
}

// ---------------------------------------------------------------------------------------------
// Stage conditions

const startCondition = (store: Store, run: StageRun, kind: ConditionKind, declaration: T.Condition): void => {
  const condition: ConditionRun = { stage: run, kind, declaration, status: "InProgress", lastStatusChange: store.now, rules: [] }
  ;(run.conditions ??= {})[kind] = condition
  const exec = run.exec
  const rules = declaration.rules ?? []
  if (rules.length === 0) return conditionDone(store, condition, "Succeeded")
  for (const rule of rules) {
    const r: RuleRun = {
      id: uuid(store.random),
      condition,
      name: rule.name,
      declaration: rule,
      status: "InProgress",
      startTime: store.now,
      lastUpdateTime: store.now,
    }
    condition.rules.push(r)
    const resolved = resolveConfiguration(store, exec, rule.configuration)
    if (resolved !== undefined) r.resolved = resolved
    const configuration = resolved ?? rule.configuration ?? {}
    switch (rule.ruleTypeId.provider) {
      case "VariableCheck": {
        // Evaluated by the simulator itself, on the variables as they are when the rule starts.
        const { passed, summary } = evaluateVariableCheck(configuration)
        const result: ActionResult = passed
          ? { status: "Succeeded", summary }
          : { status: "Failed", summary, errorDetails: { code: "RuleFailed", message: summary } }
        schedule(store, store.config.ruleDurationMs, () => ruleDone(store, r, result))
        continue
      }
      case "LambdaInvoke":
        r.job = createJob(store, r, "lambda", undefined)
        continue
    }
    const outcome = ask(store.simulators.rule, {
      pipelineName: exec.pipeline.name,
      pipelineExecutionId: exec.id,
      stageName: stageNameOf(run),
      ruleName: rule.name,
      ruleTypeId: rule.ruleTypeId,
      configuration,
      conditionType: kind,
    })
    settleLater(store, outcome, store.config.ruleDurationMs, (result) => ruleDone(store, r, result))
  }
}

const abandonRule = (store: Store, r: RuleRun): void => {
  r.status = "Abandoned"
  r.lastUpdateTime = store.now
  const job = r.job
  if (job !== undefined && isOpen(job)) job.status = "Failed"
}

/** Ends a running rule (no effect on one that has ended, abandoned with its condition say). */
const ruleDone = (store: Store, r: RuleRun, result: ActionResult): void => {
  if (r.status !== "InProgress") return
  r.status = result.status
  r.lastUpdateTime = store.now
  r.summary = result.summary
  r.externalExecutionId = result.externalExecutionId
  r.externalExecutionUrl = result.externalExecutionUrl
  r.errorDetails = result.errorDetails
  const job = r.job
  if (job !== undefined && isOpen(job)) job.status = result.status
  ruleSettled(store, r.condition)
}

const ruleSettled = (store: Store, condition: ConditionRun): void => {
  let failed = false
  for (const r of condition.rules) {
    if (r.status === "InProgress") return
    if (r.status === "Failed") failed = true
  }
  conditionDone(store, condition, failed ? "Failed" : "Succeeded")
}

const conditionDone = (store: Store, condition: ConditionRun, status: T.ConditionExecutionStatus): void => {
  if (condition.status !== "InProgress") return
  condition.status = status
  condition.lastStatusChange = store.now
  const run = condition.stage
  const exec = run.exec
  touch(store, exec)
  if (exec.phase !== "Running" || exec.stageRuns[exec.stageIndex] !== run) return
  const passed = status === "Succeeded" || status === "Overridden"
  switch (condition.kind) {
    case "BEFORE_ENTRY": {
      if (passed) return nextGroup(store, run)
      if (condition.declaration.result === "SKIP") {
        run.status = "Skipped"
        leave(store, exec, run.index)
        return arrive(store, exec, run.index + 1)
      }
      run.status = "Failed"
      return failExecution(store, run)
    }
    case "ON_SUCCESS": {
      if (passed) return stageSucceeded(store, run)
      run.status = "Failed"
      failExecution(store, run)
      if (condition.declaration.result === "ROLLBACK") automatedRollback(store, run)
      return
    }
    case "ON_FAILURE": {
      const onFailure = stageDeclaration(run).onFailure
      return passed ? applyFailureResult(store, run, condition.declaration.result ?? onFailure?.result) : failExecution(store, run)
    }
  }
}

/** OverrideStageCondition: the condition passes now. */
export const overrideCondition = (store: Store, condition: ConditionRun): void => {
  for (const r of condition.rules) {
    if (r.status === "InProgress") abandonRule(store, r)
  }
  conditionDone(store, condition, "Overridden")
}

const abandonConditions = (store: Store, run: StageRun, status: T.ConditionExecutionStatus): void => {
  const conditions = run.conditions
  if (conditions === undefined) return
  for (const condition of [conditions.BEFORE_ENTRY, conditions.ON_SUCCESS, conditions.ON_FAILURE]) {
    if (condition === undefined || condition.status !== "InProgress") continue
    condition.status = status
    condition.lastStatusChange = store.now
    for (const r of condition.rules) {
      if (r.status === "InProgress") abandonRule(store, r)
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Stop, cancel, retry, rollback

const abandonActions = (store: Store, run: StageRun): void => {
  for (let a = run.last; a !== undefined; a = a.previous) {
    if (a.status !== "InProgress") continue
    a.status = "Abandoned"
    a.lastUpdateTime = store.now
    closeJob(store, a, "Abandoned")
  }
}

const finishStop = (store: Store, run: StageRun): void => {
  run.status = "Stopped"
  const exec = run.exec
  end(store, exec, "Stopped")
  leave(store, exec, run.index)
}

/** StopPipelineExecution, once the request was found valid. */
export const stopExecution = (store: Store, exec: ExecutionRecord, abandon: boolean, reason: string | undefined): void => {
  exec.stopReason = reason
  const pipeline = exec.pipeline
  if (exec.phase === "Waiting") {
    const queue = pipeline.waiting[exec.stageIndex]
    const i = queue?.indexOf(exec) ?? -1
    if (i >= 0) queue!.splice(i, 1)
    return end(store, exec, "Stopped")
  }
  const run = exec.stageRuns[exec.stageIndex]!
  if (abandon) {
    abandonActions(store, run)
    abandonConditions(store, run, "Abandoned")
    return finishStop(store, run)
  }
  exec.status = "Stopping"
  exec.stopping = { abandon: false }
  run.status = "Stopping"
  touch(store, exec)
  // Conditions have nothing to finish: stop-and-wait abandons their evaluation.
  abandonConditions(store, run, "Abandoned")
  if (!anyInProgress(run)) finishStop(store, run)
}

/** UpdatePipeline and DeletePipeline: every unfinished execution is cancelled. */
export const cancelActive = (store: Store, pipeline: PipelineRecord): void => {
  for (const exec of [...pipeline.active]) {
    if (exec.phase === "Running") {
      const run = exec.stageRuns[exec.stageIndex]
      if (run !== undefined) {
        abandonActions(store, run)
        abandonConditions(store, run, "Cancelled")
        run.status = "Cancelled"
      }
    }
    end(store, exec, "Cancelled", "The pipeline definition was updated before the execution could complete")
  }
}

/** Runs a failed or stopped stage again (RetryStageExecution, or an automatic retry). */
export const restartStage = (store: Store, run: StageRun, mode: string): void => {
  const exec = run.exec
  const pipeline = exec.pipeline
  if (!isParallel(exec)) pipeline.occupant[run.index] = exec
  exec.status = "InProgress"
  if (exec.statusSummary !== undefined) exec.statusSummary = undefined
  if (exec.stopping !== undefined) exec.stopping = undefined
  exec.phase = "Running"
  exec.stageIndex = run.index
  pipeline.active.add(exec)
  touch(store, exec)
  run.status = "InProgress"
  run.failed = false
  run.group = -1
  if (mode === "ALL_ACTIONS") {
    run.keep = undefined
  } else {
    // Keep the actions whose latest attempt succeeded; rerun the failed and abandoned ones.
    const seen = new Set<number>()
    const keep = new Set<number>()
    for (let a = run.last; a !== undefined; a = a.previous) {
      if (seen.has(a.index)) continue
      seen.add(a.index)
      if (a.status === "Succeeded") keep.add(a.index)
    }
    run.keep = keep
  }
  markLatest(run)
  nextGroup(store, run)
}

/** Stage runs that may be retried: failed or stopped, with something to retry. */
export const retryable = (run: StageRun | undefined): boolean => run !== undefined && (run.status === "Failed" || run.status === "Stopped")
