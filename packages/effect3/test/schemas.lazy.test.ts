/**
 * Generated schemas are built on first use (`lazy` in `src/schema/internal/builders.ts`): these pin
 * that a schema nobody has touched yet behaves, in every way a program can reach it first, as the
 * plain schema with the same AST (`Schema.make(ast)`), and that every exported schema does.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Arbitrary from "effect/Arbitrary"
import * as Either from "effect/Either"
import * as JSONSchema from "effect/JSONSchema"
import * as Pretty from "effect/Pretty"
import * as Schema from "effect/Schema"
import * as fc from "fast-check"
import * as B from "../src/schema/internal/builders.js"
import * as S from "../src/schema/Schemas.js"

/** A fresh, untouched schema of each kind of builder, each time. */
const fresh = () =>
  B.struct("Fresh", () => ({
    name: B.string("FreshName", { min: 1, max: 5, pattern: /^[a-z]+$/ }),
    token: B.optional(B.sensitive("FreshToken", { max: 8 })),
    count: B.optional(B.int("FreshCount", { min: 0, max: 9 })),
    tags: B.optional(B.list(B.string("FreshTag"), { max: 2 })),
    labels: B.optional(B.map(B.string("FreshKey"), B.string("FreshValue"), { max: 2 })),
    at: B.optional(B.timestamp),
  }))

const valid = { name: "abc", token: "t", count: 3, tags: ["x"], labels: { k: "v" }, at: 1700000000.5 }
const invalid = { name: "ABCDEFG", count: 10, tags: ["x", "y", "z"] }

/** What a use returns, as plain data to compare (decoded values hold `Redacted`s and `Date`s). */
const shown = (value: unknown): string =>
  JSON.stringify(value, (_, v) => (typeof v === "bigint" ? String(v) : v instanceof Date ? `Date(${v.getTime()})` : v))

const either = <A>(e: Either.Either<A, unknown>) =>
  Either.isRight(e) ? { right: Schema.encodeSync(Schema.Unknown)(e.right) } : { left: String(e.left) }

const firstUses: ReadonlyArray<readonly [string, (s: Schema.Schema<any, any>) => unknown]> = [
  ["Schema.decodeUnknownEither of a valid value", (s) => either(Schema.decodeUnknownEither(s)(valid))],
  ["Schema.decodeUnknownEither of an invalid value", (s) => either(Schema.decodeUnknownEither(s, { errors: "all" })(invalid))],
  ["Schema.encodeEither", (s) => either(Schema.encodeEither(s)(Schema.decodeUnknownSync(s)(valid)))],
  ["Schema.is", (s) => [Schema.is(s)(valid), Schema.is(s)(invalid)]],
  ["JSONSchema.make", (s) => JSONSchema.make(Schema.encodedSchema(s))],
  ["Arbitrary.make", (s) => fc.sample(Arbitrary.make(s), { seed: 7, numRuns: 5 }).map((v) => Schema.encodeSync(s)(v))],
  ["Pretty.make", (s) => Pretty.make(s)(Schema.decodeUnknownSync(s)(valid))],
  ["String", (s) => String(s)],
  ["annotations", (s) => String(s.annotations({ identifier: "Renamed" }))],
  ["pipe", (s) => String(s.pipe(Schema.annotations({ description: "piped" })))],
  ["Schema.typeSchema", (s) => String(Schema.typeSchema(s))],
  ["a member of another struct", (s) => either(Schema.decodeUnknownEither(Schema.Struct({ inner: s }))({ inner: valid }))],
  ["an item of Schema.Array", (s) => either(Schema.decodeUnknownEither(Schema.Array(s))([valid, invalid]))],
]

describe("lazily built schemas", () => {
  it("a schema is built when its AST is first read, not before, and only once", () => {
    let builds = 0
    const lazy = B.lazy(() => {
      builds++
      return Schema.String
    })
    expect(Schema.isSchema(lazy)).toBe(true)
    expect(builds).toBe(0)
    expect(lazy.ast).toBe(Schema.String.ast)
    expect(lazy.ast).toBe(Schema.String.ast)
    expect(builds).toBe(1)
  })

  it.each(firstUses)("reached first through %s, an untouched schema behaves as the plain schema with its AST", (_, use) => {
    const lazy = fresh()
    const result = shown(use(lazy))
    expect(result).toBe(shown(use(Schema.make(lazy.ast))))
  })

  it("every exported schema gives the same JSON Schema as the plain schema with its AST", () => {
    const schemas = Object.entries(S).filter(([, value]) => Schema.isSchema(value)) as Array<[string, Schema.Schema<any, any>]>
    expect(schemas.length).toBeGreaterThan(300)
    for (const [name, lazy] of schemas) {
      const plain = Schema.make(lazy.ast)
      const jsonSchema = (s: Schema.Schema<any, any>) => {
        try {
          return JSONSchema.make(Schema.encodedSchema(s))
        } catch (error) {
          return String(error)
        }
      }
      expect(shown(jsonSchema(lazy)), name).toBe(shown(jsonSchema(plain)))
    }
  })
})
