/**
 * Declarative outcomes: how simulated actions end, as data rather than a function, so that a test
 * in any language can say it over HTTP (the emulator's outcome control) and the in-memory layers
 * take the same form. Each rule names the actions it is for (by pipeline, stage, action name,
 * provider or category; none: every action) and how they end; the first rule that matches an
 * action decides, and an action no rule matches ends the default way.
 */
import { check, formatIssue, type JsonSchema } from "../internal/jsonSchema.js"
import { DURATION_PATTERN, parseDuration } from "../internal/duration.js"
import type { ActionSimulator, Outcome, OutcomeRule, SimulatedAction } from "../Simulator.js"
import { controlError } from "./errors.js"

const name = (description: string): JsonSchema => ({ type: "string", minLength: 1, maxLength: 1000, description })

/** A duration: milliseconds, or text such as `250ms`, `30s`, `15m`, `2h`. */
export const durationSchema = (description: string): JsonSchema => ({
  description,
  oneOf: [
    { type: "number", minimum: 0 },
    { type: "string", pattern: DURATION_PATTERN },
  ],
  examples: ["30s", 250],
})

/** One rule, as the control API and the in-memory layers take it. */
export const OUTCOME_RULE_SCHEMA: JsonSchema = {
  type: "object",
  description: "Which actions a rule is for (every given member must match; none: every action) and how they end.",
  additionalProperties: false,
  required: ["status"],
  properties: {
    pipelineName: name("Only the actions of this pipeline."),
    stageName: name("Only the actions of this stage."),
    actionName: name("Only the actions of this name."),
    provider: name("Only the actions of this provider (`CodeBuild`, `CodeDeploy`, `CloudFormation`, ...)."),
    category: {
      type: "string",
      enum: ["Source", "Build", "Deploy", "Test", "Invoke", "Approval", "Compute"],
      description: "Only the actions of this category.",
    },
    status: {
      type: "string",
      enum: ["Succeeded", "Failed", "Wait"],
      description: "`Wait`: the action stays InProgress until the complete-action control ends it.",
    },
    duration: durationSchema("Simulated run time. Default: the emulator's action duration."),
    summary: { type: "string", maxLength: 2048 },
    externalExecutionId: { type: "string", maxLength: 1500 },
    externalExecutionUrl: { type: "string", maxLength: 2048 },
    outputVariables: {
      type: "object",
      additionalProperties: { type: "string" },
      description: "The action's output variables (namespace variables).",
    },
    errorCode: { type: "string", minLength: 1, description: "For `Failed`: the code in errorDetails. Default: `JobFailed`." },
    errorMessage: { type: "string", description: "For `Failed`: the message in errorDetails." },
  },
}

export const OUTCOME_RULES_SCHEMA: JsonSchema = {
  type: "array",
  items: OUTCOME_RULE_SCHEMA,
  description: "Outcome rules, first match wins.",
}

/** What is wrong with `rules`, or `undefined` when they are valid outcome rules. */
export const outcomeRulesProblem = (rules: unknown): string | undefined => {
  const issue = check(OUTCOME_RULES_SCHEMA, rules)
  return issue === undefined ? undefined : formatIssue(issue, "the outcome rules")
}

const matches = (rule: OutcomeRule, action: SimulatedAction): boolean =>
  (rule.pipelineName === undefined || rule.pipelineName === action.pipelineName) &&
  (rule.stageName === undefined || rule.stageName === action.stageName) &&
  (rule.actionName === undefined || rule.actionName === action.actionName) &&
  (rule.provider === undefined || rule.provider === action.actionTypeId.provider) &&
  (rule.category === undefined || rule.category === action.actionTypeId.category)

const outcomeOf = (rule: OutcomeRule): Outcome => {
  if (rule.status === "Wait") return { _tag: "Wait" }
  const details = {
    after: rule.duration === undefined ? undefined : parseDuration(rule.duration),
    summary: rule.summary,
    externalExecutionId: rule.externalExecutionId,
    externalExecutionUrl: rule.externalExecutionUrl,
    outputVariables: rule.outputVariables,
  }
  return rule.status === "Succeeded"
    ? { _tag: "Succeed", ...details }
    : { _tag: "Fail", ...details, code: rule.errorCode, message: rule.errorMessage ?? rule.summary }
}

/**
 * The action simulator of outcome rules. Invalid rules are refused with a `ControlError` naming
 * the first problem. The rules are copied: changing the array later changes nothing.
 */
export const outcomeSimulator = (rules: ReadonlyArray<OutcomeRule>): ActionSimulator => {
  const problem = outcomeRulesProblem(rules)
  if (problem !== undefined) controlError(problem)
  const decided = rules.map((rule) => ({ rule: { ...rule }, outcome: outcomeOf(rule) }))
  return (action) => decided.find(({ rule }) => matches(rule, action))?.outcome
}

/** An action simulator given as a function or as outcome rules, as a function. */
export const toActionSimulator = (simulate: ActionSimulator | ReadonlyArray<OutcomeRule> | undefined): ActionSimulator | undefined =>
  simulate === undefined || typeof simulate === "function" ? simulate : outcomeSimulator(simulate)
