/**
 * Fifty official-SDK clients at once, for a few seconds, creating, updating (read, modify, write)
 * and starting pipelines, half of them on pipelines they share: no 5xx (no error at all), no lost
 * update (every accepted update is in the version history at the version it was given, versions
 * are dense and strictly increase), and every started execution is listed by the service.
 */
import {
  CodePipelineClient,
  CreatePipelineCommand,
  GetPipelineCommand,
  ListPipelineExecutionsCommand,
  type PipelineDeclaration,
  StartPipelineExecutionCommand,
  UpdatePipelineCommand,
} from "@aws-sdk/client-codepipeline"
import { afterAll, describe, expect, it } from "vitest"
import { type Emulator, type RequestLog, start } from "../src/Emulator.js"
import { actionType, build, declarationOf, source, stage } from "./support/pipelines.js"

const CLIENTS = 50
const DURATION_MS = 3000
const SHARED = ["shared-0", "shared-1", "shared-2", "shared-3", "shared-4"]

/** A V2 pipeline of a CodeCommit source and a CodeBuild build; `marker` is the source's branch, which updates change. */
const declaration = (name: string, marker: string) =>
  declarationOf(
    name,
    [
      stage("Source", source(actionType("Source", "CodeCommit"), { RepositoryName: "app", BranchName: marker })),
      stage("Build", build(actionType("Build", "CodeBuild"), { ProjectName: "app" })),
    ],
    { pipelineType: "V2" },
  ) as PipelineDeclaration

const markerOf = (pipeline: PipelineDeclaration | undefined) => pipeline?.stages?.[0]?.actions?.[0]?.configuration?.["BranchName"]

const withMarker = (pipeline: PipelineDeclaration, marker: string): PipelineDeclaration => {
  const [source, ...rest] = pipeline.stages ?? []
  const action = source!.actions![0]!
  return {
    ...pipeline,
    stages: [{ ...source!, actions: [{ ...action, configuration: { ...action.configuration, BranchName: marker } }] }, ...rest],
  }
}

let emulator: Emulator | undefined
const apis: Array<CodePipelineClient> = []
afterAll(async () => {
  for (const api of apis) api.destroy()
  await emulator?.close()
})

describe("50 concurrent clients", () => {
  it("create, update and start pipelines: no 5xx, no lost update, every execution accounted for", { timeout: 60_000 }, async () => {
    const log: Array<RequestLog> = []
    emulator = await start({
      simulatorOptions: { startOnCreate: false, actionDurationMs: 100, seed: "concurrency" },
      onRequest: (entry) => log.push(entry),
    })
    for (let i = 0; i < CLIENTS; i++)
      apis.push(
        new CodePipelineClient({ region: emulator.region, endpoint: emulator.url, credentials: emulator.credentials, maxAttempts: 1 }),
      )
    await Promise.all(SHARED.map((name) => apis[0]!.send(new CreatePipelineCommand({ pipeline: declaration(name, "initial") }))))

    const updates = new Map<string, Array<{ readonly version: number; readonly marker: string }>>()
    const started = new Map<string, Set<string>>()
    const deadline = Date.now() + DURATION_MS
    let calls = 0

    await Promise.all(
      apis.map(async (api, i) => {
        const own = `own-${i}`
        await api.send(new CreatePipelineCommand({ pipeline: declaration(own, "initial") }))
        const seen = new Map<string, number>()
        for (let n = 0; Date.now() < deadline; n++) {
          const name = n % 2 === 0 ? own : SHARED[(i + n) % SHARED.length]!
          if (n % 3 !== 2) {
            const current = await api.send(new GetPipelineCommand({ name }))
            const marker = `client-${i}-${n}`
            const updated = await api.send(new UpdatePipelineCommand({ pipeline: withMarker(current.pipeline!, marker) }))
            const version = updated.pipeline!.version!
            // Strictly increasing, as this client sees them.
            expect(version).toBeGreaterThan(seen.get(name) ?? 1)
            expect(version).toBeGreaterThan(current.pipeline!.version!)
            seen.set(name, version)
            let list = updates.get(name)
            if (list === undefined) updates.set(name, (list = []))
            list.push({ version, marker })
            calls += 2
          } else {
            const { pipelineExecutionId } = await api.send(new StartPipelineExecutionCommand({ name }))
            let set = started.get(name)
            if (set === undefined) started.set(name, (set = new Set()))
            set.add(pipelineExecutionId!)
            calls += 1
          }
        }
      }),
    )

    // Not one error, let alone a 5xx.
    expect(log.filter((e) => e.status !== 200).map((e) => `${e.operation} ${e.status} ${e.code}`)).toEqual([])
    expect(calls).toBeGreaterThan(CLIENTS * 3)

    const api = apis[0]!
    const names = [...SHARED, ...apis.map((_, i) => `own-${i}`)]
    for (const name of names) {
      // No lost update: versions 2..current, each exactly once, each holding what its writer wrote.
      const list = (updates.get(name) ?? []).slice().sort((a, b) => a.version - b.version)
      const current = (await api.send(new GetPipelineCommand({ name }))).pipeline!
      expect(list.map((u) => u.version)).toEqual(Array.from({ length: current.version! - 1 }, (_, k) => k + 2))
      for (const update of list.filter((_, k) => k % 5 === 0 || k === list.length - 1)) {
        expect(markerOf((await api.send(new GetPipelineCommand({ name, version: update.version }))).pipeline)).toBe(update.marker)
      }
      expect(markerOf(current)).toBe(list.at(-1)?.marker ?? "initial")

      // Every execution started is listed, and nothing else.
      const listed: Array<string> = []
      let nextToken: string | undefined
      do {
        const page = await api.send(
          new ListPipelineExecutionsCommand({ pipelineName: name, maxResults: 100, ...(nextToken ? { nextToken } : {}) }),
        )
        listed.push(...page.pipelineExecutionSummaries!.map((s) => s.pipelineExecutionId!))
        nextToken = page.nextToken
      } while (nextToken !== undefined)
      expect(new Set(listed)).toEqual(started.get(name) ?? new Set())
      expect(listed.length).toBe(started.get(name)?.size ?? 0)
    }
    expect(log.filter((e) => e.status >= 500)).toEqual([])
  })
})
