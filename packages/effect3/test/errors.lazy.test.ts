/**
 * Error classes are made by `Schema.TaggedError` on first use (`src/errors/metadata.ts`): these
 * pin that a class nobody has touched yet behaves as a `Schema.TaggedError` class in every way a
 * program can reach it first.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Equal from "effect/Equal"
import * as Schema from "effect/Schema"
import { TaggedError } from "../src/errors/metadata.js"

const fields = { message: Schema.String, attempts: Schema.optional(Schema.Number) }

/** A fresh class each time, so that every test meets it untouched. */
const fresh = () => {
  class Boom extends TaggedError<Boom>()("Boom", fields) {}
  return Boom
}

const staticsOf = (cls: Function): Set<PropertyKey> => {
  const keys = new Set<PropertyKey>()
  for (let c: any = cls; c !== null && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
    for (const key of Reflect.ownKeys(c)) keys.add(key)
  }
  return keys
}

describe("lazily made error classes", () => {
  it("an untouched class offers every static a Schema.TaggedError class has (checked against the installed effect)", () => {
    class Real extends Schema.TaggedError<Real>()("Real", fields) {}
    const Lazy = fresh()
    // The placeholder's own statics, read without triggering any of them.
    const placeholder = Object.getPrototypeOf(Object.getPrototypeOf(Lazy))
    const offered = new Set<PropertyKey>(Reflect.ownKeys(placeholder))
    const inherent = new Set<PropertyKey>(["length", "name", "prototype"])
    // Error's own statics (V8's stack-trace hooks) are not part of the schema class.
    const fromError = new Set<PropertyKey>(Reflect.ownKeys(Error))
    const missing = [...staticsOf(Real)].filter((k) => !inherent.has(k) && !fromError.has(k) && !offered.has(k))
    expect(missing.map(String)).toEqual([])
  })

  it("constructing first: the instance is a real tagged error", () => {
    const Boom = fresh()
    const error = new Boom({ message: "bang", attempts: 2 })
    expect(error).toBeInstanceOf(Boom)
    expect(error).toBeInstanceOf(Error)
    expect(error._tag).toBe("Boom")
    expect(error.message).toBe("bang")
    expect(Equal.equals(error, new Boom({ message: "bang", attempts: 2 }))).toBe(true)
  })

  it("validates the fields on construction, as Schema.TaggedError does", () => {
    const Boom = fresh()
    expect(() => new Boom({ message: 42 as never })).toThrow()
  })

  it("decoding first: Schema.decodeUnknown builds an instance of the class", () => {
    const Boom = fresh()
    const decoded = Schema.decodeUnknownSync(Boom)({ _tag: "Boom", message: "from the wire" })
    expect(decoded).toBeInstanceOf(Boom)
    expect(decoded.message).toBe("from the wire")
    expect(() => Schema.decodeUnknownSync(Boom)({ _tag: "Other", message: "x" })).toThrow()
  })

  it("reading a static first: fields and make are those of the real class", () => {
    const Boom = fresh()
    expect(Object.keys(Boom.fields).sort()).toEqual(["_tag", "attempts", "message"])
    expect(Boom.make({ message: "m" })).toBeInstanceOf(Boom)
  })

  it.effect("is caught by Effect.catchTag and can be yielded", () =>
    Effect.gen(function* () {
      const Boom = fresh()
      const caught = yield* new Boom({ message: "bang" }).pipe(Effect.catchTag("Boom", (e) => Effect.succeed(e.message)))
      expect(caught).toBe("bang")
    }),
  )
})
