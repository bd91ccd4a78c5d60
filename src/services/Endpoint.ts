/**
 * Endpoint resolution: turns a region, the FIPS and dual-stack switches and an optional custom
 * endpoint into the service URL, by evaluating the service's Smithy endpoint rule set
 * (`internal/endpointRuleSet.ts`, generated from the model).
 *
 * The evaluator is this module's own, a small implementation of the Smithy rules language
 * (parameters, endpoint / error / tree rules, conditions with `assign`, references, templates) with
 * the functions CodePipeline's rule set calls: `isSet`, `not`, `booleanEquals`, `stringEquals`,
 * `getAttr` and `aws.partition`. `aws.partition` runs over the official SDK's partition table as
 * `npm run codegen` copies it (`internal/partitions.ts`). The tests check it against the official
 * engine (`@smithy/core/endpoints` with `@aws-sdk/util-endpoints`) on the model's 45 test cases and
 * on every combination of parameters over all known regions, and fail if the rule set ever calls
 * a function that is not implemented here. (The official engine is not used at run time: its
 * entry point also installs the endpoint middleware of the official clients, with the shared
 * config file loader, about 4 KB gzip of a bundle that no bundler can remove.)
 *
 * Resolution is synchronous and meant to run once per layer, not once per call.
 *
 * @since 0.1.0
 */
import type { RuleSetObject } from "@smithy/types"
import * as Either from "effect/Either"
import { EndpointError } from "../errors/common.js"
import { partitions, type PartitionOutputs } from "./internal/partitions.js"

/**
 * What endpoint resolution depends on. `useFips` and `useDualStack` default to `false`.
 *
 * @since 0.1.0
 * @category models
 */
export interface EndpointParams {
  /** The AWS region, for example `us-east-1`. Required unless `endpoint` is set. */
  readonly region?: string
  /** Use the FIPS-compliant endpoint. Not allowed together with `endpoint`. */
  readonly useFips?: boolean
  /** Use the dual-stack (IPv4 and IPv6) endpoint. Not allowed together with `endpoint`. */
  readonly useDualStack?: boolean
  /** A custom endpoint URL (for example a local emulator), used as is. */
  readonly endpoint?: string
}

export { EndpointError }

export type { PartitionOutputs }

/**
 * Smithy's `aws.partition` function: the partition of `region` and what the rule set reads from it
 * (`name`, `dnsSuffix`, `dualStackDnsSuffix`, `supportsFIPS`, `supportsDualStack`,
 * `implicitGlobalRegion`). The partition that lists the region, else the first whose
 * `regionRegex` matches it, else `aws`, as in the official SDK (same table, same order).
 *
 * @since 0.1.0
 * @category resolution
 */
export const partition = (region: string): PartitionOutputs => {
  for (const p of partitions) {
    if (p.regions.includes(region)) return { ...p.outputs, ...p.overrides?.[region] }
  }
  for (const p of partitions) {
    if (new RegExp(p.regionRegex).test(region)) return { ...p.outputs }
  }
  // The generator checks that the table has an `aws` partition.
  return { ...partitions.find((p) => p.id === "aws")!.outputs }
}

// -----------------------------------------------------------------------------
// rules engine
// -----------------------------------------------------------------------------

/** What expressions evaluate to: strings, booleans, numbers, records and lists of them, or nothing. */
type Value = unknown
type Scope = Readonly<Record<string, Value>>

interface Call {
  readonly fn: string
  readonly argv: ReadonlyArray<unknown>
  readonly assign?: string
}

interface Rule {
  readonly type: string
  readonly conditions?: ReadonlyArray<Call>
  readonly endpoint?: { readonly url: unknown }
  readonly error?: unknown
  readonly rules?: ReadonlyArray<Rule>
}

/** `getAttr`: `name`, `a.b`, `list[0]`, `list[-1]` (from the end). */
const getAttr = (value: Value, path: string): Value => {
  let current = value
  for (const part of path.split(".")) {
    const match = /^([^[\]]*)(?:\[(-?\d+)\])?$/.exec(part)
    if (match === null) throw new Error(`Invalid path: '${path}'`)
    const [, key, index] = match
    for (const step of index === undefined ? [key!] : key === "" ? [index] : [key!, index]) {
      if (current === null || typeof current !== "object") {
        throw new Error(`Index '${step}' in '${path}' not found in '${JSON.stringify(value)}'`)
      }
      if (Array.isArray(current)) {
        const i = Number(step)
        current = current[i < 0 ? current.length + i : i]
      } else {
        current = (current as Readonly<Record<string, Value>>)[step!]
      }
    }
  }
  return current
}

/** The functions of the rule set: Smithy's standard library as far as the rule set uses it. */
const functions: Readonly<Record<string, (...args: Array<any>) => Value>> = {
  isSet: (value: Value) => value != null,
  not: (value: boolean) => !value,
  booleanEquals: (a: boolean, b: boolean) => a === b,
  stringEquals: (a: string, b: string) => a === b,
  getAttr,
  "aws.partition": partition,
}

/**
 * The names of the functions this evaluator implements.
 *
 * @since 0.1.0
 * @category resolution
 */
export const supportedFunctions: ReadonlyArray<string> = Object.keys(functions)

const lookup = (name: string, scope: Scope): Value => {
  const hash = name.indexOf("#")
  return hash < 0 ? scope[name] : getAttr(scope[name.slice(0, hash)], name.slice(hash + 1))
}

/** A string template: `{Name}` and `{Name#path}` are replaced, `{{` and `}}` are literal braces. */
const template = (text: string, scope: Scope): string =>
  text.replace(/\{\{|\}\}|\{([^{}]*)\}/g, (match, name: string | undefined) => {
    if (name === undefined) return match[0]!
    const value = lookup(name, scope)
    return value == null ? "" : String(value)
  })

const evaluate = (expression: unknown, scope: Scope): Value => {
  if (typeof expression === "string") return template(expression, scope)
  if (typeof expression === "boolean" || typeof expression === "number") return expression
  if (expression !== null && typeof expression === "object") {
    if ("ref" in expression) return scope[(expression as { readonly ref: string }).ref]
    if ("fn" in expression) return call(expression as Call, scope)
  }
  throw new Error(`${JSON.stringify(expression)} is not a string, function or reference`)
}

const call = ({ fn, argv }: Call, scope: Scope): Value => {
  const f = Object.hasOwn(functions, fn) ? functions[fn] : undefined
  if (f === undefined) throw new Error(`The endpoint rule set calls ${fn}, which this client does not implement`)
  return f(...argv.map((arg) => evaluate(arg, scope)))
}

/** The scope with the conditions' assignments when every condition holds, otherwise `undefined`. */
const conditionsHold = (conditions: ReadonlyArray<Call> = [], outer: Scope): Scope | undefined => {
  let scope = outer
  for (const condition of conditions) {
    const value = call(condition, scope)
    // Smithy: a condition holds unless its function returns false or nothing.
    if (value !== "" && !value) return undefined
    if (condition.assign !== undefined) {
      if (scope[condition.assign] !== undefined) throw new Error(`'${condition.assign}' is already defined`)
      scope = { ...scope, [condition.assign]: value }
    }
  }
  return scope
}

/** The URL of the first rule that applies; an error rule that applies throws its message. */
const evaluateRules = (rules: ReadonlyArray<Rule>, outer: Scope): string => {
  for (const rule of rules) {
    if (rule.type !== "endpoint" && rule.type !== "error" && rule.type !== "tree") {
      throw new Error(`Unknown endpoint rule type: ${String(rule.type)}`)
    }
    const scope = conditionsHold(rule.conditions, outer)
    if (scope === undefined) continue
    if (rule.type === "error") throw new Error(String(evaluate(rule.error, scope)))
    // A tree whose conditions hold is final: when none of its rules applies, resolution fails.
    if (rule.type === "tree") return evaluateRules(rule.rules ?? [], scope)
    const url = evaluate(rule.endpoint?.url, scope)
    if (typeof url !== "string") throw new Error(`Endpoint URL must be a string, got ${typeof url}`)
    return url
  }
  throw new Error("Rules evaluation failed")
}

/** The rule set's parameters: the given ones, then defaults; a missing required one is an error. */
const parametersOf = (ruleSet: RuleSetObject, params: EndpointParams): Scope => {
  const scope: Record<string, Value> = {
    Region: params.region,
    UseFIPS: params.useFips ?? false,
    UseDualStack: params.useDualStack ?? false,
    Endpoint: params.endpoint,
  }
  for (const [name, parameter] of Object.entries(ruleSet.parameters)) {
    if (scope[name] == null && parameter.default != null) scope[name] = parameter.default
    else if (scope[name] == null && parameter.required) throw new Error(`Missing required parameter: '${name}'`)
  }
  return scope
}

/** Smithy's `isValidHostLabel` (without sub-domains). */
const isValidHostLabel = (value: string): boolean => /^(?!.*-$)(?!-)[a-zA-Z0-9-]{1,63}$/.test(value)

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error)

/**
 * Resolves the endpoint URL for `params` by evaluating `ruleSet`. Never throws: every failure,
 * including an error rule of the rule set or a malformed rule set, is an {@link EndpointError}.
 *
 * The region and custom endpoint are checked up front (a region must be a valid host label, an
 * endpoint an absolute URL) so that a malformed value yields a clear error rather than a failed
 * URL construction inside the rules.
 *
 * @since 0.1.0
 * @category resolution
 */
export const resolve = (
  ruleSet: RuleSetObject,
  params: EndpointParams,
): Either.Either<URL, EndpointError> => {
  if (params.region !== undefined && !isValidHostLabel(params.region)) {
    return Either.left(
      new EndpointError({
        message: `Invalid Configuration: region "${params.region}" is not a valid hostname component`,
      }),
    )
  }
  if (params.endpoint !== undefined && !URL.canParse(params.endpoint)) {
    return Either.left(
      new EndpointError({
        message: `Invalid Configuration: endpoint "${params.endpoint}" is not a valid URL`,
      }),
    )
  }
  try {
    return Either.right(new URL(evaluateRules(ruleSet.rules as ReadonlyArray<Rule>, parametersOf(ruleSet, params))))
  } catch (error) {
    return Either.left(new EndpointError({ message: messageOf(error) }))
  }
}
