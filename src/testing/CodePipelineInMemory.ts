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
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type { ActionTypeDeclaration } from "../schema/shapes.js"
import { fromMethods } from "../services/CodePipeline.js"
import { CodePipeline, type Service as CodePipelineService } from "../services/internal/service.js"
import { ControlError, Controls, type Service as ControlsService } from "./Controls.js"
import { actionTypeKey } from "./internal/catalog.js"
import { makeControls } from "./internal/controls.js"
import { Rejection } from "./internal/failure.js"
import { validateActionTypeDeclaration } from "./internal/operations/actionTypes.js"
import { makeMethods } from "./internal/service.js"
import { makeStore } from "./internal/store.js"
import type { Outcome, SimulatedAction, SimulatedRule } from "./Outcome.js"

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
  SeedExecution,
} from "./Controls.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** Seed of every generated id. Default: `0`. */
  readonly seed?: number | string | undefined
  /** Default: `us-east-1`. */
  readonly region?: string | undefined
  /** Default: `123456789012`. */
  readonly accountId?: string | undefined
  /** The caller's ARN, reported in `lastUpdatedBy`, `lastChangedBy` and triggers. Default: an IAM user `in-memory`. */
  readonly identity?: string | undefined
  /** How long a simulated action takes unless the simulator says otherwise. Default: 30 seconds. */
  readonly actionDuration?: Duration.DurationInput | undefined
  /** How long a stage condition's rule takes unless the rule simulator says otherwise. Default: 10 seconds. */
  readonly ruleDuration?: Duration.DurationInput | undefined
  /** How simulated actions end (sources, CodeBuild, CodeDeploy, CloudFormation, ...); `undefined` from it means the default. */
  readonly simulate?: ((action: SimulatedAction) => Outcome | undefined) | undefined
  /** How stage-condition rules end. */
  readonly simulateRule?: ((rule: SimulatedRule) => Outcome | undefined) | undefined
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

const millis = (input: Duration.DurationInput | undefined, fallback: number): number =>
  input === undefined ? fallback : Duration.toMillis(Duration.decode(input))

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
      const accountId = options.accountId ?? "123456789012"
      const store = makeStore(
        {
          region: options.region ?? "us-east-1",
          accountId,
          identity: options.identity ?? `arn:aws:iam::${accountId}:user/in-memory`,
          actionDurationMs: millis(options.actionDuration, 30_000),
          ruleDurationMs: millis(options.ruleDuration, 10_000),
          maxPipelines: options.maxPipelines ?? 1000,
          maxRecordedCalls: options.maxRecordedCalls ?? 10_000,
          maxConcurrentExecutions: options.maxConcurrentExecutions ?? 50,
          startOnCreate: options.startOnCreate ?? true,
        },
        { action: options.simulate, rule: options.simulateRule },
        options.seed ?? 0,
        clock.unsafeCurrentTimeMillis(),
      )
      for (const declaration of options.actionTypes ?? []) {
        let valid: ActionTypeDeclaration
        try {
          valid = validateActionTypeDeclaration(declaration)
        } catch (error) {
          // A misconfigured layer is a bug of the test, not an input the service would refuse.
          const reason = error instanceof Rejection ? (error.error as { message?: string }).message : String(error)
          throw new Error(`CodePipelineInMemory: invalid action type in options.actionTypes: ${reason}`)
        }
        store.registeredActionTypes.set(actionTypeKey(valid.id), { declaration: valid })
      }
      return { service: fromMethods(makeMethods(store)), controls: makeControls(store) }
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
