/**
 * Declarative outcomes: how simulated actions (and the rules of stage conditions) end, as data
 * rather than a function, so that a test in any language can say it over HTTP (the emulator's
 * outcome control) and the in-memory layers take the same form. Each outcome rule names what it is
 * for (by pipeline, stage, action or rule name, provider, ...; none: everything) and how it ends;
 * the first that matches decides, and what no rule matches ends the default way.
 */
import { DURATION_PATTERN, parseDuration } from "../internal/duration.js"
import { check, formatIssue, type JsonSchema } from "../internal/jsonSchema.js"
import type { ActionSimulator, Outcome, OutcomeRule, RuleOutcomeRule, RuleSimulator, SimulatedAction, SimulatedRule } from "../Simulator.js"
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

/** How a matching action or rule ends: the members every outcome rule has. */
const ENDING: { readonly [name: string]: JsonSchema } = {
  status: {
    type: "string",
    enum: ["Succeeded", "Failed", "Wait"],
    description: "`Wait`: it stays InProgress until the complete-action control ends it (an action) or its execution ends.",
  },
  duration: durationSchema("Simulated run time. Default: the emulator's action (or rule) duration."),
  summary: { type: "string", maxLength: 2048 },
  externalExecutionId: { type: "string", maxLength: 1500 },
  externalExecutionUrl: { type: "string", maxLength: 2048 },
  errorCode: { type: "string", minLength: 1, description: "For `Failed`: the code in errorDetails. Default: `JobFailed`." },
  errorMessage: { type: "string", description: "For `Failed`: the message in errorDetails. Default: the summary." },
}

/** One action outcome rule, as the control API and the in-memory layers take it. */
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
    ...ENDING,
    outputVariables: {
      type: "object",
      additionalProperties: { type: "string" },
      description: "For `Succeeded`: the action's output variables (namespace variables).",
    },
  },
}

/** One stage-condition rule outcome rule. */
export const RULE_OUTCOME_RULE_SCHEMA: JsonSchema = {
  type: "object",
  description: "Which rules of stage conditions it is for (every given member must match; none: every rule) and how they end.",
  additionalProperties: false,
  required: ["status"],
  properties: {
    pipelineName: name("Only the rules of this pipeline's conditions."),
    stageName: name("Only the rules of this stage's conditions."),
    ruleName: name("Only the rules of this name."),
    provider: name("Only the rules of this provider (`DeploymentWindow`, `CloudWatchAlarm`, ...)."),
    conditionType: {
      type: "string",
      enum: ["BEFORE_ENTRY", "ON_SUCCESS", "ON_FAILURE"],
      description: "Only the rules of this kind of condition.",
    },
    ...ENDING,
  },
}

export const OUTCOME_RULES_SCHEMA: JsonSchema = {
  type: "array",
  items: OUTCOME_RULE_SCHEMA,
  description: "Outcome rules of actions, first match wins.",
}

export const RULE_OUTCOME_RULES_SCHEMA: JsonSchema = {
  type: "array",
  items: RULE_OUTCOME_RULE_SCHEMA,
  description: "Outcome rules of stage-condition rules, first match wins.",
}

const problemOf = (schema: JsonSchema, what: string, rules: unknown): string | undefined => {
  const issue = check(schema, rules)
  return issue === undefined ? undefined : formatIssue(issue, what)
}

/** What is wrong with `rules`, or `undefined` when they are valid action outcome rules. */
export const outcomeRulesProblem = (rules: unknown): string | undefined => problemOf(OUTCOME_RULES_SCHEMA, "the outcome rules", rules)

type Ending = Pick<
  OutcomeRule,
  "status" | "duration" | "summary" | "externalExecutionId" | "externalExecutionUrl" | "errorCode" | "errorMessage"
> & {
  readonly outputVariables?: OutcomeRule["outputVariables"]
}

const outcomeOf = (rule: Ending): Outcome => {
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

/** A simulator of `rules` (checked with `schema`; copied, so changing them later changes nothing). */
const compile = <R extends Ending, A>(
  schema: JsonSchema,
  what: string,
  rules: ReadonlyArray<R>,
  matches: (rule: R, subject: A) => boolean,
): ((subject: A) => Outcome | undefined) => {
  const problem = problemOf(schema, what, rules)
  if (problem !== undefined) controlError(problem)
  const decided = rules.map((rule) => ({ rule: { ...rule }, outcome: outcomeOf(rule) }))
  return (subject) => decided.find(({ rule }) => matches(rule, subject))?.outcome
}

const given = <A>(expected: A | undefined, actual: A): boolean => expected === undefined || expected === actual

/**
 * The action simulator of outcome rules. Invalid rules are refused with a `ControlError` naming
 * the first problem.
 */
export const outcomeSimulator = (rules: ReadonlyArray<OutcomeRule>): ActionSimulator =>
  compile(
    OUTCOME_RULES_SCHEMA,
    "the outcome rules",
    rules,
    (rule, action: SimulatedAction) =>
      given(rule.pipelineName, action.pipelineName) &&
      given(rule.stageName, action.stageName) &&
      given(rule.actionName, action.actionName) &&
      given(rule.provider, action.actionTypeId.provider) &&
      given(rule.category, action.actionTypeId.category),
  )

/**
 * The rule simulator of stage-condition outcome rules; invalid ones are refused as
 * {@link outcomeSimulator} refuses them (the same `compile`, over a rule's own fields).
 */
export const ruleOutcomeSimulator = (rules: ReadonlyArray<RuleOutcomeRule>): RuleSimulator =>
  compile(
    RULE_OUTCOME_RULES_SCHEMA,
    "the rule outcome rules",
    rules,
    (rule, subject: SimulatedRule) =>
      given(rule.pipelineName, subject.pipelineName) &&
      given(rule.stageName, subject.stageName) &&
      given(rule.ruleName, subject.ruleName) &&
      given(rule.provider, subject.ruleTypeId.provider) &&
      given(rule.conditionType, subject.conditionType),
  )

/** An action simulator given as a function or as outcome rules, as a function. */
export const toActionSimulator = (simulate: ActionSimulator | ReadonlyArray<OutcomeRule> | undefined): ActionSimulator | undefined =>
  simulate === undefined || typeof simulate === "function" ? simulate : outcomeSimulator(simulate)

/** A rule simulator given as a function or as outcome rules, as a function. */
export const toRuleSimulator = (simulate: RuleSimulator | ReadonlyArray<RuleOutcomeRule> | undefined): RuleSimulator | undefined =>
  simulate === undefined || typeof simulate === "function" ? simulate : ruleOutcomeSimulator(simulate)
