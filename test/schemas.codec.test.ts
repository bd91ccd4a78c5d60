/**
 * The Effect 4 flavor's exported schemas (`src/schema/Schemas.ts`) and the core's generated codec
 * agree, for every operation:
 * - an input generated from its schema (Effect 4's `Arbitrary`) is valid to both, both write the
 *   same JSON, and both read that JSON back (the core strictly, as the emulator reads a request) to
 *   the value sent;
 * - the same input broken at one random place (a member replaced by junk, deleted, or added) is
 *   refused by both at the same path, or accepted by both with the same JSON;
 * - an output generated from its schema survives the wire: written as the schema encodes it, read
 *   back by the core's lenient decoder and by the schema, it is the value it was.
 * `PROPERTY_RUNS` raises the number of values per operation (default 20).
 */
import * as Codec from "@effect-codepipeline/core/Codec"
import { describe, expect, it } from "@effect/vitest"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as SchemaIssue from "effect/SchemaIssue"
import { operations, secrets } from "./support/codec.js"
import { difference, hasProtoKey, mutate, random } from "./support/values.js"

const RUNS = Number(process.env["PROPERTY_RUNS"] ?? 20)
const options = { timeout: 60_000, arbitrary: { runs: RUNS } }

const PARSE_OPTIONS = { errors: "first", onExcessProperty: "error" } as const
const firstIssue = SchemaIssue.makeFormatterStandardSchemaV1()

/** JSON text with every object's keys sorted: the order members are written in means nothing on the wire. */
const canonical = (json: unknown): string =>
  JSON.stringify(json, (_, v) =>
    typeof v === "object" && v !== null && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  )

/** What the schema says of an input: its JSON, or the path of its first issue. */
const bySchema = (schema: Schema.Codec<any, any>, input: unknown): string => {
  const result = Schema.encodeUnknownResult(schema, PARSE_OPTIONS)(input)
  if (Result.isSuccess(result)) return `ok ${canonical(result.success)}`
  const [issue] = firstIssue(result.failure.issue).issues
  return `refused at ${(issue?.path ?? []).map((p) => String(typeof p === "object" ? p.key : p)).join(".")}`
}

/** What the codec says of it, in the same terms. */
const byCodec = (codec: Codec.AnyOperation, input: unknown): string => {
  const result = Codec.validateAndEncode(codec.input, input, secrets)
  if (result._tag === "Ok") return `ok ${canonical(JSON.parse(result.json))}`
  return `refused at ${result.issue.path.join(".")}`
}

// Schema does not look at prototypes: a structure given as a `Map` or a class instance is read as
// an object with no members, where the codec refuses anything but a plain object, by design (it
// would be sent as `{}`).
const notPlainWhereSchemaReadsMembers = (input: unknown): boolean => {
  const seen = (v: unknown): boolean => {
    if (typeof v !== "object" || v === null) return false
    if (Redacted.isRedacted(v) || v instanceof Date) return true
    if (Array.isArray(v)) return v.some(seen)
    const proto = Object.getPrototypeOf(v)
    if (proto !== Object.prototype && proto !== null) return true
    return Object.values(v).some(seen)
  }
  return seen(input)
}

describe("every operation's input: the Effect 4 schema and the core's codec accept, refuse and write the same", () => {
  for (const { name, codec, input } of operations) {
    it.prop(
      name,
      { value: input, seed: Schema.Int },
      ({ value, seed }) => {
        if (hasProtoKey(value)) return
        expect(byCodec(codec, value)).toBe(bySchema(input, value))
        // The request the emulator receives: the core decodes it strictly, the schema too, to the value sent.
        const json = JSON.parse(Codec.encodeJson(codec.input, value, secrets))
        const received = Codec.decode(codec.input, json, { secrets, strict: true })
        if (received._tag !== "Ok") expect.fail(received.failure.message)
        expect(difference(received.value, value), "the core's strict decoder").toBeUndefined()
        expect(difference(Schema.decodeUnknownSync(input)(json), value), "the schema").toBeUndefined()
        const broken = mutate(value, random(seed))
        const verdict = byCodec(codec, broken)
        if (notPlainWhereSchemaReadsMembers(broken) && verdict.startsWith("refused")) return
        expect(verdict, JSON.stringify(broken)?.slice(0, 500)).toBe(bySchema(input, broken))
      },
      options,
    )
  }
})

describe("every operation's output: what the schema writes, the core's decoder and the schema read back unchanged", () => {
  for (const { name, codec, output } of operations) {
    if (output === undefined || codec.output === undefined) continue
    const decodeStrict = Schema.decodeUnknownSync(output)
    const encode = Schema.encodeSync(output)
    it.prop(
      name,
      [output],
      ([value]) => {
        if (hasProtoKey(value)) return
        const json = JSON.parse(JSON.stringify(encode(value)))
        // The core writes the same wire form as the schema.
        expect(JSON.parse(Codec.encodeJson(codec.output!, value, secrets))).toStrictEqual(json)
        const decoded = Codec.decode(codec.output!, json, { secrets })
        if (decoded._tag !== "Ok") expect.fail(decoded.failure.message)
        expect(difference(decoded.value, value), "the core's lenient decoder").toBeUndefined()
        expect(difference(decodeStrict(json), value), "the schema").toBeUndefined()
      },
      options,
    )
  }
})
