/**
 * Decoding what the wire carries: leniently as a client reads a response (Smithy's rules for
 * clients), strictly as a server reads a request.
 */
import { describe, expect, it } from "vitest"
import * as Codec from "../src/Codec.js"
import * as Operations from "../src/Operations.js"

const lenient = <A>(codec: Codec.ShapeCodec<A>, json: unknown) => Codec.decode(codec, json)
const strict = <A>(codec: Codec.ShapeCodec<A>, json: unknown) => Codec.decode(codec, json, { strict: true })
const ok = <A>(result: ReturnType<typeof Codec.decode<A>>): A => {
  if (result._tag !== "Ok") throw new Error(result.failure.message)
  return result.value
}
const failure = (result: ReturnType<typeof Codec.decode<unknown>>): Codec.DecodeFailure => {
  if (result._tag !== "Failure") throw new Error("decoded")
  return result.failure
}

const state = Operations.GetPipelineState.output!
const pipeline = Operations.GetPipeline.output!

describe("a client reading a response", () => {
  it("ignores members the model does not know", () => {
    const value = ok(lenient(state, { pipelineName: "p", newField: { deep: [1] } }))
    expect(value).toEqual({ pipelineName: "p" })
  })

  it("keeps enum values the model does not know", () => {
    const value = ok(lenient(state, { stageStates: [{ stageName: "s", latestExecution: { pipelineExecutionId: "e", status: "Paused" } }] }))
    expect(value.stageStates?.[0]?.latestExecution?.status).toBe("Paused")
  })

  it("reads null as absent, and drops nulls from lists and maps", () => {
    const value = ok(
      lenient(pipeline, {
        pipeline: { name: "p", roleArn: "r", stages: [null, { name: "s", actions: [] }], artifactStore: null, variables: null },
      }),
    )
    expect(value.pipeline?.stages).toEqual([{ name: "s", actions: [] }])
    expect(value.pipeline).not.toHaveProperty("artifactStore")
    expect(value.pipeline).not.toHaveProperty("variables")
  })

  it("corrects a missing required member to its zero value", () => {
    const value = ok(lenient(pipeline, { pipeline: {} }))
    expect(value.pipeline).toEqual({ name: "", roleArn: "", stages: [] })
    const metadata = ok(lenient(Operations.GetPipelineExecution.output!, { pipelineExecution: { artifactRevisions: [{}] } }))
    expect(metadata.pipelineExecution?.artifactRevisions).toEqual([{}])
  })

  it("reads timestamps as epoch seconds, numeric strings, or ISO-8601 date-times with a zone", () => {
    const at = (created: unknown) => ok(lenient(pipeline, { metadata: { created } })).metadata?.created?.toISOString()
    expect(at(1_700_000_000.123)).toBe("2023-11-14T22:13:20.123Z")
    expect(at("1700000000.5")).toBe("2023-11-14T22:13:20.500Z")
    expect(at("2023-11-14T22:13:20.123Z")).toBe("2023-11-14T22:13:20.123Z")
    expect(at("2023-11-14T23:13:20+01:00")).toBe("2023-11-14T22:13:20.000Z")
    expect(at("2023-11-14 22:13:20Z")).toBe("2023-11-14T22:13:20.000Z")
  })

  it("refuses a timestamp that is neither, naming the member", () => {
    for (const created of ["2023-11-14T22:13:20", "yesterday", "", true, {}]) {
      expect(failure(lenient(pipeline, { metadata: { created } })).message).toMatch(/^Expected a timestamp .* at metadata\.created, got /)
    }
  })

  it("refuses a value of the wrong type, naming the member without echoing the value", () => {
    const f = failure(lenient(state, { stageStates: [{ stageName: "s" }, { stageName: { secret: "AKIA-do-not-echo" } }] }))
    expect(f.message).toBe("Expected a string at stageStates[1].stageName, got an object")
    expect(f.path).toEqual(["stageStates", 1, "stageName"])
    expect(failure(lenient(state, [])).message).toBe("Expected an object, got an array")
  })

  it("keeps a map entry named __proto__ as an entry", () => {
    const json = JSON.parse(
      '{"pipeline":{"name":"p","roleArn":"r","stages":[{"name":"s","actions":[{"name":"a","actionTypeId":{"category":"Build","owner":"AWS","provider":"CodeBuild","version":"1"},"configuration":{"__proto__":"x","ProjectName":"y"}}]}]}}',
    )
    const configuration = ok(lenient(pipeline, json)).pipeline!.stages[0]!.actions[0]!.configuration!
    expect(Object.getPrototypeOf(configuration)).toBe(Object.prototype)
    expect(Object.keys(configuration)).toEqual(["__proto__", "ProjectName"])
    // biome-ignore lint/suspicious/noProto: the test reads an own "__proto__" entry, kept as data
    expect(configuration["__proto__"]).toBe("x")
  })

  it("wraps sensitive strings with the caller's secrets", () => {
    const secrets: Codec.Secrets = { conceal: (s) => ({ hidden: s }), reveal: () => undefined }
    const job = Codec.decode(
      Operations.GetJobDetails.output!,
      { jobDetails: { id: "j", data: { artifactCredentials: { accessKeyId: "a", secretAccessKey: "b", sessionToken: "c" } } } },
      { secrets },
    )
    expect(ok(job).jobDetails?.data?.artifactCredentials).toEqual({
      accessKeyId: { hidden: "a" },
      secretAccessKey: { hidden: "b" },
      sessionToken: { hidden: "c" },
    })
  })
})

describe("a server reading a request", () => {
  const input = Operations.CreatePipeline.input

  it("refuses a missing required member, naming it", () => {
    const f = failure(strict(input, { pipeline: { name: "p", stages: [] } }))
    expect(f.message).toBe("pipeline.roleArn is missing")
  })

  it("refuses a null list item", () => {
    expect(failure(strict(input, { pipeline: { name: "p", roleArn: "r", stages: [null] } })).path).toEqual(["pipeline", "stages", 0])
  })

  it("ignores unknown members and reads null as absent, as AWS does", () => {
    expect(ok(strict(input, { pipeline: { name: "p", roleArn: "r", stages: [], extra: 1, variables: null } }))).toEqual({
      pipeline: { name: "p", roleArn: "r", stages: [] },
    })
  })
})
