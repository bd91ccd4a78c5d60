/**
 * Helpers for the property tests (`test/properties.*.test.ts`): the Smithy model as data, the
 * generated schema of each of its shapes, an equivalence that knows `Date` and `Redacted`, and a
 * deep clone that keeps them.
 */
import * as Arbitrary from "effect/Arbitrary"
import type * as FastCheck from "effect/FastCheck"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { exportName, localName, type MemberRef, model, type Shape as SmithyShape } from "../../../core/test/support/model.js"
import * as Shapes from "../../src/schema/Schemas.js"

// ---------------------------------------------------------------------------------------------
// The model
// ---------------------------------------------------------------------------------------------

// The model as data is the core's test support's (packages/core/test/support/model.ts).
export { exportName, isError, localName, type MemberRef, model, type Shape as SmithyShape } from "../../../core/test/support/model.js"

export type Traits = { readonly [trait: string]: unknown }

/** Every shape that carries data: all but the service and its operations. */
export const dataShapes: ReadonlyArray<readonly [id: string, shape: SmithyShape]> = Object.entries(model.shapes).filter(
  ([, shape]) => shape.type !== "service" && shape.type !== "operation",
)

/** The model's operations, by name, with their input structure's id (`smithy.api#Unit` for none). */
export const modelOperations: ReadonlyArray<readonly [name: string, input: string]> = Object.entries(model.shapes)
  .filter(([, shape]) => shape.type === "operation")
  .map(([id, shape]) => [localName(id), shape.input?.target ?? "smithy.api#Unit"] as const)

/** The generated schema of a shape, or `undefined` when `shapes.ts` exports none. */
export const schemaOf = (id: string): Schema.Schema<any, any> | undefined => {
  const exported: unknown = (Shapes as Record<string, unknown>)[exportName(id)]
  return Schema.isSchema(exported) ? (exported as Schema.Schema<any, any>) : undefined
}

export const requireSchema = (id: string): Schema.Schema<any, any> => {
  const schema = schemaOf(id)
  if (schema === undefined) throw new Error(`src/schema/Schemas.ts exports no schema for ${localName(id)}`)
  return schema
}

const arbitraries = new Map<string, FastCheck.Arbitrary<any>>()

/** `Arbitrary.make` of a shape's schema, built once. */
export const arbitraryOf = (id: string): FastCheck.Arbitrary<any> => {
  let arb = arbitraries.get(id)
  if (arb === undefined) {
    arb = Arbitrary.make(requireSchema(id))
    arbitraries.set(id, arb)
  }
  return arb
}

export interface Length {
  readonly min?: number
  readonly max?: number
}

/** A member's constraints: the target's traits, overridden by the member's own. */
export const constraintsOf = (ref: MemberRef) => {
  const target = model.shapes[ref.target]
  const traits: Traits = { ...target?.traits, ...ref.traits }
  return {
    type: target?.type ?? "unknown",
    required: traits["smithy.api#required"] !== undefined,
    sensitive: traits["smithy.api#sensitive"] !== undefined,
    length: traits["smithy.api#length"] as Length | undefined,
    range: traits["smithy.api#range"] as Length | undefined,
    // Smithy patterns are ECMA-262 regular expressions, matched as a search (not anchored).
    pattern: traits["smithy.api#pattern"] === undefined ? undefined : new RegExp(traits["smithy.api#pattern"] as string),
  }
}

/**
 * Whether a pattern matches every string: it matches the empty string and has nothing that could
 * pin that match to a place (`^`, `$`, `\b`, lookarounds), so it matches at offset 0 of anything.
 * Such a pattern (`.*`) cannot be violated.
 */
export const acceptsEverything = (pattern: RegExp): boolean => pattern.test("") && !/[\^$]|\\[bB]|\(\?<?[=!]/.test(pattern.source)

// ---------------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------------

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date) && !Redacted.isRedacted(v)

const show = (v: unknown): string =>
  v instanceof Date ? `Date(${v.getTime()})` : Redacted.isRedacted(v) ? "Redacted(…)" : (JSON.stringify(v) ?? String(v))

/**
 * The first difference between two decoded values, or `undefined` when they are equivalent:
 * `Date`s are compared by time, `Redacted`s by their value, and a member whose value is
 * `undefined` counts as absent (optional members are generated either way; JSON drops them).
 */
export const difference = (a: unknown, b: unknown, at = "value"): string | undefined => {
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime() ? undefined : `${at}: ${show(a)} ≠ ${show(b)}`
  }
  if (Redacted.isRedacted(a) || Redacted.isRedacted(b)) {
    if (!Redacted.isRedacted(a) || !Redacted.isRedacted(b)) return `${at}: only one side is Redacted`
    return difference(Redacted.value(a), Redacted.value(b), `${at}<redacted>`)
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b)) return `${at}: only one side is an array`
    if (a.length !== b.length) return `${at}: length ${a.length} ≠ ${b.length}`
    for (let i = 0; i < a.length; i++) {
      const d = difference(a[i], b[i], `${at}[${i}]`)
      if (d !== undefined) return d
    }
    return undefined
  }
  if (isPlainObject(a) || isPlainObject(b)) {
    if (!isPlainObject(a) || !isPlainObject(b)) return `${at}: only one side is an object`
    const keys = (o: Record<string, unknown>) =>
      Object.keys(o)
        .filter((k) => o[k] !== undefined)
        .sort()
    const ka = keys(a)
    const kb = keys(b)
    if (ka.join("\u0000") !== kb.join("\u0000")) return `${at}: members ${JSON.stringify(ka)} ≠ ${JSON.stringify(kb)}`
    for (const k of ka) {
      const d = difference(a[k], b[k], `${at}.${k}`)
      if (d !== undefined) return d
    }
    return undefined
  }
  return Object.is(a, b) ? undefined : `${at}: ${show(a)} ≠ ${show(b)}`
}

/** A deep copy of a generated value, keeping `Date`s and `Redacted`s what they are. */
export const clone = <A>(v: A): A => {
  if (v instanceof Date) return new Date(v.getTime()) as A
  if (Redacted.isRedacted(v)) return Redacted.make(clone(Redacted.value(v))) as A
  if (Array.isArray(v)) return v.map(clone) as A
  if (isPlainObject(v)) {
    const out: Record<string, unknown> = {}
    for (const k of Object.keys(v)) out[k] = clone(v[k])
    return out as A
  }
  return v
}

/** Whether a value holds an own member named `__proto__`, at any depth. */
export const hasProtoKey = (v: unknown): boolean => {
  if (Array.isArray(v)) return v.some(hasProtoKey)
  if (!isPlainObject(v)) return false
  return Object.hasOwn(v, "__proto__") || Object.values(v).some(hasProtoKey)
}

/** `PROPERTY_RUNS` when set (to run the properties harder), else the default. */
export const runs = (fallback: number): number => {
  const n = Number(process.env["PROPERTY_RUNS"])
  return Number.isInteger(n) && n > 0 ? n : fallback
}
