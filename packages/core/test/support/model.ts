/**
 * The Smithy model as data for the core's tests, and fast-check arbitraries of valid values of each
 * shape derived from it alone (not from the generated code under test): the oracle the codec is
 * checked against.
 */
import * as fc from "fast-check"
import * as fs from "node:fs"

export interface MemberRef {
  readonly target: string
  readonly traits?: { readonly [trait: string]: unknown }
}

export interface Shape {
  readonly type: string
  readonly members?: { readonly [name: string]: MemberRef }
  readonly member?: MemberRef
  readonly key?: MemberRef
  readonly value?: MemberRef
  readonly input?: { readonly target: string }
  readonly output?: { readonly target: string }
  readonly errors?: ReadonlyArray<{ readonly target: string }>
  readonly traits?: { readonly [trait: string]: any }
}

export const model: { readonly shapes: { readonly [id: string]: Shape } } = JSON.parse(
  fs.readFileSync(new URL("../../../../../shared/models/codepipeline.json", import.meta.url), "utf8"),
)

export const localName = (id: string): string => id.slice(id.indexOf("#") + 1)
const renamed: Record<string, string> = { String: "StringShape", Boolean: "BooleanShape" }
/** The name the generated code gives a shape. */
export const exportName = (id: string): string => renamed[localName(id)] ?? localName(id)

export const isError = (shape: Shape): boolean => shape.traits?.["smithy.api#error"] !== undefined
export const isRequired = (m: MemberRef): boolean => m.traits?.["smithy.api#required"] !== undefined
export const isSensitive = (shape: Shape): boolean => shape.traits?.["smithy.api#sensitive"] !== undefined

/** Every shape that carries data. */
export const dataShapes: ReadonlyArray<readonly [string, Shape]> = Object.entries(model.shapes).filter(
  ([, s]) => s.type !== "service" && s.type !== "operation" && !isError(s),
)

export const operations: ReadonlyArray<readonly [name: string, shape: Shape]> = Object.entries(model.shapes)
  .filter(([, s]) => s.type === "operation")
  .map(([id, s]) => [localName(id), s] as const)

export interface Bounds {
  readonly min?: number
  readonly max?: number
}
export const lengthOf = (s: Shape): Bounds | undefined => s.traits?.["smithy.api#length"]
export const rangeOf = (s: Shape): Bounds | undefined => s.traits?.["smithy.api#range"]
export const patternOf = (s: Shape): string | undefined => s.traits?.["smithy.api#pattern"]

export const codePoints = (s: string): number => [...s].length

// Years 0001 to 9999, where epoch seconds carry the millisecond exactly.
const MIN_DATE = new Date(-62_135_596_800_000)
const MAX_DATE = new Date(253_402_300_799_999)

const arbitraries = new Map<string, fc.Arbitrary<unknown>>()

/** Valid values of the shape, as the core holds them (`Date`s, sensitive strings as strings). */
export const arbitraryOf = (id: string): fc.Arbitrary<unknown> => {
  let arb = arbitraries.get(id)
  if (arb === undefined) {
    arb = build(id)
    arbitraries.set(id, arb)
  }
  return arb
}

const stringArbitrary = (shape: Shape): fc.Arbitrary<string> => {
  const length = lengthOf(shape)
  const min = length?.min ?? 0
  const max = length?.max ?? 40
  const pattern = patternOf(shape)
  const fits = (s: string) => {
    const n = codePoints(s)
    return n >= min && n <= (length?.max ?? Infinity)
  }
  if (pattern === undefined || pattern === ".*") {
    return fc
      .string({ unit: "binary", minLength: min, maxLength: Math.min(max, min + 40) })
      .filter((s) => !/[\n\r\u2028\u2029]/.test(s) || pattern === undefined)
  }
  // `^[class]+$` (most of the model's patterns): characters of the class, as many as the length allows.
  const repeated = /^\^(\[[^\]]+\])\+\$$/.exec(pattern)
  if (repeated !== null) {
    const unit = fc.stringMatching(new RegExp(`^${repeated[1]}$`))
    return fc.string({ unit, minLength: Math.max(1, min), maxLength: Math.max(1, Math.min(max, min + 20)) })
  }
  return fc.stringMatching(new RegExp(pattern), { size: "xsmall" }).filter(fits)
}

const build = (id: string): fc.Arbitrary<unknown> => {
  const shape = model.shapes[id]!
  switch (shape.type) {
    case "string":
      return stringArbitrary(shape)
    case "enum":
      return fc.constantFrom(...Object.values(shape.members!).map((m) => m.traits!["smithy.api#enumValue"] as string))
    case "integer": {
      const range = rangeOf(shape)
      return fc.integer({ min: range?.min ?? -(2 ** 31), max: range?.max ?? 2 ** 31 - 1 })
    }
    case "boolean":
      return fc.boolean()
    case "timestamp":
      return fc.date({ min: MIN_DATE, max: MAX_DATE, noInvalidDate: true })
    case "list": {
      const length = lengthOf(shape)
      const min = length?.min ?? 0
      return fc.array(
        fc.constant(null).chain(() => arbitraryOf(shape.member!.target)),
        {
          minLength: min,
          maxLength: Math.min(length?.max ?? 3, min + 3),
        },
      )
    }
    case "map": {
      const length = lengthOf(shape)
      const min = length?.min ?? 0
      return fc
        .uniqueArray(
          fc.tuple(
            arbitraryOf(shape.key!.target).filter((k) => k !== "__proto__"),
            fc.constant(null).chain(() => arbitraryOf(shape.value!.target)),
          ),
          { minLength: min, maxLength: Math.min(length?.max ?? 3, min + 3), selector: ([k]) => k },
        )
        .map((entries) => Object.fromEntries(entries))
    }
    case "structure": {
      const members = Object.entries(shape.members ?? {})
      const record: Record<string, fc.Arbitrary<unknown>> = {}
      for (const [name, m] of members) record[name] = fc.constant(null).chain(() => arbitraryOf(m.target))
      return fc.record(record, { requiredKeys: members.filter(([, m]) => isRequired(m)).map(([n]) => n) })
    }
    default:
      throw new Error(`no arbitrary for ${shape.type} (${id})`)
  }
}

/** Structural equality that compares `Date`s by time. */
export const equivalent = (a: unknown, b: unknown): boolean => {
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime()
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => equivalent(x, b[i]))
  }
  if (typeof a === "object" && a !== null && typeof b === "object" && b !== null) {
    const ka = Object.keys(a).filter((k) => (a as any)[k] !== undefined)
    const kb = Object.keys(b).filter((k) => (b as any)[k] !== undefined)
    return ka.length === kb.length && ka.every((k) => equivalent((a as any)[k], (b as any)[k]))
  }
  return Object.is(a, b)
}
