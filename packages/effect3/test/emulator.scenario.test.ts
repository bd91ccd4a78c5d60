/**
 * The emulator driven by real clients over HTTP: the same release scenario with the official
 * `@aws-sdk/client-codepipeline` and with this SDK's live layer, each against its own emulator.
 */
import { GetPipelineCommand, paginateListPipelines, PipelineNotFoundException } from "@aws-sdk/client-codepipeline"
import { Effect } from "effect"
import { afterEach, describe, expect, it } from "vitest"
import { type Api, liveApi, officialApi, type Running, startEmulator } from "./support/emulator.js"
import { CodePipeline } from "../src/index.js"
import {
  releaseDefinition,
  releaseScenario,
  restOfTheApi,
  restOperations,
  restOptions,
  scenarioOperations,
  scenarioOptions,
} from "./support/emulatorScenario.js"

let running: Running | undefined
let api: Api | undefined

afterEach(async () => {
  await api?.close()
  await running?.close()
  api = running = undefined
})

/** After a scenario: nothing answered 5xx, and the service saw each operation succeed. */
const checkRun = async (run: Running, operations: ReadonlyArray<string>) => {
  expect(run.log.filter((e) => e.status >= 500)).toEqual([])
  const calls = await Effect.runPromise(run.emulator.controls.calls)
  const succeeded = new Set(calls.filter((c) => c.outcome === "Success").map((c) => c.operation))
  expect([...succeeded].filter((o) => !operations.includes(o))).toEqual([])
  expect(operations.filter((o) => !succeeded.has(o))).toEqual([])
  // Every response carried a request id.
  expect(run.log.every((e) => /^[0-9a-f-]{36}$/.test(e.requestId))).toBe(true)
}

describe("a release through the emulator", () => {
  it("with the official @aws-sdk/client-codepipeline", async () => {
    running = await startEmulator(scenarioOptions)
    const official = officialApi(running.emulator)
    api = official
    await releaseScenario(official)
    await checkRun(running, scenarioOperations)
    // The SDK's own paginator and exception classes work against it too.
    const { pipeline } = JSON.parse(releaseDefinition)
    const stages = pipeline.stages.filter((s: { name: string }) => s.name === "Source" || s.name === "Approve")
    for (const name of ["one", "two", "three"]) await official.call("createPipeline", { pipeline: { ...pipeline, name, stages } })
    const pages = []
    for await (const page of paginateListPipelines({ client: official.client, pageSize: 1 }, {})) pages.push(page)
    expect(pages.map((p) => p.pipelines?.map((s) => s.name))).toEqual([["one"], ["three"], ["two"]])
    const error = await official.client.send(new GetPipelineCommand({ name: "nope" })).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PipelineNotFoundException)
    expect((error as PipelineNotFoundException).$metadata.httpStatusCode).toBe(400)
  })

  it("with this SDK's live layer", async () => {
    running = await startEmulator(scenarioOptions)
    api = liveApi(running.emulator)
    await releaseScenario(api)
    await checkRun(running, scenarioOperations)
  })
})

describe("the rest of the API through the emulator", () => {
  const rest = [
    ...restOperations,
    "AcknowledgeJob",
    "CreateCustomActionType",
    "CreatePipeline",
    "GetPipelineExecution",
    "ListActionExecutions",
    "ListPipelineExecutions",
    "PollForJobs",
    "PutJobSuccessResult",
    "RetryStageExecution",
    "StartPipelineExecution",
  ]

  it("all 44 operations between the two scenarios", () => {
    expect(new Set([...scenarioOperations, ...restOperations]).size).toBe(44)
    expect([...scenarioOperations, ...restOperations].sort()).toEqual(
      Object.values(CodePipeline.operations)
        .map((o) => o.name)
        .sort(),
    )
  })

  it("with the official @aws-sdk/client-codepipeline", async () => {
    running = await startEmulator(restOptions)
    api = officialApi(running.emulator)
    await restOfTheApi(api)
    await checkRun(running, rest)
  })

  it("with this SDK's live layer", async () => {
    running = await startEmulator(restOptions)
    api = liveApi(running.emulator)
    await restOfTheApi(api)
    await checkRun(running, rest)
  })
})
