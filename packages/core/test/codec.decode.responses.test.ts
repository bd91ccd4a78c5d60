/**
 * The response decoder on the cases where it must change what it was given, each among parts that
 * do not change, at several depths.
 */
import { describe, expect, it } from "vitest"
import { plainSecrets } from "../src/Codec.js"
import { GetPipeline } from "../src/Operations.js"

const action = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  actionTypeId: { category: "Build", owner: "AWS", provider: "CodeBuild", version: "1" },
  ...extra,
})
const stage = (name: string, actions: Array<unknown>) => ({ name, actions })
const body = (pipeline: Record<string, unknown>, metadata?: Record<string, unknown>) =>
  JSON.parse(
    JSON.stringify({
      pipeline: { name: "p", roleArn: "arn:aws:iam::123456789012:role/r", ...pipeline },
      ...(metadata ? { metadata } : {}),
    }),
  )

const decode = (json: unknown): any => GetPipeline.output!.decode(json, { secrets: plainSecrets, strict: false })

describe("decoding a GetPipeline response", () => {
  it("returns a body that is already its decoded form with every value in place", () => {
    const json = body({ stages: [stage("Source", [action("a", { configuration: { k: "v" } })])] })
    const expected = structuredClone(json)
    expect(decode(json)).toEqual(expected)
  })

  it("drops unknown members at any depth, also where nothing else changes", () => {
    const json = body({
      stages: [stage("One", [action("a")]), { ...stage("Two", [action("b", { newField: 1 })]), alsoNew: true }],
      newTopLevel: "x",
    })
    const out = decode(json)
    expect(out.pipeline).not.toHaveProperty("newTopLevel")
    expect(out.pipeline.stages[1]).not.toHaveProperty("alsoNew")
    expect(out.pipeline.stages[1].actions[0]).not.toHaveProperty("newField")
    expect(out.pipeline.stages[0]).toEqual(stage("One", [action("a")]))
    expect(out.pipeline.stages[1].actions[0]).toEqual(action("b"))
  })

  it("drops nulls inside lists and maps, keeping the other entries in order", () => {
    const json = body({
      stages: [
        stage("One", [action("a")]),
        null,
        stage("Three", [action("c", { configuration: { a: "1", b: null, c: "3", d: null, e: "5" } })]),
      ],
    })
    const out = decode(json)
    expect(out.pipeline.stages.map((s: any) => s.name)).toEqual(["One", "Three"])
    expect(out.pipeline.stages[1].actions[0].configuration).toEqual({ a: "1", c: "3", e: "5" })
    expect(Object.keys(out.pipeline.stages[1].actions[0].configuration)).toEqual(["a", "c", "e"])
  })

  it("keeps a map entry named __proto__ as an entry when the map is rebuilt around a null", () => {
    const json = JSON.parse(
      '{"pipeline":{"name":"p","roleArn":"r","stages":[{"name":"s","actions":[{"name":"a","actionTypeId":{"category":"Build","owner":"AWS","provider":"CodeBuild","version":"1"},"configuration":{"__proto__":"x","b":null,"c":"3"}}]}]}}',
    )
    const configuration = decode(json).pipeline.stages[0].actions[0].configuration
    expect(Object.keys(configuration)).toEqual(["__proto__", "c"])
    expect(Object.getPrototypeOf(configuration)).toBe(Object.prototype)
  })

  it("treats a null optional member as absent", () => {
    const out = decode(body({ stages: [stage("One", [action("a", { region: null, namespace: "ns" })])] }))
    expect(out.pipeline.stages[0].actions[0]).not.toHaveProperty("region")
    expect(out.pipeline.stages[0].actions[0].namespace).toBe("ns")
  })

  it("turns a nested timestamp into a Date and keeps the members around it", () => {
    const out = decode(body({ stages: [] }, { pipelineArn: "arn:p", created: 1700000000.5, updated: 1700000001 }))
    expect(out.metadata.pipelineArn).toBe("arn:p")
    expect(out.metadata.created).toEqual(new Date(1700000000500))
    expect(out.metadata.updated).toEqual(new Date(1700000001000))
    expect(out.pipeline).toEqual({ name: "p", roleArn: "arn:aws:iam::123456789012:role/r", stages: [] })
  })

  it("error-corrects a missing required member deep in the body, keeping its siblings", () => {
    const json = body({ stages: [stage("One", [action("a"), { name: "b", runOrder: 2 }, action("c")])] })
    const actions = decode(json).pipeline.stages[0].actions
    expect(actions[1]).toEqual({ name: "b", runOrder: 2, actionTypeId: { category: "", owner: "", provider: "", version: "" } })
    expect(actions[0]).toEqual(action("a"))
    expect(actions[2]).toEqual(action("c"))
  })
})
