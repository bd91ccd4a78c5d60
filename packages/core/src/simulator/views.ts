/**
 * What the operations answer, built from the records on each call. Answers are built fresh, but
 * share what the records hold as it is: frozen declarations, and values given to the simulator
 * (error details, output variables). Callers that hand answers on copy them with the codec.
 */
import type * as T from "../generated/types.js"
import { actionExecutionId, isRuleRun, modeOf, producerOf, revisionsOf, stageNameOf, typeOf } from "./engine.js"
import { defined } from "./defined.js"
import { own } from "./plainData.js"
import { outputVariablesOf } from "./variables.js"
import { checksum } from "./random.js"
import type { ActionRun, ConditionRun, ExecutionRecord, JobRecord, PipelineRecord, RuleRun, StageRun, Store, Transition } from "./state.js"

/** Records keep times relative to the store's epoch (see `state.ts`). */
export const date = (store: Store, ms: number): Date => new Date(store.epoch + ms)

export const pipelineMetadata = (store: Store, pipeline: PipelineRecord): T.PipelineMetadata => ({
  pipelineArn: pipeline.arn,
  created: date(store, pipeline.created),
  updated: date(store, pipeline.updated),
})

export const pipelineSummary = (store: Store, pipeline: PipelineRecord): T.PipelineSummary => ({
  name: pipeline.name,
  version: pipeline.declaration.version,
  pipelineType: pipeline.declaration.pipelineType,
  executionMode: pipeline.declaration.executionMode,
  created: date(store, pipeline.created),
  updated: date(store, pipeline.updated),
})

const transitionState = (store: Store, t: Transition | undefined): T.TransitionState =>
  t === undefined
    ? { enabled: true }
    : {
        enabled: t.enabled,
        ...defined({
          lastChangedBy: t.lastChangedBy,
          lastChangedAt: t.lastChangedAt === undefined ? undefined : date(store, t.lastChangedAt),
          disabledReason: t.disabledReason,
        }),
      }

const stageExecution = (exec: ExecutionRecord, status: T.StageExecutionStatus): T.StageExecution => ({
  pipelineExecutionId: exec.id,
  status,
  type: typeOf(exec),
})

/** An action's latest execution as GetPipelineState shows it. */
const actionExecution = (store: Store, a: ActionRun): T.ActionExecution => {
  // A PARALLEL execution's approval token is not in the state, in either member: ListActionExecutions
  // gives it, as the approval's externalExecutionId (see PutApprovalResult's documentation).
  const parallel = a.stage.exec.declaration.executionMode === "PARALLEL"
  return {
    actionExecutionId: actionExecutionId(store, a),
    status: a.status,
    lastStatusChange: date(store, a.lastUpdateTime),
    ...defined({
      summary: a.summary,
      token: a.status === "InProgress" && !parallel ? a.token : undefined,
      lastUpdatedBy: a.updatedBy,
      externalExecutionId: parallel && a.token !== undefined ? undefined : a.externalExecutionId,
      externalExecutionUrl: a.externalExecutionUrl,
      percentComplete: a.percentComplete,
      errorDetails: a.errorDetails,
      logStreamARN: a.logStreamARN,
    }),
  }
}

const conditionState = (store: Store, c: ConditionRun | undefined): T.StageConditionState | undefined =>
  c === undefined
    ? undefined
    : {
        latestExecution: { status: c.status, ...(c.summary !== undefined ? { summary: c.summary } : {}) },
        conditionStates: [
          {
            latestExecution: { status: c.status, lastStatusChange: date(store, c.lastStatusChange) },
            ruleStates: c.rules.map(
              (r): T.RuleState => ({
                ruleName: r.name,
                latestExecution: {
                  ruleExecutionId: r.id,
                  status: r.status,
                  lastStatusChange: date(store, r.lastUpdateTime),
                  ...defined({
                    summary: r.summary,
                    externalExecutionId: r.externalExecutionId,
                    externalExecutionUrl: r.externalExecutionUrl,
                    errorDetails: r.errorDetails,
                  }),
                },
              }),
            ),
          },
        ],
      }

export const pipelineState = (store: Store, pipeline: PipelineRecord): T.GetPipelineStateOutput => {
  const declaration = pipeline.declaration
  const stageStates = declaration.stages.map((stage, i): T.StageState => {
    const state: { -readonly [K in keyof T.StageState]: T.StageState[K] } = {
      stageName: stage.name,
      inboundTransitionState: transitionState(store, pipeline.transitions?.get(stage.name)),
    }
    const waiting = pipeline.waiting[i]
    if (waiting !== undefined && waiting.length > 0) {
      state.inboundExecution = stageExecution(waiting[waiting.length - 1]!, "InProgress")
      if (declaration.executionMode !== "SUPERSEDED") state.inboundExecutions = waiting.map((e) => stageExecution(e, "InProgress"))
    }
    const latest = pipeline.latestAction[i]
    state.actionStates = stage.actions.map((action, j): T.ActionState => {
      const run = latest?.[j]
      if (run === undefined) return { actionName: action.name }
      const revision = run.revision
      return {
        actionName: action.name,
        latestExecution: actionExecution(store, run),
        ...(revision !== undefined && run.status === "Succeeded"
          ? {
              currentRevision: {
                revisionId: revision.revisionId,
                revisionChangeId: revision.revisionChangeId,
                created: date(store, revision.created),
              },
            }
          : {}),
        ...(revision?.url !== undefined ? { revisionUrl: revision.url } : {}),
      }
    })
    const run = pipeline.latestStage[i]
    if (run !== undefined) {
      state.latestExecution = stageExecution(run.exec, run.status)
      const c = run.conditions
      if (c?.BEFORE_ENTRY) state.beforeEntryConditionState = conditionState(store, c.BEFORE_ENTRY)
      if (c?.ON_SUCCESS) state.onSuccessConditionState = conditionState(store, c.ON_SUCCESS)
      if (c?.ON_FAILURE) state.onFailureConditionState = conditionState(store, c.ON_FAILURE)
      const retry = run.retry
      if (retry !== undefined) {
        state.retryStageMetadata = {
          ...(retry.auto > 0 ? { autoStageRetryAttempt: retry.auto } : {}),
          ...(retry.manual > 0 ? { manualStageRetryAttempt: retry.manual } : {}),
          latestRetryTrigger: retry.trigger,
        }
      }
    }
    return state
  })
  return {
    pipelineName: pipeline.name,
    pipelineVersion: declaration.version,
    stageStates,
    created: date(store, pipeline.created),
    updated: date(store, pipeline.updated),
  }
}

const sourceRevisions = revisionsOf

export const pipelineExecution = (store: Store, exec: ExecutionRecord): T.PipelineExecution => ({
  pipelineName: exec.pipeline.name,
  pipelineVersion: exec.declaration.version,
  pipelineExecutionId: exec.id,
  status: exec.status,
  ...(exec.statusSummary !== undefined ? { statusSummary: exec.statusSummary } : {}),
  artifactRevisions: sourceRevisions(exec).map(
    ({ action, revision }): T.ArtifactRevision => ({
      name: action.outputArtifacts?.[0]?.name ?? action.name,
      revisionId: revision.revisionId,
      revisionChangeIdentifier: revision.revisionChangeId,
      ...(revision.summary !== undefined ? { revisionSummary: revision.summary } : {}),
      created: date(store, revision.created),
      ...(revision.url !== undefined ? { revisionUrl: revision.url } : {}),
    }),
  ),
  ...(exec.variables !== undefined ? { variables: exec.variables.map((v) => ({ ...v })) } : {}),
  trigger: { ...exec.trigger },
  executionMode: modeOf(exec),
  executionType: typeOf(exec),
  ...(exec.rollbackFrom !== undefined ? { rollbackMetadata: { rollbackTargetPipelineExecutionId: exec.rollbackFrom.id } } : {}),
})

export const executionSummary = (store: Store, exec: ExecutionRecord): T.PipelineExecutionSummary => ({
  pipelineExecutionId: exec.id,
  status: exec.status,
  ...(exec.statusSummary !== undefined ? { statusSummary: exec.statusSummary } : {}),
  startTime: date(store, exec.startTime),
  lastUpdateTime: date(store, exec.lastUpdateTime),
  sourceRevisions: sourceRevisions(exec).map(({ action, revision }) => ({
    actionName: action.name,
    revisionId: revision.revisionId,
    ...(revision.summary !== undefined ? { revisionSummary: revision.summary } : {}),
    ...(revision.url !== undefined ? { revisionUrl: revision.url } : {}),
  })),
  trigger: { ...exec.trigger },
  ...(exec.stopReason !== undefined || exec.status === "Stopped" || exec.status === "Stopping"
    ? { stopTrigger: exec.stopReason !== undefined ? { reason: exec.stopReason } : {} }
    : {}),
  executionMode: modeOf(exec),
  executionType: typeOf(exec),
  ...(exec.rollbackFrom !== undefined ? { rollbackMetadata: { rollbackTargetPipelineExecutionId: exec.rollbackFrom.id } } : {}),
})

// ---------------------------------------------------------------------------------------------
// Artifacts

const bucketFor = (store: Store, declaration: T.PipelineDeclaration, region: string | undefined): string => {
  if (declaration.artifactStore !== undefined) return declaration.artifactStore.location
  const stores = declaration.artifactStores ?? {}
  return (stores[region ?? store.config.region] ?? stores[store.config.region])?.location ?? ""
}

/** Where an artifact produced by `producer` lives: `<pipeline>/<artifact>/<key>`, as the service names them. */
const artifactKey = (pipeline: string, artifact: string, producerId: string): string =>
  `${pipeline.slice(0, 20)}/${artifact.slice(0, 10)}/${checksum(`${producerId}/${artifact}`).slice(0, 7)}`

/** Where the input artifacts of an action or a rule come from. */
const inputLocations = (
  store: Store,
  exec: ExecutionRecord,
  declaration: { readonly inputArtifacts?: ReadonlyArray<T.InputArtifact> | undefined; readonly region?: string | undefined },
) => {
  return (declaration.inputArtifacts ?? []).map((a) => {
    const producer = producerOf(exec, a.name)
    return {
      name: a.name,
      bucket: bucketFor(store, exec.declaration, declaration.region),
      key: artifactKey(exec.pipeline.name, a.name, producer !== undefined ? actionExecutionId(store, producer) : exec.id),
      revision: producer?.revision?.revisionId,
    }
  })
}

const outputLocations = (store: Store, action: ActionRun) => {
  const exec = action.stage.exec
  return (action.declaration.outputArtifacts ?? []).map((a) => ({
    name: a.name,
    bucket: bucketFor(store, exec.declaration, action.declaration.region),
    key: artifactKey(exec.pipeline.name, a.name, actionExecutionId(store, action)),
  }))
}

export const actionExecutionDetail = (store: Store, action: ActionRun): T.ActionExecutionDetail => {
  const exec = action.stage.exec
  const d = action.declaration
  const result: { -readonly [K in keyof T.ActionExecutionResult]: T.ActionExecutionResult[K] } = {}
  if (action.externalExecutionId !== undefined) result.externalExecutionId = action.externalExecutionId
  if (action.summary !== undefined) result.externalExecutionSummary = action.summary
  if (action.externalExecutionUrl !== undefined) result.externalExecutionUrl = action.externalExecutionUrl
  if (action.errorDetails !== undefined) result.errorDetails = action.errorDetails
  if (action.logStreamARN !== undefined) result.logStreamARN = action.logStreamARN
  const outputVariables = outputVariablesOf(store, action)
  return {
    pipelineExecutionId: exec.id,
    actionExecutionId: actionExecutionId(store, action),
    pipelineVersion: exec.declaration.version,
    stageName: stageNameOf(action.stage),
    actionName: d.name,
    startTime: date(store, action.startTime),
    lastUpdateTime: date(store, action.lastUpdateTime),
    ...(action.updatedBy !== undefined ? { updatedBy: action.updatedBy } : {}),
    status: action.status,
    input: {
      actionTypeId: d.actionTypeId,
      ...runInput(store, exec, d, action.resolved),
      ...(d.namespace !== undefined ? { namespace: d.namespace } : {}),
    },
    output: {
      outputArtifacts:
        action.status === "Succeeded"
          ? outputLocations(store, action).map((l) => ({ name: l.name, s3location: { bucket: l.bucket, key: l.key } }))
          : [],
      executionResult: result,
      ...(outputVariables !== undefined ? { outputVariables: { ...outputVariables } } : {}),
    },
  }
}

/** What an action's or a rule's run was given: its configuration as declared and resolved, its role, region and input artifacts. */
const runInput = (
  store: Store,
  exec: ExecutionRecord,
  d: T.ActionDeclaration | T.RuleDeclaration,
  resolved: { readonly [key: string]: string } | undefined,
) => ({
  configuration: d.configuration ?? {},
  resolvedConfiguration: resolved ?? d.configuration ?? {},
  ...(d.roleArn !== undefined ? { roleArn: d.roleArn } : {}),
  region: d.region ?? store.config.region,
  inputArtifacts: inputLocations(store, exec, d).map((l) => ({ name: l.name, s3location: { bucket: l.bucket, key: l.key } })),
})

export const ruleExecutionDetail = (store: Store, rule: RuleRun): T.RuleExecutionDetail => {
  const run: StageRun = rule.condition.stage
  const exec = run.exec
  const d = rule.declaration
  return {
    pipelineExecutionId: exec.id,
    ruleExecutionId: rule.id,
    pipelineVersion: exec.declaration.version,
    stageName: stageNameOf(run),
    ruleName: rule.name,
    startTime: date(store, rule.startTime),
    lastUpdateTime: date(store, rule.lastUpdateTime),
    status: rule.status,
    input: {
      ruleTypeId: d.ruleTypeId,
      ...runInput(store, exec, d, rule.resolved),
    },
    output: {
      executionResult: defined({
        externalExecutionId: rule.externalExecutionId,
        externalExecutionSummary: rule.summary,
        externalExecutionUrl: rule.externalExecutionUrl,
        errorDetails: rule.errorDetails,
      }),
    },
  }
}

// ---------------------------------------------------------------------------------------------
// Jobs

/** Session credentials for the artifact bucket: fake, but shaped like STS's. */
const credentials = (job: JobRecord): T.AWSSessionCredentials => ({
  accessKeyId: `ASIA${checksum(`${job.id}/a`).toUpperCase()}${checksum(`${job.id}/b`).toUpperCase()}`,
  secretAccessKey: `${checksum(`${job.id}/c`)}${checksum(`${job.id}/d`)}${checksum(`${job.id}/e`)}`,
  sessionToken: `in-memory-session-${job.id}`,
})

export const jobData = (store: Store, job: JobRecord): T.JobData => {
  const run = job.action
  // The job of a LambdaInvoke rule has the rule's configuration, stage and input artifacts, and
  // neither an action type, output artifacts nor an encryption key.
  const rule = isRuleRun(run)
  const stage = rule ? run.condition.stage : run.stage
  const exec = stage.exec
  const d = run.declaration
  const encryptionKey = rule
    ? undefined
    : (exec.declaration.artifactStore?.encryptionKey ??
      own(exec.declaration.artifactStores, run.declaration.region ?? store.config.region)?.encryptionKey)
  return {
    ...(rule ? {} : { actionTypeId: run.declaration.actionTypeId }),
    actionConfiguration: { configuration: run.resolved ?? d.configuration ?? {} },
    pipelineContext: {
      pipelineName: exec.pipeline.name,
      stage: { name: stageNameOf(stage) },
      action: { name: d.name, actionExecutionId: rule ? run.id : actionExecutionId(store, run) },
      pipelineArn: exec.pipeline.arn,
      pipelineExecutionId: exec.id,
    },
    inputArtifacts: inputLocations(store, exec, d).map((l) => ({
      name: l.name,
      ...(l.revision !== undefined ? { revision: l.revision } : {}),
      location: { type: "S3", s3Location: { bucketName: l.bucket, objectKey: l.key } },
    })),
    outputArtifacts: rule
      ? []
      : outputLocations(store, run).map((l) => ({
          name: l.name,
          location: { type: "S3", s3Location: { bucketName: l.bucket, objectKey: l.key } },
        })),
    artifactCredentials: credentials(job),
    ...(job.continuationToken !== undefined ? { continuationToken: job.continuationToken } : {}),
    ...(encryptionKey !== undefined ? { encryptionKey } : {}),
  }
}
