/**
 * Encoders give the wire form of a valid value: its members, with timestamps as epoch seconds,
 * blobs as base64 and sensitive strings revealed, and nothing more.
 */
import { describe, expect, it } from "vitest"
import * as Codec from "../src/Codec.js"
import * as Encode from "../src/generated/encode.js"

describe("encoders", () => {
  it("give back only the members the value has: an absent timestamp is not added as undefined", () => {
    // Adding members to a copy of a value takes V8 off its fast path for object literals: the
    // encoders of large answers (GetPipelineState) were fifty times slower for it.
    expect(Object.keys(Encode.TransitionState({ enabled: true }, Codec.plainSecrets))).toEqual(["enabled"])
    const state = Encode.GetPipelineStateOutput(
      { pipelineName: "p", stageStates: [{ stageName: "s", actionStates: [{ actionName: "a" }] }] },
      Codec.plainSecrets,
    )
    expect(state).toEqual({ pipelineName: "p", stageStates: [{ stageName: "s", actionStates: [{ actionName: "a" }] }] })
    expect(Object.keys(state)).toEqual(["pipelineName", "stageStates"])
  })

  it("replace the members whose wire form differs, and keep the value as it was", () => {
    const value = { lastChangedAt: new Date(1_500), enabled: false }
    expect(Encode.TransitionState(value, Codec.plainSecrets)).toEqual({ lastChangedAt: 1.5, enabled: false })
    expect(value.lastChangedAt).toEqual(new Date(1_500))
    expect(
      Encode.AWSSessionCredentials(
        { accessKeyId: "a", secretAccessKey: "b", sessionToken: "c" },
        { conceal: (s) => s, reveal: (v) => `revealed ${v}` },
      ),
    ).toEqual({
      accessKeyId: "revealed a",
      secretAccessKey: "revealed b",
      sessionToken: "revealed c",
    })
  })
})
