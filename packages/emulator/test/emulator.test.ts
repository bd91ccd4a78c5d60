/**
 * `start`, in process: the official SDK against the emulator, its state file kept across a
 * restart, and the errors a start can fail with.
 */
import * as Fs from "node:fs/promises"
import * as Os from "node:os"
import * as Path from "node:path"
import {
  CodePipelineClient,
  CreatePipelineCommand,
  GetPipelineStateCommand,
  ListPipelinesCommand,
  StartPipelineExecutionCommand,
} from "@aws-sdk/client-codepipeline"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Emulator, EmulatorError, start } from "../src/Emulator.js"
import { releaseDefinition } from "./support/release.js"

const client = (emulator: Emulator) =>
  new CodePipelineClient({ region: emulator.region, endpoint: emulator.url, credentials: emulator.credentials, maxAttempts: 1 })

/** The release pipeline's Source and Approve stages: a run that waits for a person. */
const release = () => {
  const { pipeline } = JSON.parse(releaseDefinition)
  return { ...pipeline, stages: pipeline.stages.filter((s: { name: string }) => s.name === "Source" || s.name === "Approve") }
}

let dir: string
beforeAll(async () => {
  dir = await Fs.mkdtemp(Path.join(Os.tmpdir(), "emulator-start-"))
})
afterAll(() => Fs.rm(dir, { recursive: true, force: true }))

describe("start", () => {
  it("serves the official SDK: a pipeline created, an execution started, its state read", async () => {
    const emulator = await start({ simulatorOptions: { actionDurationMs: 50 } })
    const sdk = client(emulator)
    try {
      await sdk.send(new CreatePipelineCommand({ pipeline: release() }))
      const { pipelineExecutionId } = await sdk.send(new StartPipelineExecutionCommand({ name: "release" }))
      expect(pipelineExecutionId).toBeDefined()
      let approve: string | undefined
      for (let i = 0; i < 100 && approve !== "InProgress"; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20))
        const state = await sdk.send(new GetPipelineStateCommand({ name: "release" }))
        approve = state.stageStates?.find((s) => s.stageName === "Approve")?.latestExecution?.status
      }
      expect(approve).toBe("InProgress")
    } finally {
      sdk.destroy()
      await emulator.close()
    }
  })

  it("keeps its state in the state file across a restart, and holds the file's lock while it runs", async () => {
    const state = Path.join(dir, "state.json")
    const first = await start({ state })
    const sdk = client(first)
    await sdk.send(new CreatePipelineCommand({ pipeline: release() }))
    sdk.destroy()
    const second = await start({ state }).catch((error: unknown) => error)
    expect(second).toBeInstanceOf(EmulatorError)
    expect((second as EmulatorError).message).toContain("is in use by another emulator")
    await first.close()

    const again = await start({ state })
    expect(again.loadedPipelines).toBe(1)
    const reader = client(again)
    expect((await reader.send(new ListPipelinesCommand({}))).pipelines?.map((p) => p.name)).toEqual(["release"])
    reader.destroy()
    await again.close()
    await expect(Fs.access(`${state}.lock`)).rejects.toThrow()
  })

  it("fails with an EmulatorError (Listen) on a port in use, and releases the state file", async () => {
    const first = await start({})
    const state = Path.join(dir, "port.json")
    const error = await start({ port: first.port, state }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(EmulatorError)
    expect((error as EmulatorError).reason).toBe("Listen")
    expect((error as EmulatorError).message).toContain(`cannot listen on 127.0.0.1:${first.port}`)
    await expect(Fs.access(`${state}.lock`)).rejects.toThrow()
    await first.close()
  })
})
