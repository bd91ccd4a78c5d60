/**
 * The package's simulator functions (`Outcome`, with `Duration`s) as the core simulator's (plain
 * data, with milliseconds).
 */
// Mirror of packages/effect3/src/testing/internal/outcome.ts: the same outcome conversion to the core's; Effect 3 and 4 decode a Duration with different
// APIs.
import type * as Core from "@effect-codepipeline/core/Simulator"
import * as Duration from "effect/Duration"
import * as Option from "effect/Option"
import type { ConditionRule, Outcome, Rule, SimulatedAction, SimulatedRule } from "../Outcome.js"

/** Milliseconds of a duration; `undefined` (the default duration) for one that does not decode. */
const millis = (input: Duration.Input | undefined): number | undefined =>
  input === undefined ? undefined : Option.getOrUndefined(Option.map(Duration.fromInput(input), Duration.toMillis))

export const toCoreOutcome = (outcome: Outcome | undefined): Core.Outcome | undefined => {
  if (outcome === undefined || outcome._tag === "Wait") return outcome
  const { after, ...rest } = outcome
  return { ...rest, after: millis(after) }
}

// The simulator hands the function what it knows of the action; its values are the package's
// (ids, names and configuration strings, open enums).
// Outcome rules are the core's own form: they go as they are.
export const toActionSimulator = (
  simulate: ((action: SimulatedAction) => Outcome | undefined) | ReadonlyArray<Rule> | undefined,
): Core.ActionSimulator | ReadonlyArray<Core.OutcomeRule> | undefined =>
  simulate === undefined || typeof simulate !== "function" ? simulate : (action) => toCoreOutcome(simulate(action as SimulatedAction))

export const toRuleSimulator = (
  simulate: ((rule: SimulatedRule) => Outcome | undefined) | ReadonlyArray<ConditionRule> | undefined,
): Core.RuleSimulator | ReadonlyArray<Core.RuleOutcomeRule> | undefined =>
  simulate === undefined || typeof simulate !== "function" ? simulate : (rule) => toCoreOutcome(simulate(rule as SimulatedRule))

/** A duration option in milliseconds; a malformed one throws (a bug of the test). */
export const durationMillis = (input: Duration.Input | undefined): number | undefined =>
  input === undefined ? undefined : Duration.toMillis(Duration.fromInputUnsafe(input))
