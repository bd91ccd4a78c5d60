/**
 * The Effect 4 flavor's exported schemas, as a user of them sees them: enums open when read and
 * closed when written, sensitive members `Redacted`, timestamps `Date`s, Smithy's constraints.
 */
import * as Codec from "@effect-codepipeline/core/Codec"
import * as Operations from "@effect-codepipeline/core/Operations"
import { describe, expect, it } from "@effect/vitest"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as B from "../src/schema/internal/builders.js"
import * as S from "../src/schema/Schemas.js"

const EXECUTION_ID = "0f4d2e6a-1b3c-4d5e-8f90-a1b2c3d4e5f6"

/** The message of the error `run` throws. */
const messageOf = (run: () => unknown): string => {
  try {
    run()
  } catch (error) {
    return String(error)
  }
  throw new Error("expected a schema error, but the value was accepted")
}

describe("enums", () => {
  it.prop(
    "generated values of an enum are the modeled ones",
    [S.ActionCategory],
    ([category]) => {
      expect(["Source", "Build", "Deploy", "Test", "Invoke", "Approval", "Compute"]).toContain(category)
    },
    { arbitrary: { runs: 50 } },
  )

  it("an enum value the model does not list decodes in an output, kept as it is", () => {
    const json = { pipelineExecutionId: EXECUTION_ID, status: "Hibernating", type: "TimeTravel" }
    const execution: S.StageExecution = Schema.decodeUnknownSync(S.StageExecution)(json)
    expect(execution).toStrictEqual(json)
    // As the core's decoder reads it from a response, which the flavor's live client uses.
    const response = { pipelineName: "p", stageStates: [{ stageName: "Build", latestExecution: json }] }
    const decoded = Codec.decode(Operations.GetPipelineState.output!, response)
    expect(decoded._tag === "Ok" && decoded.value.stageStates?.[0]?.latestExecution).toStrictEqual(json)
    expect(Schema.decodeUnknownSync(S.GetPipelineStateOutput)(response)).toStrictEqual(response)
  })

  it("an input's enum member takes the modeled values, and a typo is a compile error", () => {
    const approved: S.ApprovalResult = { summary: "ok", status: "Approved" }
    // @ts-expect-error -- "Approve" is not an ApprovalStatus: a typo in an input does not compile.
    const typo: S.ApprovalResult = { summary: "ok", status: "Approve" }
    expect([approved.status, typo.status]).toStrictEqual(["Approved", "Approve"])
  })

  it("a value the model does not list is sent on purpose with unknownEnumValue, and encodes as the plain string", () => {
    const input: S.ApprovalResult = { summary: "ok", status: S.unknownEnumValue("Deferred") }
    expect(Schema.encodeSync(S.ApprovalResult)(input)).toStrictEqual({ summary: "ok", status: "Deferred" })
  })

  it("a value read from an output can be sent back in an input as it is", () => {
    const read = Schema.decodeUnknownSync(S.StageExecution)({ pipelineExecutionId: EXECUTION_ID, status: "Hibernating" })
    const input: S.StageExecution = { pipelineExecutionId: EXECUTION_ID, status: read.status }
    expect(input.status).toBe("Hibernating")
  })
})

describe("sensitive members", () => {
  const credentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "s3cr3t-key", sessionToken: "t0ken" }

  it("decode to Redacted values, which print as <redacted>", () => {
    const decoded = Schema.decodeUnknownSync(S.AWSSessionCredentials)(credentials)
    expect(Redacted.isRedacted(decoded.secretAccessKey)).toBe(true)
    expect(Redacted.value(decoded.secretAccessKey)).toBe("s3cr3t-key")
    expect(String(decoded.secretAccessKey)).not.toContain("s3cr3t")
    expect(JSON.stringify(decoded)).not.toContain("s3cr3t")
  })

  it("encode back to the plain strings the wire carries", () => {
    const value: S.AWSSessionCredentials = {
      accessKeyId: Redacted.make("AKIDEXAMPLE"),
      secretAccessKey: Redacted.make("s3cr3t-key"),
      sessionToken: Redacted.make("t0ken"),
    }
    expect(Schema.encodeSync(S.AWSSessionCredentials)(value)).toStrictEqual(credentials)
  })

  it("a secret passed as a plain string instead of a Redacted is refused without being shown", () => {
    const message = messageOf(() => Schema.encodeUnknownSync(S.AWSSessionCredentials)(credentials))
    expect(message).toContain("Expected a Redacted string (value hidden: sensitive)")
    expect(message).not.toContain("AKIDEXAMPLE")
  })

  it("a secret breaking its length or pattern is refused without being shown", () => {
    const Secret = B.sensitive("Secret", { min: 1, max: 8, pattern: /^[a-z-]+$/ })
    const tooLong = messageOf(() => Schema.decodeUnknownSync(Secret)("s3cr3t-but-far-too-long"))
    expect(tooLong).toContain("Expected at most 8 character(s) (value hidden: sensitive)")
    const unmatched = messageOf(() => Schema.decodeUnknownSync(Secret)("S3CR3T"))
    expect(unmatched).toContain("(value hidden: sensitive)")
    for (const message of [tooLong, unmatched]) expect(message).not.toMatch(/s3cr3t|S3CR3T/)
  })

  it("a secret of the wrong type on the wire is refused without being shown", () => {
    const message = messageOf(() => Schema.decodeUnknownSync(S.AWSSessionCredentials)({ ...credentials, secretAccessKey: 271828182845 }))
    expect(message).toContain("Expected a string (value hidden: sensitive)")
    expect(message).not.toContain("271828182845")
  })
})

describe("timestamps", () => {
  it("are Dates in code and epoch seconds, with a millisecond fraction, on the wire", () => {
    const summary = Schema.decodeUnknownSync(S.PipelineSummary)({ name: "p", created: 1700000000.123 })
    expect(summary.created).toStrictEqual(new Date(1700000000123))
    expect(Schema.encodeSync(S.PipelineSummary)(summary)).toStrictEqual({ name: "p", created: 1700000000.123 })
  })

  it("an invalid Date is refused", () => {
    expect(messageOf(() => Schema.encodeUnknownSync(S.PipelineSummary)({ name: "p", created: new Date(Number.NaN) }))).toContain("created")
  })
})

describe("constraints", () => {
  it("a length counts characters, so an emoji is one", () => {
    // PipelineName: 1 to 100 characters of [A-Za-z0-9.@\-_]; a tag value: 0 to 256 characters.
    expect(Schema.decodeUnknownSync(S.TagValue)("🎉".repeat(256))).toHaveLength(512)
    expect(messageOf(() => Schema.decodeUnknownSync(S.TagValue)("🎉".repeat(257)))).toContain("256")
  })

  it("a string breaking its pattern is refused, naming the pattern", () => {
    expect(messageOf(() => Schema.decodeUnknownSync(S.PipelineName)("my pipeline"))).toContain("^[A-Za-z0-9.@\\-_]+$")
  })

  it("an integer is 32-bit, whether or not the model narrows its range", () => {
    const Unranged = B.int("Unranged")
    expect(Schema.decodeUnknownSync(Unranged)(2 ** 31 - 1)).toBe(2 ** 31 - 1)
    expect(messageOf(() => Schema.decodeUnknownSync(Unranged)(2 ** 31))).toContain("2147483647")
    expect(messageOf(() => Schema.decodeUnknownSync(Unranged)(1.5))).toContain("integer")
  })

  it("a constrained string carries its identifier where Effect's annotate puts it: on its last check", () => {
    // The builders annotate the last check before adding the checks, in one step (builders.ts).
    const plain = Schema.String.check(Schema.isMinCodePoints(1), Schema.isMaxCodePoints(100)).annotate({ identifier: "PipelineName" })
    const annotationsOf = (ast: Schema.Top["ast"]) => ({
      own: ast.annotations,
      checks: ast.checks?.map((c) => c.annotations?.["identifier"]),
    })
    expect(annotationsOf(S.PipelineName.ast)).toEqual({ ...annotationsOf(plain.ast), checks: [undefined, undefined, "PipelineName"] })
    expect(annotationsOf(plain.ast).checks).toEqual([undefined, "PipelineName"])
  })

  it("a structure refuses a member the model does not have when asked to, and requires its required members", () => {
    const strict = { onExcessProperty: "error" } as const
    expect(messageOf(() => Schema.decodeUnknownSync(S.PipelineSummary, strict)({ name: "p", launchedIn: 2031 }))).toContain("launchedIn")
    expect(messageOf(() => Schema.decodeUnknownSync(S.ApprovalResult)({ summary: "ok" }))).toContain("status")
  })
})
