/**
 * Round trip of every shape of the model through the wire, and the lenient response decoder's
 * rules one by one.
 *
 * For each shape, values generated from its schema (`Arbitrary.make`) are encoded, written as JSON,
 * read back and decoded both leniently (as responses are) and strictly (`Schema.decodeUnknown`):
 * both must give back the value. Modeled exceptions, which are error classes rather than shape
 * schemas, go through the protocol's error path instead. `PROPERTY_RUNS` raises the number of
 * values per shape (default 20).
 */
import { describe, expect, it } from "@effect/vitest"
import * as Arbitrary from "effect/Arbitrary"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as fc from "fast-check"
import * as Modeled from "../src/errors/modeled.js"
import * as S from "../src/schema/Schemas.js"
import { DecodeFailure, decodeLenient, hasDecoder } from "./support/lenient.js"
import { toError } from "../src/services/internal/protocol.js"
import type * as Operation from "../src/services/Operation.js"
import { operations } from "../src/services/operations.js"
import { dataShapes, difference, exportName, hasProtoKey, isError, localName, runs, schemaOf } from "./support/props.js"

const RUNS = runs(20)

describe("round trip: encode → JSON → decode gives back the value, for every shape of the model", () => {
  // Shapes covered, by Smithy type (errors apart); compared with the model at the end.
  const covered = new Map<string, number>()
  const cover = (kind: string) => covered.set(kind, (covered.get(kind) ?? 0) + 1)

  for (const [id, shape] of dataShapes) {
    const name = localName(id)

    if (isError(shape)) {
      it(`${name} (modeled exception)`, () => {
        const cls = (Modeled as Record<string, unknown>)[name] as (new (...args: any) => any) & Schema.Schema<any, any>
        expect(cls, `src/errors/modeled.ts exports no class for ${name}`).toBeTypeOf("function")
        // The operations that declare it, which is how a response becomes this error.
        const declaring: Array<Operation.Any> = Object.values(operations).filter((op) => Object.hasOwn(op.errors, name))
        expect(declaring.length, `no operation declares ${name}`).toBeGreaterThan(0)
        // The class also carries call metadata (request id, attempts, status), which is not a
        // member of the shape; it is generated as a call would fill it.
        const metadata = fc.record(
          { requestId: fc.string(), attempts: fc.integer({ min: 1, max: 10 }), httpStatus: fc.integer({ min: 400, max: 599 }) },
          { requiredKeys: [] },
        )
        fc.assert(
          fc.property(fc.string(), metadata, fc.constantFrom(...declaring), (message, meta, op) => {
            // As a schema: encode → JSON → strict decode.
            const error = new cls({ message, ...meta })
            const json = JSON.parse(JSON.stringify(Schema.encodeSync(cls)(error)))
            const decoded = Schema.decodeUnknownSync(cls)(json)
            expect(decoded).toBeInstanceOf(cls)
            expect(difference({ ...decoded }, { ...error })).toBeUndefined()
            // As a response: the code and message the service sends become this class.
            const body = JSON.stringify({ __type: `com.amazonaws.codepipeline#${name}`, message })
            const fromResponse = toError(op, { status: 400, headers: {}, body }, { requestId: "r-1", attempts: 1, httpStatus: 400 })
            expect(fromResponse).toBeInstanceOf(cls)
            expect(fromResponse).toMatchObject({ _tag: name, message, requestId: "r-1", httpStatus: 400 })
          }),
          { numRuns: RUNS },
        )
        cover("error structure")
      })
      continue
    }

    it(`${name} (${shape.type})`, () => {
      const schema = schemaOf(id)
      expect(schema, `src/schema/Schemas.ts exports no schema for ${name}`).toBeDefined()
      const encode = Schema.encodeSync(schema!)
      const decodeStrict = Schema.decodeUnknownSync(schema!)
      fc.assert(
        fc.property(Arbitrary.make(schema!), (value) => {
          // A map key "__proto__" is dropped by Effect's Record schemas and by the lenient decoder
          // alike (reported; not a key CodePipeline uses), so such values are skipped.
          fc.pre(!hasProtoKey(value))
          const encoded = encode(value)
          if (shape.traits?.["smithy.api#sensitive"] !== undefined && shape.type === "string") {
            // Redacted in code, the plain string on the wire.
            expect(encoded).toBe(Redacted.value(value))
          }
          const json = JSON.parse(JSON.stringify(encoded))
          // Scalars are decoded by their containers (which have decoders), covered by them.
          if (hasDecoder(exportName(id))) {
            const lenient = decodeLenient(exportName(id), json)
            expect(difference(lenient, value), "lenient decoding").toBeUndefined()
          }
          const strict = decodeStrict(json)
          expect(difference(strict, value), "strict decoding").toBeUndefined()
        }),
        { numRuns: RUNS },
      )
      cover(shape.type)
    })
  }

  it("covered every shape of the model", () => {
    const expected = new Map<string, number>()
    for (const [, shape] of dataShapes) {
      const kind = isError(shape) ? "error structure" : shape.type
      expected.set(kind, (expected.get(kind) ?? 0) + 1)
    }
    expect(Object.fromEntries(covered)).toEqual(Object.fromEntries(expected))
    expect([...covered.values()].reduce((a, b) => a + b, 0)).toBe(dataShapes.length)
  })
})

const decodeFailure = (run: () => unknown): DecodeFailure => {
  try {
    run()
  } catch (failure) {
    if (failure instanceof DecodeFailure) return failure
    throw failure
  }
  throw new Error("expected a DecodeFailure, but the value decoded")
}

describe("lenient response decoding", () => {
  it("ignores members the model does not know (a newer service)", () => {
    const out = decodeLenient("PipelineSummary", { name: "p", version: 2, launchedIn: "2031", extra: { deep: [1] } })
    expect(out).toStrictEqual({ name: "p", version: 2 })
  })

  it("keeps an enum value the model does not know, as is", () => {
    const json = { pipelineExecutionId: "0f4d2e6a-1b3c-4d5e-8f90-a1b2c3d4e5f6", status: "Hibernating", type: "TimeTravel" }
    expect(decodeLenient("StageExecution", json)).toStrictEqual(json)
    // Enums are open in the strict schema too, so both decoders agree.
    expect(Schema.decodeUnknownSync(S.StageExecution)(json)).toStrictEqual(json)
  })

  it("does not enforce constraints: they are the service's to enforce", () => {
    const json = { name: "not a valid name!".repeat(20), version: -5 }
    expect(decodeLenient("PipelineSummary", json)).toStrictEqual(json)
  })

  it('fills a missing required string with ""', () => {
    expect(decodeLenient("StageExecution", { status: "Succeeded" })).toStrictEqual({ pipelineExecutionId: "", status: "Succeeded" })
  })

  it("fills a missing required number with 0", () => {
    expect(decodeLenient("ArtifactDetails", { maximumCount: 3 })).toStrictEqual({ minimumCount: 0, maximumCount: 3 })
  })

  it("fills a missing required boolean with false", () => {
    expect(decodeLenient("ActionConfigurationProperty", { name: "Repo", required: true, secret: true })).toStrictEqual({
      name: "Repo",
      required: true,
      key: false,
      secret: true,
    })
  })

  it("fills a missing required list with []", () => {
    const out = decodeLenient("PipelineDeclaration", { name: "p", roleArn: "arn:aws:iam::123456789012:role/r" })
    expect(out.stages).toStrictEqual([])
  })

  it("fills a missing required structure with one whose own required members are filled", () => {
    const out = decodeLenient("ActionDeclaration", { name: "Build" })
    expect(out.actionTypeId).toStrictEqual({ category: "", owner: "", provider: "", version: "" })
  })

  it("fills a missing required timestamp with epoch 0", () => {
    const out = decodeLenient("ActionRevision", { revisionId: "r", revisionChangeId: "c" })
    expect(out.created).toBeInstanceOf(Date)
    expect(out.created.getTime()).toBe(0)
  })

  it('fills a missing required sensitive string with a Redacted ""', () => {
    const out = decodeLenient("AWSSessionCredentials", { accessKeyId: "AKID", sessionToken: "t" })
    expect(Redacted.isRedacted(out.secretAccessKey)).toBe(true)
    expect(Redacted.value(out.secretAccessKey)).toBe("")
  })

  it("treats a null member as absent (filled when required)", () => {
    expect(decodeLenient("StageExecution", { pipelineExecutionId: null, status: "Failed", type: null })).toStrictEqual({
      pipelineExecutionId: "",
      status: "Failed",
    })
  })

  it("drops nulls inside lists and maps", () => {
    const out = decodeLenient("ListPipelinesOutput", { pipelines: [null, { name: "a" }, null, { name: "b" }] })
    expect(out.pipelines).toStrictEqual([{ name: "a" }, { name: "b" }])
    expect(decodeLenient("ResolvedActionConfigurationMap", { a: "1", b: null })).toStrictEqual({ a: "1" })
  })

  it("decodes timestamps from epoch seconds with a millisecond fraction", () => {
    const out = decodeLenient("PipelineSummary", { created: 1700000000.123 })
    expect(out.created?.getTime()).toBe(1700000000123)
  })

  it("fails on a wrong type with a DecodeFailure naming the path, without echoing the value", () => {
    const secret = "s3cr3t-build-token"
    const failure = decodeFailure(() =>
      decodeLenient("ListPipelinesOutput", { pipelines: [{ name: "a" }, { name: "b", version: secret }] }),
    )
    expect(failure.path).toStrictEqual(["pipelines", 1, "version"])
    expect(failure.message).toBe("Expected a number at pipelines[1].version, got a string")
    expect(failure.message).not.toContain(secret)
  })

  it("fails on a wrong type in a sensitive member without echoing it", () => {
    const secret = 271828182845
    const failure = decodeFailure(() =>
      decodeLenient("JobData", { artifactCredentials: { accessKeyId: "AKID", secretAccessKey: secret, sessionToken: "t" } }),
    )
    expect(failure.message).toBe("Expected a string at artifactCredentials.secretAccessKey, got a number")
    expect(failure.message).not.toContain(String(secret))
  })

  it("fails when a structure, list or map is not one, naming what it got", () => {
    expect(decodeFailure(() => decodeLenient("GetPipelineStateOutput", { stageStates: { 0: "x" } })).message).toBe(
      "Expected an array at stageStates, got an object",
    )
    expect(decodeFailure(() => decodeLenient("GetPipelineStateOutput", { stageStates: ["x"] })).message).toBe(
      "Expected an object at stageStates[0], got a string",
    )
    expect(decodeFailure(() => decodeLenient("ResolvedActionConfigurationMap", ["x"])).message).toBe("Expected an object, got an array")
    expect(decodeFailure(() => decodeLenient("PipelineSummary", { created: "yesterday" })).message).toBe(
      "Expected a timestamp (epoch seconds, or an ISO-8601 date-time with a zone) at created, got a string",
    )
  })
})

describe("map keys", () => {
  it("a map entry named __proto__ in a response is kept as an entry", () => {
    const decoded = decodeLenient("ActionConfigurationMap", JSON.parse('{"__proto__":"x","a":"b"}')) as Record<string, string>
    expect(Object.keys(decoded)).toEqual(["__proto__", "a"])
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype)
  })
})
