/**
 * The simulator's state: plain mutable records in `Map`s, owned by one `Store` per simulator.
 *
 * Why mutable records and no locks: every operation is one synchronous function over the store
 * (advance the simulated clock, check, mutate, build the answer). JavaScript runs a synchronous
 * function to completion, and nothing can interleave another call in the middle of it (an Effect
 * fiber, a promise, an HTTP request), so each operation is atomic: it sees a consistent state and
 * none of its updates can be lost. That is the guarantee a semaphore would give, without copying
 * state or taking a lock on every call (the in-memory service must answer tens of thousands of
 * `getPipelineState` calls a second). The one rule that keeps it true: nothing here may yield (no
 * `await`, no callback run later).
 *
 * Records are lean (about 0.8 KB an execution of three stages, so 10,000 pipelines of 10 executions
 * fit in well under 200 MB): what can be derived is not stored (names, modes, run-order groups,
 * action execution ids), rare members are added only when set, action runs form a list rather
 * than arrays, and times are milliseconds since the simulator's `epoch`, small integers V8 keeps
 * inline.
 */
import type * as T from "../generated/types.js"
import type { ActionSimulator, RuleSimulator } from "../Simulator.js"
import type { Random } from "./random.js"
import type { Timers } from "./timers.js"

export interface Config {
  readonly region: string
  readonly accountId: string
  /** The caller's ARN when a call names none: reported as `lastChangedBy`, `updatedBy` and trigger details. */
  readonly identity: string
  /** Whether role ARNs not registered (see `Store.roles`) are refused, as roles CodePipeline cannot assume. */
  readonly checkRoles: boolean
  readonly actionDurationMs: number
  readonly ruleDurationMs: number
  readonly maxPipelines: number
  readonly maxRecordedCalls: number
  readonly maxConcurrentExecutions: number
  /** Whether CreatePipeline starts an execution, as the service does. */
  readonly startOnCreate: boolean
}

export interface Simulators {
  action: ActionSimulator | undefined
  rule: RuleSimulator | undefined
}

export interface Transition {
  enabled: boolean
  lastChangedBy?: string
  lastChangedAt?: number
  disabledReason?: string
}

export interface Revision {
  readonly revisionId: string
  readonly revisionChangeId: string
  readonly summary?: string | undefined
  readonly url?: string | undefined
  readonly created: number
  /** The branch the commit was pushed to, when a push said so (the action's `BranchName` otherwise). */
  readonly branch?: string | undefined
}

export interface PipelineRecord {
  readonly name: string
  readonly arn: string
  /** Distinguishes this pipeline from a deleted one of the same name (stale next tokens). */
  readonly incarnation: number
  /** The current declaration, normalised and frozen: returned as is, never copied per call. */
  declaration: T.PipelineDeclaration
  /** Every version, index `version - 1`. */
  readonly versions: Array<T.PipelineDeclaration>
  readonly created: number
  updated: number
  readonly tags: Map<string, string>
  /** Inbound transitions by stage name, outbound ones by `"out:" + stage name` (allocated on first change). */
  transitions: Map<string, Transition> | undefined
  /** Every execution, oldest first. */
  readonly executions: Array<ExecutionRecord>
  readonly executionsById: Map<string, ExecutionRecord>
  /** Executions not yet finished (InProgress or Stopping). */
  readonly active: Set<ExecutionRecord>
  /** The execution holding each stage (SUPERSEDED and QUEUED modes), by stage index. */
  occupant: Array<ExecutionRecord | undefined>
  /** Executions waiting in front of each stage, by stage index, oldest first. */
  waiting: Array<Array<ExecutionRecord>>
  /**
   * The latest run of each stage and of each action, by index in the current declaration (arrays,
   * not maps: a map costs more than the runs it points to). UpdatePipeline carries them over by name.
   */
  latestStage: Array<StageRun | undefined>
  latestAction: Array<Array<ActionRun | undefined>>
  /** The revision each source action would fetch now, by action name (allocated on first use). */
  sources: Map<string, Revision> | undefined
  /** StartPipelineExecution idempotency: client request token to execution (allocated on first use). */
  requestTokens: Map<string, { readonly fingerprint: string; readonly executionId: string }> | undefined
}

/**
 * An execution. Records of executions, stage runs and action runs hold only what cannot be derived
 * (the mode, type and names come from the declaration), and rare members are added when set: with
 * 10,000 pipelines of 10 executions each, every 8-byte slot is a megabyte.
 */
export interface ExecutionRecord {
  readonly id: string
  readonly pipeline: PipelineRecord
  /** The declaration this execution runs (its pipeline version). */
  readonly declaration: T.PipelineDeclaration
  readonly trigger: T.ExecutionTrigger
  status: T.PipelineExecutionStatus
  statusSummary?: string | undefined
  readonly startTime: number
  lastUpdateTime: number
  /** The stage it runs or waits for. */
  stageIndex: number
  phase: "Waiting" | "Running" | "Done"
  readonly stageRuns: Array<StageRun | undefined>
  stopping?: { readonly abandon: boolean } | undefined
  stopReason?: string | undefined
  readonly variables?: ReadonlyArray<T.ResolvedPipelineVariable> | undefined
  /** Revisions source actions fetch instead of their head (overrides, or the commit a trigger matched), by action name. */
  readonly overrides?: ReadonlyMap<string, Revision> | undefined
  /**
   * The execution a rollback returns to: its revisions, artifacts and variables are the rollback's.
   * (Revisions live on source action runs, and artifacts and namespaces are found from the runs
   * that produced them, so an execution carries no per-execution maps: 10,000 pipelines of 10
   * executions stay small.)
   */
  readonly rollbackFrom?: ExecutionRecord | undefined
  /** A rollback runs this one stage only. */
  readonly onlyStage?: number | undefined
}

export type ConditionKind = "BEFORE_ENTRY" | "ON_SUCCESS" | "ON_FAILURE"

export interface RuleRun {
  readonly id: string
  readonly condition: ConditionRun
  readonly name: string
  readonly declaration: T.RuleDeclaration
  status: T.RuleExecutionStatus
  readonly startTime: number
  lastUpdateTime: number
  summary?: string | undefined
  externalExecutionId?: string | undefined
  externalExecutionUrl?: string | undefined
  errorDetails?: T.ErrorDetails | undefined
  /** Configuration with variables resolved, when it differs from the declared one. */
  resolved?: { readonly [key: string]: string } | undefined
  /** The job of a LambdaInvoke rule. */
  job?: JobRecord | undefined
}

export interface ConditionRun {
  readonly stage: StageRun
  readonly kind: ConditionKind
  readonly declaration: T.Condition
  status: T.ConditionExecutionStatus
  summary?: string | undefined
  lastStatusChange: number
  readonly rules: Array<RuleRun>
}

export interface StageRun {
  readonly exec: ExecutionRecord
  /** Index in the execution's declaration (its name and run-order groups come from there). */
  readonly index: number
  status: T.StageExecutionStatus
  /**
   * The latest action run of this stage in this execution; earlier ones (retries included) follow
   * `previous`. A list rather than an array: most stages run one action, and an array reserves room.
   */
  last: ActionRun | undefined
  /** Position in the stage's run-order groups. */
  group: number
  /** Set once an action of the current attempt fails. */
  failed: boolean
  /** Action indexes a FAILED_ACTIONS retry keeps (they succeeded). */
  keep?: ReadonlySet<number> | undefined
  retry?: { auto: number; manual: number; trigger: T.RetryTrigger } | undefined
  conditions?: { BEFORE_ENTRY?: ConditionRun; ON_SUCCESS?: ConditionRun; ON_FAILURE?: ConditionRun } | undefined
}

export interface ActionRun {
  /** Its action execution id is `actionExecutionId(store, action)`, derived from this serial. */
  readonly serial: number
  readonly stage: StageRun
  /** The run before this one in the same stage run. */
  readonly previous: ActionRun | undefined
  /** Index in the stage declaration's actions. */
  readonly index: number
  readonly declaration: T.ActionDeclaration
  status: T.ActionExecutionStatus
  readonly startTime: number
  lastUpdateTime: number
  /** Configuration with variables resolved, when it differs from the declared one. */
  resolved?: { readonly [key: string]: string } | undefined
  summary?: string | undefined
  token?: string | undefined
  updatedBy?: string | undefined
  externalExecutionId?: string | undefined
  externalExecutionUrl?: string | undefined
  percentComplete?: number | undefined
  errorDetails?: T.ErrorDetails | undefined
  logStreamARN?: string | undefined
  /** Output variables the run reported (its provider's own are derived: see `outputVariablesOf`). */
  outputVariables?: { readonly [key: string]: string } | undefined
  targets?: ReadonlyArray<T.DeployActionExecutionTarget> | undefined
  /** What a source action fetched. */
  revision?: Revision | undefined
  /** The job answering for this action (custom, third-party and Lambda actions). */
  job?: JobRecord | undefined
}

export interface JobRecord {
  readonly id: string
  readonly kind: "custom" | "thirdParty" | "lambda"
  /** What the job answers for: an action, or a LambdaInvoke rule of a stage condition. */
  readonly action: ActionRun | RuleRun
  readonly typeKey: string
  status: T.JobStatus
  nonce?: string | undefined
  readonly clientId?: string | undefined
  readonly continuationToken?: string | undefined
  readonly created: number
}

export interface CustomActionTypeRecord {
  readonly type: T.ActionType
  readonly arn: string
  readonly fingerprint: string
  readonly tags: Map<string, string>
  deleted: boolean
}

export interface WebhookRecord {
  definition: T.WebhookDefinition
  readonly url: string
  readonly arn: string
  readonly tags: Map<string, string>
  registered: boolean
  lastTriggered?: number | undefined
}

export interface Fault {
  readonly code: string
  readonly message: string
  remaining: number
}

export interface RecordedCallRecord {
  readonly operation: string
  readonly input: unknown
  readonly time: number
  outcome: "Success" | "Failure"
  /** The error's code, for a failed call. */
  code?: string | undefined
  /** Refused before it reached the simulator (see `Simulator.recordRefused`). */
  readonly refused?: boolean | undefined
}

export interface Store {
  readonly config: Config
  /**
   * The time (ms since the Unix epoch) the simulator started at. Every time in the records is
   * relative to it: small integers V8 stores inline, where epoch milliseconds would each be a boxed
   * number.
   */
  readonly epoch: number
  /** Salt of action execution ids, which are derived from a serial number when reported. */
  readonly salt: number
  actionSerial: number
  readonly random: Random
  readonly timers: Timers
  /** Secret of this simulator's next tokens (drawn from the seed). */
  readonly tokenSecret: string
  readonly simulators: Simulators
  /** The simulated time up to which events have been processed (relative to `epoch`). */
  now: number
  incarnations: number
  readonly pipelines: Map<string, PipelineRecord>
  sortedPipelineNames: Array<string> | undefined
  readonly customActionTypes: Map<string, CustomActionTypeRecord>
  /** Partner (ThirdParty) and AWS action types registered with an integration model. */
  readonly registeredActionTypes: Map<string, { declaration: T.ActionTypeDeclaration }>
  readonly jobs: Map<string, JobRecord>
  /** Jobs waiting for a worker, by action type key, oldest first. */
  readonly queued: Map<string, Array<JobRecord>>
  readonly webhooks: Map<string, WebhookRecord>
  /**
   * Partner clients, as a partner's provisioning registers them: the client token of each client id,
   * and the client id the jobs of each third-party action type carry (by type key).
   */
  readonly clientTokens: Map<string, string>
  readonly clientIds: Map<string, string>
  /** Role ARNs CodePipeline can assume (checked when `config.checkRoles` is set). */
  readonly roles: Set<string>
  /** Who makes the call being handled: its ARN (the configured identity unless the call names one). */
  caller: string
  readonly faults: Map<string, Array<Fault>>
  readonly calls: Array<RecordedCallRecord>
  /**
   * Moves on with every change that may touch the durable state (what `exportSnapshot` returns): an
   * unchanged revision means there is nothing new to save, without rendering the state to compare.
   */
  revision: number
}
