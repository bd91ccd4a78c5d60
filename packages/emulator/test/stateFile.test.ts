/**
 * The emulator's state file: loaded on start, saved periodically and on stop, corrupt files
 * refused and left alone; and its rendering (`StateFile.renderJson`), a piece at a time, letting
 * requests in between, exactly what `JSON.stringify(value, null, 2)` writes.
 */
import * as Fs from "node:fs/promises"
import * as Path from "node:path"
import type { ActionTypeDeclaration, PipelineDeclaration } from "@effect-codepipeline/core/Types"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { type Emulator, type Options, start } from "../src/Emulator.js"
import { renderJson } from "../src/StateFile.js"
import { call, eventually } from "./support/http.js"
import { actionType, build, declarationOf, source, stage, webhook } from "./support/pipelines.js"
import { emptyState, envelope, freshStateFile, startFails } from "./support/stateFile.js"

/** A V2 pipeline of a GitHub source and a Jenkins build (a custom action type) of the project `name`. */
const declaration = (name: string): PipelineDeclaration =>
  declarationOf(
    name,
    [
      stage(
        "Source",
        source(actionType("Source", "GitHub", "ThirdParty"), { Owner: "acme", Repo: "app", Branch: "main", OAuthToken: "token" }),
      ),
      stage("Build", build(actionType("Build", "Jenkins", "Custom"), { Project: name }, "Jenkins")),
    ],
    { pipelineType: "V2" },
  )

const partner: ActionTypeDeclaration = {
  executor: { type: "JobWorker", configuration: { jobWorkerExecutorConfiguration: { pollingAccounts: ["111122223333"] } } },
  id: { category: "Test", owner: "ThirdParty", provider: "Scanner", version: "1" },
  inputArtifactDetails: { minimumCount: 0, maximumCount: 1 },
  outputArtifactDetails: { minimumCount: 0, maximumCount: 0 },
}

/** A call that must succeed: its output. */
const ok = async (emulator: Emulator, operation: string, input: unknown = {}) => {
  const response = await call(emulator, operation, input)
  expect(response.status, `${operation}: ${response.body}`).toBe(200)
  return response.json
}

/** Everything durable, built through the API. */
const populate = async (emulator: Emulator) => {
  const customType = (version: string) =>
    ok(emulator, "CreateCustomActionType", {
      category: "Build",
      provider: "Jenkins",
      version,
      configurationProperties: [{ name: "Project", required: true, key: true, secret: false }],
      inputArtifactDetails: { minimumCount: 0, maximumCount: 1 },
      outputArtifactDetails: { minimumCount: 0, maximumCount: 1 },
      tags: [{ key: "owner", value: "ci" }],
    })
  await customType("1")
  await customType("2")
  await ok(emulator, "DeleteCustomActionType", { category: "Build", provider: "Jenkins", version: "2" })
  await ok(emulator, "CreatePipeline", {
    pipeline: declaration("release"),
    tags: [
      { key: "team", value: "core" },
      { key: "env", value: "prod" },
    ],
  })
  await ok(emulator, "UpdatePipeline", { pipeline: { ...declaration("release"), executionMode: "QUEUED" } })
  await ok(emulator, "CreatePipeline", { pipeline: declaration("hotfix") })
  await ok(emulator, "DisableStageTransition", { pipelineName: "release", stageName: "Build", transitionType: "Inbound", reason: "Freeze" })
  await ok(emulator, "PutWebhook", {
    webhook: webhook("release-push", "release"),
    tags: [{ key: "hook", value: "yes" }],
  })
  await ok(emulator, "RegisterWebhookWithThirdParty", { webhookName: "release-push" })
  await ok(emulator, "UpdateActionType", { actionType: { ...partner, description: "Security scanner v2" } })
}

/** What a client sees of the durable state (no executions: they are not durable). */
const observe = async (emulator: Emulator) => {
  const release = await ok(emulator, "GetPipeline", { name: "release" })
  const state = await ok(emulator, "GetPipelineState", { name: "release" })
  const webhooks = (await ok(emulator, "ListWebhooks")).webhooks
  return {
    pipelines: (await ok(emulator, "ListPipelines")).pipelines,
    release,
    releaseV1: await ok(emulator, "GetPipeline", { name: "release", version: 1 }),
    tags: (await ok(emulator, "ListTagsForResource", { resourceArn: release.metadata.pipelineArn })).tags,
    transitions: state.stageStates.map((s: { inboundTransitionState: unknown }) => s.inboundTransitionState),
    customTypes: (await ok(emulator, "ListActionTypes", { actionOwnerFilter: "Custom" })).actionTypes,
    customTypeTags: (
      await ok(emulator, "ListTagsForResource", {
        resourceArn: "arn:aws:codepipeline:us-east-1:123456789012:actiontype:Custom/Build/Jenkins/1",
      })
    ).tags,
    partner: (await ok(emulator, "GetActionType", partner.id)).actionType,
    webhooks,
    webhookTags: (await ok(emulator, "ListTagsForResource", { resourceArn: webhooks[0].arn })).tags,
  }
}

describe("the state file", () => {
  const temp = freshStateFile("emulator-state-")

  const withEmulator = async <A>(options: Options, body: (emulator: Emulator) => Promise<A>): Promise<A> => {
    const emulator = await start({ state: temp.file, simulatorOptions: { actionTypes: [partner], startOnCreate: false }, ...options })
    try {
      return await body(emulator)
    } finally {
      await emulator.close()
    }
  }

  it("is created on start, saved on stop, and loaded on the next start", async () => {
    const seen = await withEmulator({}, async (emulator) => {
      expect(JSON.parse(await Fs.readFile(temp.file, "utf8")).state.pipelines).toEqual([])
      await populate(emulator)
      return observe(emulator)
    })
    const saved = JSON.parse(await Fs.readFile(temp.file, "utf8"))
    expect(saved).toMatchObject({ format: "effect-codepipeline-emulator-state", version: 1 })
    expect(saved.state.pipelines.map((p: { name: string }) => p.name)).toEqual(["hotfix", "release"])
    const restored = await withEmulator({}, (emulator) => observe(emulator))
    expect(restored).toEqual(seen)
  })

  it("is saved periodically while the emulator runs", async () => {
    await withEmulator({ saveIntervalMs: 100 }, async (emulator) => {
      await ok(emulator, "CreateCustomActionType", {
        category: "Test",
        provider: "Periodic",
        version: "1",
        inputArtifactDetails: { minimumCount: 0, maximumCount: 0 },
        outputArtifactDetails: { minimumCount: 0, maximumCount: 0 },
      })
      await eventually(
        "the periodic save",
        async () => {
          const saved = JSON.parse(await Fs.readFile(temp.file, "utf8"))
          return saved.state.customActionTypes.length === 1 ? true : undefined
        },
        3000,
      )
    })
  })

  it("an empty file is a new state", async () => {
    await Fs.writeFile(temp.file, "")
    await withEmulator({}, async (emulator) => {
      expect((await call(emulator, "ListPipelines")).json.pipelines).toEqual([])
    })
  })

  /** The message of the start refused over a state file of `content`, which is left as it is. */
  const refusedOver = async (content: string) => {
    await Fs.writeFile(temp.file, content)
    const error = await startFails({ state: temp.file })
    expect(error.reason).toBe("State")
    expect(error.message).toContain(temp.file)
    // Never silently replaced.
    expect(await Fs.readFile(temp.file, "utf8")).toBe(content)
    return error.message
  }

  it("a corrupt file fails the start with the file and the problem named, and is left alone", async () => {
    expect(await refusedOver("{ not json")).toMatch(/is corrupt: it is not valid JSON/)
    expect(await refusedOver(JSON.stringify({ hello: "world" }))).toContain(`is not an emulator state file`)
    expect(await refusedOver(JSON.stringify({ format: "effect-codepipeline-emulator-state", version: 99, state: {} }))).toContain(
      "has version 99",
    )
    const badPipeline = {
      ...emptyState,
      pipelines: [
        { name: "p", created: "2024-01-01T00:00:00.000Z", updated: "2024-01-01T00:00:00.000Z", versions: [{ name: "p" }], tags: [] },
      ],
    }
    expect(await refusedOver(envelope(badPipeline))).toContain("at state.pipelines[0].versions[0].roleArn")
    const badDate = {
      ...emptyState,
      pipelines: [{ ...badPipeline.pipelines[0], created: "yesterday", versions: [declaration("p")].map((d) => ({ ...d, version: 1 })) }],
    }
    expect(await refusedOver(envelope(badDate))).toContain("at state.pipelines[0].created")
    const wrongVersion = { ...emptyState, pipelines: [{ ...badPipeline.pipelines[0], versions: [{ ...declaration("p"), version: 2 }] }] }
    expect(await refusedOver(envelope(wrongVersion))).toContain("expected version 1, got 2")
  })

  it("an unwritable location fails the start rather than losing the state later", async () => {
    const error = await startFails({ state: Path.join(temp.dir, "missing-dir", "state.json") })
    expect(error.reason).toBe("State")
    expect(error.message).toContain("cannot write the state file")
  })
})

describe("rendering the state file", () => {
  const rendered = async (value: unknown) => {
    const out: Array<Buffer> = []
    await renderJson(value, async (chunks) => {
      out.push(...chunks)
    })
    return Buffer.concat(out).toString("utf8")
  }

  it("writes, a piece at a time, exactly what JSON.stringify(value, null, 2) writes, frozen values too", async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 9 }), async (value) => {
        expect(await rendered(value)).toBe(JSON.stringify(value, null, 2))
      }),
      { numRuns: 300, seed: 20150709 },
    )
    const frozen = (v: unknown): unknown => {
      if (typeof v === "object" && v !== null) {
        for (const x of Object.values(v)) frozen(x)
        Object.freeze(v)
      }
      return v
    }
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 9 }), async (value) => {
        const text = JSON.stringify(value, null, 2)
        const v = frozen(value)
        // Twice: the second time from the bytes kept for frozen values.
        expect(await rendered(v)).toBe(text)
        expect(await rendered(v)).toBe(text)
      }),
      { numRuns: 200, seed: 20150710 },
    )
    const odd = {
      a: undefined,
      b: () => 1,
      c: [undefined, () => 1, Symbol("s")],
      d: { toJSON: () => "json" },
      ["__proto__"]: { e: [[[[[[1]]]]]] },
    }
    expect(await rendered(odd)).toBe(JSON.stringify(odd, null, 2))
  })
})
