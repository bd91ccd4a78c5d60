/**
 * Encoding a request through the core's codec, with this package's `Redacted` secrets: what is
 * written, what is refused and where.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Either from "effect/Either"
import { encodeInput } from "./support/encodeInput.js"
import { GetPipeline, ListPipelines, PutJobSuccessResult, TagResource } from "../src/services/operations.js"

const encoded = (result: Either.Either<unknown, { readonly message: string }>) => {
  if (Either.isLeft(result)) throw new Error(`expected success, got ${result.left.message}`)
  return JSON.stringify(result.right)
}
const rejected = (result: Either.Either<unknown, { readonly message: string; readonly path: string }>) => {
  if (Either.isRight(result)) throw new Error(`expected a rejection, got ${JSON.stringify(result.right)}`)
  return result.left
}

describe("encodeInput", () => {
  it("writes members in the order the input has them, and drops optional members set to undefined", () => {
    expect(encoded(encodeInput(GetPipeline, { version: 2, name: "release" }))).toBe(`{"version":2,"name":"release"}`)
    expect(encoded(encodeInput(GetPipeline, { name: "release", version: undefined }))).toBe(`{"name":"release"}`)
  })

  it("rejects a required member set to undefined, naming it", () => {
    expect(rejected(encodeInput(GetPipeline, { name: undefined } as never)).path).toBe("name")
  })

  it("rejects an unknown member, naming it", () => {
    expect(rejected(encodeInput(GetPipeline, { name: "release", nmae: "x" } as never)).path).toBe("nmae")
  })

  it("ignores symbol-keyed properties, as JSON.stringify does, at any depth", () => {
    const arn = "arn:aws:codepipeline:us-east-1:123456789012:release"
    const input = { resourceArn: arn, tags: [{ key: "team", value: "ci", [Symbol("meta")]: 1 }], [Symbol("extra")]: 1 }
    expect(encoded(encodeInput(TagResource, input))).toBe(`{"resourceArn":"${arn}","tags":[{"key":"team","value":"ci"}]}`)
  })

  it("reports the real error of an invalid input that also has symbol-keyed properties", () => {
    const input = { [Symbol("first")]: 1, name: "not a valid name!", [Symbol("last")]: 2 }
    const error = rejected(encodeInput(GetPipeline, input))
    expect(error.path).toBe("name")
    expect(error.message).not.toContain("is unexpected")
  })

  it("refuses a member defined as non-enumerable, which JSON.stringify would drop, naming it", () => {
    const input = Object.defineProperty({ version: 1, [Symbol("extra")]: 1 }, "name", { value: "release", enumerable: false }) as never
    const error = rejected(encodeInput(GetPipeline, input))
    expect(error.path).toBe("name")
    expect(error.message).toContain("non-enumerable")
  })

  it("checks patterns and lengths of list items and map values", () => {
    const arn = "arn:aws:codepipeline:us-east-1:123456789012:release"
    expect(encoded(encodeInput(TagResource, { resourceArn: arn, tags: [{ key: "team", value: "ci" }] }))).toContain(`"key":"team"`)
    expect(rejected(encodeInput(TagResource, { resourceArn: arn, tags: [{ key: "", value: "ci" }] })).path).toBe("tags[0].key")
    expect(rejected(encodeInput(TagResource, { resourceArn: "not an arn", tags: [] })).path).toBe("resourceArn")
  })

  it("encodes a nested timestamp to epoch seconds, keeps the members around it, and leaves the input as it was", () => {
    const created = new Date(1700000000500)
    const input = {
      jobId: "11111111-2222-3333-4444-555555555555",
      outputVariables: { a: "1", b: "2" },
      currentRevision: { revision: "r1", changeIdentifier: "c1", created, revisionSummary: "s" },
      continuationToken: "t",
    }
    const before = structuredClone(input)
    expect(encoded(encodeInput(PutJobSuccessResult, input))).toBe(
      `{"jobId":"11111111-2222-3333-4444-555555555555","outputVariables":{"a":"1","b":"2"},` +
        `"currentRevision":{"revision":"r1","changeIdentifier":"c1","created":1700000000.5,"revisionSummary":"s"},"continuationToken":"t"}`,
    )
    expect(input).toEqual(before)
    expect(input.currentRevision.created).toBe(created)
  })

  it("takes no input as the empty input", () => {
    expect(encoded(encodeInput(ListPipelines, {}))).toBe("{}")
  })
})
