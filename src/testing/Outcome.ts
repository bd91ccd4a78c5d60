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
// Mirror of packages/effect3/src/testing/Outcome.ts: the same public outcome constructors; only the Duration input type differs (DurationInput in 3,
// Input in 4).
import type { OutcomeRule, RuleOutcomeRule } from "@effect-codepipeline/core/Simulator"
import type * as Duration from "effect/Duration"
import type { ActionTypeId, DeployActionExecutionTarget, RuleTypeId } from "../schema/Schemas.js"

/**
 * The action the simulator is asked about.
 *
 * @since 0.1.0
 * @category models
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
 * The rule of a stage condition the simulator is asked about.
 *
 * @since 0.1.0
 * @category models
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
 * ListDeployActionExecutionTargets): the core's `Simulator.OutcomeDetails`, in this flavor's types.
 *
 * @since 0.1.0
 * @category models
 */
export interface Details {
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
 * @since 0.1.0
 * @category models
 */
export interface Succeed extends Details {
  readonly _tag: "Succeed"
  /** Simulated run time. Default: the layer's `actionDuration`. */
  readonly after?: Duration.Input | undefined
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Fail extends Details {
  readonly _tag: "Fail"
  readonly after?: Duration.Input | undefined
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
export type Rule = OutcomeRule

/**
 * A declarative outcome for the rules of stage conditions, as {@link Rule} is for actions: which
 * rules it is for (by `pipelineName`, `stageName`, `ruleName`, `provider` or `conditionType`) and
 * how they end. Give a list of them where a rule simulator function goes (`simulateRule`,
 * `Controls.setRuleSimulator`), or as `rules` of the emulator's outcome control.
 *
 * @since 0.1.0
 * @category models
 */
export type ConditionRule = RuleOutcomeRule
