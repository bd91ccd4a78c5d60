/**
 * A stateful, in-memory CodePipeline for tests: all 44 operations with the service's rules and
 * errors, executions that progress in simulated time, and test controls.
 *
 * ```ts
 * import { Effect, TestClock } from "effect"
 * import { CodePipeline } from "effect-codepipeline"
 * import { CodePipelineInMemory } from "effect-codepipeline/testing"
 *
 * const program = Effect.gen(function* () {
 *   yield* CodePipeline.createPipeline({ pipeline })
 *   yield* TestClock.adjust("1 minute")
 *   return yield* CodePipeline.getPipelineState({ name: pipeline.name })
 * })
 * program.pipe(Effect.provide(CodePipelineInMemory.layer({ seed: 42 })))
 * ```
 *
 * Time: nothing runs in the background. Every call (and every control) first brings the
 * simulation up to the caller's `Clock` time, firing in order every event due by then, each at its
 * own due time. Under `TestClock`, `TestClock.adjust("1 minute")` followed by any call shows
 * exactly one minute of progress; with the live clock, executions progress in real time as seen by
 * the next call.
 *
 * Determinism: ids come from a generator seeded by `seed`, timestamps from `Clock`; the same test
 * yields the same ids and timestamps on every run.
 *
 * Concurrency: each call is one atomic step over the state, so any number of fibers may call at
 * once: they see consistent state and no update is lost.
 *
 * Underneath is the Effect-free simulator of `@effect-codepipeline/core/Simulator`, the one the
 * emulator serves. Every call goes through the operation's codec as a request to the emulator
 * does: the input is validated as the live client validates it (an `InputValidationError`
 * otherwise), and the answer is the caller's own copy; a failure is the error the live client
 * makes of the same answer.
 *
 * @since 0.1.0
 */
// Mirror of src/testing/CodePipelineInMemory.ts: the same public layer and options, typed in each Effect (Duration
// inputs, Context.Tag vs Context.Service); the simulation is the core's.
import * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { dual } from "effect/Function"
import type { ActionTypeDeclaration } from "../schema/Schemas.js"
import { CodePipeline, type Service as CodePipelineService } from "../services/internal/codePipeline.js"
import { ControlError, Controls, type Service as ControlsService, type ThirdPartyClient } from "./Controls.js"
import { makeInMemory } from "./internal/codePipelineInMemory.js"
import { currentCaller } from "./internal/simulatedService.js"
import type { ConditionRule, Outcome, Rule, SimulatedAction, SimulatedRule } from "./Outcome.js"

export {
  /**
   * The test controls' tag, provided by {@link layer}.
   *
   * @since 0.1.0
   * @category tags
   */
  Controls,
  /**
   * @since 0.1.0
   * @category errors
   */
  ControlError,
  /**
   * @since 0.1.0
   * @category models
   */
  type ControlsService,
}

export {
  /**
   * The durable state of an in-memory CodePipeline (see `Controls.exportState`), as a schema:
   * `Schema.encode(Snapshot)` gives JSON, `Schema.decodeUnknown(Snapshot)` checks JSON read back.
   *
   * @since 0.1.0
   * @category snapshots
   */
  Snapshot,
} from "./internal/snapshot.js"

export type {
  /**
   * @since 0.1.0
   * @category models
   */
  ActionCompletion,
  /**
   * @since 0.1.0
   * @category models
   */
  ActionTarget,
  /**
   * @since 0.1.0
   * @category models
   */
  JobInfo,
  /**
   * @since 0.1.0
   * @category models
   */
  MethodError,
  /**
   * @since 0.1.0
   * @category models
   */
  RecordedCall,
  /**
   * @since 0.1.0
   * @category models
   */
  ServiceErrorOf,
  /**
   * @since 0.1.0
   * @category models
   */
  SeedExecution,
  /**
   * @since 0.1.0
   * @category models
   */
  SourceChange,
  /**
   * @since 0.1.0
   * @category models
   */
  ThirdPartyClient,
  /**
   * @since 0.1.0
   * @category models
   */
  TriggerResult,
  /**
   * @since 0.1.0
   * @category models
   */
  WebhookEvent,
} from "./Controls.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  // The core simulator's `Options` (`Simulator.Options`), restated for this flavor's users: durations
  // as Effect `Duration`s, outcomes as this flavor's, references to this layer's controls.
  /** Seed of every generated id. Default: `0`. */
  readonly seed?: number | string | undefined
  /** Default: `us-east-1`. */
  readonly region?: string | undefined
  /** Default: `123456789012`. */
  readonly accountId?: string | undefined
  /**
   * The caller's ARN, unless a call is made under {@link withCaller}: reported in `lastChangedBy`,
   * an approval's `updatedBy` and the trigger details of executions a call starts. Default: an IAM
   * user `in-memory`.
   */
  readonly identity?: string | undefined
  /**
   * Refuse role ARNs not registered (`roles`, `Controls.registerRole`), as AWS refuses a role
   * CodePipeline cannot assume: CreatePipeline and UpdatePipeline fail with
   * `InvalidStructureException`. Default: `false`.
   */
  readonly checkRoles?: boolean | undefined
  /** Role ARNs CodePipeline can assume, for `checkRoles`. */
  readonly roles?: ReadonlyArray<string> | undefined
  /** Partner clients, as a partner's provisioning registers them (see `Controls.registerThirdPartyClient`). */
  readonly thirdPartyClients?: ReadonlyArray<ThirdPartyClient> | undefined
  /** How long a simulated action takes unless the simulator says otherwise. Default: 30 seconds. */
  readonly actionDuration?: Duration.DurationInput | undefined
  /** How long a stage condition's rule takes unless the rule simulator says otherwise. Default: 10 seconds. */
  readonly ruleDuration?: Duration.DurationInput | undefined
  /**
   * How simulated actions end (sources, CodeBuild, CodeDeploy, CloudFormation, ...): a function
   * (`undefined` from it means the default), or outcome rules as data (`Outcome.Rule`, the form the
   * emulator's control API takes).
   */
  readonly simulate?: ((action: SimulatedAction) => Outcome | undefined) | ReadonlyArray<Rule> | undefined
  /** How stage-condition rules end: a function, or outcome rules as data (`Outcome.ConditionRule`). */
  readonly simulateRule?: ((rule: SimulatedRule) => Outcome | undefined) | ReadonlyArray<ConditionRule> | undefined
  /** Whether CreatePipeline starts an execution, as the service does. Default: `true`. */
  readonly startOnCreate?: boolean | undefined
  /** Quota of pipelines in the region. Default: 1000. */
  readonly maxPipelines?: number | undefined
  /** Quota of unfinished executions of a QUEUED or PARALLEL pipeline. Default: 50. */
  readonly maxConcurrentExecutions?: number | undefined
  /** How many calls the controls keep for `calls` at least. Default: 10,000. */
  readonly maxRecordedCalls?: number | undefined
  /** Partner (ThirdParty) or AWS action types registered with an integration model. */
  readonly actionTypes?: ReadonlyArray<ActionTypeDeclaration> | undefined
}

/**
 * Builds an in-memory CodePipeline and its controls, sharing one state. Invalid options (an
 * action type that does not validate, a malformed duration) are defects: they are bugs of the test.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options = {}): Effect.Effect<{ readonly service: CodePipelineService; readonly controls: ControlsService }> =>
  Effect.clockWith((clock) =>
    Effect.sync(() => {
      const { service, controls } = makeInMemory(options, clock.unsafeCurrentTimeMillis())
      return { service, controls }
    }),
  )

/**
 * Provides `CodePipeline` (every operation, typed by `Methods`) and {@link Controls} over one
 * in-memory state. Each build of the layer starts empty.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options = {}): Layer.Layer<CodePipeline | Controls> =>
  Layer.effectContext(
    Effect.map(make(options), ({ controls, service }) => Context.make(CodePipeline, service).pipe(Context.add(Controls, controls))),
  )

/**
 * Runs an effect's calls to the in-memory CodePipeline as made by `caller` (an ARN): it is who
 * `lastChangedBy`, an approval's `updatedBy` and the trigger details of the executions those calls
 * start name, as AWS names the caller of each request.
 *
 * ```ts
 * import { Effect } from "effect"
 * import { CodePipeline } from "effect-codepipeline"
 * import { CodePipelineInMemory } from "effect-codepipeline/testing"
 *
 * const asAlice = CodePipeline.startPipelineExecution({ name: "release" }).pipe(
 *   CodePipelineInMemory.withCaller("arn:aws:iam::123456789012:user/alice"),
 * )
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const withCaller: {
  (caller: string): <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  <A, E, R>(self: Effect.Effect<A, E, R>, caller: string): Effect.Effect<A, E, R>
} = dual(2, <A, E, R>(self: Effect.Effect<A, E, R>, caller: string): Effect.Effect<A, E, R> => Effect.locally(self, currentCaller, caller))
