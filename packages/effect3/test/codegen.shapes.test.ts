/**
 * The Effect 3 flavor's generated schemas for the scalar types the CodePipeline model lacks
 * (blobs, longs, floats, doubles), on a synthetic model: the cases of test/support/syntheticShapes.ts,
 * which the Effect 4 flavor's suite runs too.
 */
import * as path from "node:path"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { beforeAll, describe, expect, it } from "vitest"
import { effect3Shapes } from "../../../codegen/shapes.js"
import { refusedInCode, refusedOnTheWire, thing, writeShapes } from "../../../test/support/syntheticShapes.js"

const file = path.join(import.meta.dirname, "../.codegen-check/shapes-model/effect3/shapes.ts")
let Thing: Schema.Schema<any, any>

beforeAll(async () => {
  writeShapes(effect3Shapes, path.join(import.meta.dirname, "../src/schema"), file)
  Thing = (await import(/* @vite-ignore */ file)).Thing
})

const pathOf = (result: Either.Either<unknown, ParseResult.ParseError>): string =>
  Either.isLeft(result) ? (ParseResult.ArrayFormatter.formatErrorSync(result.left)[0]?.path ?? []).join(".") : "accepted"

describe("the Effect 3 flavor's schemas of blobs, longs, floats and doubles (synthetic model)", () => {
  it("a blob is a Uint8Array in code and base64 on the wire; longs, floats and doubles are numbers", () => {
    const { value, json } = thing()
    expect(Schema.encodeSync(Thing)(value)).toStrictEqual(json)
    expect(Schema.decodeUnknownSync(Thing)(json)).toStrictEqual(value)
  })

  for (const [title, json, member] of refusedOnTheWire) {
    it(`refuses on the wire ${title}`, () => {
      expect(pathOf(Schema.decodeUnknownEither(Thing)(json))).toBe(member)
    })
  }

  for (const [title, value, member] of refusedInCode) {
    it(`refuses in code ${title}`, () => {
      expect(pathOf(Schema.encodeUnknownEither(Thing)(value))).toBe(member)
    })
  }
})
