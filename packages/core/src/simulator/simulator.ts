/**
 * The simulator: a store, the operation handlers over it, and the controls. Each operation brings
 * the simulated clock up to the caller's time, records the call, applies an injected fault if one
 * is pending, then runs its handler, all in one synchronous step (see `state.ts`).
 */
import { GitPullRequestEventType } from "../generated/enums.js"
import { operations } from "../generated/operations.js"
import type * as T from "../generated/types.js"
import * as D from "../generated/decode.js"
import * as V from "../generated/validate.js"
import {
  type DecodeOptions,
  formatPath,
  identity,
  issueMessage,
  type OperationCodec,
  plainSecrets,
  type ShapeCodec,
} from "../internal/codec.js"
import { validate } from "../Codec.js"
import type {
  ActionCompletion,
  ActionSimulator,
  ActionTarget,
  RuleSimulator,
  Fault as FaultSpec,
  JobInfo,
  Options,
  RecordedCall,
  SeedExecution,
  Simulator,
  ThirdPartyClient,
  SourceChange,
  SourceChangeResult,
} from "../Simulator.js"
import { actionTypeKey } from "./catalog.js"
import {
  actionExecutionId,
  advance,
  completeAction,
  newActionRun,
  groupsOf,
  isRuleRun,
  latestActionRun,
  sourceRevision,
  stageNameOf,
  startExecution,
} from "./engine.js"
import { callerProblem, ControlError, controlError, ServiceError } from "./errors.js"
import { validateActionTypeDeclaration } from "./operations/actionTypes.js"
import type { Handlers, OperationName } from "./operations/common.js"
import { executionHandlers } from "./operations/executions.js"
import { jobHandlers } from "./operations/jobs.js"
import { actionTypeHandlers } from "./operations/actionTypes.js"
import { addPipeline, pipelineHandlers } from "./operations/pipelines.js"
import { tagHandlers } from "./operations/tags.js"
import { webhookHandlers } from "./operations/webhooks.js"
import { toActionSimulator, toRuleSimulator } from "./outcomes.js"
import { own, PlainDataError, formatPath as formatPlainPath, toPlainData } from "./plainData.js"
import { hex, uuid } from "./random.js"
import { exportSnapshot, importSnapshot, SnapshotError } from "./snapshot.js"
import type { ActionRun, ExecutionRecord, JobRecord, RecordedCallRecord, Revision, StageRun, Store } from "./state.js"
import { decideStart, type GitEvent, webhookRefusal } from "./triggers.js"
import { pipelineVariables } from "./variables.js"
import { makeStore } from "./store.js"

/** Every operation's handler; the type makes a missing or mistyped one a compile error. */
const handlers: Handlers<OperationName> = {
  ...pipelineHandlers,
  ...executionHandlers,
  ...jobHandlers,
  ...actionTypeHandlers,
  ...webhookHandlers,
  ...tagHandlers,
}

const codecs: ReadonlyMap<string, OperationCodec<any, any>> = new Map(Object.entries(operations))

/**
 * Operations that never change the durable state (pipelines, action types, webhooks, tags,
 * transitions; see `snapshot.ts`): they read it, or work on executions, jobs and approvals, which
 * are not durable. Any other operation moves the store's revision on when it succeeds, so an
 * operation missing here costs a needless save, never a lost one.
 */
const LEAVES_DURABLE_STATE: ReadonlySet<string> = new Set([
  "AcknowledgeJob",
  "AcknowledgeThirdPartyJob",
  "GetActionType",
  "GetJobDetails",
  "GetPipeline",
  "GetPipelineExecution",
  "GetPipelineState",
  "GetThirdPartyJobDetails",
  "ListActionExecutions",
  "ListActionTypes",
  "ListDeployActionExecutionTargets",
  "ListPipelineExecutions",
  "ListPipelines",
  "ListRuleExecutions",
  "ListRuleTypes",
  "ListTagsForResource",
  "ListWebhooks",
  "OverrideStageCondition",
  "PollForJobs",
  "PollForThirdPartyJobs",
  "PutActionRevision",
  "PutApprovalResult",
  "PutJobFailureResult",
  "PutJobSuccessResult",
  "PutThirdPartyJobFailureResult",
  "PutThirdPartyJobSuccessResult",
  "RetryStageExecution",
  "RollbackStage",
  "StartPipelineExecution",
  "StopPipelineExecution",
])

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error))

/** A bug of the simulator surfaces as an `InternalFailure` naming it. */
const internalFailure = (operation: string, error: unknown): ServiceError =>
  new ServiceError("InternalFailure", `CodePipeline simulator failed in ${operation}: ${messageOf(error)}`)

/** Keeps the call log bounded: past twice the limit, the oldest half is dropped at once. */
const record = (store: Store, entry: RecordedCallRecord): void => {
  const calls = store.calls
  calls.push(entry)
  const max = store.config.maxRecordedCalls
  if (calls.length > 2 * max) calls.splice(0, calls.length - max)
}

/** `time` (ms since the Unix epoch, default the simulated time) relative to the store's epoch. */
const relativeTime = (store: Store, time: number | undefined): number => (time === undefined ? store.now : time - store.epoch)

/** Records the call's failure and throws its error. */
const fail = (entry: RecordedCallRecord, error: ServiceError): never => {
  entry.outcome = "Failure"
  entry.code = error.code
  throw error
}

const execute = (store: Store, name: string, input: unknown, time: number | undefined, caller: string | undefined): unknown => {
  // A caller the service could not name (its ARN is echoed in outputs) is the test's mistake.
  if (caller !== undefined) {
    const problem = callerProblem(caller)
    if (problem !== undefined) throw new ControlError(`${name}: ${problem}`)
  }
  const operation = codecs.get(name)
  if (operation === undefined)
    throw new ServiceError("UnknownOperationException", `Unknown operation ${JSON.stringify(String(name).slice(0, 100))}`)
  const now = relativeTime(store, time)
  const entry: RecordedCallRecord = { operation: name, input, time: Math.max(now, store.now), outcome: "Success" }
  record(store, entry)
  try {
    advance(store, now)
  } catch (thrown) {
    return fail(entry, internalFailure(name, thrown))
  }
  const faults = store.faults.get(name)
  if (faults !== undefined && faults.length > 0) {
    const fault = faults[0]!
    if (--fault.remaining <= 0) faults.shift()
    // Any code: an injected fault stands for whatever the service may answer.
    return fail(entry, new ServiceError(fault.code, fault.message))
  }
  let output: unknown
  store.caller = caller ?? store.config.identity
  try {
    output = (handlers[name as OperationName] as (store: Store, input: unknown) => unknown)(store, input)
  } catch (thrown) {
    if (!(thrown instanceof ServiceError)) return fail(entry, internalFailure(name, thrown))
    // A handler may only refuse with an exception its operation models: anything else would lie
    // about the operation's errors.
    return fail(entry, operation.errors.includes(thrown.code) ? thrown : internalFailure(name, `refused with unmodeled ${thrown.code}`))
  } finally {
    // Events fired later, and controls, act for no caller of theirs: the configured identity.
    store.caller = store.config.identity
  }
  if (!LEAVES_DURABLE_STATE.has(name)) store.revision++
  return output
}

// -----------------------------------------------------------------------------------------------
// Controls

/**
 * What a control is given, as plain data (see `plainData.ts`): a value nested too deeply, cyclic or
 * unreadable is refused with a `ControlError` naming where.
 */
const plain = <A>(control: string, value: A): A => {
  try {
    return toPlainData(value) as A
  } catch (error) {
    if (!(error instanceof PlainDataError)) throw error
    const path = formatPlainPath(error.path)
    return controlError(`${control}: the input${path ? ` at ${path}` : ""} ${error.message}`)
  }
}

const STRICT: DecodeOptions = { secrets: plainSecrets, strict: true }

/** A value of a shape of the model, checked and copied with the codec (validated, encoded, decoded). */
const modelled = <A>(control: string, codec: ShapeCodec<A>, value: unknown): A => {
  const issue = validate(codec, value, plainSecrets)
  if (issue !== undefined) {
    const path = formatPath(issue.path)
    return controlError(`${control}: the input${path ? ` at ${path}` : ""}: ${issueMessage(issue)}`)
  }
  return codec.decode(codec.encode(value, plainSecrets), STRICT)
}

const actionTypeDeclaration: ShapeCodec<T.ActionTypeDeclaration> = {
  validate: V.ActionTypeDeclaration,
  encode: identity,
  decode: D.ActionTypeDeclaration,
}

const pipelineOf = (store: Store, name: string) => store.pipelines.get(name) ?? controlError(`Pipeline '${name}' does not exist`)

const jobInfo = (store: Store, job: JobRecord): JobInfo => {
  const action = job.action
  if (isRuleRun(action)) {
    const exec = action.condition.stage.exec
    return {
      jobId: job.id,
      kind: "Lambda",
      status: job.status,
      pipelineName: exec.pipeline.name,
      pipelineExecutionId: exec.id,
      stageName: stageNameOf(action.condition.stage),
      actionName: action.name,
      actionExecutionId: action.id,
      actionTypeId: { category: "Invoke", owner: "AWS", provider: "Lambda", version: "1" },
      ruleName: action.name,
      ...(job.continuationToken !== undefined ? { continuationToken: job.continuationToken } : {}),
    }
  }
  const exec = action.stage.exec
  return {
    jobId: job.id,
    kind: job.kind === "custom" ? "Custom" : job.kind === "thirdParty" ? "ThirdParty" : "Lambda",
    status: job.status,
    pipelineName: exec.pipeline.name,
    pipelineExecutionId: exec.id,
    stageName: stageNameOf(action.stage),
    actionName: action.declaration.name,
    actionExecutionId: actionExecutionId(store, action),
    actionTypeId: action.declaration.actionTypeId,
    ...(job.clientId !== undefined ? { clientId: job.clientId } : {}),
    ...(job.continuationToken !== undefined ? { continuationToken: job.continuationToken } : {}),
  }
}

const SEEDED_STATUSES = new Set(["Succeeded", "Failed", "Stopped", "Cancelled", "Superseded"])

/** A finished execution built directly, every action ending at once (see `Simulator.seedExecution`). */
const seedExecution = (store: Store, input: SeedExecution): string => {
  const pipeline = pipelineOf(store, input.pipelineName)
  if (!SEEDED_STATUSES.has(input.status)) controlError(`Status '${String(input.status)}' is not one a seeded execution can have`)
  if (pipeline.active.size > 0) controlError(`Pipeline '${pipeline.name}' has executions in progress`)
  const declaration = pipeline.declaration
  const stages = declaration.stages
  const status = input.status
  let endIndex = status === "Superseded" ? 1 : stages.length - 1
  if (input.stageName !== undefined) {
    endIndex = stages.findIndex((s) => s.name === input.stageName)
    if (endIndex < 0) controlError(`Stage '${input.stageName}' does not exist in pipeline '${pipeline.name}'`)
  }
  const now = store.now
  const seededVariables = pipelineVariables(declaration, undefined).variables
  const exec: ExecutionRecord = {
    id: uuid(store.random),
    pipeline,
    declaration,
    trigger: input.trigger ?? { triggerType: "StartPipelineExecution", triggerDetail: store.config.identity },
    status,
    startTime: now,
    lastUpdateTime: now,
    stageIndex: endIndex,
    phase: "Done",
    stageRuns: new Array(stages.length),
    // Seeded as if started automatically: the declared defaults, when every variable has one.
    ...(seededVariables !== undefined ? { variables: seededVariables } : {}),
  }
  const last = status === "Succeeded" ? stages.length - 1 : status === "Superseded" ? endIndex - 1 : endIndex
  for (let i = 0; i <= last; i++) {
    const stage = stages[i]!
    const ended = status !== "Succeeded" && i === endIndex
    const stageStatus: T.StageExecutionStatus = !ended
      ? "Succeeded"
      : status === "Failed"
        ? "Failed"
        : status === "Stopped"
          ? "Stopped"
          : "Cancelled"
    const run: StageRun = {
      exec,
      index: i,
      status: stageStatus,
      last: undefined,
      group: groupsOf(stage).length,
      failed: stageStatus === "Failed",
    }
    exec.stageRuns[i] = run
    pipeline.latestStage[i] = run
    const latest = (pipeline.latestAction[i] ??= [])
    stage.actions.forEach((declaration, index) => {
      const actionStatus: T.ActionExecutionStatus =
        !ended || status === "Stopped" ? "Succeeded" : status === "Failed" ? "Failed" : "Abandoned"
      const action = newActionRun(store, run, index, declaration, actionStatus, now)
      if (actionStatus === "Failed") {
        action.errorDetails = { code: "JobFailed", message: "Seeded failure" }
        action.summary = "Seeded failure"
      }
      run.last = action
      latest[index] = action
      if (actionStatus === "Succeeded" && declaration.actionTypeId.category === "Source") {
        action.revision = sourceRevision(store, pipeline, declaration.name)
      }
    })
  }
  pipeline.executions.push(exec)
  pipeline.executionsById.set(exec.id, exec)
  return exec.id
}

const findRunning = (store: Store, target: ActionTarget): ActionRun => {
  const pipeline = pipelineOf(store, target.pipelineName)
  let action: ActionRun | undefined
  if (target.pipelineExecutionId !== undefined) {
    const exec =
      pipeline.executionsById.get(target.pipelineExecutionId) ?? controlError(`Execution ${target.pipelineExecutionId} does not exist`)
    const run = exec.stageRuns.find((r) => r !== undefined && stageNameOf(r) === target.stageName)
    for (let a = run?.last; a !== undefined && action === undefined; a = a.previous)
      if (a.declaration.name === target.actionName) action = a
  } else {
    action = latestActionRun(pipeline, target.stageName, target.actionName)
  }
  if (action === undefined || action.status !== "InProgress") {
    return controlError(`Action '${target.actionName}' of stage '${target.stageName}' in pipeline '${target.pipelineName}' is not running`)
  }
  return action
}

// The model's patterns of a role ARN and a client id, and its bound on a client token.
const ROLE_ARN = /^arn:aws(-[\w]+)*:iam::[0-9]{12}:role\//
const CLIENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const MAX_ROLE_ARN = 1024
const MAX_CLIENT_TOKEN = 256

const registerRole = (store: Store, roleArn: unknown): void => {
  if (typeof roleArn !== "string" || roleArn.length > MAX_ROLE_ARN || !ROLE_ARN.test(roleArn)) {
    controlError("registerRole: the role must be an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>)")
  }
  store.roles.add(roleArn as string)
}

const registerThirdPartyClient = (store: Store, client: ThirdPartyClient): void => {
  const id = client?.actionTypeId
  if (id?.owner !== "ThirdParty" || typeof id.category !== "string" || typeof id.provider !== "string" || typeof id.version !== "string") {
    controlError("registerThirdPartyClient: actionTypeId must name a ThirdParty action type")
  }
  if (typeof client.clientId !== "string" || !CLIENT_ID.test(client.clientId)) {
    controlError("registerThirdPartyClient: clientId must be a lower-case UUID, as the model's ClientId pattern says")
  }
  // The token is a secret: the message never quotes it.
  if (typeof client.clientToken !== "string" || client.clientToken.length < 1 || client.clientToken.length > MAX_CLIENT_TOKEN) {
    controlError(`registerThirdPartyClient: clientToken must be a string of 1 to ${MAX_CLIENT_TOKEN} characters`)
  }
  store.clientTokens.set(client.clientId, client.clientToken)
  store.clientIds.set(actionTypeKey(id), client.clientId)
}

/** Refuses a control's member that is present but not a string (or, with `list`, not a list of strings). */
const checkStrings = (control: string, value: object, names: ReadonlyArray<string>, list = false): void => {
  for (const name of names) {
    const member = (value as Record<string, unknown>)[name]
    if (member === undefined) continue
    const ok = list ? Array.isArray(member) && member.every((m) => typeof m === "string") : typeof member === "string"
    if (!ok) controlError(`${control}: ${name} must be ${list ? "a list of strings" : "a string"}`)
  }
}

/** A change in a source's repository (see `Simulator.pushSourceRevision`). */
const pushSourceRevision = (store: Store, input: SourceChange): SourceChangeResult => {
  if (input === null || typeof input !== "object") return controlError("pushSourceRevision: the input must be an object")
  checkStrings("pushSourceRevision", input, ["pipelineName", "actionName", "revisionId", "revisionSummary", "revisionUrl", "branch", "tag"])
  checkStrings("pushSourceRevision", input, ["filePaths"], true)
  if (input.pullRequest !== undefined) {
    if (input.pullRequest === null || typeof input.pullRequest !== "object")
      controlError("pushSourceRevision: pullRequest must be an object")
    checkStrings("pushSourceRevision: pullRequest", input.pullRequest, ["event", "sourceBranch", "destinationBranch"])
    if (typeof input.pullRequest.sourceBranch !== "string" || typeof input.pullRequest.destinationBranch !== "string") {
      controlError("pushSourceRevision: pullRequest needs its sourceBranch and destinationBranch")
    }
  }
  const pipeline = pipelineOf(store, input.pipelineName)
  const action = pipeline.declaration.stages[0]!.actions.find((a) => a.name === input.actionName)
  if (action === undefined) return controlError(`Action '${input.actionName}' is not a source action of pipeline '${pipeline.name}'`)
  const pr = input.pullRequest
  if (pr !== undefined && !(GitPullRequestEventType as ReadonlyArray<unknown>).includes(pr.event)) {
    controlError(
      `pushSourceRevision: pullRequest.event must be one of ${GitPullRequestEventType.join(", ")}, not ${JSON.stringify(pr.event)?.slice(0, 40)}`,
    )
  }
  const tracked = own(action.configuration, action.actionTypeId.provider === "GitHub" ? "Branch" : "BranchName")
  const branch = pr?.sourceBranch ?? input.branch ?? (input.tag === undefined ? tracked : undefined)
  const revisionId = input.revisionId ?? hex(store.random, 40)
  const revision: Revision = {
    revisionId,
    revisionChangeId: revisionId,
    summary: input.revisionSummary,
    url: input.revisionUrl,
    created: store.now,
    ...(branch !== undefined ? { branch } : {}),
  }
  // The head the action fetches moves with a push to the branch it tracks.
  if (pr === undefined && input.tag === undefined && (tracked === undefined || branch === tracked))
    (pipeline.sources ??= new Map()).set(action.name, revision)
  if (input.startExecution === false) return { revisionId }
  const event: GitEvent =
    pr !== undefined
      ? {
          kind: "pullRequest",
          pullRequestEvent: pr.event,
          sourceBranch: pr.sourceBranch,
          destinationBranch: pr.destinationBranch,
          filePaths: input.filePaths,
        }
      : { kind: "push", branch, tag: input.tag, filePaths: input.filePaths }
  const decision = decideStart(pipeline.declaration, action, event)
  if (!decision.start) return { revisionId, notStarted: decision.reason }
  // The execution runs the commit that started it, whatever the head is by the time its source runs.
  const exec = startExecution(store, pipeline, {
    trigger: { triggerType: decision.triggerType, triggerDetail: `${action.name}/${revisionId}` },
    overrides: new Map([[action.name, revision]]),
  })
  return { revisionId, pipelineExecutionId: exec.id }
}

/** Runs a control; what is not a `ControlError` or a `ServiceError` is a bug, reported as a `ControlError`. */
const control = <A>(body: () => A): A => {
  try {
    return body()
  } catch (error) {
    if (error instanceof ControlError || error instanceof ServiceError) throw error
    throw new ControlError(`CodePipeline simulator control failed: ${messageOf(error)}`)
  }
}

const publicCall = (store: Store, c: RecordedCallRecord): RecordedCall => ({
  operation: c.operation,
  input: c.input,
  time: new Date(store.epoch + c.time),
  outcome: c.outcome,
  ...(c.code !== undefined ? { error: c.code } : {}),
  ...(c.refused === true ? { refused: true } : {}),
})

/**
 * A simulator, starting empty at `options.now`. Invalid options (an action type that breaks the
 * service's rules) throw an `Error`: they are bugs of the caller.
 */
export const makeSimulator = (options: Options = {}): Simulator => {
  const accountId = options.accountId ?? "123456789012"
  const config = {
    region: options.region ?? "us-east-1",
    accountId,
    identity: options.identity ?? `arn:aws:iam::${accountId}:user/in-memory`,
    checkRoles: options.checkRoles ?? false,
    actionDurationMs: options.actionDurationMs ?? 30_000,
    ruleDurationMs: options.ruleDurationMs ?? 10_000,
    maxPipelines: options.maxPipelines ?? 1000,
    maxRecordedCalls: options.maxRecordedCalls ?? 10_000,
    maxConcurrentExecutions: options.maxConcurrentExecutions ?? 50,
    startOnCreate: options.startOnCreate ?? true,
  }
  const seed = options.seed ?? 0
  let simulate: ActionSimulator | undefined
  let simulateRule: RuleSimulator | undefined
  try {
    simulate = toActionSimulator(options.simulate)
  } catch (error) {
    throw new Error(`CodePipeline simulator: invalid options.simulate: ${messageOf(error)}`)
  }
  try {
    simulateRule = toRuleSimulator(options.simulateRule)
  } catch (error) {
    throw new Error(`CodePipeline simulator: invalid options.simulateRule: ${messageOf(error)}`)
  }
  const actionTypes: Array<T.ActionTypeDeclaration> = []
  for (const given of options.actionTypes ?? []) {
    try {
      actionTypes.push(validateActionTypeDeclaration(modelled("actionTypes", actionTypeDeclaration, plain("actionTypes", given))))
    } catch (error) {
      throw new Error(`CodePipeline simulator: invalid action type in options.actionTypes: ${messageOf(error)}`)
    }
  }
  /** A store as the options describe it, starting at `epoch`. */
  const fresh = (epoch: number): Store => {
    const made = makeStore(config, { action: simulate, rule: simulateRule }, seed, epoch)
    for (const valid of actionTypes) made.registeredActionTypes.set(actionTypeKey(valid.id), { declaration: valid })
    return made
  }
  // Replaced whole by `reset`: every method reads it through this binding.
  let store = fresh(options.now ?? Date.now())
  for (const role of options.roles ?? []) {
    try {
      registerRole(store, role)
    } catch (error) {
      throw new Error(`CodePipeline simulator: invalid role in options.roles: ${messageOf(error)}`)
    }
  }
  for (const client of options.thirdPartyClients ?? []) {
    try {
      registerThirdPartyClient(store, client)
    } catch (error) {
      throw new Error(`CodePipeline simulator: invalid client in options.thirdPartyClients: ${messageOf(error)}`)
    }
  }
  const reset = (): void => {
    const revision = store.revision
    store = fresh(store.epoch + store.now)
    // The options were checked when the simulator was made.
    for (const role of options.roles ?? []) registerRole(store, role)
    for (const client of options.thirdPartyClients ?? []) registerThirdPartyClient(store, client)
    store.revision = revision + 1
  }

  return {
    get now() {
      return store.epoch + store.now
    },
    advance: (time) => advance(store, time - store.epoch),
    execute: (operation, input, time, caller) => execute(store, operation, input, time, caller) as never,
    recordRefused: (operation, input, error, time) => {
      const now = relativeTime(store, time)
      record(store, { operation, input, time: Math.max(now, store.now), outcome: "Failure", code: error, refused: true })
    },
    get revision() {
      return store.revision
    },

    seedPipeline: (pipelineGiven, options) =>
      control(() => {
        // The same checks as CreatePipeline's, so a seed is never something the API refuses.
        const input = modelled("seedPipeline", operations.CreatePipeline.input, {
          pipeline: plain("seedPipeline", pipelineGiven),
          ...(options?.tags !== undefined ? { tags: plain("seedPipeline", options.tags) } : {}),
        })
        const record = addPipeline(store, input.pipeline, input.tags)
        store.revision++
        if (options?.startExecution === true) {
          startExecution(store, record, { trigger: { triggerType: "CreatePipeline", triggerDetail: store.config.identity } })
        }
        return record.declaration
      }),

    seedExecution: (input) => control(() => seedExecution(store, plain("seedExecution", input))),

    completeAction: (targetGiven, completionGiven) =>
      control(() => {
        const target = plain("completeAction", targetGiven)
        const completion = plain("completeAction", completionGiven) as ActionCompletion
        if (completion.status !== "Succeeded" && completion.status !== "Failed") {
          controlError(`completeAction: status must be "Succeeded" or "Failed", not ${JSON.stringify(completion.status)?.slice(0, 40)}`)
        }
        const action = findRunning(store, target)
        completeAction(store, action, {
          status: completion.status,
          summary: completion.summary,
          externalExecutionId: completion.externalExecutionId,
          externalExecutionUrl: completion.externalExecutionUrl,
          logStreamARN: completion.logStreamARN,
          outputVariables: completion.status === "Succeeded" ? completion.outputVariables : undefined,
          targets: completion.targets,
          errorDetails:
            completion.status === "Failed"
              ? (completion.errorDetails ?? { code: "JobFailed", message: completion.summary ?? "The action failed" })
              : undefined,
        })
      }),

    jobs: (filter) =>
      control(() => {
        const out: Array<JobInfo> = []
        for (const job of store.jobs.values()) {
          const info = jobInfo(store, job)
          if (filter?.pipelineName !== undefined && info.pipelineName !== filter.pipelineName) continue
          if (filter?.kind !== undefined && info.kind !== filter.kind) continue
          if (filter?.status !== undefined && info.status !== filter.status) continue
          out.push(info)
        }
        return out
      }),

    injectFault: (operation, faultGiven, options) =>
      control(() => {
        if (!codecs.has(operation)) controlError(`injectFault: unknown operation ${JSON.stringify(String(operation).slice(0, 100))}`)
        const fault = plain("injectFault", faultGiven) as FaultSpec
        if (typeof fault?.code !== "string" || fault.code === "") controlError("injectFault: the fault's code must be a non-empty string")
        if (typeof fault.message !== "string") controlError("injectFault: the fault's message must be a string")
        const times = options?.times ?? 1
        if (!(times >= 1)) return
        let faults = store.faults.get(operation)
        if (faults === undefined) store.faults.set(operation, (faults = []))
        faults.push({ code: fault.code, message: fault.message, remaining: times })
      }),

    clearFaults: () => store.faults.clear(),

    calls: (operation) => {
      const out: Array<RecordedCall> = []
      for (const c of store.calls) if (operation === undefined || c.operation === operation) out.push(publicCall(store, c))
      return out
    },

    clearCalls: () => {
      store.calls.length = 0
    },

    // A new simulator applies from now on: events due before now ran with the old one.
    setSimulator: (simulate) =>
      control(() => {
        store.simulators.action = toActionSimulator(simulate)
      }),

    setRuleSimulator: (simulate) =>
      control(() => {
        store.simulators.rule = toRuleSimulator(simulate)
      }),

    registerActionType: (declaration) =>
      control(() => {
        const given = modelled("registerActionType", actionTypeDeclaration, plain("registerActionType", declaration))
        let valid: T.ActionTypeDeclaration
        try {
          valid = validateActionTypeDeclaration(given)
        } catch (error) {
          return controlError(messageOf(error))
        }
        store.registeredActionTypes.set(actionTypeKey(valid.id), { declaration: valid })
        store.revision++
      }),

    registerRole: (roleArn) => control(() => registerRole(store, plain("registerRole", roleArn))),

    registerThirdPartyClient: (client) => control(() => registerThirdPartyClient(store, plain("registerThirdPartyClient", client))),

    pushSourceRevision: (inputGiven) => control(() => pushSourceRevision(store, plain("pushSourceRevision", inputGiven))),

    triggerWebhook: (name, eventGiven) =>
      control(() => {
        const webhook = store.webhooks.get(name) ?? controlError(`Webhook '${name}' does not exist`)
        const event = plain("triggerWebhook", eventGiven ?? {})
        if (event === null || typeof event !== "object") return controlError("triggerWebhook: the event must be an object")
        checkStrings("triggerWebhook", event, ["secretToken", "sourceIp"])
        const pipeline = pipelineOf(store, webhook.definition.targetPipeline)
        const action = pipeline.declaration.stages[0]!.actions.find((a) => a.name === webhook.definition.targetAction)
        const refused = webhookRefusal(webhook.definition, action, event)
        if (refused !== undefined) return { notStarted: refused }
        webhook.lastTriggered = store.now
        store.revision++
        return {
          pipelineExecutionId: startExecution(store, pipeline, { trigger: { triggerType: "Webhook", triggerDetail: webhook.arn } }).id,
        }
      }),

    reset,

    exportState: () => exportSnapshot(store),

    importState: (snapshot) =>
      control(() => {
        try {
          importSnapshot(store, snapshot)
        } catch (error) {
          if (error instanceof SnapshotError) controlError(`Cannot import the state: ${error.message}`)
          throw error
        }
        store.revision++
      }),
  }
}
