/**
 * The control API over a real emulator on 127.0.0.1 (port 0), through the core's typed client
 * (`fetch` and SigV4), beside the official SDK; and the manual clock, which makes a scenario give
 * the same ids and times on every run.
 */
import {
  CodePipelineClient,
  CreatePipelineCommand,
  GetPipelineExecutionCommand,
  GetPipelineStateCommand,
  ListActionExecutionsCommand,
  ListPipelineExecutionsCommand,
  ListPipelinesCommand,
  PutApprovalResultCommand,
} from "@aws-sdk/client-codepipeline"
import { ControlApiError, makeClient } from "@effect-codepipeline/core/EmulatorControls"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Emulator, start } from "../src/Emulator.js"
import { releaseWithCodeBuild } from "./support/release.js"

const START = Date.parse("2026-06-01T08:00:00.000Z")

const sdkOf = (emulator: Emulator) =>
  new CodePipelineClient({ region: emulator.region, endpoint: emulator.url, credentials: emulator.credentials, maxAttempts: 1 })

const controlsOf = (emulator: Emulator) =>
  makeClient({ endpoint: emulator.url, region: emulator.region, credentials: emulator.credentials })

const statusOf = async (sdk: CodePipelineClient, stage: string) =>
  (await sdk.send(new GetPipelineStateCommand({ name: "release" }))).stageStates?.find((s) => s.stageName === stage)?.latestExecution
    ?.status

describe("the control API over HTTP", () => {
  let emulator: Emulator
  let sdk: CodePipelineClient
  beforeAll(async () => {
    emulator = await start({ clock: "manual", startTime: START, simulatorOptions: { seed: "controls" } })
    sdk = sdkOf(emulator)
  })
  afterAll(async () => {
    sdk.destroy()
    await emulator.close()
  })

  it("drives a release with the typed client: a build completed with output variables, an approval, a timeout, throttling, the calls read back", async () => {
    const controls = controlsOf(emulator)
    await controls.reset()
    await controls.setOutcomes({ actions: [{ provider: "CodeBuild", status: "Wait" }] })
    await sdk.send(new CreatePipelineCommand({ pipeline: releaseWithCodeBuild() }))
    await controls.advanceClock({ by: "1m" })
    expect(await statusOf(sdk, "Build")).toBe("InProgress")
    await controls.completeAction({
      pipelineName: "release",
      stageName: "Build",
      actionName: "Build",
      status: "Succeeded",
      outputVariables: { Version: "1.2.3" },
    })
    await controls.advanceClock({ by: "1m" })
    const approval = (await sdk.send(new GetPipelineStateCommand({ name: "release" }))).stageStates?.find((s) => s.stageName === "Approve")
    const token = approval?.actionStates?.[0]?.latestExecution?.token
    expect(token).toBeDefined()
    await sdk.send(
      new PutApprovalResultCommand({
        pipelineName: "release",
        stageName: "Approve",
        actionName: "Approve",
        token,
        result: { status: "Approved", summary: "ship it" },
      }),
    )
    await controls.advanceClock({ by: "1m" })
    expect(await statusOf(sdk, "Deploy")).toBe("Succeeded")
    const outputs = await sdk.send(new ListActionExecutionsCommand({ pipelineName: "release" }))
    expect(outputs.actionExecutionDetails?.find((d) => d.actionName === "Build")?.output?.outputVariables).toEqual({ Version: "1.2.3" })

    // A second run waits for an approval that nobody gives: 7 days later it fails.
    await controls.setOutcomes({ actions: [] })
    await controls.pushSourceRevision({ pipelineName: "release", actionName: "Source" })
    await controls.advanceClock({ by: "5m" })
    expect(await statusOf(sdk, "Approve")).toBe("InProgress")
    await controls.advanceClock({ by: "7d" })
    expect(await statusOf(sdk, "Approve")).toBe("Failed")

    await controls.injectFault({ operation: "ListPipelines", code: "ThrottlingException", message: "Rate exceeded" })
    await expect(sdk.send(new ListPipelinesCommand({}))).rejects.toMatchObject({ name: "ThrottlingException", message: "Rate exceeded" })
    expect((await sdk.send(new ListPipelinesCommand({}))).pipelines?.map((p) => p.name)).toEqual(["release"])
    const { calls } = await controls.listCalls({ operation: "ListPipelines" })
    expect(calls.map((c) => [c.outcome, c.error])).toEqual([
      ["Failure", "ThrottlingException"],
      ["Success", undefined],
    ])
  })

  it("signs and verifies several query parameters in any order the caller gives them", async () => {
    const controls = controlsOf(emulator)
    await expect(controls.listJobs({ pipelineName: "release", kind: "Lambda", status: "Created" })).resolves.toEqual({ jobs: [] })
  })

  it("a delayed call reaches the official SDK late, through the server", async () => {
    const controls = controlsOf(emulator)
    await controls.delayCalls({ operation: "ListPipelines", delay: "300ms" })
    const started = Date.now()
    await sdk.send(new ListPipelinesCommand({}))
    expect(Date.now() - started).toBeGreaterThanOrEqual(290)
  })

  it("refuses a control signed with unknown credentials with a ControlApiError (403)", async () => {
    const stranger = makeClient({ endpoint: emulator.url, credentials: { accessKeyId: "AKIASTRANGER00000000", secretAccessKey: "x" } })
    await expect(stranger.getClock()).rejects.toMatchObject({ status: 403, code: "UnrecognizedClientException" })
  })

  it("reports an emulator it cannot reach as a ControlApiError (NetworkError)", async () => {
    const nowhere = makeClient({ endpoint: "http://127.0.0.1:1" })
    const error = await nowhere.getClock().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ControlApiError)
    expect(error).toMatchObject({ status: 0, code: "NetworkError" })
  })
})

describe("the manual clock", () => {
  /** A scenario through the official SDK and the controls; what it saw, ids and times included. */
  const scenario = async () => {
    const emulator = await start({ clock: "manual", startTime: START, simulatorOptions: { seed: "same" } })
    const sdk = sdkOf(emulator)
    const controls = controlsOf(emulator)
    try {
      await sdk.send(new CreatePipelineCommand({ pipeline: releaseWithCodeBuild() }))
      await controls.advanceClock({ by: "2m" })
      const { pipelineExecutionSummaries } = await sdk.send(new ListPipelineExecutionsCommand({ pipelineName: "release" }))
      const id = pipelineExecutionSummaries![0]!.pipelineExecutionId!
      const execution = await sdk.send(new GetPipelineExecutionCommand({ pipelineName: "release", pipelineExecutionId: id }))
      const state = await sdk.send(new GetPipelineStateCommand({ name: "release" }))
      const actions = await sdk.send(new ListActionExecutionsCommand({ pipelineName: "release" }))
      const { calls } = await controls.listCalls()
      // The request id stays; the rest of the metadata is the client's (attempts, timing).
      const strip = ({ $metadata, ...rest }: { $metadata: { requestId?: string | undefined } }) => ({
        ...rest,
        requestId: $metadata.requestId,
      })
      return JSON.parse(JSON.stringify({ execution: strip(execution), state: strip(state), actions: strip(actions), calls }))
    } finally {
      sdk.destroy()
      await emulator.close()
    }
  }

  it("gives the same ids (request ids too) and timestamps on every run of the same scenario", async () => {
    const first = await scenario()
    const second = await scenario()
    expect(second).toEqual(first)
    expect(first.execution.pipelineExecution.pipelineExecutionId).toMatch(/^[0-9a-f-]{36}$/)
    expect(first.state.created).toBe(new Date(START).toISOString())
    expect(first.state.requestId).toMatch(/^00000000-0000-4000-8000-0000000000\d\d$/)
  })

  it("stands still between calls: time moves only when the control advances it", async () => {
    const emulator = await start({ clock: "manual", startTime: START })
    const controls = controlsOf(emulator)
    try {
      expect((await controls.getClock()).epochMillis).toBe(START)
      await new Promise((resolve) => setTimeout(resolve, 20))
      expect((await controls.getClock()).epochMillis).toBe(START)
      expect((await controls.advanceClock({ by: "90s" })).now).toBe(new Date(START + 90_000).toISOString())
    } finally {
      await emulator.close()
    }
  })

  it("checks signatures against the wall clock: requests signed now are served while simulated time is years away", async () => {
    const emulator = await start({ clock: "manual", startTime: Date.parse("2001-01-01T00:00:00Z") })
    const sdk = sdkOf(emulator)
    try {
      await expect(sdk.send(new ListPipelinesCommand({}))).resolves.toMatchObject({ pipelines: [] })
      expect((await controlsOf(emulator).getClock()).now).toBe("2001-01-01T00:00:00.000Z")
    } finally {
      sdk.destroy()
      await emulator.close()
    }
  })

  it("the default clock is the wall clock", async () => {
    const emulator = await start({})
    try {
      const reading = await controlsOf(emulator).getClock()
      expect(Math.abs(reading.epochMillis - Date.now())).toBeLessThan(5000)
    } finally {
      await emulator.close()
    }
  })
})
