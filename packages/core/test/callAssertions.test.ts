/**
 * What the stubs' assertions decide (`CallAssertions`), shared by both flavors' `CodePipelineStub`.
 */
import { describe, expect, it } from "vitest"
import * as CallAssertions from "../src/CallAssertions.js"

describe("a recorded input contains a partial one", () => {
  it("when every member given matches, whatever else the input has", () => {
    expect(CallAssertions.matches({ name: "p", version: 2 }, { name: "p" })).toBe(true)
  })

  it("not when a member differs", () => {
    expect(CallAssertions.matches({ name: "p" }, { name: "q" })).toBe(false)
  })

  it("when a member given as undefined is anything", () => {
    expect(CallAssertions.matches({ name: "p" }, { name: undefined })).toBe(true)
  })

  it("with arrays compared element by element and of the same length", () => {
    expect(CallAssertions.matches({ ids: ["a", "b"] }, { ids: ["a", "b"] })).toBe(true)
    expect(CallAssertions.matches({ ids: ["a", "b"] }, { ids: ["a"] })).toBe(false)
    expect(CallAssertions.matches({ ids: "ab" }, { ids: ["a", "b"] })).toBe(false)
  })

  it("with dates compared by their time", () => {
    expect(CallAssertions.matches({ at: new Date(5) }, { at: new Date(5) })).toBe(true)
    expect(CallAssertions.matches({ at: new Date(5) }, { at: new Date(6) })).toBe(false)
    expect(CallAssertions.matches({ at: 5 }, { at: new Date(5) })).toBe(false)
  })

  it("with nested objects compared member by member, and not against a missing one", () => {
    expect(CallAssertions.matches({ a: { b: { c: 1, d: 2 } } }, { a: { b: { c: 1 } } })).toBe(true)
    expect(CallAssertions.matches({ a: null }, { a: { b: 1 } })).toBe(false)
  })

  it("with other values compared by Object.is", () => {
    expect(CallAssertions.matches(Number.NaN, Number.NaN)).toBe(true)
    expect(CallAssertions.matches(0, -0)).toBe(false)
  })
})

describe("an assertion's failure message", () => {
  it("says the operation was not called, with the input expected when one was given", () => {
    expect(CallAssertions.calledProblem("getPipeline", undefined, [])).toBe("expected getPipeline to be called, but it was not called")
    expect(CallAssertions.calledProblem("getPipeline", { name: "p" }, [])).toBe(
      'expected getPipeline to be called with {"name":"p"}, but it was not called',
    )
  })

  it("lists the calls when none contains the input expected", () => {
    expect(CallAssertions.calledProblem("getPipeline", { name: "p" }, [{ name: "a" }, { name: "b" }])).toBe(
      'expected getPipeline to be called with {"name":"p"}; its calls were {"name":"a"}, {"name":"b"}',
    )
  })

  it("is absent when a call contains the input expected", () => {
    expect(CallAssertions.calledProblem("getPipeline", { name: "p" }, [{ name: "a" }, { name: "p" }])).toBeUndefined()
  })

  it("gives the count expected and the count seen", () => {
    expect(CallAssertions.calledTimesProblem("getPipeline", 2, 1)).toBe("expected getPipeline to be called 2 time(s), but it was called 1")
    expect(CallAssertions.calledTimesProblem("getPipeline", 2, 2)).toBeUndefined()
  })

  it("gives the order expected and the order seen of those operations only", () => {
    expect(CallAssertions.callOrderProblem(["a", "b"], ["b", "x", "a"])).toBe("expected calls in order a → b, saw b → a")
    expect(CallAssertions.callOrderProblem(["a", "b"], ["x"])).toBe("expected calls in order a → b, saw none")
    expect(CallAssertions.callOrderProblem(["a", "b"], ["a", "x", "b"])).toBeUndefined()
  })
})
