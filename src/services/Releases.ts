/**
 * What release tooling asks of a pipeline: which manual approvals wait for a person (with the token
 * to answer them), which execution is running in a stage, and when an execution has ended.
 *
 * ```ts
 * import * as Effect from "effect/Effect"
 * import * as CodePipeline from "./CodePipeline.js"
 * import * as Releases from "./Releases.js"
 *
 * const approveAll = Effect.gen(function* () {
 *   for (const { pipelineName, stageName, actionName, token } of yield* Releases.pendingApprovals("release")) {
 *     yield* CodePipeline.putApprovalResult({ pipelineName, stageName, actionName, token, result: { status: "Approved", summary: "Released by the bot" } })
 *   }
 * })
 * ```
 *
 * `GetPipelineState` shows each action's latest run but not what kind of action it is, so these
 * helpers join it to the pipeline's declaration (`GetPipeline` of the version the state describes).
 * The joins are pure functions of `@effect-codepipeline/core/Releases`, usable without Effect.
 *
 * @since 0.1.0
 */
// Mirror of packages/effect3/src/services/Releases.ts: the same public Releases over the core's; each flavor steps its own Schedule and times out with
// its own Effect API.
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as Core from "@effect-codepipeline/core/Releases"
import { ResponseDecodeError } from "../errors/common.js"
import { StageNotFoundException } from "../errors/modeled.js"
import type {
  GetPipelineOutput,
  GetPipelineStateOutput,
  PipelineDeclaration,
  PipelineExecution,
  StageExecution,
} from "../schema/Schemas.js"
import type { CodePipeline } from "./internal/codePipeline.js"
import {
  getPipeline,
  type GetPipelineError,
  getPipelineExecution,
  type GetPipelineExecutionError,
  getPipelineState,
  type GetPipelineStateError,
  listActionExecutionsItems,
  type ListActionExecutionsError,
  listPipelineExecutionsItems,
  type ListPipelineExecutionsError,
} from "./operations.js"

// The pure functions take the core's types, whose sensitive strings are plain `string`s where this
// package's are `Redacted`. GetPipeline, GetPipelineState and GetPipelineExecution have no
// sensitive member, so their outputs here are the core's types as they are (no conversion), and
// the core's functions hand back this package's types because they are generic over them.

/**
 * A manual approval waiting for a person: `pipelineName`, `stageName`, `actionName` and `token` are
 * what `CodePipeline.putApprovalResult` needs; `pipelineExecutionId` is the execution it holds up
 * (the stage's latest, as `GetPipelineState` reports it); `customData` and `externalEntityLink`
 * are what the approver is asked to review; `since` is when it started waiting.
 *
 * @since 0.1.0
 * @category models
 */
export type PendingApproval = Core.PendingApproval

/**
 * An action of a pipeline with its declaration (`declaration.actionTypeId` says what it is) and
 * its state (`state?.latestExecution`), and the state of its stage.
 *
 * @since 0.1.0
 * @category models
 */
export type Action = Core.Action<PipelineDeclaration, GetPipelineStateOutput>

/**
 * {@link awaitExecution} stopped waiting before the execution ended: its `timeout` elapsed
 * (`reason: "Timeout"`) or its `schedule` ended (`reason: "ScheduleEnded"`). `status` is the
 * execution's status when it was last read, if it was read at all.
 *
 * @since 0.1.0
 * @category errors
 */
export class ExecutionNotEndedError extends /*#__PURE__*/ Schema.TaggedError<ExecutionNotEndedError>()("ExecutionNotEndedError", {
  pipelineName: Schema.String,
  pipelineExecutionId: Schema.String,
  reason: Schema.Literals(["Timeout", "ScheduleEnded"]),
  status: Schema.optional(Schema.String),
  message: Schema.String,
}) {}

/** The declaration of the version the state describes, so that the two agree. */
const declarationAndState = (pipelineName: string) =>
  Effect.gen(function* () {
    const state = yield* getPipelineState({ name: pipelineName })
    const { pipeline }: GetPipelineOutput = yield* getPipeline(
      state.pipelineVersion === undefined ? { name: pipelineName } : { name: pipelineName, version: state.pipelineVersion },
    )
    if (pipeline === undefined) return yield* Effect.fail(new ResponseDecodeError({ message: "GetPipeline answered without a pipeline" }))
    return { declaration: pipeline, state }
  })

/**
 * Every action of a pipeline, in order, with what it is (its declaration) and how its latest run
 * went (its state): `GetPipelineState` joined to `GetPipeline` by stage and action name.
 *
 * @since 0.1.0
 * @category reading
 */
export const actions = (
  pipelineName: string,
): Effect.Effect<ReadonlyArray<Action>, GetPipelineStateError | GetPipelineError, CodePipeline> =>
  Effect.map(declarationAndState(pipelineName), ({ declaration, state }) => Core.actions(declaration, state))

/**
 * The manual approvals of a pipeline that wait for a person, each with the token
 * `PutApprovalResult` needs. Declared manual approvals (`Approval`/`AWS`/`Manual`) that are in
 * progress with a token; an empty array when none waits. In `PARALLEL` mode, where each running
 * execution waits at its own approval and `GetPipelineState` shows none of their tokens, the
 * approvals are read from `ListActionExecutions` of each running execution.
 *
 * @since 0.1.0
 * @category reading
 */
export const pendingApprovals = (
  pipelineName: string,
): Effect.Effect<
  ReadonlyArray<PendingApproval>,
  GetPipelineStateError | GetPipelineError | ListPipelineExecutionsError | ListActionExecutionsError,
  CodePipeline
> =>
  Effect.flatMap(declarationAndState(pipelineName), ({ declaration, state }) => {
    if (declaration.executionMode !== "PARALLEL") return Effect.succeed(Core.pendingApprovals(declaration, state))
    // In PARALLEL mode each running execution's approval has its own token, shown only by
    // ListActionExecutions: read the action executions of every running pipeline execution.
    return listPipelineExecutionsItems({ pipelineName }).pipe(
      Stream.filter((execution) => Core.isRunning(execution.status)),
      Stream.flatMap((execution) =>
        listActionExecutionsItems({ pipelineName, filter: { pipelineExecutionId: execution.pipelineExecutionId } }),
      ),
      Stream.runCollect,
      Effect.map((details) => Core.pendingParallelApprovals(declaration, details)),
    )
  })

/**
 * The execution running in a stage (its latest execution, while `InProgress` or `Stopping`), or
 * `Option.none()` when none is. An execution waiting to enter the stage is not running in it. A
 * stage name the pipeline does not have fails with `StageNotFoundException`, whose message lists
 * the stages it has.
 *
 * @since 0.1.0
 * @category reading
 */
export const runningExecution = (
  pipelineName: string,
  stageName: string,
): Effect.Effect<Option.Option<StageExecution>, GetPipelineStateError | StageNotFoundException, CodePipeline> =>
  Effect.flatMap(getPipelineState({ name: pipelineName }), (state) => {
    const activity = Core.runningExecution(state, stageName)
    switch (activity._tag) {
      case "Running":
        return Effect.succeed(Option.some(activity.execution))
      case "Idle":
        return Effect.succeed(Option.none())
      case "StageNotFound":
        return Effect.fail(
          new StageNotFoundException({
            message: `Pipeline '${pipelineName}' has no stage named '${stageName}'; its stages are ${activity.stageNames.map((s) => `'${s}'`).join(", ") || "none"}`,
          }),
        )
    }
  })

/**
 * Options of {@link awaitExecution}.
 *
 * @since 0.1.0
 * @category models
 */
export interface AwaitOptions {
  /**
   * When to read the execution again after a read that found it running (default: every 10
   * seconds). It is given the execution as last read; when it ends, waiting fails with
   * `ExecutionNotEndedError` (`reason: "ScheduleEnded"`).
   */
  readonly schedule?: Schedule.Schedule<unknown, PipelineExecution> | undefined
  /** How long to wait in all; then waiting fails with `ExecutionNotEndedError` (`reason: "Timeout"`). No limit by default. */
  readonly timeout?: Duration.Input | undefined
}

// Made when a wait starts, not at import (parsing the duration and making the schedule took ~0.1 ms of importing the package).
const defaultSchedule = (): Schedule.Schedule<unknown, PipelineExecution> => Schedule.spaced("10 seconds")

/**
 * Waits until a pipeline execution ends, reading it with `GetPipelineExecution` on a schedule, and
 * returns it as it ended: `Succeeded`, `Failed`, `Stopped`, `Cancelled`, `Superseded`, or a status
 * the model does not list (anything but `InProgress` and `Stopping`). An execution that failed is a
 * result, not an error: check its `status`. Fails with `ExecutionNotEndedError` when the timeout
 * elapses or the schedule ends first, and with the errors of `GetPipelineExecution` (the first one:
 * a call is retried by the layer's retry policy, not by this schedule).
 *
 * @since 0.1.0
 * @category waiting
 */
export const awaitExecution = (
  pipelineName: string,
  pipelineExecutionId: string,
  options: AwaitOptions = {},
): Effect.Effect<PipelineExecution, GetPipelineExecutionError | ExecutionNotEndedError, CodePipeline> =>
  Effect.suspend(() => {
    // The last read, for the error when waiting stops before the end.
    let last: PipelineExecution | undefined
    const notEnded = (reason: "Timeout" | "ScheduleEnded") =>
      new ExecutionNotEndedError({
        pipelineName,
        pipelineExecutionId,
        reason,
        ...(last?.status !== undefined ? { status: last.status } : {}),
        message: `Execution ${pipelineExecutionId} of pipeline '${pipelineName}' had not ended when ${
          reason === "Timeout"
            ? `the timeout of ${Duration.format(Duration.fromInputUnsafe(options.timeout!))} elapsed`
            : "the schedule ended"
        } (${last?.status === undefined ? "its status was never read" : `its status was ${last.status}`})`,
      })
    const read = Effect.flatMap(getPipelineExecution({ pipelineName, pipelineExecutionId }), ({ pipelineExecution }) =>
      pipelineExecution === undefined
        ? Effect.fail(new ResponseDecodeError({ message: "GetPipelineExecution answered without a pipelineExecution" }))
        : Effect.succeed(pipelineExecution),
    )
    const wait = Effect.gen(function* () {
      // The step sleeps for the schedule's delay; it fails (with `Cause.Done`) only when the schedule ends.
      const step = yield* Schedule.toStepWithSleep(options.schedule ?? defaultSchedule())
      while (true) {
        last = yield* read
        if (Core.hasEnded(last)) return last
        yield* Effect.mapError(step(last), () => notEnded("ScheduleEnded"))
      }
    })
    return options.timeout === undefined
      ? wait
      : Effect.timeoutOrElse(wait, { duration: options.timeout, orElse: () => Effect.fail(notEnded("Timeout")) })
  })
