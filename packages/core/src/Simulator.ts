/**
 * A CodePipeline simulator: all 44 operations with the service's rules and errors, over state kept
 * in memory, with executions that progress in simulated time, and the controls a test needs
 * (seeding, ending running actions, fault injection, recorded calls, snapshots). It is what the
 * in-memory layers and the emulator of `effect-codepipeline` run, without Effect.
 *
 * ```ts
 * import * as Operations from "@effect-codepipeline/core/Operations"
 * import * as Simulator from "@effect-codepipeline/core/Simulator"
 *
 * const simulator = Simulator.makeSimulator({ seed: 42, now: Date.parse("2026-01-01T00:00:00Z") })
 * simulator.execute("CreatePipeline", { pipeline })
 * simulator.advance(simulator.now + 60_000) // one minute later
 * const state = simulator.execute("GetPipelineState", { name: pipeline.name })
 * ```
 *
 * Input: `execute` takes an operation's input as the core's types describe it, already valid:
 * validate and copy a caller's value first with the operation's codec (`Operations.X.input`:
 * `validate`, `encode`, then a strict `decode`), as the Effect layers and the emulator do. The
 * simulator keeps what it is given, and its answers share frozen values with its state: pass them
 * through the codec (`encode`, then `decode`) before handing them to anyone who may change them.
 *
 * Errors: an operation that fails throws a {@link ServiceError} carrying the code CodePipeline
 * answers with (`PipelineNotFoundException`, `ValidationException`, or the code of an injected
 * fault) and its message; a control that cannot do what it is asked throws a {@link ControlError}.
 * A bug of the simulator surfaces as a `ServiceError` with the code `InternalFailure`, never as
 * another exception.
 *
 * Time: nothing runs in the background. Every event (an action ending, a rule, an approval timing
 * out) is due at a simulated time, and fires, in order and each at its own due time, when the
 * simulator is brought up to a later time: by {@link Simulator.advance}, or by `execute` given the
 * caller's time. Durations are milliseconds.
 *
 * Determinism: ids come from a generator seeded by `seed`; the same calls at the same times give
 * the same answers.
 *
 * @since 0.1.0
 */
import type {
  ActionTypeDeclaration,
  ActionTypeId,
  ActionType,
  DeployActionExecutionTarget,
  ErrorDetails,
  ExecutionTrigger,
  PipelineDeclaration,
  RuleTypeId,
  Tag,
  WebhookDefinition,
} from "./generated/types.js"
import { DecodeFailure, type OperationCodec, plainSecrets, type Secrets } from "./internal/codec.js"
import { ControlError, ServiceError } from "./simulator/errors.js"
import type { Input, OperationName, Output } from "./simulator/operations/common.js"

export type { Input, OperationName, Output } from "./simulator/operations/common.js"
export { callerProblem, ControlError, ServiceError } from "./simulator/errors.js"
export { decodeSnapshot, type SnapshotIssue } from "./simulator/snapshot.js"
export { MAX_DEPTH, nestedTooDeep, type Path } from "./simulator/plainData.js"
export { makeSimulator } from "./simulator/simulator.js"
export { outcomeRulesProblem, outcomeSimulator, ruleOutcomeSimulator } from "./simulator/outcomes.js"

// -----------------------------------------------------------------------------------------------
// Simulated actions and rules

/**
 * The action a simulator function is asked about.
 *
 * @since 0.1.0
 */
export interface SimulatedAction {
  readonly pipelineName: string
  readonly pipelineExecutionId: string
  readonly stageName: string
  readonly actionName: string
  readonly actionExecutionId: string
  readonly actionTypeId: ActionTypeId
  /** The configuration with pipeline and namespace variables resolved. */
  readonly configuration: { readonly [key: string]: string }
  /** 1 for the first run of the action in this execution, 2 after one retry, ... */
  readonly attempt: number
}

/**
 * The rule of a stage condition a rule simulator is asked about.
 *
 * @since 0.1.0
 */
export interface SimulatedRule {
  readonly pipelineName: string
  readonly pipelineExecutionId: string
  readonly stageName: string
  readonly ruleName: string
  readonly ruleTypeId: RuleTypeId
  readonly configuration: { readonly [key: string]: string }
  readonly conditionType: "BEFORE_ENTRY" | "ON_SUCCESS" | "ON_FAILURE"
}

/**
 * Details a finished action reports (in GetPipelineState, ListActionExecutions and
 * ListDeployActionExecutionTargets).
 *
 * @since 0.1.0
 */
export interface OutcomeDetails {
  readonly summary?: string | undefined
  readonly externalExecutionId?: string | undefined
  readonly externalExecutionUrl?: string | undefined
  readonly logStreamARN?: string | undefined
  /**
   * Output variables of the run (CodeBuild's exported variables, CloudFormation's stack outputs, ...),
   * added to those the provider emits by itself (a source's `CommitId`, ...) and winning over them.
   */
  readonly outputVariables?: { readonly [key: string]: string } | undefined
  /** The deployment targets of a deploy action (ListDeployActionExecutionTargets). */
  readonly targets?: ReadonlyArray<DeployActionExecutionTarget> | undefined
}

/**
 * How a simulated action or rule ends, as plain data: it succeeds or fails after a simulated
 * duration, or waits for {@link Simulator.completeAction}.
 *
 * @since 0.1.0
 */
export type Outcome =
  | (OutcomeDetails & {
      readonly _tag: "Succeed"
      /** Simulated run time, in milliseconds. Default: the simulator's `actionDurationMs` (`ruleDurationMs` for a rule). */
      readonly after?: number | undefined
    })
  | (OutcomeDetails & {
      readonly _tag: "Fail"
      readonly after?: number | undefined
      /** The error code reported in `errorDetails` (default `JobFailed`). */
      readonly code?: string | undefined
      /** The error message reported in `errorDetails`. */
      readonly message?: string | undefined
    })
  | { readonly _tag: "Wait" }

/**
 * Says how each simulated action ends; `undefined` means the default (success after
 * `actionDurationMs`). A simulator that throws fails the action with the code `SimulatorError`.
 *
 * @since 0.1.0
 */
export type ActionSimulator = (action: SimulatedAction) => Outcome | undefined

/**
 * One declarative outcome: which actions it is for (every given member must match; none given:
 * every action) and how they end. The same form goes over HTTP (the emulator's outcome control)
 * and into the in-memory layers; {@link outcomeSimulator} makes an {@link ActionSimulator} of a
 * list of them, the first that matches an action deciding, and `simulate` and
 * {@link Simulator.setSimulator} take a list as they take a function.
 *
 * @since 0.1.0
 */
export interface OutcomeRule {
  readonly pipelineName?: string | undefined
  readonly stageName?: string | undefined
  readonly actionName?: string | undefined
  /** The action type's provider: `CodeBuild`, `CodeDeploy`, `CloudFormation`, ... */
  readonly provider?: string | undefined
  readonly category?: "Source" | "Build" | "Deploy" | "Test" | "Invoke" | "Approval" | "Compute" | undefined
  /** `Wait`: the action stays `InProgress` until {@link Simulator.completeAction} ends it. */
  readonly status: "Succeeded" | "Failed" | "Wait"
  /** Simulated run time: milliseconds, or text such as `30s`, `15m`. Default: `actionDurationMs`. */
  readonly duration?: number | string | undefined
  readonly summary?: string | undefined
  readonly externalExecutionId?: string | undefined
  readonly externalExecutionUrl?: string | undefined
  readonly outputVariables?: { readonly [key: string]: string } | undefined
  /** For `Failed`: the code in `errorDetails` (default `JobFailed`). */
  readonly errorCode?: string | undefined
  /** For `Failed`: the message in `errorDetails` (default the summary). */
  readonly errorMessage?: string | undefined
}

/**
 * One declarative outcome of the rules of stage conditions: which rules it is for (every given
 * member must match; none given: every rule) and how they end, as {@link OutcomeRule} says it for
 * actions. {@link ruleOutcomeSimulator} makes a {@link RuleSimulator} of a list of them;
 * `simulateRule` and {@link Simulator.setRuleSimulator} take a list as they take a function.
 *
 * @since 0.1.0
 */
export interface RuleOutcomeRule {
  readonly pipelineName?: string | undefined
  readonly stageName?: string | undefined
  readonly ruleName?: string | undefined
  /** The rule type's provider: `DeploymentWindow`, `CloudWatchAlarm`, ... */
  readonly provider?: string | undefined
  readonly conditionType?: "BEFORE_ENTRY" | "ON_SUCCESS" | "ON_FAILURE" | undefined
  readonly status: "Succeeded" | "Failed" | "Wait"
  /** Simulated run time: milliseconds, or text such as `30s`. Default: `ruleDurationMs`. */
  readonly duration?: number | string | undefined
  readonly summary?: string | undefined
  readonly externalExecutionId?: string | undefined
  readonly externalExecutionUrl?: string | undefined
  /** For `Failed`: the code in `errorDetails` (default `JobFailed`). */
  readonly errorCode?: string | undefined
  /** For `Failed`: the message in `errorDetails` (default the summary). */
  readonly errorMessage?: string | undefined
}

/**
 * Says how each rule of a stage condition ends.
 *
 * @since 0.1.0
 */
export type RuleSimulator = (rule: SimulatedRule) => Outcome | undefined

// -----------------------------------------------------------------------------------------------
// Options

/**
 * @since 0.1.0
 */
export interface Options {
  /** When the simulation starts, in milliseconds since the Unix epoch. Default: `Date.now()`. */
  readonly now?: number | undefined
  /** Seed of every generated id. Default: `0`. */
  readonly seed?: number | string | undefined
  /** Default: `us-east-1`. */
  readonly region?: string | undefined
  /** Default: `123456789012`. */
  readonly accountId?: string | undefined
  /**
   * The caller's ARN when a call names none (see {@link Simulator.execute}): reported in
   * `lastChangedBy`, an approval's `updatedBy` and the trigger details of executions it starts.
   * Default: an IAM user `in-memory`.
   */
  readonly identity?: string | undefined
  /**
   * Refuse role ARNs that are not registered (`roles`, {@link Simulator.registerRole}), as AWS
   * refuses a role CodePipeline cannot assume: CreatePipeline and UpdatePipeline fail with
   * `InvalidStructureException` for a pipeline role or an action role nobody registered.
   * Default: `false` (any role is accepted).
   */
  readonly checkRoles?: boolean | undefined
  /** Role ARNs CodePipeline can assume, for `checkRoles`. */
  readonly roles?: ReadonlyArray<string> | undefined
  /** Partner clients, as a partner's provisioning registers them (see {@link Simulator.registerThirdPartyClient}). */
  readonly thirdPartyClients?: ReadonlyArray<ThirdPartyClient> | undefined
  /** How long a simulated action takes unless the simulator says otherwise, in milliseconds. Default: 30,000. */
  readonly actionDurationMs?: number | undefined
  /** How long a stage condition's rule takes unless the rule simulator says otherwise, in milliseconds. Default: 10,000. */
  readonly ruleDurationMs?: number | undefined
  /** How simulated actions end (sources, CodeBuild, CodeDeploy, CloudFormation, ...): a function, or outcome rules. */
  readonly simulate?: ActionSimulator | ReadonlyArray<OutcomeRule> | undefined
  /** How stage-condition rules end. */
  readonly simulateRule?: RuleSimulator | ReadonlyArray<RuleOutcomeRule> | undefined
  /** Whether CreatePipeline starts an execution, as the service does. Default: `true`. */
  readonly startOnCreate?: boolean | undefined
  /** Quota of pipelines in the region. Default: 1000. */
  readonly maxPipelines?: number | undefined
  /** Quota of unfinished executions of a QUEUED or PARALLEL pipeline. Default: 50. */
  readonly maxConcurrentExecutions?: number | undefined
  /** How many calls {@link Simulator.calls} keeps at least. Default: 10,000. */
  readonly maxRecordedCalls?: number | undefined
  /** Partner (ThirdParty) or AWS action types registered with an integration model. */
  readonly actionTypes?: ReadonlyArray<ActionTypeDeclaration> | undefined
}

/**
 * The options an adapter's in-memory layer takes as they are: every {@link Options} field but those
 * it holds in its own types (durations, outcome functions) or knows only then (`now`).
 *
 * @since 0.1.0
 */
export type SharedOptions = Omit<Options, "now" | "actionDurationMs" | "ruleDurationMs" | "simulate" | "simulateRule" | "actionTypes">

/**
 * The simulator's options from an in-memory layer's: the {@link SharedOptions} fields copied one by
 * one (so that the layer's own fields never reach the simulator) and the ones the layer converted.
 *
 * @since 0.1.0
 */
export const layerOptions = (
  options: SharedOptions,
  converted: Pick<Options, "now" | "actionDurationMs" | "ruleDurationMs" | "simulate" | "simulateRule" | "actionTypes">,
): Options => ({
  now: converted.now,
  seed: options.seed,
  region: options.region,
  accountId: options.accountId,
  identity: options.identity,
  checkRoles: options.checkRoles,
  roles: options.roles,
  thirdPartyClients: options.thirdPartyClients,
  actionDurationMs: converted.actionDurationMs,
  ruleDurationMs: converted.ruleDurationMs,
  simulate: converted.simulate,
  simulateRule: converted.simulateRule,
  startOnCreate: options.startOnCreate,
  maxPipelines: options.maxPipelines,
  maxConcurrentExecutions: options.maxConcurrentExecutions,
  maxRecordedCalls: options.maxRecordedCalls,
  actionTypes: converted.actionTypes,
})

/**
 * The fault an adapter's typed service error stands for, as the service would answer it: its
 * `code` when it carries one (a common error keeps the one it was given, `Throttling` say),
 * otherwise its tag (a modeled exception's name is its code), and its message.
 *
 * @since 0.1.0
 */
export const faultOf = (error: {
  readonly _tag: string
  readonly message: unknown
  readonly code?: unknown
}): {
  readonly code: string
  readonly message: string
} => ({ code: typeof error.code === "string" && error.code !== "" ? error.code : error._tag, message: String(error.message) })

/**
 * How a call the simulator served ended (see {@link serve}).
 *
 * @since 0.1.0
 */
export type Served<O> =
  | { readonly _tag: "Ok"; readonly value: O | undefined }
  | { readonly _tag: "ServiceError"; readonly error: ServiceError }

/**
 * Serves a call whose input is in the core's types (see `Codec.readAsServer`) as the in-memory
 * layers serve every call: the simulator runs it at `now` for `caller`, and its answer reaches the
 * caller through the wire form, decoded leniently with the caller's `secrets`, so the two share no
 * object. An answer that does not decode (a bug of the simulator) is the service's
 * `InternalFailure`; what else the simulator throws is thrown.
 *
 * @since 0.1.0
 */
export const serve = <O>(
  simulator: Simulator,
  operation: OperationCodec<any, O>,
  input: unknown,
  now: number,
  caller: string | undefined,
  secrets: Secrets,
): Served<O> => {
  let output: unknown
  try {
    output = simulator.execute(operation.name as OperationName, input as never, now, caller)
  } catch (error) {
    if (error instanceof ServiceError) return { _tag: "ServiceError", error }
    throw error
  }
  const codec = operation.output
  if (codec === undefined) return { _tag: "Ok", value: undefined }
  try {
    return { _tag: "Ok", value: codec.decode(codec.encode(output, plainSecrets), { secrets, strict: false }) }
  } catch (error) {
    const message = error instanceof DecodeFailure ? error.message : String(error)
    return { _tag: "ServiceError", error: new ServiceError("InternalFailure", `${operation.name} output does not decode: ${message}`) }
  }
}

/**
 * How a control ran (see {@link runControl}).
 *
 * @since 0.1.0
 */
export type ControlResult<A> =
  | { readonly _tag: "Ok"; readonly value: A }
  /** The service's rules refused it (seeding a pipeline CreatePipeline would refuse). */
  | { readonly _tag: "ServiceError"; readonly error: ServiceError }
  /** The control could not run: a {@link ControlError}'s message, or what else it threw. */
  | { readonly _tag: "Refused"; readonly message: string }

/**
 * Runs a test control's `body` as the in-memory layers run every control: the simulation first
 * brought up to `now`, then the body in one synchronous step; whatever it throws is a result, never
 * a throw.
 *
 * @since 0.1.0
 */
export const runControl = <A>(simulator: Simulator, now: number, body: () => A): ControlResult<A> => {
  try {
    simulator.advance(now)
    return { _tag: "Ok", value: body() }
  } catch (error) {
    if (error instanceof ControlError) return { _tag: "Refused", message: error.message }
    if (error instanceof ServiceError) return { _tag: "ServiceError", error }
    return { _tag: "Refused", message: `In-memory CodePipeline control failed: ${error instanceof Error ? error.message : String(error)}` }
  }
}

// -----------------------------------------------------------------------------------------------
// Controls

/**
 * A call the simulator received, in order of arrival.
 *
 * @since 0.1.0
 */
export interface RecordedCall {
  /** The model's name, for example `GetPipelineState`. */
  readonly operation: string
  /** The input as the simulator received it (as it was given, for a refused call). */
  readonly input: unknown
  /** When the call arrived, in simulated time. */
  readonly time: Date
  readonly outcome: "Success" | "Failure"
  /** The error's code, for a failed call. */
  readonly error?: string | undefined
  /** Whether the call was refused before it reached the simulator (see {@link Simulator.recordRefused}). */
  readonly refused?: boolean | undefined
}

/**
 * A running action: the latest run of the action, or its run in the given execution.
 *
 * @since 0.1.0
 */
export interface ActionTarget {
  readonly pipelineName: string
  readonly stageName: string
  readonly actionName: string
  readonly pipelineExecutionId?: string | undefined
}

/**
 * How {@link Simulator.completeAction} ends an action.
 *
 * @since 0.1.0
 */
export interface ActionCompletion extends OutcomeDetails {
  readonly status: "Succeeded" | "Failed"
  /** For a failure; default `{ code: "JobFailed", message: summary }`. */
  readonly errorDetails?: ErrorDetails | undefined
}

/**
 * A finished execution to add to a pipeline's history, as if it had just run (instantly).
 *
 * @since 0.1.0
 */
export interface SeedExecution {
  readonly pipelineName: string
  readonly status: "Succeeded" | "Failed" | "Stopped" | "Cancelled" | "Superseded"
  /**
   * Where a not-succeeded execution ended: the stage that failed, stopped or was cancelled, or the
   * stage a superseded execution was waiting for. Default: the last stage (the second for
   * `Superseded`).
   */
  readonly stageName?: string | undefined
  /** Default: `StartPipelineExecution`. */
  readonly trigger?: ExecutionTrigger | undefined
}

/**
 * A job, as a test sees it: Lambda invoke jobs are visible only here (their job ids go to the
 * function), custom and third-party jobs also through PollForJobs and PollForThirdPartyJobs.
 *
 * @since 0.1.0
 */
export interface JobInfo {
  // The action's fields are SimulatedAction's, written out so that each record reads alone in a hover.
  readonly jobId: string
  readonly kind: "Custom" | "ThirdParty" | "Lambda"
  readonly status: string
  readonly pipelineName: string
  readonly pipelineExecutionId: string
  readonly stageName: string
  readonly actionName: string
  readonly actionExecutionId: string
  readonly actionTypeId: ActionTypeId
  readonly clientId?: string | undefined
  readonly continuationToken?: string | undefined
  /**
   * Set for the job of a LambdaInvoke rule of a stage condition: the rule's name (`actionName` and
   * `actionExecutionId` are then the rule's name and rule execution id, and `actionTypeId` the
   * Lambda invoke action type's).
   */
  readonly ruleName?: string | undefined
}

/**
 * A partner's client for a third-party action type: the jobs of the type carry `clientId`, and the
 * ThirdParty job calls about them must present `clientToken` (else `InvalidClientTokenException`).
 *
 * @since 0.1.0
 */
export interface ThirdPartyClient {
  readonly actionTypeId: ActionTypeId
  /** A lower-case UUID (the model's `ClientId` pattern). */
  readonly clientId: string
  /** 1 to 256 characters; a secret, never quoted in a message. */
  readonly clientToken: string
}

/**
 * An error the next calls of an operation fail with: the code CodePipeline would answer with (a
 * modeled exception's, or a common one such as `ThrottlingException`), and its message.
 *
 * @since 0.1.0
 */
export interface Fault {
  readonly code: string
  readonly message: string
}

/**
 * A change in a source's repository (see {@link Simulator.pushSourceRevision}).
 *
 * @since 0.1.0
 */
export interface SourceChange {
  readonly pipelineName: string
  readonly actionName: string
  /** The commit (or object version, or image digest). Default: a new random one. */
  readonly revisionId?: string | undefined
  /** The commit message. */
  readonly revisionSummary?: string | undefined
  readonly revisionUrl?: string | undefined
  /** The branch pushed to. Default: the branch the action tracks. */
  readonly branch?: string | undefined
  /** The tag pushed (a tag push, without `branch`). */
  readonly tag?: string | undefined
  /** The files the change touches (for file path filters). */
  readonly filePaths?: ReadonlyArray<string> | undefined
  /** A pull request event instead of a push: the commit is the source branch's. */
  readonly pullRequest?:
    | {
        readonly event: "OPEN" | "UPDATED" | "CLOSED"
        readonly sourceBranch: string
        readonly destinationBranch: string
      }
    | undefined
  /** `false`: record the commit, start nothing. */
  readonly startExecution?: boolean | undefined
}

/**
 * What an event started: the execution, or why none.
 *
 * @since 0.1.0
 */
export interface TriggerResult {
  readonly pipelineExecutionId?: string | undefined
  /** Why no execution started (filters, change detection, authentication). */
  readonly notStarted?: string | undefined
}

/**
 * @since 0.1.0
 */
export interface SourceChangeResult extends TriggerResult {
  readonly revisionId: string
}

/**
 * An event delivered to a webhook (see {@link Simulator.triggerWebhook}).
 *
 * @since 0.1.0
 */
export interface WebhookEvent {
  /** The JSON body the repository sends; the webhook's filters read it. */
  readonly payload?: unknown
  /** The secret the sender signed the event with, for `GITHUB_HMAC` webhooks. */
  readonly secretToken?: string | undefined
  /** The sender's IPv4 address, for `IP` webhooks. */
  readonly sourceIp?: string | undefined
}

// -----------------------------------------------------------------------------------------------
// Snapshots

/**
 * The durable state of a simulator, as JSON-ready data: pipelines with every version, their tags
 * and disabled transitions, custom action types (deleted ones too), registered action types and
 * webhooks. Executions, jobs and approvals are not part of it. Times are ISO 8601 strings.
 *
 * @since 0.1.0
 */
export interface Snapshot {
  readonly region: string
  readonly accountId: string
  readonly pipelines: ReadonlyArray<SnapshotPipeline>
  readonly customActionTypes: ReadonlyArray<SnapshotCustomActionType>
  readonly registeredActionTypes: ReadonlyArray<ActionTypeDeclaration>
  readonly webhooks: ReadonlyArray<SnapshotWebhook>
}

/**
 * @since 0.1.0
 */
export interface SnapshotPipeline {
  readonly name: string
  readonly created: string
  readonly updated: string
  /** Every version, oldest first; the last one is the current declaration. */
  readonly versions: ReadonlyArray<PipelineDeclaration>
  readonly tags: ReadonlyArray<Tag>
  readonly transitions?: ReadonlyArray<SnapshotTransition> | undefined
}

/**
 * @since 0.1.0
 */
export interface SnapshotTransition {
  readonly stageName: string
  readonly transitionType: "Inbound" | "Outbound"
  readonly enabled: boolean
  readonly lastChangedBy?: string | undefined
  readonly lastChangedAt?: string | undefined
  readonly disabledReason?: string | undefined
}

/**
 * @since 0.1.0
 */
export interface SnapshotCustomActionType {
  readonly actionType: ActionType
  /** Tells a re-creation with the same definition from one that reuses the version. */
  readonly fingerprint?: string | undefined
  readonly deleted: boolean
  readonly tags: ReadonlyArray<Tag>
}

/**
 * @since 0.1.0
 */
export interface SnapshotWebhook {
  readonly definition: WebhookDefinition
  readonly url: string
  readonly registered: boolean
  readonly lastTriggered?: string | undefined
  readonly tags: ReadonlyArray<Tag>
}

// -----------------------------------------------------------------------------------------------
// The simulator

/**
 * A simulated CodePipeline. Every method runs synchronously to completion, so calls from any number
 * of callers see consistent state. Controls act at the current simulated time: bring it up to the
 * caller's first, with {@link Simulator.advance}.
 *
 * @since 0.1.0
 */
export interface Simulator {
  /** The simulated time, in milliseconds since the Unix epoch: every event due by then has fired. */
  readonly now: number
  /**
   * Brings the simulation up to `time` (milliseconds since the Unix epoch), firing in order every
   * event due by then, each at its own due time. An earlier time changes nothing.
   */
  readonly advance: (time: number) => void
  /**
   * Runs an operation on a valid input (see the module's documentation) at `time` (default: the
   * simulated time), first bringing the simulation up to it, for `caller` (an ARN, default the
   * `identity` option): the caller is who `lastChangedBy`, an approval's `updatedBy` and the
   * trigger of an execution the call starts name. Returns the output, or throws a
   * {@link ServiceError}: the operation's modeled errors, the code of an injected fault, or
   * `InternalFailure`. The call is recorded.
   */
  readonly execute: <K extends OperationName>(operation: K, input: Input<K>, time?: number, caller?: string) => Output<K>
  /**
   * Records a call refused before it reached the simulator (its input breaks the model), so that
   * {@link Simulator.calls} lists every call the caller made: with the input as it was given and
   * the code of the error it got. The simulation does not advance.
   */
  readonly recordRefused: (operation: string, input: unknown, error: string, time?: number) => void
  /**
   * Moves on with every change that may touch the durable state (what {@link Simulator.exportState}
   * returns): an unchanged revision means nothing new to save.
   */
  readonly revision: number

  /**
   * Adds a pipeline with CreatePipeline's rules (throwing its {@link ServiceError}s), without a
   * recorded call and, unless `startExecution` is set, without starting an execution. Returns the
   * pipeline as stored (normalised, frozen). A value that breaks the model is a {@link ControlError}.
   */
  readonly seedPipeline: (
    pipeline: PipelineDeclaration,
    options?: { readonly tags?: ReadonlyArray<Tag> | undefined; readonly startExecution?: boolean | undefined },
  ) => PipelineDeclaration
  /** Adds a finished execution to a pipeline without executions in progress; returns its id. */
  readonly seedExecution: (input: SeedExecution) => string
  /** Ends a running action of any kind (simulated, approval, job) with the given result. */
  readonly completeAction: (target: ActionTarget, completion: ActionCompletion) => void
  /** Jobs, oldest first. */
  readonly jobs: (filter?: {
    readonly pipelineName?: string | undefined
    readonly kind?: JobInfo["kind"] | undefined
    readonly status?: string | undefined
  }) => ReadonlyArray<JobInfo>
  /**
   * Makes the next `times` (default 1) calls of `operation` fail with `fault`, after the simulation
   * is brought up to their time and before they touch any state.
   */
  readonly injectFault: (operation: OperationName, fault: Fault, options?: { readonly times?: number | undefined }) => void
  readonly clearFaults: () => void
  /** Every call, oldest first (the most recent `maxRecordedCalls` at least); those of one operation when given. */
  readonly calls: (operation?: OperationName) => ReadonlyArray<RecordedCall>
  readonly clearCalls: () => void
  /**
   * Replaces the action simulator from now on (`undefined`: every simulated action succeeds after
   * `actionDurationMs`). Events due before now have been processed under the previous one.
   */
  readonly setSimulator: (simulate: ActionSimulator | ReadonlyArray<OutcomeRule> | undefined) => void
  /** Replaces the rule simulator of stage conditions, from now on. */
  readonly setRuleSimulator: (simulate: RuleSimulator | ReadonlyArray<RuleOutcomeRule> | undefined) => void
  /** Registers a partner (ThirdParty) or AWS action type, as an integration would; GetActionType and UpdateActionType then see it. */
  readonly registerActionType: (declaration: ActionTypeDeclaration) => void
  /** A role CodePipeline can assume, for the `checkRoles` option. Not part of a snapshot. */
  readonly registerRole: (roleArn: string) => void
  /**
   * A partner's client for a third-party action type: jobs of the type created from now on carry
   * its `clientId`, and calls about them must present its `clientToken`. A later client for the same
   * type replaces it for new jobs; earlier jobs keep theirs. Not part of a snapshot.
   */
  readonly registerThirdPartyClient: (client: ThirdPartyClient) => void
  /**
   * A change in a source's repository: a push (to `branch`, or of `tag`, touching `filePaths`) or a
   * pull request event. A push to the branch the action tracks (any push for S3 and ECR) becomes
   * the revision it fetches from now on. Whether an execution starts, running that commit, is
   * decided as the service decides it: by the pipeline's trigger filters for the action when it
   * has any, otherwise by the action's change detection (`DetectChanges`, the tracked branch;
   * `PollForSourceChanges: "true"` gives the trigger type `PollForSourceChanges`). `startExecution:
   * false` never starts one. The result says which execution started, or why none did.
   */
  readonly pushSourceRevision: (input: SourceChange) => SourceChangeResult
  /**
   * An event arrives at a webhook's URL: when it passes the webhook's authentication (the secret
   * it was signed with, or the sender's address) and every filter (JSONPath over `payload`, with
   * `{Key}` naming the target action's configuration), the pipeline starts (trigger `Webhook`).
   */
  readonly triggerWebhook: (name: string, event?: WebhookEvent) => TriggerResult
  /**
   * Back to how it started, at the current simulated time: no pipelines, executions, action types,
   * webhooks, faults or recorded calls; the ids generator seeded again; the options' action types,
   * roles, clients and simulators in force again. The revision moves on.
   */
  readonly reset: () => void
  /** The durable state (see {@link Snapshot}); its declarations are the simulator's frozen values. */
  readonly exportState: () => Snapshot
  /**
   * Loads a snapshot (any value: checked as {@link decodeSnapshot} checks it) into a simulator that
   * has no pipelines, custom action types or webhooks yet (registered action types of the same id
   * are replaced). Loads all of it or, with a {@link ControlError} naming the problem, nothing.
   */
  readonly importState: (snapshot: unknown) => void
}
