/**
 * How a simulated action or stage-condition rule ends. The in-memory CodePipeline runs every
 * built-in provider that has no job protocol (CodeBuild, CodeDeploy, CloudFormation, sources, ...)
 * through a simulator: a function the test supplies that, given the action about to run, says
 * whether it succeeds or fails and after how long, or that it waits for the test to complete it.
 *
 * ```ts
 * CodePipelineInMemory.layer({
 *   simulate: (action) =>
 *     action.actionTypeId.provider === "CodeBuild" ? Outcome.fail({ message: "tests failed" }) : undefined,
 * })
 * ```
 *
 * @since 0.1.0
 */
// Mirror of src/testing/Outcome.ts: the same public outcome constructors; only the Duration input type differs
// (DurationInput in 3, Input in 4).
import type * as Simulator from "@effect-codepipeline/core/Simulator"
import type * as Duration from "effect/Duration"

/**
 * The action the simulator is asked about (the core simulator's `SimulatedAction`).
 *
 * @since 0.1.0
 * @category models
 */
export type SimulatedAction = Simulator.SimulatedAction

/**
 * The rule of a stage condition the simulator is asked about (the core simulator's `SimulatedRule`).
 *
 * @since 0.1.0
 * @category models
 */
export type SimulatedRule = Simulator.SimulatedRule

/**
 * Details a finished action reports (in GetPipelineState, ListActionExecutions and
 * ListDeployActionExecutionTargets): the core simulator's `OutcomeDetails`.
 *
 * @since 0.1.0
 * @category models
 */
export type Details = Simulator.OutcomeDetails

/**
 * @since 0.1.0
 * @category models
 */
export interface Succeed extends Details {
  readonly _tag: "Succeed"
  /** Simulated run time. Default: the layer's `actionDuration`. */
  readonly after?: Duration.DurationInput | undefined
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Fail extends Details {
  readonly _tag: "Fail"
  readonly after?: Duration.DurationInput | undefined
  /** The error code reported in `errorDetails` (default `JobFailed`). */
  readonly code?: string | undefined
  /** The error message reported in `errorDetails`. */
  readonly message?: string | undefined
}

/**
 * The action stays `InProgress` until `Controls.completeAction` ends it (or the execution is
 * stopped, abandoned or cancelled).
 *
 * @since 0.1.0
 * @category models
 */
export interface Wait {
  readonly _tag: "Wait"
}

/**
 * @since 0.1.0
 * @category models
 */
export type Outcome = Succeed | Fail | Wait

/**
 * @since 0.1.0
 * @category constructors
 */
export const succeed = (options: Omit<Succeed, "_tag"> = {}): Outcome => ({ _tag: "Succeed", ...options })

/**
 * @since 0.1.0
 * @category constructors
 */
export const fail = (options: Omit<Fail, "_tag"> = {}): Outcome => ({ _tag: "Fail", ...options })

/**
 * @since 0.1.0
 * @category constructors
 */
export const wait: Outcome = { _tag: "Wait" }

/**
 * A declarative outcome, as data: which actions it is for (by `pipelineName`, `stageName`,
 * `actionName`, `provider` or `category`; none: every action) and how they end (`status`
 * `Succeeded`, `Failed` or `Wait`, a `duration` in milliseconds or text such as `"30s"`, a
 * `summary`, `outputVariables`, ...). The same form as the emulator's outcome control
 * (`PUT /_emulator/outcomes`); give a list of them where a simulator function goes, the first that
 * matches an action deciding.
 *
 * ```ts
 * CodePipelineInMemory.layer({
 *   simulate: [
 *     { provider: "CodeBuild", status: "Succeeded", duration: "2m", outputVariables: { Version: "1.2.3" } },
 *     { actionName: "Deploy", status: "Wait" },
 *   ],
 * })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Rule = Simulator.OutcomeRule

/**
 * A declarative outcome for the rules of stage conditions, as {@link Rule} is for actions: which
 * rules it is for (by `pipelineName`, `stageName`, `ruleName`, `provider` or `conditionType`) and
 * how they end. Give a list of them where a rule simulator function goes (`simulateRule`,
 * `Controls.setRuleSimulator`), or as `rules` of the emulator's outcome control.
 *
 * @since 0.1.0
 * @category models
 */
export type ConditionRule = Simulator.RuleOutcomeRule
