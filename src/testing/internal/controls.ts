/**
 * The test controls over a store. Like operations, each control advances the simulated clock to the
 * caller's `Clock` time first and then runs in one synchronous step.
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { encodeInput } from "../../services/internal/codec.js"
import { CreatePipeline, type CreatePipelineError, type Methods } from "../../services/operations.js"
import type * as S from "../../schema/shapes.js"
import { ControlError, type JobInfo, type RecordedCall, type Service } from "../Controls.js"
import { actionTypeKey } from "./catalog.js"
import {
  actionExecutionId,
  advance,
  completeAction,
  groupsOf,
  latestActionRun,
  sourceRevision,
  stageNameOf,
  startExecution,
} from "./engine.js"
import { Rejection } from "./failure.js"
import { hex, uuid } from "./random.js"
import { validateActionTypeDeclaration } from "./operations/actionTypes.js"
import { date } from "./views.js"
import { addPipeline } from "./operations/pipelines.js"
import { formatPath, PlainDataError, toPlainData } from "./plainData.js"
import { unreadableInput } from "./service.js"
import { exportSnapshot, importSnapshot, SnapshotError } from "./snapshot.js"
import type { ActionRun, ExecutionRecord, JobRecord, StageRun, Store } from "./state.js"

const controlError = (message: string): never => {
  throw new Rejection(new ControlError({ message }))
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error))

/** Runs a control body at the caller's `Clock` time; refusals become failures, never defects. */
const control = <A, E = ControlError>(store: Store, body: () => A): Effect.Effect<A, E> =>
  Effect.clockWith((clock) => {
    try {
      advance(store, clock.unsafeCurrentTimeMillis() - store.epoch)
      return Effect.succeed(body())
    } catch (error) {
      if (error instanceof Rejection) return Effect.fail(error.error as E)
      return Effect.fail(new ControlError({ message: `In-memory CodePipeline control failed: ${messageOf(error)}` }) as E)
    }
  })

/**
 * What a control is given, as plain data (see `plainData.ts`): a value nested too deeply, cyclic or
 * unreadable is refused with a `ControlError` naming where, never a defect.
 */
const plain = <A>(control: string, value: A): A => {
  try {
    return toPlainData(value) as A
  } catch (error) {
    if (!(error instanceof PlainDataError)) throw error
    const path = formatPath(error.path)
    return controlError(`${control}: the input${path ? ` at ${path}` : ""} ${error.message}`)
  }
}

const pipelineOf = (store: Store, name: string) => store.pipelines.get(name) ?? controlError(`Pipeline '${name}' does not exist`)

const jobInfo = (store: Store, job: JobRecord): JobInfo => {
  const action = job.action
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

/** A finished execution built directly, every action ending at once (see `Controls.seedExecution`). */
const seedExecution = (store: Store, input: Parameters<Service["seedExecution"]>[0]): string => {
  const pipeline = pipelineOf(store, input.pipelineName)
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
  }
  const last = status === "Succeeded" ? stages.length - 1 : status === "Superseded" ? endIndex - 1 : endIndex
  for (let i = 0; i <= last; i++) {
    const stage = stages[i]!
    const ended = status !== "Succeeded" && i === endIndex
    const stageStatus: S.StageExecutionStatus = !ended ? "Succeeded" : status === "Failed" ? "Failed" : status === "Stopped" ? "Stopped" : "Cancelled"
    const run: StageRun = { exec, index: i, status: stageStatus, last: undefined, group: groupsOf(stage).length, failed: stageStatus === "Failed" }
    exec.stageRuns[i] = run
    pipeline.latestStage[i] = run
    const latest = (pipeline.latestAction[i] ??= [])
    stage.actions.forEach((declaration, index) => {
      const actionStatus: S.ActionExecutionStatus = !ended || status === "Stopped" ? "Succeeded" : status === "Failed" ? "Failed" : "Abandoned"
      const action: ActionRun = {
        serial: store.actionSerial++,
        stage: run,
        previous: run.last,
        index,
        declaration,
        status: actionStatus,
        startTime: now,
        lastUpdateTime: now,
        ...(actionStatus === "Failed" ? { errorDetails: { code: "JobFailed", message: "Seeded failure" }, summary: "Seeded failure" } : {}),
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

const findRunning = (store: Store, target: Parameters<Service["completeAction"]>[0]): ActionRun => {
  const pipeline = pipelineOf(store, target.pipelineName)
  let action: ActionRun | undefined
  if (target.pipelineExecutionId !== undefined) {
    const exec = pipeline.executionsById.get(target.pipelineExecutionId) ?? controlError(`Execution ${target.pipelineExecutionId} does not exist`)
    const run = exec.stageRuns.find((r) => r !== undefined && stageNameOf(r) === target.stageName)
    for (let a = run?.last; a !== undefined && action === undefined; a = a.previous) if (a.declaration.name === target.actionName) action = a
  } else {
    action = latestActionRun(pipeline, target.stageName, target.actionName)
  }
  if (action === undefined || action.status !== "InProgress") {
    return controlError(`Action '${target.actionName}' of stage '${target.stageName}' in pipeline '${target.pipelineName}' is not running`)
  }
  return action
}

const triggerFor = (provider: string): S.TriggerType =>
  provider === "CodeStarSourceConnection" ? "WebhookV2" : provider === "GitHub" ? "Webhook" : "CloudWatchEvent"

export const makeControls = (store: Store): Service => ({
  seedPipeline: (pipelineGiven, options) =>
    control<S.PipelineDeclaration, CreatePipelineError | ControlError>(store, () => {
      // The same checks as CreatePipeline's, so a seed is never something the API refuses.
      let input: { readonly pipeline: S.PipelineDeclaration; readonly tags?: ReadonlyArray<S.Tag> }
      try {
        input = toPlainData({ pipeline: pipelineGiven, ...(options?.tags !== undefined ? { tags: options.tags } : {}) }) as typeof input
      } catch (error) {
        if (error instanceof PlainDataError) throw new Rejection(unreadableInput(CreatePipeline.name, error))
        throw error
      }
      const encoded = encodeInput(CreatePipeline, input)
      if (Either.isLeft(encoded)) throw new Rejection(encoded.left)
      const record = addPipeline(store, input.pipeline, input.tags)
      store.revision++
      if (options?.startExecution === true) {
        startExecution(store, record, { trigger: { triggerType: "CreatePipeline", triggerDetail: store.config.identity } })
      }
      return record.declaration
    }),

  seedExecution: (input) => control(store, () => seedExecution(store, plain("seedExecution", input))),

  completeAction: (targetGiven, completionGiven) =>
    control(store, () => {
      const target = plain("completeAction", targetGiven)
      const completion = plain("completeAction", completionGiven)
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
    control<ReadonlyArray<JobInfo>, never>(store, () => {
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

  injectFault: (method, error, options) =>
    control<void, never>(store, () => {
      const times = options?.times ?? 1
      if (times < 1) return
      let faults = store.faults.get(method)
      if (faults === undefined) store.faults.set(method, (faults = []))
      faults.push({ error, remaining: times })
    }),

  clearFaults: control<void, never>(store, () => store.faults.clear()),

  calls: Effect.sync(() =>
    store.calls.map(
      (c): RecordedCall => ({
        operation: c.operation,
        method: c.method as keyof Methods,
        input: c.input as RecordedCall["input"],
        time: date(store, c.time),
        outcome: c.outcome,
        ...(c.errorTag !== undefined ? { error: c.errorTag } : {}),
      }),
    ),
  ),

  callsOf: <K extends keyof Methods>(method: K) =>
    Effect.sync(() =>
      store.calls
        .filter((c) => c.method === method)
        .map(
          (c): RecordedCall<K> => ({
            operation: c.operation,
            method,
            input: c.input as RecordedCall<K>["input"],
            time: date(store, c.time),
            outcome: c.outcome,
            ...(c.errorTag !== undefined ? { error: c.errorTag } : {}),
          }),
        ),
    ),

  clearCalls: Effect.sync(() => {
    store.calls.length = 0
  }),

  // A new simulator applies from now on: events due before now run first, with the old one.
  setSimulator: (simulate) =>
    control<void, never>(store, () => {
      store.simulators.action = simulate
    }),

  setRuleSimulator: (simulate) =>
    control<void, never>(store, () => {
      store.simulators.rule = simulate
    }),

  registerActionType: (declaration) =>
    control(store, () => {
      let valid: S.ActionTypeDeclaration
      try {
        valid = validateActionTypeDeclaration(plain("registerActionType", declaration))
      } catch (error) {
        return controlError(error instanceof Rejection ? messageOf(error.error) : messageOf(error))
      }
      store.registeredActionTypes.set(actionTypeKey(valid.id), { declaration: valid })
      store.revision++
    }),

  pushSourceRevision: (inputGiven) =>
    control(store, () => {
      const input = plain("pushSourceRevision", inputGiven)
      const pipeline = pipelineOf(store, input.pipelineName)
      const action = pipeline.declaration.stages[0]!.actions.find((a) => a.name === input.actionName)
      if (action === undefined) return controlError(`Action '${input.actionName}' is not a source action of pipeline '${pipeline.name}'`)
      const revisionId = input.revisionId ?? hex(store.random, 40)
      ;(pipeline.sources ??= new Map()).set(action.name, {
        revisionId,
        revisionChangeId: revisionId,
        summary: input.revisionSummary,
        url: input.revisionUrl,
        created: store.now,
      })
      if (input.startExecution === false) return { revisionId }
      const exec = startExecution(store, pipeline, {
        trigger: { triggerType: triggerFor(action.actionTypeId.provider), triggerDetail: `${action.name}/${revisionId}` },
      })
      return { revisionId, pipelineExecutionId: exec.id }
    }),

  triggerWebhook: (name) =>
    control(store, () => {
      const webhook = store.webhooks.get(name) ?? controlError(`Webhook '${name}' does not exist`)
      const pipeline = pipelineOf(store, webhook.definition.targetPipeline)
      webhook.lastTriggered = store.now
      store.revision++
      return startExecution(store, pipeline, { trigger: { triggerType: "Webhook", triggerDetail: webhook.arn } }).id
    }),

  exportState: control<ReturnType<typeof exportSnapshot>, never>(store, () => exportSnapshot(store)),

  importState: (snapshot) =>
    control(store, () => {
      try {
        importSnapshot(store, plain("importState", snapshot))
        store.revision++
      } catch (error) {
        if (error instanceof SnapshotError) controlError(`Cannot import the state: ${error.message}`)
        throw error
      }
    }),
})
