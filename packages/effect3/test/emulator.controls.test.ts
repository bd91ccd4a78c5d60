/**
 * The emulator's control API in the Effect flavor: reachable through `CodePipelineEmulator.layer`
 * (`controlApi`, over HTTP and SigV4, as a test in another language calls it), and its declarative
 * outcome form taken by the in-memory layer and its controls.
 */
import { describe, expect, it } from "@effect/vitest"
import { Cause, Effect, Exit, Layer, TestClock } from "effect"
import { CodePipeline } from "../src/index.js"
import { CodePipelineEmulator, CodePipelineInMemory } from "../src/testing/index.js"
import { actionState, build, gated, layer, pipeline, rule, stage, stageStatuses, v2 } from "./support/inmemory.js"

const emulator = CodePipelineEmulator.layerClient({ retry: false }).pipe(
  Layer.provideMerge(CodePipelineEmulator.layer({ inMemory: { actionDuration: "100 millis", startOnCreate: false } })),
)

describe("CodePipelineEmulator.layer's control API", () => {
  it.live("sets outcome rules over HTTP, completes the waiting build, and reads the calls back", () =>
    Effect.gen(function* () {
      const { controlApi } = yield* CodePipelineEmulator.Emulator
      yield* controlApi.setOutcomes({ actions: [{ actionName: "Build", status: "Wait" }] })
      yield* CodePipeline.createPipeline({ pipeline: pipeline("release") })
      yield* CodePipeline.startPipelineExecution({ name: "release" })
      yield* controlApi.advanceClock({ by: "1m" })
      expect(yield* stageStatuses("release")).toEqual(["Source:Succeeded", "Build:InProgress", "Deploy:-"])
      yield* controlApi.completeAction({
        pipelineName: "release",
        stageName: "Build",
        actionName: "Build",
        status: "Succeeded",
        summary: "built",
      })
      expect((yield* actionState("release", "Build", "Build"))?.latestExecution?.summary).toBe("built")
      const { calls } = yield* controlApi.listCalls({ operation: "StartPipelineExecution" })
      expect(calls.map((c) => c.outcome)).toEqual(["Success"])
    }).pipe(Effect.provide(emulator)),
  )

  it.live("fails with a ControlApiError (400) naming the problem for bad input", () =>
    Effect.gen(function* () {
      const { controlApi } = yield* CodePipelineEmulator.Emulator
      const error = yield* Effect.flip(controlApi.injectFault({ operation: "Nope" as never, code: "ThrottlingException" }))
      expect(error).toBeInstanceOf(CodePipelineEmulator.ControlApiError)
      expect(error).toMatchObject({ status: 400, code: "BadRequest" })
      expect(error.message).toContain("'Nope' is not a CodePipeline operation")
    }).pipe(Effect.provide(emulator)),
  )
})

describe("declarative outcomes in the in-memory layer", () => {
  it.effect("the layer takes outcome rules as data: a CodeBuild action fails after its duration, with its summary", () =>
    Effect.gen(function* () {
      yield* CodePipeline.createPipeline({ pipeline: pipeline("release") })
      yield* TestClock.adjust("1 minute")
      expect(yield* stageStatuses("release")).toEqual(["Source:Succeeded", "Build:InProgress", "Deploy:-"])
      yield* TestClock.adjust("2 minutes")
      expect(yield* stageStatuses("release")).toEqual(["Source:Succeeded", "Build:Failed", "Deploy:-"])
      expect((yield* actionState("release", "Build", "Build"))?.latestExecution?.summary).toBe("tests failed")
    }).pipe(Effect.provide(layer({ simulate: [{ provider: "CodeBuild", status: "Failed", duration: "2m", summary: "tests failed" }] }))),
  )

  it.effect("the layer takes stage-condition outcome rules as data: a failing alarm rule fails the execution before its gated stage", () =>
    Effect.gen(function* () {
      yield* CodePipeline.createPipeline({
        pipeline: v2("release", [gated(stage("Build", build()), rule("NoAlarm"))]),
      })
      yield* TestClock.adjust("5 minutes")
      const { ruleExecutionDetails } = yield* CodePipeline.listRuleExecutions({ pipelineName: "release" })
      expect(ruleExecutionDetails?.map((r) => [r.ruleName, r.status])).toEqual([["NoAlarm", "Failed"]])
    }).pipe(Effect.provide(layer({ simulateRule: [{ provider: "CloudWatchAlarm", status: "Failed", summary: "in ALARM" }] }))),
  )

  it.effect("controls.setSimulator takes outcome rules: the build's output variables are recorded", () =>
    Effect.gen(function* () {
      const controls = yield* CodePipelineInMemory.Controls
      yield* controls.setSimulator([{ actionName: "Build", status: "Succeeded", outputVariables: { Version: "1.2.3" } }])
      yield* CodePipeline.createPipeline({ pipeline: pipeline("release") })
      yield* TestClock.adjust("5 minutes")
      const details = yield* CodePipeline.listActionExecutions({ pipelineName: "release" })
      expect(details.actionExecutionDetails?.find((d) => d.actionName === "Build")?.output?.outputVariables).toEqual({ Version: "1.2.3" })
    }).pipe(Effect.provide(layer())),
  )

  it.effect("invalid outcome rules given to setSimulator are a defect naming the problem", () =>
    Effect.gen(function* () {
      const controls = yield* CodePipelineInMemory.Controls
      const exit = yield* Effect.exit(controls.setSimulator([{ status: "Later" as never }]))
      expect(Exit.isFailure(exit) && Cause.isDie(exit.cause)).toBe(true)
      if (Exit.isFailure(exit)) expect(Cause.pretty(exit.cause)).toContain("the outcome rules at [0].status must be one of")
    }).pipe(Effect.provide(layer())),
  )
})
