/**
 * The exported schemas (`Schemas`, Effect's `Schema`) and the core's generated codec agree, for the
 * input of every operation:
 * - values generated from the schema (`Arbitrary.make`) pass both and encode to the same JSON;
 * - a value broken at one random place (a member replaced by junk, deleted, or added) is refused by
 *   both, at the same path, or accepted by both with the same JSON.
 * `PROPERTY_RUNS` raises the number of values per operation (default 25).
 */
import { describe, expect, it } from "@effect/vitest"
import * as Arbitrary from "effect/Arbitrary"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as fc from "fast-check"
import { encodeInput } from "./support/encodeInput.js"
import { operations } from "../src/services/operations.js"
import { hasProtoKey, runs } from "./support/props.js"

const RUNS = runs(25)

const JUNK: ReadonlyArray<() => unknown> = [
  () => "",
  () => "x".repeat(3000),
  () => -1,
  () => 1.5,
  () => 2 ** 40,
  () => Number.NaN,
  () => null,
  () => true,
  () => ({}),
  () => [],
  () => new Map(),
  () => new Date(Number.NaN),
  () => new Date(0),
  () => Redacted.make("s"),
  () => Object.create(null),
  () => ({ notAMember: 1 }),
  () => "🎉".repeat(60),
]

/** A copy of `value` with the node at one random path replaced, deleted, or given an extra member. */
const mutate = (value: unknown, rnd: () => number): unknown => {
  if (value === null || typeof value !== "object" || value instanceof Date || Redacted.isRedacted(value)) {
    return JUNK[Math.floor(rnd() * JUNK.length)]!()
  }
  const copy: any = Array.isArray(value) ? [...value] : { ...(value as object) }
  const keys = Object.keys(copy)
  const r = rnd()
  if (keys.length === 0 || r < 0.1) {
    copy[Array.isArray(copy) ? copy.length : "notAMember"] = JUNK[Math.floor(rnd() * JUNK.length)]!()
    return copy
  }
  if (r < 0.2 && !Array.isArray(copy)) {
    delete copy[keys[Math.floor(rnd() * keys.length)]!]
    return copy
  }
  const key = keys[Math.floor(rnd() * keys.length)]!
  copy[key] = rnd() < 0.5 ? mutate(copy[key], rnd) : JUNK[Math.floor(rnd() * JUNK.length)]!()
  return copy
}

const PARSE_OPTIONS = { errors: "first", onExcessProperty: "error" } as const

/** What the schema says of an input: its JSON, or the path of its first issue. */
const bySchema = (schema: Schema.Schema<any, any>, input: unknown): string => {
  const result = Schema.encodeUnknownEither(schema, PARSE_OPTIONS)(input)
  if (Either.isRight(result)) return `ok ${JSON.stringify(result.right)}`
  const [issue] = ParseResult.ArrayFormatter.formatErrorSync(result.left)
  return `refused at ${(issue?.path ?? []).map(String).join(".")}`
}

/** What the codec says of it, in the same terms, and whether it refused a list or map for its size. */
const byCodec = (operation: (typeof operations)[keyof typeof operations], input: unknown): { said: string; size: boolean } => {
  const result = encodeInput(operation as any, input)
  if (Either.isRight(result)) return { said: `ok ${JSON.stringify(result.right)}`, size: false }
  return {
    said: `refused at ${result.left.path.replace(/\[(\d+)\]/g, ".$1")}`,
    size: /: Expected (an array of at (most|least) |between \d+ and \d+ entries)/.test(result.left.message),
  }
}

/**
 * Whether the two refused the same input. One order of checks differs by design: the codec checks
 * a list's or map's size before its elements, so that it never walks an oversized one, where the
 * schema checks the elements first. A list both too long and holding junk (a mutation that appends
 * junk to a full list) is refused by the codec at the list and by the schema inside it.
 */
const agree = (codec: { said: string; size: boolean }, schema: string): boolean =>
  codec.said === schema || (codec.size && schema.startsWith(`${codec.said}.`))

// Schema does not look at prototypes: a structure given as a `Map` or a class instance is read as
// an object with no members (and a `Date` where a structure belongs passes an all-optional one),
// where the codec refuses anything but a plain object, by design (it would be sent as `{}`).
const notPlainWhereSchemaReadsMembers = (input: unknown): boolean => {
  const seen = (v: unknown): boolean => {
    if (typeof v !== "object" || v === null) return false
    // No operation input has a sensitive member: a `Redacted` is junk wherever it is.
    if (Redacted.isRedacted(v)) return true
    if (Array.isArray(v)) return v.some(seen)
    const proto = Object.getPrototypeOf(v)
    if (proto !== Object.prototype && proto !== null && !(v instanceof Date)) return true
    if (v instanceof Date) return true
    return Object.values(v).some(seen)
  }
  return seen(input)
}

describe("the exported schemas and the core's codec agree on every operation's input", () => {
  for (const operation of Object.values(operations)) {
    it(operation.name, () => {
      const schema = operation.input as Schema.Schema<any, any>
      fc.assert(
        fc.property(Arbitrary.make(schema), fc.integer(), (value, seed) => {
          fc.pre(!hasProtoKey(value))
          expect(byCodec(operation, value).said).toBe(bySchema(schema, value))
          let s = seed
          const rnd = () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff
          const broken = mutate(value, rnd)
          const codec = byCodec(operation, broken)
          if (notPlainWhereSchemaReadsMembers(broken) && codec.said.startsWith("refused")) return
          const schemaSaid = bySchema(schema, broken)
          if (!agree(codec, schemaSaid)) expect(codec.said, JSON.stringify(broken)?.slice(0, 500)).toBe(schemaSaid)
        }),
        { numRuns: RUNS },
      )
    })
  }
})
