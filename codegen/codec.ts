/**
 * The core's codec: for every shape of the model, plain TypeScript functions that the live client,
 * the in-memory CodePipeline and the emulator call, with no runtime AST and no Effect.
 *
 * - `packages/core/src/generated/types.ts`: the shapes as TypeScript types (timestamps are `Date`s,
 *   sensitive strings plain `string`s: the core's own view of the data);
 * - `validate.ts`: a validator per shape, for values a caller hands in (inputs);
 * - `encode.ts`: an encoder per shape whose wire form differs from its value (timestamps, blobs,
 *   sensitive strings, and what contains them); every other shape is its own wire form;
 * - `decode.ts`: a decoder per structure, list and map, from parsed wire JSON;
 * - `operations.ts`: each operation's codecs, modeled errors, paginator and idempotency token.
 *
 * The rules each function applies are documented once, in `packages/core/src/internal/codec.ts`.
 *
 * Supported: string (with @length, @pattern, @sensitive), enum, integer, long (to ±2^53), float and
 * double (finite only: NaN and the infinities are refused), boolean, timestamp (epoch seconds out,
 * epoch seconds or ISO-8601 in), blob (base64, with @length), non-sparse lists and maps (with
 * @length), structures (with @required, @idempotencyToken and a zero @default) and operations with
 * an input. Everything else throws at generation, naming the shape: bigInteger, bigDecimal, byte,
 * short, document, union, intEnum, recursive shapes, @sparse, @timestampFormat, @jsonName and any
 * other @default. test/codegen.codec.slow.test.ts runs each of these on a synthetic model.
 */
import { tsdoc } from "./docs.js"
import {
  isError,
  isSensitive,
  localName,
  type MemberRef,
  type Model,
  operationsOf,
  referencesOf,
  type Shape,
  topologicalOrder,
  UNIT,
} from "./model.js"
import { header, shapeName, typeOf } from "./naming.js"

const SINCE = "@since 0.1.0"

interface Bounds {
  readonly min?: number
  readonly max?: number
}

const lengthOf = (shape: Shape): Bounds | undefined => shape.traits?.["smithy.api#length"]
const rangeOf = (shape: Shape): Bounds | undefined => shape.traits?.["smithy.api#range"]
/**
 * The shape's pattern, unless every string matches it: a pattern with no assertion (anchor, word
 * boundary, lookaround) that matches the empty string matches at the start of any string, since
 * Smithy patterns are not implicitly anchored. The model's `.*` (five shapes) is one: testing it
 * cost about 1% of checking the `CreatePipeline` bench input.
 */
const patternOf = (shape: Shape): string | undefined => {
  const pattern: string | undefined = shape.traits?.["smithy.api#pattern"]
  if (pattern === undefined) return undefined
  return !/[\^$]|\\[bB]|\(\?[=!<]/.test(pattern) && new RegExp(pattern).test("") ? undefined : pattern
}
const isRequired = (m: MemberRef): boolean => m.traits?.["smithy.api#required"] !== undefined

const INT32_MIN = -(2 ** 31)
const INT32_MAX = 2 ** 31 - 1

/**
 * Traits that change the wire form or the value in ways the generated code does not implement:
 * refused by name, so that a model using them fails generation rather than being coded wrongly.
 */
const UNSUPPORTED_TRAITS = ["smithy.api#sparse", "smithy.api#timestampFormat", "smithy.api#jsonName", "smithy.api#default"]

/**
 * A zero `@default` (false, 0, "", [], {}) is what a missing member already reads as to a client
 * that keeps members optional, as the official SDK does; any other default would need filling in.
 */
const isZeroDefault = (value: unknown): boolean =>
  value === false ||
  value === 0 ||
  value === "" ||
  (Array.isArray(value) && value.length === 0) ||
  (typeof value === "object" && value !== null && Object.keys(value).length === 0)

const refuseUnsupported = (id: string, traits: Record<string, unknown> | undefined, where: string): void => {
  for (const trait of UNSUPPORTED_TRAITS) {
    const value = traits?.[trait]
    if (value === undefined || (trait === "smithy.api#default" && isZeroDefault(value))) continue
    throw new Error(
      `${where}: the trait @${trait.slice("smithy.api#".length)}${trait === "smithy.api#default" ? " (other than a zero value)" : ""} is not supported (${id})`,
    )
  }
}

/** The shapes the codec covers: everything but operations, the service and errors. */
const dataShapes = (model: Model): Array<string> => {
  const roots = Object.entries(model.shapes)
    .filter(([, s]) => s.type !== "operation" && s.type !== "service" && !isError(s))
    .map(([id]) => id)
  for (const id of roots) {
    const shape = model.shapes[id]!
    refuseUnsupported(id, shape.traits, localName(id))
    for (const [n, m] of Object.entries(shape.members ?? {})) refuseUnsupported(id, m.traits, `${localName(id)}.${n}`)
  }
  return topologicalOrder(model, roots)
}

const str = (s: string): string => JSON.stringify(s)

/**
 * The shapes a client needs of each side: the validators of what operations take (their inputs,
 * and what those reach) and the decoders of what they return. A server (the emulator, the in-memory
 * layer) needs the rest too. Each side goes in a file of its own (`validateInputs.ts`,
 * `decodeOutputs.ts`) that `validate.ts` and `decode.ts` complete, so that a client imports and
 * bundles only its side: a program that calls `GetPipelineState` does not carry the validator of
 * its output (16 KB minified), nor does importing the client compile every validator.
 */
const reachable = (model: Model, side: "input" | "output"): ReadonlySet<string> => {
  const seen = new Set<string>()
  const visit = (id: string | undefined): void => {
    if (id === undefined || seen.has(id) || model.shapes[id] === undefined) return
    seen.add(id)
    for (const target of referencesOf(model.shapes[id]!)) visit(target)
  }
  for (const [, op] of operationsOf(model)) visit(op[side]?.target)
  return seen
}

/** The shapes that `ids`' functions call and that `home` defines: the names a file imports from it. */
const calledFrom = (model: Model, ids: ReadonlyArray<string>, home: ReadonlySet<string>, has: (shape: Shape) => boolean): Array<string> => {
  const names = new Set<string>()
  for (const id of ids) {
    for (const t of referencesOf(model.shapes[id]!)) if (home.has(t) && has(model.shapes[t]!)) names.add(shapeName(t))
  }
  return [...names].sort()
}

/**
 * Renames the parameter `name` of a generated function to `_name` when its body does not use it
 * (`noUnusedParameters`): shapes differ in whether their members need the secrets or the options.
 */
const markUnused = (fn: string, name: string): string => {
  const open = fn.indexOf("{\n", fn.indexOf("export function"))
  if (open < 0) return fn
  const body = fn.slice(open)
  return new RegExp(`\\b${name}\\b`).test(body) ? fn : fn.slice(0, open).replace(new RegExp(`\\b${name}: `), `_${name}: `) + body
}

/** Member names become property accesses; a name that is not an identifier would need quoting. */
const checkMemberName = (owner: string, name: string): void => {
  if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) || name === "__proto__") {
    throw new Error(`${owner}.${name}: member names must be plain identifiers`)
  }
}

// -----------------------------------------------------------------------------------------------
// Which shapes change between a value and its wire form
// -----------------------------------------------------------------------------------------------

const changesOnWire = (model: Model): ((id: string) => boolean) => {
  const memo = new Map<string, boolean>()
  const visit = (id: string): boolean => {
    const known = memo.get(id)
    if (known !== undefined) return known
    const shape = model.shapes[id]!
    let changes: boolean
    switch (shape.type) {
      case "timestamp":
      case "blob":
        changes = true
        break
      case "string":
        changes = isSensitive(shape)
        break
      case "list":
        changes = visit(shape.member!.target)
        break
      case "map":
        changes = visit(shape.value!.target)
        break
      case "structure":
        changes = Object.values(shape.members ?? {}).some((m) => visit(m.target))
        break
      default:
        changes = false
    }
    memo.set(id, changes)
    return changes
  }
  return visit
}

// -----------------------------------------------------------------------------------------------
// types.ts
// -----------------------------------------------------------------------------------------------

/** The core's TypeScript type of a value of the shape: sensitive strings are plain `string`s. */
export const coreType = (model: Model, id: string): string => typeOf(model, id, "string")

const enumValues = (shape: Shape): Array<string> => Object.values(shape.members!).map((m) => m.traits!["smithy.api#enumValue"] as string)

const emitType = (model: Model, id: string): string => {
  const shape = model.shapes[id]!
  const name = shapeName(id)
  const doc = tsdoc(shape.traits?.["smithy.api#documentation"], "", [SINCE])
  if (shape.type === "enum") {
    return `${doc}export type ${name} = ${enumValues(shape).map(str).join(" | ")} | (string & {})\n`
  }
  if (shape.type !== "structure") return ""
  const props = Object.entries(shape.members ?? {}).map(([n, m]) => {
    const t = coreType(model, m.target)
    const d = tsdoc(m.traits?.["smithy.api#documentation"] as string | undefined, "  ")
    return `${d}  readonly ${n}${isRequired(m) ? `: ${t}` : `?: ${t} | undefined`}`
  })
  return `${doc}export interface ${name} {\n${props.join("\n")}\n}\n`
}

export const emitTypes = (model: Model): string =>
  [
    header("the shapes as the core's TypeScript types"),
    "/**",
    " * Every structure and enum of the model as a TypeScript type: the core's view of the data, in",
    " * which timestamps are `Date`s and sensitive strings plain `string`s (the Effect packages wrap",
    " * them in `Redacted`). Enums are open: a value added to the service later is kept.",
    " *",
    ` * ${SINCE}`,
    " */",
    "",
    dataShapes(model)
      .map((id) => emitType(model, id))
      .filter((s) => s !== "")
      .join("\n"),
  ].join("\n")

/**
 * The values of every enum, in the model's order: what the simulator checks a value against. The
 * codec lets unknown values through (enums are open), and the service refuses them by name.
 */
export const emitEnums = (model: Model): string =>
  [
    header("the values of the model's enums"),
    "/**",
    " * The values of each enum of the model, in its order: the closed sets the service checks an",
    " * input's value against (the codec keeps a value it does not know, since enums are open).",
    " *",
    ` * ${SINCE}`,
    " */",
    'import type * as T from "./types.js"',
    "",
    dataShapes(model)
      .filter((id) => model.shapes[id]!.type === "enum")
      .map((id) => {
        const name = shapeName(id)
        return `/** ${SINCE} */\nexport const ${name} = [${enumValues(model.shapes[id]!).map(str).join(", ")}] as const satisfies ReadonlyArray<T.${name}>\n`
      })
      .join("\n"),
  ].join("\n")

// -----------------------------------------------------------------------------------------------
// validate.ts
// -----------------------------------------------------------------------------------------------

/** Whether the shape gets a validator function of its own (scalars without rules are inlined). */
const hasValidator = (shape: Shape): boolean => {
  switch (shape.type) {
    case "string":
      return isSensitive(shape) || lengthOf(shape) !== undefined || patternOf(shape) !== undefined
    case "blob":
      return lengthOf(shape) !== undefined
    case "integer":
    case "long":
    case "float":
    case "double":
    case "structure":
    case "list":
    case "map":
      return true
    default:
      return false
  }
}

/**
 * An expression that is the issue of `value` against the shape, or `undefined`. Shapes with a
 * validator of their own are called; scalars without rules are checked inline.
 */
const validateExpr = (model: Model, id: string, value: string): string => {
  const shape = model.shapes[id]!
  if (hasValidator(shape)) return `${shapeName(id)}(${value}, s)`
  switch (shape.type) {
    case "string":
    case "enum":
      return `(typeof ${value} === "string" ? undefined : C.typeIssue("a string", ${value}))`
    case "boolean":
      return `(typeof ${value} === "boolean" ? undefined : C.typeIssue("a boolean", ${value}))`
    case "timestamp":
      return `C.timestamp(${value})`
    case "blob":
      return `C.blob(${value})`
    default:
      throw new Error(`no inline validation for ${shape.type} (${id})`)
  }
}

/** The statements checking a string's length and pattern (`v` a string; `hide` for sensitive values). */
const stringRules = (shape: Shape, v: string, hide: boolean): Array<string> => {
  const lines: Array<string> = []
  const length = lengthOf(shape)
  const h = hide ? ", true" : ""
  if (length?.min !== undefined && length.min > 0) {
    lines.push(`  if (!C.atLeast(${v}, ${length.min})) return C.lengthIssue(${v}, "character", ${length.min}, ${length.max}${h})`)
  }
  if (length?.max !== undefined) {
    lines.push(`  if (!C.atMost(${v}, ${length.max})) return C.lengthIssue(${v}, "character", ${length.min}, ${length.max}${h})`)
  }
  const pattern = patternOf(shape)
  if (pattern !== undefined) {
    lines.push(`  if (!${patternName(shape)}.test(${v})) return C.patternIssue(${v}, ${str(pattern)}${h})`)
  }
  return lines
}

/**
 * A container's validator body inside a `try`: reading the value runs the caller's code (getters,
 * Proxy traps), and what that throws becomes an issue at the member, item or entry being read.
 * `tracker` names the variable that holds it.
 */
const guarded = (head: string, tracker: string, body: ReadonlyArray<string>): string =>
  [
    head,
    `  let ${tracker}`,
    "  try {",
    ...body.map((l) => `  ${l}`),
    "  } catch (thrown) {",
    `    return C.unreadableAt(thrown, ${tracker.split(":")[0]!.split(" = ")[0]})`,
    "  }",
    "}\n",
  ].join("\n")

const patternNames = new WeakMap<Shape, string>()
const patternName = (shape: Shape): string => patternNames.get(shape)!

const emitValidator = (model: Model, id: string): string => {
  const shape = model.shapes[id]!
  const name = shapeName(id)
  const sig = (params: string) => `export function ${name}(${params}): C.Issue | undefined {\n`
  const doc = `/** ${localName(id)} */\n`
  switch (shape.type) {
    case "string": {
      if (isSensitive(shape)) {
        return (
          doc +
          sig("v: unknown, s: C.Secrets") +
          "  const r = s.reveal(v)\n" +
          '  if (r === undefined) return C.typeIssue("a sensitive string", v, true)\n' +
          [...stringRules(shape, "r", true), "  return undefined\n}\n"].join("\n")
        )
      }
      return (
        doc +
        sig("v: unknown, s: C.Secrets") +
        '  if (typeof v !== "string") return C.typeIssue("a string", v)\n' +
        [...stringRules(shape, "v", false), "  return undefined\n}\n"].join("\n")
      )
    }
    case "integer":
    case "long": {
      // A long beyond 2^53 cannot be held exactly in a number, so longs are bounded to safe integers.
      const [lo, hi] = shape.type === "integer" ? [INT32_MIN, INT32_MAX] : [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER]
      const range = rangeOf(shape)
      const min = Math.max(range?.min ?? lo, lo)
      const max = Math.min(range?.max ?? hi, hi)
      return (
        doc +
        sig("v: unknown, s: C.Secrets") +
        '  if (typeof v !== "number" || !Number.isInteger(v)) return C.typeIssue("an integer", v)\n' +
        `  if (v < ${min} || v > ${max}) return C.rangeIssue(v, ${min}, ${max})\n` +
        "  return undefined\n}\n"
      )
    }
    case "float":
    case "double": {
      // NaN and the infinities are wire strings in awsJson1_1, which the encoder does not write:
      // refused here rather than sent as JSON's `null`.
      const range = rangeOf(shape)
      const check =
        range !== undefined && (range.min !== undefined || range.max !== undefined)
          ? `  if (v < ${range.min ?? -Number.MAX_VALUE} || v > ${range.max ?? Number.MAX_VALUE}) return C.rangeIssue(v, ${range.min ?? -Number.MAX_VALUE}, ${range.max ?? Number.MAX_VALUE})\n`
          : ""
      return (
        doc +
        sig("v: unknown, s: C.Secrets") +
        '  if (typeof v !== "number" || !Number.isFinite(v)) return C.typeIssue("a finite number", v)\n' +
        check +
        "  return undefined\n}\n"
      )
    }
    case "blob": {
      const length = lengthOf(shape)!
      const conditions = [
        ...(length.min !== undefined && length.min > 0 ? [`v.length < ${length.min}`] : []),
        ...(length.max !== undefined ? [`v.length > ${length.max}`] : []),
      ]
      return (
        doc +
        sig("v: unknown, s: C.Secrets") +
        '  if (!(v instanceof Uint8Array)) return C.typeIssue("a Uint8Array", v)\n' +
        (conditions.length > 0 ? `  if (${conditions.join(" || ")}) return C.lengthIssue(v, "byte", ${length.min}, ${length.max})\n` : "") +
        "  return undefined\n}\n"
      )
    }
    case "list": {
      const length = lengthOf(shape)
      const lines: Array<string> = []
      lines.push('  if (!Array.isArray(v)) return C.typeIssue("an array", v)')
      if (length !== undefined && (length.min !== undefined || length.max !== undefined)) {
        const conditions = [
          ...(length.min !== undefined && length.min > 0 ? [`v.length < ${length.min}`] : []),
          ...(length.max !== undefined ? [`v.length > ${length.max}`] : []),
        ]
        if (conditions.length > 0) {
          lines.push(`  if (${conditions.join(" || ")}) return C.lengthIssue(v, "item", ${length.min}, ${length.max})`)
        }
      }
      lines.push("  for (i = 0; i < v.length; i++) {")
      lines.push(`    const issue = ${validateExpr(model, shape.member!.target, "v[i]")}`)
      lines.push("    if (issue !== undefined) return C.at(issue, i)")
      lines.push("  }")
      lines.push("  return undefined")
      return guarded(doc + sig("v: unknown, s: C.Secrets").trimEnd(), "i = -1", lines)
    }
    case "map": {
      const length = lengthOf(shape)
      const lines: Array<string> = []
      lines.push("  if (!C.isPlainObject(v)) return C.objectIssue(v)")
      lines.push("  let count = 0")
      // Only own keys are entries: one inherited from a polluted `Object.prototype` is not sent.
      lines.push("  for (key in v) {")
      lines.push("    if (!Object.hasOwn(v, key)) continue")
      lines.push("    count++")
      const keyShape = model.shapes[shape.key!.target]!
      if (hasValidator(keyShape)) {
        lines.push(`    const keyIssue = ${shapeName(shape.key!.target)}(key, s)`)
        lines.push("    if (keyIssue !== undefined) return C.atKey(keyIssue, key)")
      }
      lines.push(`    const issue = ${validateExpr(model, shape.value!.target, "v[key]")}`)
      lines.push("    if (issue !== undefined) return C.at(issue, key)")
      lines.push("  }")
      lines.push("  key = undefined")
      // Equal counts: no own key is hidden from `JSON.stringify`, so none would be lost. One array
      // instead of the two of comparing `Object.keys` with it (about 4% of checking the bench's
      // `CreatePipeline` input, one map per action, with the garbage).
      lines.push("  if (count !== Object.getOwnPropertyNames(v).length) return C.hiddenKeyIssue(v)")
      if (length !== undefined && (length.min !== undefined || length.max !== undefined)) {
        lines.push(
          `  if (count < ${length.min ?? 0} || count > ${length.max ?? Number.MAX_SAFE_INTEGER}) return C.lengthIssue(v, "entry", ${length.min}, ${length.max})`,
        )
      }
      lines.push("  return undefined")
      return guarded(doc + sig("v: unknown, s: C.Secrets").trimEnd(), "key: string | undefined", lines)
    }
    case "structure": {
      const members = Object.entries(shape.members ?? {})
      const lines: Array<string> = []
      lines.push("  if (!C.isPlainObject(v)) return C.objectIssue(v)")
      // Members are read by name (one inline-cached load each, where looking each key up among the
      // members was most of the time), counted, and the count compared with the object's own keys:
      // only when they differ is the object walked for the key that is not a present member.
      // The member names, for the failure paths that look for a key that is not one.
      const memberList = `MEMBERS_${name}`
      if (members.length > 0) lines.push("  let issue: C.Issue | undefined")
      // A structure without members counts nothing: `const`, as the linter wants of a variable never reassigned.
      lines.push(`  ${members.length > 0 ? "let" : "const"} present = 0`)
      for (const [n, m] of members) {
        checkMemberName(localName(id), n)
        const local = `m_${n}`
        lines.push(`  member = ${str(n)}`)
        lines.push(`  const ${local} = v.${n}`)
        // An `undefined` member is an absent one, as `JSON.stringify` has it.
        if (isRequired(m)) {
          lines.push(`  if (${local} === undefined) return C.firstIssue(v, ${memberList}, C.missingMember(${str(n)}))`)
          lines.push(
            `  if ((issue = ${validateExpr(model, m.target, local)}) !== undefined) return C.firstIssue(v, ${memberList}, C.at(issue, ${str(n)}))`,
          )
          lines.push("  present++")
        } else {
          lines.push(`  if (${local} !== undefined) {`)
          lines.push(
            `    if ((issue = ${validateExpr(model, m.target, local)}) !== undefined) return C.firstIssue(v, ${memberList}, C.at(issue, ${str(n)}))`,
          )
          lines.push("    present++")
          lines.push("  }")
        }
      }
      if (members.length > 0) lines.push("  member = undefined")
      lines.push(`  if (present !== C.keyCount(v)) return C.strayKey(v, ${memberList})`)
      lines.push("  return undefined")
      const constant = `const ${memberList} = ${str(members.map(([n]) => n).join(","))}\n`
      return constant + guarded(doc + sig("v: unknown, s: C.Secrets").trimEnd(), "member: string | undefined", lines)
    }
    default:
      return ""
  }
}

const patternConstants = (model: Model): Map<string, string> => {
  const constants = new Map<string, string>()
  let n = 0
  for (const id of dataShapes(model)) {
    const shape = model.shapes[id]!
    const pattern = patternOf(shape)
    if (pattern !== undefined && hasValidator(shape)) {
      const constName = `PATTERN_${++n}`
      patternNames.set(shape, constName)
      constants.set(id, `/** \`${localName(id)}\` */\nconst ${constName} = /${new RegExp(pattern).source}/`)
    }
  }
  return constants
}

/**
 * `validateInputs.ts` (`inputs`: what a client checks before it sends) or `validate.ts` (every
 * shape: the rest, and `validateInputs.ts` re-exported).
 */
export const emitValidators = (model: Model, file: "inputs" | "all"): string => {
  const patterns = patternConstants(model)
  const inputs = reachable(model, "input")
  const order = dataShapes(model).filter((id) => hasValidator(model.shapes[id]!) && (file === "inputs") === inputs.has(id))
  const imported = file === "all" ? calledFrom(model, order, inputs, hasValidator) : []
  return [
    header(file === "inputs" ? "a validator per shape an operation's input reaches" : "a validator per shape"),
    "/**",
    file === "inputs"
      ? " * A validator per shape that an operation's input reaches, for values handed in by a caller:"
      : " * A validator per shape, for values handed in by a caller (this file: the shapes only outputs",
    file === "inputs"
      ? " * each returns the first rule the value breaks as a `C.Issue` (its path filled in as the issue"
      : " * reach, checked by a server before it answers; `validateInputs.ts`, re-exported, has the rest):",
    file === "inputs"
      ? " * travels up), or `undefined` when it keeps them all. The rules are documented in"
      : " * each returns the first rule the value breaks as a `C.Issue` (its path filled in as the issue",
    file === "inputs"
      ? " * `../internal/codec.ts`."
      : " * travels up), or `undefined`. The rules are documented in `../internal/codec.ts`.",
    " *",
    ` * ${SINCE}`,
    " */",
    'import * as C from "../internal/codec.js"',
    ...(imported.length > 0 ? [`import { ${imported.join(", ")} } from "./validateInputs.js"`] : []),
    ...(file === "all" ? ["", 'export * from "./validateInputs.js"'] : []),
    "",
    order
      .map((id) => patterns.get(id))
      .filter((p) => p !== undefined)
      .join("\n"),
    "",
    order.map((id) => markUnused(emitValidator(model, id), "s")).join("\n"),
  ].join("\n")
}

// -----------------------------------------------------------------------------------------------
// encode.ts
// -----------------------------------------------------------------------------------------------

/** An expression that is the wire form of `value`, a valid value of the shape. */
const encodeExpr = (model: Model, changes: (id: string) => boolean, id: string, value: string): string => {
  const shape = model.shapes[id]!
  if (!changes(id)) return value
  switch (shape.type) {
    case "timestamp":
      return `C.epochSeconds(${value})`
    case "blob":
      return `C.base64(${value})`
    case "string":
      return `s.reveal(${value})`
    default:
      return `${shapeName(id)}(${value}, s)`
  }
}

const emitEncoder = (model: Model, changes: (id: string) => boolean, id: string): string => {
  const shape = model.shapes[id]!
  const name = shapeName(id)
  const doc = `/** ${localName(id)} */\n`
  switch (shape.type) {
    case "list":
      return (
        doc +
        `export function ${name}(v: ReadonlyArray<unknown>, s: C.Secrets): Array<unknown> {\n` +
        `  return v.map((x) => ${encodeExpr(model, changes, shape.member!.target, "x as any")})\n}\n`
      )
    case "map":
      return (
        doc +
        `export function ${name}(v: { readonly [key: string]: unknown }, s: C.Secrets): Record<string, unknown> {\n` +
        "  const out: Record<string, unknown> = {}\n" +
        `  for (const key in v) if (Object.hasOwn(v, key)) C.setEntry(out, key, ${encodeExpr(model, changes, shape.value!.target, "v[key] as any")})\n` +
        "  return out\n}\n"
      )
    case "structure": {
      // Members that keep their form are copied as they are; the others are replaced, when
      // present. (A copy that then gains a member its source lacks leaves V8's fast path for
      // object literals: written as `{ ...v, m: undefined }`, encoding was 50 times slower.)
      const changed = Object.entries(shape.members ?? {}).filter(([, m]) => changes(m.target))
      const writes = changed.map(
        ([n, m]) => `  const ${n} = v.${n}\n  if (${n} !== undefined) out.${n} = ${encodeExpr(model, changes, m.target, `${n} as any`)}`,
      )
      return (
        doc +
        `export function ${name}(v: { readonly [key: string]: any }, s: C.Secrets): Record<string, unknown> {\n` +
        "  const out: Record<string, unknown> = { ...v }\n" +
        `${writes.join("\n")}\n` +
        "  return out\n}\n"
      )
    }
    default:
      return ""
  }
}

export const emitEncoders = (model: Model): string => {
  const changes = changesOnWire(model)
  const order = dataShapes(model).filter((id) => {
    const type = model.shapes[id]!.type
    return changes(id) && (type === "list" || type === "map" || type === "structure")
  })
  return [
    header("an encoder per shape whose wire form differs"),
    "/**",
    " * The wire form (awsJson1_1) of a valid value: timestamps as epoch seconds, blobs as base64,",
    " * sensitive strings revealed. Only shapes that contain such a member have an encoder: every other",
    " * shape is its own wire form, and `JSON.stringify` drops its `undefined` members and symbol keys.",
    " * Encoders expect a value that passed its validator.",
    " *",
    ` * ${SINCE}`,
    " */",
    'import * as C from "../internal/codec.js"',
    "",
    order.map((id) => markUnused(emitEncoder(model, changes, id), "s")).join("\n"),
  ].join("\n")
}

// -----------------------------------------------------------------------------------------------
// decode.ts
// -----------------------------------------------------------------------------------------------

const hasDecoder = (shape: Shape): boolean => shape.type === "structure" || shape.type === "list" || shape.type === "map"

/** An expression decoding `value` (not null, not undefined) as the shape. */
const decodeExpr = (model: Model, id: string, value: string): string => {
  const shape = model.shapes[id]!
  if (hasDecoder(shape)) return `${shapeName(id)}(${value}, o)`
  switch (shape.type) {
    case "string":
      return isSensitive(shape) ? `(o.secrets.conceal(C.string(${value})) as string)` : `C.string(${value})`
    case "enum":
      return `C.string(${value})`
    case "integer":
    case "long":
    case "float":
    case "double":
      return `C.number(${value})`
    case "boolean":
      return `C.boolean(${value})`
    case "timestamp":
      return `C.timestampFromWire(${value})`
    case "blob":
      return `C.blobFromWire(${value})`
    default:
      throw new Error(`no decoder for ${shape.type} (${id})`)
  }
}

/** The value a missing required member is corrected to (Smithy's client error correction). */
const zeroExpr = (model: Model, id: string): string => {
  const shape = model.shapes[id]!
  switch (shape.type) {
    case "string":
      return isSensitive(shape) ? '(o.secrets.conceal("") as string)' : '""'
    case "enum":
      return '""'
    case "integer":
    case "long":
    case "float":
    case "double":
      return "0"
    case "boolean":
      return "false"
    case "timestamp":
      return "new Date(0)"
    case "blob":
      return "new Uint8Array(0)"
    case "list":
      return "[]"
    case "map":
      return "{}"
    case "structure":
      return `${shapeName(id)}({}, o)`
    default:
      throw new Error(`no zero value for ${shape.type} (${id})`)
  }
}

const emitDecoder = (model: Model, id: string): string => {
  const shape = model.shapes[id]!
  const name = shapeName(id)
  const doc = `/** ${localName(id)} */\n`
  switch (shape.type) {
    case "list": {
      const item = coreType(model, shape.member!.target)
      return (
        doc +
        `export function ${name}(v: unknown, o: C.DecodeOptions): Array<${qualifyType(item)}> {\n` +
        '  if (!Array.isArray(v)) throw new C.DecodeFailure("an array", v)\n' +
        `  const out: Array<${qualifyType(item)}> = []\n` +
        "  let i = 0\n" +
        "  try {\n" +
        "    for (; i < v.length; i++) {\n" +
        "      const x: unknown = v[i]\n" +
        "      if (x === null || x === undefined) {\n" +
        '        if (o.strict) throw new C.DecodeFailure("a list item", x)\n' +
        "        continue\n" +
        "      }\n" +
        `      out.push(${decodeExpr(model, shape.member!.target, "x")})\n` +
        "    }\n" +
        "  } catch (failure) {\n" +
        "    throw C.within(failure, i)\n" +
        "  }\n" +
        "  return out\n}\n"
      )
    }
    case "map": {
      const value = coreType(model, shape.value!.target)
      return (
        doc +
        `export function ${name}(v: unknown, o: C.DecodeOptions): { [key: string]: ${qualifyType(value)} } {\n` +
        '  if (!C.isObject(v)) throw new C.DecodeFailure("an object", v)\n' +
        `  const out: { [key: string]: ${qualifyType(value)} } = {}\n` +
        '  let key = ""\n' +
        "  try {\n" +
        "    for (key of Object.keys(v)) {\n" +
        "      const x: unknown = v[key]\n" +
        "      if (x === null || x === undefined) continue\n" +
        `      C.setEntry(out, key, ${decodeExpr(model, shape.value!.target, "x")})\n` +
        "    }\n" +
        "  } catch (failure) {\n" +
        "    throw C.within(failure, key)\n" +
        "  }\n" +
        "  return out\n}\n"
      )
    }
    case "structure": {
      const members = Object.entries(shape.members ?? {})
      const lines = [doc + `export function ${name}(v: unknown, o: C.DecodeOptions): T.${name} {`]
      lines.push('  if (!C.isObject(v)) throw new C.DecodeFailure("an object", v)')
      lines.push(`  const out: C.Mutable<T.${name}> = ${members.length > 0 ? "{} as any" : "{}"}`)
      if (members.length > 0) {
        lines.push(`  ${members.length > 1 ? "let" : "const"} member = ${str(members[0]![0])}`)
        lines.push("  try {")
        members.forEach(([n, m], i) => {
          checkMemberName(localName(id), n)
          if (i > 0) lines.push(`    member = ${str(n)}`)
          lines.push(`    const ${n}: unknown = v.${n}`)
          const decoded = decodeExpr(model, m.target, n)
          if (isRequired(m)) {
            lines.push(`    if (${n} !== null && ${n} !== undefined) out.${n} = ${decoded}`)
            lines.push(`    else if (o.strict) throw C.missing()`)
            lines.push(`    else out.${n} = ${zeroExpr(model, m.target)}`)
          } else {
            lines.push(`    if (${n} !== null && ${n} !== undefined) out.${n} = ${decoded}`)
          }
        })
        lines.push("  } catch (failure) {")
        lines.push("    throw C.within(failure, member)")
        lines.push("  }")
      }
      lines.push("  return out\n}\n")
      return lines.join("\n")
    }
    default:
      return ""
  }
}

/** Core types named in decode.ts live in `T`. */
const qualifyType = (t: string): string =>
  t.replace(/\b([A-Z][A-Za-z0-9]*)\b/g, (m) => (m === "ReadonlyArray" || m === "Date" || m === "Uint8Array" ? m : `T.${m}`))

/**
 * `decodeOutputs.ts` (`outputs`: what a client reads back) or `decode.ts` (every shape: the rest,
 * what a server reads of a request, and `decodeOutputs.ts` re-exported).
 */
export const emitDecoders = (model: Model, file: "outputs" | "all"): string => {
  const outputs = reachable(model, "output")
  const order = dataShapes(model).filter((id) => hasDecoder(model.shapes[id]!) && (file === "outputs") === outputs.has(id))
  const imported = file === "all" ? calledFrom(model, order, outputs, hasDecoder) : []
  return [
    header(
      file === "outputs" ? "a decoder per structure, list and map an operation's output reaches" : "a decoder per structure, list and map",
    ),
    "/**",
    " * Decoders from parsed wire JSON (awsJson1_1) to values. Leniently, as Smithy asks of clients,",
    " * unless `o.strict` (a server reading a request): unknown members are ignored, unknown enum values",
    " * kept, `null` read as absent, constraints left to the sender; a missing required member is",
    " * corrected to its zero value, or refused when strict. A value of the wrong type throws a",
    " * `C.DecodeFailure` whose path is filled in as it travels up. See `../internal/codec.ts`.",
    file === "outputs"
      ? " * This file: the shapes an operation's output reaches; `decode.ts` has the others."
      : " * This file: the shapes only inputs reach; `decodeOutputs.ts`, re-exported, has the rest.",
    " *",
    ` * ${SINCE}`,
    " */",
    'import * as C from "../internal/codec.js"',
    'import type * as T from "./types.js"',
    ...(imported.length > 0 ? [`import { ${imported.join(", ")} } from "./decodeOutputs.js"`] : []),
    ...(file === "all" ? ["", 'export * from "./decodeOutputs.js"'] : []),
    "",
    order.map((id) => markUnused(emitDecoder(model, id), "o")).join("\n"),
  ].join("\n")
}

// -----------------------------------------------------------------------------------------------
// operations.ts
// -----------------------------------------------------------------------------------------------

/**
 * An operation's codec: what it is named and models (`meta`, the fields a client reads before it
 * loads the codec) and the codecs of its input and output, for a server (`all`) or a client.
 */
const operationCodecs = (
  model: Model,
  side: "all" | "client",
): Array<{
  readonly name: string
  readonly docs: string
  readonly input: string
  readonly output: string
  readonly meta: ReadonlyArray<string>
  readonly inputType: string
  readonly outputType: string
}> => {
  const changes = changesOnWire(model)
  const client = side === "client"
  return operationsOf(model).map(([id, op]) => {
    const name = localName(id)
    const inputId = op.input?.target ?? UNIT
    const outputId = op.output?.target ?? UNIT
    if (inputId === UNIT) throw new Error(`${name}: operations without input are not supported yet`)
    const input = model.shapes[inputId]!
    const paginator = op.traits?.["smithy.api#paginated"] as Record<string, string> | undefined
    const token = Object.entries(input.members ?? {}).find(([, m]) => m.traits?.["smithy.api#idempotencyToken"] !== undefined)?.[0]
    const encoder = (shapeId: string) => (changes(shapeId) ? `E.${shapeName(shapeId)}` : "C.identity")
    const codec = (shapeId: string) => `{ validate: V.${shapeName(shapeId)}, encode: ${encoder(shapeId)}, decode: D.${shapeName(shapeId)} }`
    const meta = [
      `  name: ${str(name)},`,
      `  errors: [${(op.errors ?? [])
        .map((e) => str(localName(e.target)))
        .sort()
        .join(", ")}],`,
    ]
    if (paginator) {
      const p = paginator
      meta.push(
        `  paginator: { inputToken: ${str(p.inputToken!)}, outputToken: ${str(p.outputToken!)}, items: ${str(p.items!)}${p.pageSize ? `, pageSize: ${str(p.pageSize)}` : ""} },`,
      )
    }
    if (token) meta.push(`  idempotencyToken: ${str(token)},`)
    return {
      name,
      docs: tsdoc(op.traits?.["smithy.api#documentation"], "", [SINCE]),
      input: client ? `{ validate: V.${shapeName(inputId)}, encode: ${encoder(inputId)} }` : codec(inputId),
      output: outputId === UNIT ? "undefined" : client ? `{ decode: D.${shapeName(outputId)} }` : codec(outputId),
      meta,
      inputType: `T.${shapeName(inputId)}`,
      outputType: outputId === UNIT ? "void" : `T.${shapeName(outputId)}`,
    }
  })
}

const operationsByName = (names: ReadonlyArray<string>) =>
  `/**\n * Every operation, by name.\n *\n * ${SINCE}\n */\nexport const operations = {\n${names.map((n) => `  ${n},`).join("\n")}\n} as const\n`

/**
 * `operations.ts`: each operation with the whole codec of its input and output, as a server and the
 * tests use it.
 */
export const emitCoreOperations = (model: Model): string => {
  const ops = operationCodecs(model, "all")
  return [
    header(`the codecs of the ${ops.length} operations`),
    "/**",
    " * Each operation as data: its name, the codecs of its input and output, the codes of the",
    " * exceptions it models, and how it pages. A client needs less: see `clientOperations.ts`.",
    " *",
    ` * ${SINCE}`,
    " */",
    'import * as C from "../internal/codec.js"',
    'import * as D from "./decode.js"',
    'import * as E from "./encode.js"',
    'import type * as T from "./types.js"',
    'import * as V from "./validate.js"',
    "",
    ops
      .map(
        (op) =>
          `${op.docs}export const ${op.name}: C.OperationCodec<${op.inputType}, ${op.outputType}> = {\n${[op.meta[0], `  input: ${op.input},`, `  output: ${op.output},`, ...op.meta.slice(1)].join("\n")}\n}\n`,
      )
      .join("\n"),
    operationsByName(ops.map((op) => op.name)),
  ].join("\n")
}

/**
 * `clientOperations.ts`: each operation's client codec (its input's validator and encoder, its
 * output's decoder), loaded by its first use from a module of its own (`client/<Operation>.ts`,
 * {@link emitClientOperationModules}). A module per operation, because a bundler keeps everything a
 * dynamically imported module exports, and only what those exports reach of the shapes' files.
 */
export const emitClientOperations = (model: Model): string => {
  const ops = operationCodecs(model, "client")
  return [
    header(`the client's codecs of the ${ops.length} operations`),
    "/**",
    " * Each operation as a client uses it: how its input is checked and encoded and its output",
    " * decoded, the codes of the exceptions it models, and how it pages. Each is loaded by its first",
    " * use (`load()`), from a module of its own: importing this file loads none of the shapes' code.",
    " * `operations.ts` has the whole codecs, for a server.",
    " *",
    ` * ${SINCE}`,
    " */",
    // Not the codec's rules (\`internal/codec.ts\`): naming the operations must not load them.
    'import * as C from "../internal/clientOperation.js"',
    'import type * as T from "./types.js"',
    "",
    ops
      .map(
        (op) =>
          `${op.docs}export const ${op.name}: C.ClientOperation<${op.inputType}, ${op.outputType}> = /*#__PURE__*/ C.clientOperation(\n{\n${op.meta.join("\n")}\n},\n() => import("./client/${op.name}.js"),\n)\n`,
      )
      .join("\n"),
    operationsByName(ops.map((op) => op.name)),
  ].join("\n")
}

/** `client/<Operation>.ts`: one operation's client codecs, which `clientOperations.ts` loads. */
export const emitClientOperationModules = (model: Model): Map<string, string> =>
  new Map(
    operationCodecs(model, "client").map((op) => {
      const uses = (prefix: string) => new RegExp(`\\b${prefix}\\.`).test(op.input + op.output)
      return [
        `${op.name}.ts`,
        [
          header(`the client's codecs of ${op.name}, loaded by its first call (see ../clientOperations.ts)`),
          'import * as C from "../../internal/codec.js"',
          ...(uses("D") ? ['import * as D from "../decodeOutputs.js"'] : []),
          ...(uses("E") ? ['import * as E from "../encode.js"'] : []),
          'import type * as T from "../types.js"',
          'import * as V from "../validateInputs.js"',
          "",
          `export const input: C.InputCodec<${op.inputType}> = ${op.input}`,
          "",
          `export const output: C.OutputCodec<${op.outputType}> | undefined = ${op.output}`,
          "",
        ].join("\n"),
      ]
    }),
  )
