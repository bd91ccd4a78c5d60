import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import { PipelineNotFoundException } from "../src/errors/index.js"
import * as CodePipeline from "../src/services/CodePipeline.js"
import * as CodePipelineStub from "../src/testing/CodePipelineStub.js"

const layer = CodePipelineStub.layer({
  getPipelineState: ({ name }) => Effect.succeed({ pipelineName: name, stageStates: [] }),
  getPipeline: ({ name }) => Effect.fail(new PipelineNotFoundException({ message: `no ${name}` })),
  startPipelineExecution: () => Effect.succeed({ pipelineExecutionId: "00000000-0000-0000-0000-000000000001" }),
})

describe("CodePipelineStub (Effect 4)", () => {
  it.effect("answers with the handler's output", () =>
    Effect.gen(function* () {
      const state = yield* CodePipeline.getPipelineState({ name: "release" })
      expect(state.pipelineName).toBe("release")
    }).pipe(Effect.provide(layer)),
  )

  it.effect("fails with the handler's typed error, catchable by tag", () =>
    Effect.gen(function* () {
      const message = yield* CodePipeline.getPipeline({ name: "release" }).pipe(
        Effect.map(() => "found"),
        Effect.catchTag("PipelineNotFoundException", (e) => Effect.succeed(e.message)),
      )
      expect(message).toBe("no release")
    }).pipe(Effect.provide(layer)),
  )

  it.effect("an operation without a handler dies with a message naming it", () =>
    Effect.gen(function* () {
      const exit = yield* Effect.exit(CodePipeline.deletePipeline({ name: "release" }))
      expect(Exit.isFailure(exit) && String(exit.cause)).toContain("deletePipeline was called but has no handler")
    }).pipe(Effect.provide(layer)),
  )

  it.effect("validates inputs against the model like the live client", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(CodePipeline.getPipelineState({ name: "" }))
      expect(error).toMatchObject({ _tag: "InputValidationError", path: "name" })
    }).pipe(Effect.provide(layer)),
  )

  it.effect("records calls, asserted by operation, partial input, count and order", () =>
    Effect.gen(function* () {
      yield* CodePipeline.getPipelineState({ name: "a" })
      yield* CodePipeline.startPipelineExecution({ name: "a", variables: [{ name: "env", value: "prod" }] })
      yield* CodePipeline.getPipelineState({ name: "b" })
      expect(yield* CodePipelineStub.callsOf("getPipelineState")).toEqual([{ name: "a" }, { name: "b" }])
      yield* CodePipelineStub.assertCalled("startPipelineExecution", { variables: [{ value: "prod" }] })
      yield* CodePipelineStub.assertCalledTimes("getPipelineState", 2)
      yield* CodePipelineStub.assertCallOrder(["getPipelineState", "startPipelineExecution", "getPipelineState"])
    }).pipe(Effect.provide(layer)),
  )

  it.effect("a failed assertion says what was expected and what was seen", () =>
    Effect.gen(function* () {
      yield* CodePipeline.getPipelineState({ name: "a" })
      const notCalled = yield* Effect.flip(CodePipelineStub.assertCalled("deletePipeline"))
      expect(notCalled.message).toBe("expected deletePipeline to be called, but it was not called")
      const wrongInput = yield* Effect.flip(CodePipelineStub.assertCalled("getPipelineState", { name: "z" }))
      expect(wrongInput.message).toBe('expected getPipelineState to be called with {"name":"z"}; its calls were {"name":"a"}')
      const wrongCount = yield* Effect.flip(CodePipelineStub.assertCalledTimes("getPipelineState", 3))
      expect(wrongCount.message).toContain("called 1")
    }).pipe(Effect.provide(layer)),
  )

  it.effect("each layer build starts with no recorded calls", () =>
    Effect.gen(function* () {
      expect(yield* CodePipelineStub.calls).toEqual([])
    }).pipe(Effect.provide(layer)),
  )
})
