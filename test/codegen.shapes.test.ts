/**
 * The Effect 4 flavor's generated schemas for the scalar types the CodePipeline model lacks
 * (blobs, longs, floats, doubles), on a synthetic model: the cases of
 * test/support/syntheticShapes.ts, which the Effect 3 flavor's suite runs too.
 */
import * as path from "node:path"
import { beforeAll, describe, expect, it } from "@effect/vitest"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as SchemaIssue from "effect/SchemaIssue"
import { effect4Shapes } from "../codegen/shapes.js"
import { refusedInCode, refusedOnTheWire, thing, writeShapes } from "./support/syntheticShapes.js"

const file = path.join(import.meta.dirname, "../.codegen-check/shapes-model/shapes.ts")
let Thing: Schema.Codec<any, any>

beforeAll(async () => {
  writeShapes(effect4Shapes, path.join(import.meta.dirname, "../src/schema"), file)
  Thing = (await import(/* @vite-ignore */ file)).Thing
})

const formatter = SchemaIssue.makeFormatterStandardSchemaV1()
const pathOf = (result: Result.Result<unknown, Schema.SchemaError>): string =>
  Result.isFailure(result)
    ? (formatter(result.failure.issue).issues[0]?.path ?? []).map((p) => String(typeof p === "object" ? p.key : p)).join(".")
    : "accepted"

describe("the Effect 4 flavor's schemas of blobs, longs, floats and doubles (synthetic model)", () => {
  it("a blob is a Uint8Array in code and base64 on the wire; longs, floats and doubles are numbers", () => {
    const { value, json } = thing()
    expect(Schema.encodeSync(Thing)(value)).toStrictEqual(json)
    expect(Schema.decodeUnknownSync(Thing)(json)).toStrictEqual(value)
  })

  for (const [title, json, member] of refusedOnTheWire) {
    it(`refuses on the wire ${title}`, () => {
      expect(pathOf(Schema.decodeUnknownResult(Thing)(json))).toBe(member)
    })
  }

  for (const [title, value, member] of refusedInCode) {
    it(`refuses in code ${title}`, () => {
      expect(pathOf(Schema.encodeUnknownResult(Thing)(value))).toBe(member)
    })
  }
})
