/**
 * The core's endpoint files:
 *
 * - `packages/core/src/generated/endpoints.ts`: the model's endpoint rule set
 *   (`smithy.rules#endpointRuleSet`) compiled to one plain function, `resolveEndpoint(params)`,
 *   whose body is the rule tree as nested `if`s, so that no rules engine runs at run time;
 * - `packages/core/src/generated/partitions.ts`: the data of the `aws.partition` function, taken
 *   from the partition table of the official SDK (`@aws-sdk/util-endpoints`, a devDependency) so
 *   that the runtime does not import that package.
 *
 * The compiler is generic over the rules language, but supports only the functions in
 * {@link FUNCTIONS} (plus `isSet` and `getAttr`), parameters of type String and Boolean, and
 * templates without escaped braces: anything else makes it throw, so that a model update cannot be
 * compiled to something that behaves differently from the official engine. The functions the
 * compiled code calls are hand-written in `packages/core/src/internal/endpoints.ts`, and the tests
 * hold the result to the official engine (`@smithy/core/endpoints`).
 */
import * as fs from "node:fs"
import { createRequire } from "node:module"
import * as path from "node:path"
import { type Model, serviceOf } from "./model.js"
import { header } from "./naming.js"

// -----------------------------------------------------------------------------------------------
// The rules language (smithy.rules#endpointRuleSet 1.0), as far as the compiler reads it
// -----------------------------------------------------------------------------------------------

export type Expression = string | number | boolean | { readonly ref: string } | FunctionCall

export interface FunctionCall {
  readonly fn: string
  readonly argv: ReadonlyArray<Expression>
  readonly assign?: string
}

export interface Rule {
  readonly type: string
  readonly documentation?: string
  readonly conditions?: ReadonlyArray<FunctionCall>
  readonly endpoint?: {
    readonly url: Expression
    readonly properties?: Record<string, unknown>
    readonly headers?: Record<string, ReadonlyArray<Expression>>
  }
  readonly error?: Expression
  readonly rules?: ReadonlyArray<Rule>
}

export interface Parameter {
  readonly type: string
  readonly required?: boolean
  readonly default?: unknown
  readonly documentation?: string
  readonly builtIn?: string
}

export interface RuleSet {
  readonly version: string
  readonly parameters: Record<string, Parameter>
  readonly rules: ReadonlyArray<Rule>
}

// -----------------------------------------------------------------------------------------------
// Types: the compiler checks every expression, as Smithy's validator does, so that the emitted
// code needs no run-time check the engine would make (and TypeScript checks the emitted code).
// -----------------------------------------------------------------------------------------------

type Type =
  | { readonly kind: "string" }
  | { readonly kind: "boolean" }
  | { readonly kind: "integer" }
  | { readonly kind: "record"; readonly name: string; readonly fields: Readonly<Record<string, Type>> }

const STRING: Type = { kind: "string" }
const BOOLEAN: Type = { kind: "boolean" }
const INTEGER: Type = { kind: "integer" }

/** What `aws.partition` returns (Smithy's `aws.partition`), as `PartitionOutputs` in the core. */
const PARTITION: Type = {
  kind: "record",
  name: "a partition",
  fields: {
    name: STRING,
    dnsSuffix: STRING,
    dualStackDnsSuffix: STRING,
    supportsFIPS: BOOLEAN,
    supportsDualStack: BOOLEAN,
    implicitGlobalRegion: STRING,
  },
}

/** What `parseURL` returns. */
const URL_PARTS: Type = {
  kind: "record",
  name: "a parsed URL",
  fields: { scheme: STRING, authority: STRING, path: STRING, normalizedPath: STRING, isIp: BOOLEAN },
}

/** An expression as emitted: its code, type, and whether it may be unset (Smithy's `Option`). */
interface Value {
  readonly code: string
  readonly type: Type
  readonly optional: boolean
  /** Needs no parentheses as an operand. */
  readonly atomic: boolean
  readonly literal?: boolean
}

/** What is in scope: parameters and assigned values, with whether each may still be unset. */
type Scope = ReadonlyMap<string, { readonly type: Type; readonly optional: boolean }>

const operand = (value: Value): string => (value.atomic ? value.code : `(${value.code})`)

const helper =
  (name: string) =>
  (args: ReadonlyArray<Value>): string =>
    `rules.${name}(${args.map((a) => a.code).join(", ")})`

/** `a === b`, with a literal on the right (both functions are symmetric): `UseFIPS === true`. */
const equals = ([a, b]: ReadonlyArray<Value>): string =>
  a!.literal && !b!.literal ? `${operand(b!)} === ${operand(a!)}` : `${operand(a!)} === ${operand(b!)}`

interface Signature {
  readonly params: ReadonlyArray<Type["kind"]>
  /** Arguments may be unset: the function compares them as they are, as the engine does. */
  readonly acceptsUnset?: boolean
  readonly result: Type
  readonly optional: boolean
  readonly atomic: boolean
  readonly emit: (args: ReadonlyArray<Value>) => string
}

/**
 * The functions of the rules language the compiler supports besides `isSet` and `getAttr`, with
 * their signatures and code; helpers are in `packages/core/src/internal/endpoints.ts`.
 */
const FUNCTIONS: Readonly<Record<string, Signature>> = {
  booleanEquals: { params: ["boolean", "boolean"], acceptsUnset: true, result: BOOLEAN, optional: false, atomic: false, emit: equals },
  stringEquals: { params: ["string", "string"], acceptsUnset: true, result: BOOLEAN, optional: false, atomic: false, emit: equals },
  not: { params: ["boolean"], result: BOOLEAN, optional: false, atomic: true, emit: ([a]) => `!${operand(a!)}` },
  isValidHostLabel: { params: ["string", "boolean"], result: BOOLEAN, optional: false, atomic: true, emit: helper("isValidHostLabel") },
  parseURL: { params: ["string"], result: URL_PARTS, optional: true, atomic: true, emit: helper("parseURL") },
  substring: {
    params: ["string", "integer", "integer", "boolean"],
    result: STRING,
    optional: true,
    atomic: true,
    emit: helper("substring"),
  },
  uriEncode: { params: ["string"], result: STRING, optional: false, atomic: true, emit: helper("uriEncode") },
  // Smithy types it as optional, but the table always answers (a region no partition knows is in
  // `aws`, as in the official SDK), so a value assigned from it needs no check.
  "aws.partition": { params: ["string"], result: PARTITION, optional: false, atomic: true, emit: helper("partition") },
}

const SUPPORTED = ["isSet", "getAttr", ...Object.keys(FUNCTIONS)].join(", ")

const describe = (value: Value): string =>
  `${value.optional ? "an optional " : ""}${value.type.kind === "record" ? value.type.name : value.type.kind}`

// Names that would break or shadow the emitted code's own identifiers.
const RESERVED = new Set(
  (
    "params rules break case catch class const continue debugger default delete do else enum export extends false finally for " +
    "function if import in instanceof new null return super switch this throw true try typeof var void while with yield let " +
    "static implements interface package private protected public await undefined NaN Infinity arguments eval"
  ).split(" "),
)

const checkIdentifier = (name: string, what: string): void => {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || RESERVED.has(name)) {
    throw new Error(`endpoint rule set: ${what} ${JSON.stringify(name)} is not a name the compiled code can use`)
  }
}

const compileReference = (name: string, scope: Scope): Value => {
  const entry = scope.get(name)
  if (entry === undefined)
    throw new Error(`endpoint rule set: reference to ${JSON.stringify(name)}, which is neither a parameter nor assigned`)
  return { code: name, ...entry, atomic: true }
}

/** `getAttr(value, "a.b")`: member accesses on a record; list indexes are not supported. */
const compileGetAttr = (target: Value, path: Expression): Value => {
  if (typeof path !== "string" || /[{}]/.test(path)) throw new Error("endpoint rule set: getAttr's path must be a literal string")
  if (target.optional) throw new Error(`endpoint rule set: getAttr(${target.code}, ${JSON.stringify(path)}) on a value that may be unset`)
  let code = operand(target)
  let type = target.type
  for (const segment of path.split(".")) {
    if (type.kind !== "record" || !Object.hasOwn(type.fields, segment)) {
      throw new Error(
        `endpoint rule set: getAttr path ${JSON.stringify(path)}: ${describe({ ...target, type })} has no field ${JSON.stringify(segment)} (list indexes are not supported)`,
      )
    }
    code = `${code}.${segment}`
    type = type.fields[segment]!
  }
  return { code, type, optional: false, atomic: true }
}

const compileCall = (call: FunctionCall, scope: Scope): Value => {
  if (typeof call.fn !== "string" || !Array.isArray(call.argv))
    throw new Error(`endpoint rule set: not a function call: ${JSON.stringify(call)}`)
  const arity = (n: number) => {
    if (call.argv.length !== n) throw new Error(`endpoint rule set: ${call.fn} takes ${n} arguments, not ${call.argv.length}`)
  }
  if (call.fn === "getAttr") {
    arity(2)
    return compileGetAttr(compileExpression(call.argv[0]!, scope), call.argv[1]!)
  }
  const args = call.argv.map((arg) => compileExpression(arg, scope))
  if (call.fn === "isSet") {
    arity(1)
    return { code: `${operand(args[0]!)} != null`, type: BOOLEAN, optional: false, atomic: false }
  }
  const signature = Object.hasOwn(FUNCTIONS, call.fn) ? FUNCTIONS[call.fn] : undefined
  if (signature === undefined) {
    throw new Error(
      `endpoint rule set: the function ${JSON.stringify(call.fn)} is not supported by codegen/endpoints.ts (supported: ${SUPPORTED})`,
    )
  }
  arity(signature.params.length)
  args.forEach((arg, i) => {
    if (arg.type.kind !== signature.params[i] || (arg.optional && !signature.acceptsUnset)) {
      throw new Error(`endpoint rule set: argument ${i + 1} of ${call.fn} is ${describe(arg)}, not a ${signature.params[i]}`)
    }
  })
  return { code: signature.emit(args), type: signature.result, optional: signature.optional, atomic: signature.atomic }
}

/** A string in the rules is a template: `"https://{Region}.{PartitionResult#dnsSuffix}"`. */
const compileTemplate = (template: string, scope: Scope): Value => {
  // The engine's handling of `{{`/`}}` escapes differs from Smithy's specification: refused
  // rather than guessed.
  const unsupported = () =>
    new Error(`endpoint rule set: template ${JSON.stringify(template)}: escaped or unbalanced braces are not supported`)
  if (/\{\{|\}\}/.test(template)) throw unsupported()
  const pieces: Array<string> = []
  let last = 0
  for (const match of template.matchAll(/\{([^{}]*)\}/g)) {
    pieces.push(template.slice(last, match.index))
    const [name, attribute] = match[1]!.split("#") as [string, string | undefined]
    const reference = compileReference(name, scope)
    const value = attribute === undefined ? reference : compileGetAttr(reference, attribute)
    if (value.type.kind !== "string" || value.optional) {
      throw new Error(`endpoint rule set: template ${JSON.stringify(template)}: {${match[1]}} is ${describe(value)}, not a string`)
    }
    pieces.push(value.code)
    last = match.index + match[0].length
  }
  pieces.push(template.slice(last))
  if (pieces.some((piece, i) => i % 2 === 0 && /[{}]/.test(piece))) throw unsupported()
  if (pieces.length === 1) return { code: JSON.stringify(template), type: STRING, optional: false, atomic: true, literal: true }
  if (pieces.length === 3 && pieces[0] === "" && pieces[2] === "") return { code: pieces[1]!, type: STRING, optional: false, atomic: true }
  const code = pieces.map((piece, i) => (i % 2 === 0 ? piece.replace(/[\\`]/g, (c) => `\\${c}`) : `\${${piece}}`)).join("")
  return { code: `\`${code}\``, type: STRING, optional: false, atomic: true }
}

const compileExpression = (expression: Expression, scope: Scope): Value => {
  if (typeof expression === "string") return compileTemplate(expression, scope)
  if (typeof expression === "boolean") return { code: String(expression), type: BOOLEAN, optional: false, atomic: true, literal: true }
  if (typeof expression === "number") {
    if (!Number.isSafeInteger(expression)) throw new Error(`endpoint rule set: ${expression} is not an integer`)
    return { code: String(expression), type: INTEGER, optional: false, atomic: true, literal: true }
  }
  if (expression !== null && typeof expression === "object" && "ref" in expression) return compileReference(expression.ref, scope)
  if (expression !== null && typeof expression === "object" && "fn" in expression) return compileCall(expression, scope)
  throw new Error(`endpoint rule set: not an expression: ${JSON.stringify(expression)}`)
}

/** The test of a condition, as the engine decides it (`""` is true), or none when always true. */
const truthiness = (value: Value): string | undefined => {
  if (value.type.kind === "boolean") return value.optional ? `${operand(value)} === true` : value.code
  return value.optional ? `${operand(value)} != null` : undefined
}

type Step = { readonly test: string } | { readonly bind: string; readonly code: string }

/**
 * A rule's conditions as steps: tests, and `const`s for assigned values. An assigned value is in
 * scope, set, for the later conditions and the rule's body; so is a reference `isSet` tested.
 */
const compileConditions = (conditions: ReadonlyArray<FunctionCall>, outer: Scope): { steps: Array<Step>; scope: Scope } => {
  const scope = new Map(outer)
  const steps: Array<Step> = []
  for (const condition of conditions) {
    const value = compileCall(condition, scope)
    if (condition.assign !== undefined) {
      checkIdentifier(condition.assign, "the assigned name")
      if (scope.has(condition.assign)) throw new Error(`endpoint rule set: ${condition.assign} is assigned while already in scope`)
      steps.push({ bind: condition.assign, code: value.code })
      const test = truthiness({ ...value, code: condition.assign, atomic: true })
      if (test !== undefined) steps.push({ test })
      scope.set(condition.assign, { type: value.type, optional: false })
    } else {
      const test = truthiness(value)
      if (test !== undefined) steps.push({ test })
      const [argument] = condition.argv
      if (condition.fn === "isSet" && typeof argument === "object" && "ref" in argument) {
        scope.set(argument.ref, { ...scope.get(argument.ref)!, optional: false })
      }
    }
  }
  return { steps, scope }
}

/** An endpoint property: a template, a boolean, or a list or object of them. */
const compileProperty = (property: unknown, scope: Scope, where: string): string => {
  if (typeof property === "string") return compileTemplate(property, scope).code
  if (typeof property === "boolean") return String(property)
  if (Array.isArray(property)) return `[${property.map((p, i) => compileProperty(p, scope, `${where}[${i}]`)).join(", ")}]`
  if (property !== null && typeof property === "object") {
    const entries = Object.entries(property).map(([k, v]) => `${JSON.stringify(k)}: ${compileProperty(v, scope, `${where}.${k}`)}`)
    return `{${entries.length ? ` ${entries.join(", ")} ` : ""}}`
  }
  throw new Error(`endpoint rule set: endpoint property ${where} is ${JSON.stringify(property)}: not a string, boolean, list or object`)
}

const compileString = (expression: Expression, scope: Scope, what: string): string => {
  const value = compileExpression(expression, scope)
  if (value.type.kind !== "string" || value.optional) throw new Error(`endpoint rule set: ${what} is ${describe(value)}, not a string`)
  return value.code
}

class Writer {
  readonly lines: Array<string> = []
  depth = 1
  line(text: string): void {
    this.lines.push(`${"  ".repeat(this.depth)}${text}`)
  }
  open(text: string): void {
    this.line(text ? `${text} {` : "{")
    this.depth++
  }
  close(): void {
    this.depth--
    this.line("}")
  }
}

const comment = (text: string | undefined, out: Writer): void => {
  if (text) for (const line of text.split(/\r?\n/)) out.line(`// ${line.trim()}`)
}

/**
 * Emits a rule; returns whether it always returns (it has no condition that can fail), after which
 * the rules that follow it are never reached. `declared` are the names already declared in the
 * current block.
 */
const emitRule = (rule: Rule, outer: Scope, out: Writer, declared: Set<string>): boolean => {
  const { steps, scope } = compileConditions(rule.conditions ?? [], outer)
  const firstTest = steps.findIndex((s) => "test" in s)
  const leaked = steps.slice(0, firstTest < 0 ? steps.length : firstTest).flatMap((s) => ("bind" in s ? [s.bind] : []))
  // A conditional rule's first assignments are in the enclosing block; another rule's of the same
  // name there would be a redeclaration.
  const block = firstTest >= 0 && leaked.some((name) => declared.has(name))
  const depth = out.depth
  comment(rule.documentation, out)
  if (block) out.open("")
  let names = block ? new Set<string>() : declared
  let tests: Array<string> = []
  const flush = () => {
    if (tests.length === 0) return
    out.open(`if (${tests.join(" && ")})`)
    tests = []
    names = new Set()
  }
  for (const step of steps) {
    if ("test" in step) {
      tests.push(step.test)
    } else {
      flush()
      out.line(`const ${step.bind} = ${step.code}`)
      names.add(step.bind)
    }
  }
  flush()
  switch (rule.type) {
    case "endpoint": {
      const endpoint = rule.endpoint
      if (endpoint === undefined) throw new Error("endpoint rule set: an endpoint rule without an endpoint")
      const url = compileString(endpoint.url, scope, "an endpoint's url")
      const parts: Array<string> = []
      if (endpoint.properties != null) parts.push(`properties: ${compileProperty(endpoint.properties, scope, "properties")}`)
      if (endpoint.headers != null) {
        const headers = Object.entries(endpoint.headers).map(([name, values]) => {
          if (!Array.isArray(values)) throw new Error(`endpoint rule set: header ${name} is not a list`)
          return `${JSON.stringify(name)}: [${values.map((v) => compileString(v, scope, `header ${name}`)).join(", ")}]`
        })
        parts.push(`headers: {${headers.length ? ` ${headers.join(", ")} ` : ""}}`)
      }
      out.line(`return rules.endpoint(${url}${parts.length ? `, { ${parts.join(", ")} }` : ""})`)
      break
    }
    case "error":
      if (rule.error === undefined) throw new Error("endpoint rule set: an error rule without an error")
      out.line(`return rules.failure(${compileString(rule.error, scope, "an error's message")})`)
      break
    case "tree":
      if (!Array.isArray(rule.rules)) throw new Error("endpoint rule set: a tree rule without rules")
      emitRules(rule.rules, scope, out, names)
      break
    default:
      throw new Error(`endpoint rule set: unknown rule type ${JSON.stringify(rule.type)}`)
  }
  while (out.depth > depth) out.close()
  return firstTest < 0
}

/**
 * A list of rules: the first that applies decides. When none does, the engine fails with "Rules
 * evaluation failed", whether the list is the rule set's or a tree's (a tree whose conditions hold
 * does not fall back to the rules after it).
 */
const emitRules = (rules: ReadonlyArray<Rule>, scope: Scope, out: Writer, declared: Set<string>): void => {
  for (const rule of rules) {
    if (emitRule(rule, scope, out, declared)) return
  }
  out.line('return rules.failure("Rules evaluation failed")')
}

const PARAMETER_TYPES: Readonly<Record<string, { readonly type: Type; readonly ts: string }>> = {
  string: { type: STRING, ts: "string" },
  boolean: { type: BOOLEAN, ts: "boolean" },
}

const docComment = (lines: ReadonlyArray<string>, indent: string): Array<string> => [
  `${indent}/**`,
  ...lines.map((l) => (l ? `${indent} * ${l.replace(/\*\//g, "*\\/")}` : `${indent} *`)),
  `${indent} */`,
]

/**
 * The rule set as TypeScript: `EndpointParams` and `resolveEndpoint(params)`, importing the
 * functions it calls from `helpers`.
 */
export const compileRuleSet = (ruleSet: RuleSet, helpers = "../internal/endpoints.js"): string => {
  if (ruleSet.version !== "1.0") throw new Error(`endpoint rule set: version ${JSON.stringify(ruleSet.version)} is not supported (1.0 is)`)
  const scope = new Map<string, { type: Type; optional: boolean }>()
  const fields: Array<string> = []
  const body = new Writer()
  for (const [name, parameter] of Object.entries(ruleSet.parameters)) {
    checkIdentifier(name, "the parameter")
    const kind = PARAMETER_TYPES[parameter.type.toLowerCase()]
    if (kind === undefined) throw new Error(`endpoint rule set: parameter ${name} is of type ${parameter.type}; supported: String, Boolean`)
    const hasDefault = parameter.default != null
    if (hasDefault && typeof parameter.default !== kind.ts) throw new Error(`endpoint rule set: the default of ${name} is not a ${kind.ts}`)
    const required = parameter.required === true && !hasDefault
    fields.push(
      ...docComment(
        [
          ...(parameter.documentation ? [parameter.documentation, ""] : []),
          ...(parameter.builtIn ? [`Built-in: \`${parameter.builtIn}\`.`] : []),
          ...(hasDefault ? [`Default: \`${JSON.stringify(parameter.default)}\`.`] : []),
        ],
        "  ",
      ),
      `  readonly ${name}${required ? "" : "?"}: ${kind.ts}${required ? "" : " | undefined"}`,
    )
    body.line(`const ${name} = params.${name}${hasDefault ? ` ?? ${JSON.stringify(parameter.default)}` : ""}`)
    // The engine's check, for callers the types do not hold.
    if (required) body.line(`if (${name} == null) return rules.failure(${JSON.stringify(`Missing required parameter: '${name}'`)})`)
    scope.set(name, { type: kind.type, optional: !hasDefault && !required })
  }
  emitRules(ruleSet.rules, scope, body, new Set(Object.keys(ruleSet.parameters)))
  return [
    `import * as rules from ${JSON.stringify(helpers)}`,
    "",
    ...docComment(["The parameters of the endpoint rule set.", "", "@since 0.1.0"], ""),
    "export interface EndpointParams {",
    ...fields,
    "}",
    "",
    ...docComment(
      [
        "The endpoint rule set, compiled: the rules in order, each `if` a rule's conditions, the first rule",
        "that applies deciding. Answers the endpoint, or the failure the rule set states; never throws.",
        "",
        "@since 0.1.0",
      ],
      "",
    ),
    "export const resolveEndpoint = (params: EndpointParams): rules.EndpointResult => {",
    ...body.lines,
    "}",
    "",
  ].join("\n")
}

export const emitEndpoints = (model: Model): string => {
  const [, service] = serviceOf(model)
  const ruleSet = service.traits?.["smithy.rules#endpointRuleSet"] as RuleSet | undefined
  if (!ruleSet) throw new Error("the service has no smithy.rules#endpointRuleSet")
  return [header("the endpoint rule set (smithy.rules#endpointRuleSet), compiled"), compileRuleSet(ruleSet)].join("\n")
}

// -----------------------------------------------------------------------------------------------
// aws.partition
// -----------------------------------------------------------------------------------------------

/** The fields of a partition the `aws.partition` function returns, as the compiler types them. */
const OUTPUTS = PARTITION.kind === "record" ? Object.entries(PARTITION.fields) : []

interface SourcePartition {
  readonly id: string
  readonly regionRegex: string
  readonly regions: Record<string, Record<string, unknown>>
  readonly outputs: Record<string, unknown>
}

interface SourceTable {
  readonly version: string
  readonly partitions: ReadonlyArray<SourcePartition>
}

const require = createRequire(import.meta.url)

/** `@aws-sdk/util-endpoints` and the package that holds its partition table, with versions. */
const officialPackages = () => {
  const utilEndpoints = require.resolve("@aws-sdk/util-endpoints")
  const utilPackage = JSON.parse(fs.readFileSync(path.join(utilEndpoints, "../../package.json"), "utf8")) as { version: string }
  // Since 3.9xx the table lives in `@aws-sdk/core` (`@aws-sdk/core/client`), which
  // `@aws-sdk/util-endpoints` re-exports; resolved from there so that it is the copy it uses.
  const corePackageJson = createRequire(utilEndpoints).resolve("@aws-sdk/core/package.json")
  const corePackage = JSON.parse(fs.readFileSync(corePackageJson, "utf8")) as { version: string }
  return {
    utilEndpoints,
    utilVersion: utilPackage.version,
    coreDir: path.dirname(corePackageJson),
    coreVersion: corePackage.version,
  }
}

/**
 * The partition table the official SDK's `aws.partition` uses: `partitionsInfo` of
 * `@aws-sdk/core/dist-es/.../lib/aws/partitions.js`, an ES module whose one export is the
 * `partitions.json` of the SDK as an object literal in JSON syntax. Read as text and parsed as
 * JSON (nothing is executed); any other shape is an error, not a guess.
 */
const readPartitionTable = (coreDir: string): SourceTable => {
  const file = path.join(coreDir, "dist-es/submodules/client/util-endpoints/lib/aws/partitions.js")
  const text = fs.readFileSync(file, "utf8")
  const match = /^export const partitionsInfo = (\{[\s\S]*\});\s*$/.exec(text)
  if (!match) throw new Error(`${file} is not \`export const partitionsInfo = {...};\`: update codegen/endpoints.ts`)
  const table = JSON.parse(match[1]!) as SourceTable
  if (!Array.isArray(table.partitions)) throw new Error(`${file}: no partitions array`)
  return table
}

/** The table as emitted: explicit regions as a list, plus any region-level overrides but descriptions. */
interface Partition {
  readonly id: string
  readonly regionRegex: string
  readonly regions: ReadonlyArray<string>
  readonly overrides?: Record<string, Record<string, unknown>>
  readonly outputs: Record<string, unknown>
}

const toPartition = (source: SourcePartition): Partition => {
  for (const [key, type] of OUTPUTS) {
    if (typeof source.outputs[key] !== type.kind) throw new Error(`partition ${source.id}: output ${key} is not a ${type.kind}`)
  }
  new RegExp(source.regionRegex) // throws on a regex JavaScript cannot compile
  const overrides: Record<string, Record<string, unknown>> = {}
  for (const [region, data] of Object.entries(source.regions)) {
    const { description: _, ...rest } = data
    if (Object.keys(rest).length > 0) overrides[region] = rest
  }
  return {
    id: source.id,
    regionRegex: source.regionRegex,
    regions: Object.keys(source.regions),
    ...(Object.keys(overrides).length > 0 ? { overrides } : {}),
    outputs: Object.fromEntries(OUTPUTS.map(([key]) => [key, source.outputs[key]])),
  }
}

/**
 * Smithy's `aws.partition` over the emitted table, as `packages/core/src/internal/endpoints.ts`
 * implements it:
 * the partition listing the region, else the first whose `regionRegex` matches, else `aws`.
 */
const partitionOf = (partitions: ReadonlyArray<Partition>, region: string): Record<string, unknown> => {
  const explicit = partitions.find((p) => p.regions.includes(region))
  if (explicit) return { ...explicit.outputs, ...explicit.overrides?.[region] }
  const matched = partitions.find((p) => new RegExp(p.regionRegex).test(region))
  return { ...(matched ?? partitions.find((p) => p.id === "aws")!).outputs }
}

/**
 * Regions on which the emitted table is checked against the official `partition` function: every
 * explicit region, one made-up region per partition regex, and regions no partition knows.
 */
const probeRegions = (partitions: ReadonlyArray<Partition>): ReadonlyArray<string> => [
  ...partitions.flatMap((p) => p.regions),
  "us-east-9",
  "eu-south-7",
  "cn-south-3",
  "us-gov-south-4",
  "us-iso-north-2",
  "us-isob-north-2",
  "us-isof-north-2",
  "eu-isoe-north-2",
  "eusc-de-west-2",
  "mars-east-1",
  "local",
  "",
]

export const emitPartitions = (): string => {
  const { utilEndpoints, utilVersion, coreDir, coreVersion } = officialPackages()
  const table = readPartitionTable(coreDir)
  const partitions = table.partitions.map(toPartition)
  if (!partitions.some((p) => p.id === "aws")) throw new Error("the partition table has no aws partition")
  // The table read is the one the official function uses, and the implementation agrees with it.
  const official = (require(utilEndpoints) as { partition: (region: string) => Record<string, unknown> }).partition
  for (const region of probeRegions(partitions)) {
    const expected = official(region)
    const actual = partitionOf(partitions, region)
    for (const [key] of OUTPUTS) {
      if (actual[key] !== expected[key]) {
        throw new Error(
          `aws.partition("${region}").${key}: the official SDK says ${String(expected[key])}, the emitted table ${String(actual[key])}`,
        )
      }
    }
  }
  // Region regexes are emitted as literals, compiled once when the module loads.
  const data = JSON.stringify(
    partitions.map((p, i) => ({ ...p, regionRegex: `\u0000${i}` })),
    null,
    2,
  ).replace(/"\\u0000(\d+)"/g, (_, i: string) => `/${new RegExp(partitions[Number(i)]!.regionRegex).source}/`)
  return [
    "// Generated by `npm run codegen` (codegen/endpoints.ts) from the partition table of the official AWS SDK",
    `// (@aws-sdk/util-endpoints ${utilVersion}, table in @aws-sdk/core ${coreVersion}, partitions.json version ${table.version}): the data of`,
    "// the aws.partition endpoint function. Do not edit by hand: change the generator and regenerate.",
    "",
    "/**",
    " * What `aws.partition` returns for a region of the partition.",
    " *",
    " * @since 0.1.0",
    " */",
    "export interface PartitionOutputs {",
    ...OUTPUTS.map(([key, type]) => `  readonly ${key}: ${type.kind}`),
    "}",
    "",
    "export interface Partition {",
    "  readonly id: string",
    "  /** Regions not listed in any partition that match this are in this partition. */",
    "  readonly regionRegex: RegExp",
    "  /** The regions listed in this partition. */",
    "  readonly regions: ReadonlyArray<string>",
    "  /** Values of a listed region that differ from the partition's `outputs`. */",
    "  readonly overrides?: Readonly<Record<string, Partial<PartitionOutputs>>>",
    "  readonly outputs: PartitionOutputs",
    "}",
    "",
    `export const partitions: ReadonlyArray<Partition> = ${data}`,
    "",
  ].join("\n")
}
