/**
 * Whatever a caller hands in, validation answers with an issue or accepts it: it never throws,
 * never recurses past the model's depth, and never copies more than a short prefix of a value into
 * a message.
 */
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Codec from "../src/Codec.js"
import * as Operations from "../src/Operations.js"

const input = Operations.CreatePipeline.input
const validPipeline = () => ({
  name: "p",
  roleArn: "arn:aws:iam::123456789012:role/r",
  artifactStore: { type: "S3", location: "bucket" },
  stages: [{ name: "Source", actions: [{ name: "a", actionTypeId: { category: "Source", owner: "AWS", provider: "S3", version: "1" } }] }],
})
const check = (value: unknown) => Codec.validate(input, value)
const nested = (depth: number, leaf: unknown): unknown => {
  let v = leaf
  for (let i = 0; i < depth; i++) v = [v]
  return v
}

describe("validation of hostile inputs", () => {
  it("refuses a value nested a million levels deep in a string member at its first level", () => {
    const issue = check({ pipeline: { ...validPipeline(), name: nested(1_000_000, "x") } })
    expect(issue).toMatchObject({ kind: "type", path: ["pipeline", "name"] })
    expect(Codec.issueMessage(issue!)).toBe("Expected a string, got an array")
  })

  it("refuses deep nesting inside an unknown member without walking it", () => {
    expect(check({ pipeline: validPipeline(), extra: nested(1_000_000, 1) })).toMatchObject({ kind: "unknown", path: ["extra"] })
  })

  it("refuses a cyclic value", () => {
    const stage: any = { name: "s", actions: [] }
    stage.actions.push(stage)
    const issue = check({ pipeline: { ...validPipeline(), stages: [stage] } })
    // The stage, read again as an action, has a member no action has.
    expect(issue).toMatchObject({ kind: "unknown", path: ["pipeline", "stages", 0, "actions", 0, "actions"] })
  })

  it("answers a Proxy whose traps throw, and a getter that throws, with an issue", () => {
    const trap = new Proxy(
      {},
      {
        getPrototypeOf: () => {
          throw new Error("trap")
        },
      },
    )
    expect(check({ pipeline: trap })).toMatchObject({ kind: "unreadable" })
    const getter = Object.defineProperty({}, "pipeline", {
      enumerable: true,
      get: () => {
        throw new RangeError("no")
      },
    })
    expect(Codec.issueMessage(check(getter)!)).toBe("could not be read (reading it threw RangeError: no)")
  })

  it("refuses objects that are not plain where a structure or map belongs", () => {
    for (const value of [new Map(), new Date(), new (class Pipeline {})(), [], "p", 1, null]) {
      expect(check({ pipeline: value })).toMatchObject({ kind: "type", path: ["pipeline"] })
    }
  })

  it("accepts objects without a prototype", () => {
    expect(check(Object.assign(Object.create(null), { pipeline: validPipeline() }))).toBeUndefined()
  })

  it("keeps a __proto__ key as data: refused as an unknown member, never read as a prototype", () => {
    const json = JSON.parse(`{"pipeline": ${JSON.stringify(validPipeline())}, "__proto__": {"pipeline": 1}}`)
    expect(check(json)).toMatchObject({ kind: "unknown", path: ["__proto__"] })
    const configured = validPipeline()
    ;(configured.stages[0]!.actions[0] as any).configuration = JSON.parse('{"__proto__": 5}')
    expect(check({ pipeline: configured })).toMatchObject({
      kind: "type",
      path: ["pipeline", "stages", 0, "actions", 0, "configuration", "__proto__"],
    })
  })

  it("ignores symbol keys, as JSON.stringify does, and refuses a non-enumerable member it would drop", () => {
    expect(check({ pipeline: validPipeline(), [Symbol("meta")]: 1 })).toBeUndefined()
    const hidden = Object.defineProperty({ pipeline: validPipeline() }, "tags", { value: [], enumerable: false })
    expect(check(hidden)).toMatchObject({ kind: "hidden", path: ["tags"] })
  })

  it("ignores a non-enumerable property that is not a member, as JSON.stringify does", () => {
    const tagged = Object.defineProperty({ pipeline: validPipeline() }, "draft", { value: true, enumerable: false })
    expect(check(tagged)).toBeUndefined()
    expect(JSON.stringify(tagged)).not.toContain("draft")
  })

  it("checks inputs exactly while Object.prototype has an enumerable key (prototype pollution)", () => {
    ;(Object.prototype as any).polluted = 1
    try {
      expect(check({ pipeline: validPipeline() })).toBeUndefined()
      const configured = validPipeline()
      ;(configured.stages[0]!.actions[0] as any).configuration = { S3Bucket: "b" }
      expect(check({ pipeline: configured })).toBeUndefined()
      expect(check({ pipeline: validPipeline(), extra: 1 })).toMatchObject({ kind: "unknown", path: ["extra"] })
    } finally {
      delete (Object.prototype as any).polluted
    }
  })

  it("still refuses an unknown member when a member also holds undefined", () => {
    expect(check({ pipeline: validPipeline(), tags: undefined, pipelines: [] })).toMatchObject({ kind: "unknown", path: ["pipelines"] })
  })

  it("refuses a structure that inherits its members, as JSON.stringify would not send them", () => {
    expect(check(Object.create({ pipeline: validPipeline() }))).toMatchObject({ kind: "type", path: [] })
  })

  it("never copies more than a short prefix of an offending string into a message", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 200, maxLength: 5000, unit: "binary" }), (name) => {
        const issue = check({ pipeline: { ...validPipeline(), name } })!
        for (const message of [Codec.issueMessage(issue), Codec.awsIssueMessage(issue)]) {
          // At most 60 characters of the value, each escaped to at most 6 by JSON.
          expect(message.length).toBeLessThan(500)
          expect(message).not.toContain(name.slice(0, 61))
        }
      }),
      { numRuns: 50 },
    )
  })

  it("never throws, whatever the value", () => {
    fc.assert(
      fc.property(
        fc.anything({
          withBoxedValues: true,
          withMap: true,
          withSet: true,
          withObjectString: true,
          withNullPrototype: true,
          withTypedArray: true,
          withSparseArray: true,
        }),
        (value) => {
          for (const [, operation] of Object.entries(Operations.operations)) {
            const issue = Codec.validate(operation.input, value)
            if (issue !== undefined) Codec.issueMessage(issue)
            Codec.validate(operation.input, { pipeline: value, name: value, stages: [value] })
          }
        },
      ),
      { numRuns: 200 },
    )
  })
})

describe("sensitive values", () => {
  const secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
  // Secrets held in a box, as the Effect packages hold them in a `Redacted`.
  const box = (value: unknown) => ({ boxed: value })
  const boxed: Codec.Secrets = {
    conceal: (value) => box(value),
    reveal: (value) =>
      typeof value === "object" && value !== null && "boxed" in value && typeof value.boxed === "string" ? value.boxed : undefined,
  }
  const credentials = Operations.GetJobDetails.output!
  const JOB = "11111111-2222-3333-4444-555555555555"
  const validate = (value: unknown) =>
    Codec.validate(
      {
        validate: (v: unknown, s: Codec.Secrets) => credentials.validate({ jobDetails: { id: JOB, data: { artifactCredentials: v } } }, s),
      } as never,
      value,
      boxed,
    )

  it("are never echoed when one is passed bare instead of held, or is not a string", () => {
    for (const bad of [secret, 271828182845, box(271828182845), { value: secret }]) {
      const issue = validate({ accessKeyId: box("AKID"), secretAccessKey: bad, sessionToken: box("t") })!
      expect(issue.path).toEqual(["jobDetails", "data", "artifactCredentials", "secretAccessKey"])
      for (const message of [Codec.issueMessage(issue), Codec.awsIssueMessage(issue)]) {
        expect(message).not.toContain(secret)
        expect(message).not.toContain("271828182845")
      }
      expect(Codec.issueMessage(issue)).toContain("value hidden: sensitive")
    }
  })

  it("are encoded as the string they hold", () => {
    const value = {
      jobDetails: {
        id: JOB,
        data: { artifactCredentials: { accessKeyId: box("AKID"), secretAccessKey: box(secret), sessionToken: box("t") } },
      },
    }
    expect(credentials.validate(value, boxed)).toBeUndefined()
    expect(JSON.stringify(credentials.encode(value, boxed))).toBe(
      `{"jobDetails":{"id":"${JOB}","data":{"artifactCredentials":{"accessKeyId":"AKID","secretAccessKey":"${secret}","sessionToken":"t"}}}}`,
    )
  })

  it("keep their rules' messages free of the value (a constrained sensitive string, as generated code reports it)", () => {
    for (const issue of [
      Codec.lengthIssue(secret, "character", 8, 16, true),
      Codec.lengthIssue("abc", "character", 8, 16, true),
      Codec.patternIssue(`${secret}!`, "^[A-Za-z0-9/+=]+$", true),
    ]) {
      for (const message of [Codec.issueMessage(issue), Codec.awsIssueMessage(issue)]) {
        expect(message).not.toContain(secret.slice(0, 8))
        expect(message).not.toContain("abc")
      }
    }
  })
})
