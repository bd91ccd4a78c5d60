/**
 * The test controls of the in-memory CodePipeline: a second service in the same layer, for what a
 * test needs beyond the CodePipeline API: seeding, ending a running action, injecting faults and
 * reading the calls made.
 *
 * ```ts
 * const controls = yield* CodePipelineInMemory.Controls
 * yield* controls.injectFault("getPipelineState", new ThrottlingException({ message: "Rate exceeded" }), { times: 2 })
 * ```
 *
 * @since 0.1.0
 */
// Mirror of src/testing/Controls.ts: the same public Controls interface and its docs, typed in each Effect
// (Effect.Effect.Error and Context.Tag in 3, Effect.Error and Context.Service in 4); the controls themselves are the core simulator's.
import type * as Simulator from "@effect-codepipeline/core/Simulator"
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type { CredentialsError, InputValidationError, ResponseDecodeError, TransportError } from "../errors/common.js"
import type { ActionTypeDeclaration, PipelineDeclaration, Tag } from "../schema/Schemas.js"
import type { CreatePipelineError, Methods } from "../services/operations.js"
import type { Snapshot } from "./internal/snapshot.js"
import type { ConditionRule, Details, Outcome, Rule, SimulatedAction, SimulatedRule } from "./Outcome.js"

/**
 * A control was asked for something that does not exist or cannot be done (no such pipeline, no
 * running action of that name, ...).
 *
 * @since 0.1.0
 * @category errors
 */
export class ControlError extends Schema.TaggedError<ControlError>()("ControlError", { message: Schema.String }) {}

/**
 * The errors an operation can fail with, by method name.
 *
 * @since 0.1.0
 * @category type-level
 */
export type MethodError<K extends keyof Methods> = Effect.Effect.Error<ReturnType<Methods[K]>>

/**
 * The errors CodePipeline can answer an operation with: its modeled exceptions and the common
 * service errors; not the client's own (`TransportError`, `ResponseDecodeError`,
 * `InputValidationError`, `CredentialsError`), which no answer of the service can make.
 *
 * @since 0.1.0
 * @category type-level
 */
export type ServiceErrorOf<K extends keyof Methods> = Exclude<
  MethodError<K>,
  TransportError | ResponseDecodeError | InputValidationError | CredentialsError
>

/**
 * A call the service received, in order of arrival.
 *
 * @since 0.1.0
 * @category models
 */
export interface RecordedCall<K extends keyof Methods = keyof Methods> {
  /** The model's name, for example `GetPipelineState`. */
  readonly operation: string
  readonly method: K
  /** The input exactly as passed (`{}` when the operation was called without one). */
  readonly input: NonNullable<Parameters<Methods[K]>[0]>
  /** When the call arrived, in simulated (`Clock`) time. */
  readonly time: Date
  readonly outcome: "Success" | "Failure"
  /** The `_tag` of the error, for a failed call. */
  readonly error?: string | undefined
}

/**
 * A running action: the latest run of the action, or its run in the given execution.
 *
 * @since 0.1.0
 * @category models
 */
export type ActionTarget = Simulator.ActionTarget

/**
 * How `completeAction` ends an action: the outcome's {@link Details} and a status (the core
 * simulator's `ActionCompletion`).
 *
 * @since 0.1.0
 * @category models
 */
export type ActionCompletion = Simulator.ActionCompletion

/**
 * A finished execution to add to a pipeline's history, as if it had just run (instantly): the core
 * simulator's `SeedExecution`.
 *
 * @since 0.1.0
 * @category models
 */
export type SeedExecution = Simulator.SeedExecution

/**
 * A job, as the test sees it: Lambda invoke jobs are visible only here (their job ids go to the
 * function), custom and third-party jobs also through PollForJobs and PollForThirdPartyJobs (the core
 * simulator's `JobInfo`).
 *
 * @since 0.1.0
 * @category models
 */
export type JobInfo = Simulator.JobInfo

/**
 * A change in a source's repository (see {@link Service.pushSourceRevision}): the core simulator's
 * `SourceChange`.
 *
 * @since 0.1.0
 * @category models
 */
export type SourceChange = Simulator.SourceChange

/**
 * What an event started: the execution, or why none did (the core simulator's `TriggerResult`).
 *
 * @since 0.1.0
 * @category models
 */
export type TriggerResult = Simulator.TriggerResult

/**
 * An event delivered to a webhook's URL (the core simulator's `WebhookEvent`).
 *
 * @since 0.1.0
 * @category models
 */
export type WebhookEvent = Simulator.WebhookEvent

/**
 * A partner's client for a third-party action type (see {@link Service.registerThirdPartyClient}).
 *
 * @since 0.1.0
 * @category models
 */
export type ThirdPartyClient = Simulator.ThirdPartyClient

/**
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /**
   * Adds a pipeline with CreatePipeline's rules (and errors), without a recorded call and, unless
   * `startExecution` is set, without starting an execution.
   */
  readonly seedPipeline: (
    pipeline: PipelineDeclaration,
    options?: { readonly tags?: ReadonlyArray<Tag> | undefined; readonly startExecution?: boolean | undefined },
  ) => Effect.Effect<PipelineDeclaration, CreatePipelineError | ControlError>
  /** Adds a finished execution to a pipeline without executions in progress; returns its id. */
  readonly seedExecution: (input: SeedExecution) => Effect.Effect<string, ControlError>
  /** Ends a running action of any kind (simulated, approval, job) with the given result. */
  readonly completeAction: (target: ActionTarget, completion: ActionCompletion) => Effect.Effect<void, ControlError>
  /** Jobs, oldest first. */
  readonly jobs: (filter?: {
    readonly pipelineName?: string | undefined
    readonly kind?: JobInfo["kind"] | undefined
    readonly status?: string | undefined
  }) => Effect.Effect<ReadonlyArray<JobInfo>>
  /**
   * Makes the next `times` (default 1) calls of `method` fail with `error`, before they touch any
   * state. The error is injected as the service's answer (its code: `code` for a common error that
   * has one, else its `_tag`; and its message), so the call fails as the live client would fail on
   * that answer, and the emulator sends it as such.
   */
  readonly injectFault: <K extends keyof Methods>(
    method: K,
    error: ServiceErrorOf<K>,
    options?: { readonly times?: number | undefined },
  ) => Effect.Effect<void>
  readonly clearFaults: Effect.Effect<void>
  /** Every call, oldest first (the most recent `maxRecordedCalls` at least). */
  readonly calls: Effect.Effect<ReadonlyArray<RecordedCall>>
  readonly callsOf: <K extends keyof Methods>(method: K) => Effect.Effect<ReadonlyArray<RecordedCall<K>>>
  readonly clearCalls: Effect.Effect<void>
  /**
   * Replaces the action simulator from now on: a function, or outcome rules as data (`Outcome.Rule`;
   * invalid ones are a defect). `undefined`: every simulated action succeeds after
   * `actionDuration`. Events due before now are processed first, under the previous simulator.
   */
  readonly setSimulator: (
    simulate: ((action: SimulatedAction) => Outcome | undefined) | ReadonlyArray<Rule> | undefined,
  ) => Effect.Effect<void>
  /** Replaces the rule simulator of stage conditions, from now on: a function, or outcome rules as data (`Outcome.ConditionRule`; invalid ones are a defect). */
  readonly setRuleSimulator: (
    simulate: ((rule: SimulatedRule) => Outcome | undefined) | ReadonlyArray<ConditionRule> | undefined,
  ) => Effect.Effect<void>
  /** Registers a partner (ThirdParty) or AWS action type, as an integration would; GetActionType and UpdateActionType then see it. */
  readonly registerActionType: (declaration: ActionTypeDeclaration) => Effect.Effect<void, ControlError>
  /** A role CodePipeline can assume, for the `checkRoles` option. Not part of a snapshot. */
  readonly registerRole: (roleArn: string) => Effect.Effect<void, ControlError>
  /**
   * A partner's client for a third-party action type, as the partner's provisioning registers it:
   * jobs of the type created from now on carry its `clientId`, and the ThirdParty job calls about
   * them must present its `clientToken` (else `InvalidClientTokenException`). Not part of a snapshot.
   */
  readonly registerThirdPartyClient: (client: ThirdPartyClient) => Effect.Effect<void, ControlError>
  /**
   * A change in a source's repository. A push to the branch the action tracks (any push for S3
   * and ECR) becomes the revision it fetches from now on. Whether an execution starts, running
   * that commit, is decided as the service decides it: by the pipeline's trigger filters for the
   * action when it has any (branches, tags, file paths, pull request events; glob patterns),
   * otherwise by the action's change detection (`DetectChanges`, the tracked branch;
   * `PollForSourceChanges: "true"` gives the trigger type `PollForSourceChanges`).
   * `startExecution: false` never starts one. The result says which execution started, or why none.
   */
  readonly pushSourceRevision: (input: SourceChange) => Effect.Effect<TriggerResult & { readonly revisionId: string }, ControlError>
  /**
   * An event arrives at a webhook's URL: when it passes the webhook's authentication (the secret it
   * was signed with, or the sender's address) and every filter (JSONPath over `payload`, with
   * `{Key}` naming the target action's configuration), the pipeline starts (trigger `Webhook`).
   */
  readonly triggerWebhook: (name: string, event?: WebhookEvent) => Effect.Effect<TriggerResult, ControlError>
  /**
   * The durable state: pipelines with every version, their tags and disabled transitions, custom
   * action types (deleted ones too), registered action types and webhooks. Executions, jobs and
   * approvals are not part of it. Encode it with `Schema.encode(CodePipelineInMemory.Snapshot)`
   * for JSON.
   */
  readonly exportState: Effect.Effect<Snapshot>
  /**
   * Loads a snapshot made by {@link Service.exportState} into a CodePipeline that has no pipelines,
   * custom action types or webhooks yet (registered action types of the same id are replaced). Loads
   * all of it or, with a `ControlError` naming the problem, nothing.
   */
  readonly importState: (snapshot: Snapshot) => Effect.Effect<void, ControlError>
}

/**
 * The controls' tag. `CodePipelineInMemory.layer` provides it alongside `CodePipeline`.
 *
 * @since 0.1.0
 * @category tags
 */
export class Controls extends Context.Tag("effect-codepipeline/testing/Controls")<Controls, Service>() {}
