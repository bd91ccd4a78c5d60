/**
 * The generated codec against the model itself: every valid value of every shape passes its
 * validator and survives encode → JSON text → decode, strictly and leniently; every constraint the
 * model declares is enforced, reported at the member that breaks it.
 */
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Codec from "../src/Codec.js"
import * as CodePoints from "../src/CodePoints.js"
import * as Decode from "../src/generated/decode.js"
import * as Encode from "../src/generated/encode.js"
import * as Validate from "../src/generated/validate.js"
import {
  arbitraryOf,
  dataShapes,
  equivalent,
  exportName,
  isRequired,
  lengthOf,
  localName,
  type MemberRef,
  model,
  patternOf,
  rangeOf,
} from "./support/model.js"

const RUNS = 20

const fn = (table: object, id: string): ((...args: Array<any>) => any) | undefined =>
  (table as Record<string, (...args: Array<any>) => any>)[exportName(id)]

const validateOf = (id: string) => (value: unknown) => {
  const shape = model.shapes[id]!
  const own = fn(Validate, id)
  if (own !== undefined) return Codec.validate({ validate: own } as never, value)
  // Scalars without rules are checked inline by their containers.
  if (shape.type === "string" || shape.type === "enum") return typeof value === "string" ? undefined : "not a string"
  if (shape.type === "boolean") return typeof value === "boolean" ? undefined : "not a boolean"
  if (shape.type === "timestamp") return value instanceof Date ? undefined : "not a Date"
  throw new Error(`no validator for ${localName(id)}`)
}

const encodeOf = (id: string) => (value: unknown) => {
  const shape = model.shapes[id]!
  const own = fn(Encode, id)
  if (own !== undefined) return own(value, Codec.plainSecrets)
  if (shape.type === "timestamp") return (value as Date).getTime() / 1000
  return value
}

const containers = dataShapes.filter(([, s]) => s.type === "structure" || s.type === "list" || s.type === "map")

describe("every valid value of every shape", () => {
  for (const [id] of containers) {
    it(`${localName(id)}: passes its validator and survives encode, JSON and decode`, () => {
      const validate = validateOf(id)
      const encode = encodeOf(id)
      const decode = fn(Decode, id)!
      fc.assert(
        fc.property(arbitraryOf(id), (value) => {
          expect(validate(value)).toBeUndefined()
          const json = JSON.parse(JSON.stringify(encode(value)))
          for (const strict of [true, false]) {
            const decoded = decode(json, { secrets: Codec.plainSecrets, strict })
            expect(equivalent(decoded, value), JSON.stringify(json)).toBe(true)
          }
        }),
        { numRuns: RUNS },
      )
    })
  }
})

// ---------------------------------------------------------------------------------------------
// Each constraint, broken
// ---------------------------------------------------------------------------------------------

type Violation = { readonly kind: string; readonly value: unknown }

/** Values that break the target shape's own rules, each with the issue kind it must raise. */
const violationsOf = (ref: MemberRef): Array<Violation> => {
  const shape = model.shapes[ref.target]!
  const out: Array<Violation> = []
  const length = lengthOf(shape)
  switch (shape.type) {
    case "string": {
      out.push({ kind: "type", value: 42 })
      if (length?.max !== undefined) out.push({ kind: "length", value: "x".repeat(length.max + 1) })
      if ((length?.min ?? 0) > 0) out.push({ kind: "length", value: "" })
      const pattern = patternOf(shape)
      // A string no pattern of the model accepts, within the length limits.
      if (pattern !== undefined && pattern !== ".*") out.push({ kind: "pattern", value: "\u0000".repeat(Math.max(1, length?.min ?? 1)) })
      break
    }
    case "enum":
      out.push({ kind: "type", value: ["Approved"] })
      break
    case "integer": {
      out.push({ kind: "type", value: "1" }, { kind: "type", value: 1.5 })
      const range = rangeOf(shape)
      out.push({ kind: "range", value: (range?.min ?? -(2 ** 31)) - 1 }, { kind: "range", value: (range?.max ?? 2 ** 31 - 1) + 1 })
      break
    }
    case "boolean":
      out.push({ kind: "type", value: "true" })
      break
    case "timestamp":
      out.push({ kind: "type", value: 1_700_000_000 }, { kind: "type", value: new Date(Number.NaN) })
      break
    case "list":
      out.push({ kind: "type", value: { 0: "a" } })
      if (length?.max !== undefined) out.push({ kind: "length", value: "LIST_TOO_LONG" })
      if ((length?.min ?? 0) > 0) out.push({ kind: "length", value: [] })
      break
    case "map":
      out.push({ kind: "type", value: new Map() })
      if ((length?.min ?? 0) > 0) out.push({ kind: "length", value: {} })
      break
    case "structure":
      out.push({ kind: "type", value: "x" }, { kind: "type", value: [] }, { kind: "type", value: new Date() })
      break
  }
  return out
}

describe("every constraint of every structure member is enforced, at that member", () => {
  const structures = dataShapes.filter(([, s]) => s.type === "structure" && Object.keys(s.members ?? {}).length > 0)
  let checked = 0
  for (const [id, shape] of structures) {
    it(`${localName(id)}`, () => {
      const validate = validateOf(id)
      fc.assert(
        fc.property(arbitraryOf(id), fc.integer({ min: 0, max: 1_000 }), (valid, pick) => {
          const base = valid as Record<string, unknown>
          for (const [name, ref] of Object.entries(shape.members!)) {
            // A member the model requires, deleted or undefined.
            if (isRequired(ref)) {
              const { [name]: _, ...without } = base
              expect(validate(without)).toMatchObject({ kind: "missing", path: [name] })
              expect(validate({ ...base, [name]: undefined })).toMatchObject({ kind: "missing", path: [name] })
            }
            for (const violation of violationsOf(ref)) {
              let value = violation.value
              if (value === "LIST_TOO_LONG") {
                const max = lengthOf(model.shapes[ref.target]!)!.max!
                const item = fc.sample(arbitraryOf(model.shapes[ref.target]!.member!.target), { numRuns: 1, seed: pick })[0]
                value = Array.from({ length: max + 1 }, () => item)
              }
              const issue = validate({ ...base, [name]: value }) as Codec.Issue | undefined
              expect(issue, `${localName(id)}.${name}: ${violation.kind} accepted`).toBeDefined()
              expect(issue!.path[0]).toBe(name)
              expect(issue!.kind, `${localName(id)}.${name}`).toBe(violation.kind)
              checked++
            }
          }
          // A member the model does not have.
          expect(validate({ ...base, notAMember: 1 })).toMatchObject({ kind: "unknown", path: ["notAMember"] })
          // Members holding `undefined` are absent, as JSON.stringify has them.
          expect(validate({ ...base, notAMember: undefined })).toBeUndefined()
        }),
        { numRuns: 3 },
      )
    })
  }
  it("checked a violation of every kind somewhere", () => {
    expect(checked).toBeGreaterThan(1000)
  })
})

describe("list items and map entries", () => {
  const lists = dataShapes.filter(([, s]) => s.type === "list")
  const maps = dataShapes.filter(([, s]) => s.type === "map")
  for (const [id, shape] of lists) {
    it(`${localName(id)}: a bad item is reported at its index`, () => {
      const validate = validateOf(id)
      fc.assert(
        fc.property(arbitraryOf(shape.member!.target), (item) => {
          const min = lengthOf(shape)?.min ?? 0
          const items = Array.from({ length: Math.max(min, 1) }, () => item)
          expect(validate(items)).toBeUndefined()
          // The bad item replaces the last one, so that the list keeps its length.
          const at = items.length - 1
          const withItem = (bad: unknown) => [...items.slice(0, at), bad]
          for (const violation of violationsOf(shape.member!)) {
            if (violation.value === "LIST_TOO_LONG") continue
            expect(validate(withItem(violation.value))).toMatchObject({ kind: violation.kind, path: [at] })
          }
          expect(validate(withItem(undefined))).toMatchObject({ kind: "type", path: [at] })
        }),
        { numRuns: 3 },
      )
    })
  }
  for (const [id, shape] of maps) {
    it(`${localName(id)}: a bad key or value is reported at its key`, () => {
      const validate = validateOf(id)
      fc.assert(
        fc.property(arbitraryOf(shape.key!.target), arbitraryOf(shape.value!.target), (key, value) => {
          fc.pre(key !== "__proto__")
          expect(validate({ [key as string]: value })).toBeUndefined()
          for (const violation of violationsOf(shape.value!)) {
            expect(validate({ [key as string]: violation.value })).toMatchObject({ kind: violation.kind, path: [key] })
          }
          for (const violation of violationsOf(shape.key!)) {
            if (typeof violation.value !== "string") continue
            const issue = validate({ [violation.value]: value }) as Codec.Issue
            expect(issue).toMatchObject({ kind: violation.kind, path: [violation.value], key: true })
          }
        }),
        { numRuns: 5 },
      )
    })
  }
})

describe("lengths count code points", () => {
  it("an emoji is one character", () => {
    const name = "💡".repeat(100) // BlockerName: 1 to 100 characters, no pattern
    expect(name.length).toBe(200)
    expect(Validate.BlockerName(name, Codec.plainSecrets)).toBeUndefined()
    expect(Validate.BlockerName(`${name}x`, Codec.plainSecrets)).toMatchObject({ kind: "length" })
  })

  it("CodePoints checks a length as the validators do, and is what Codec exports", () => {
    expect(Codec.hasMaxCodePoints).toBe(CodePoints.hasMaxCodePoints)
    expect(Codec.hasMinCodePoints).toBe(CodePoints.hasMinCodePoints)
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 20 }), fc.integer({ min: 0, max: 25 }), (s, n) => {
        const count = [...s].length
        expect(CodePoints.hasMinCodePoints(s, n)).toBe(count >= n)
        expect(CodePoints.hasMaxCodePoints(s, n)).toBe(count <= n)
      }),
    )
  })
})
