/**
 * The in-memory CodePipeline's snapshot through its controls as Effects: exported, encoded with
 * the `Snapshot` schema, decoded and imported. The emulator's state file, which holds the same
 * snapshot, is tested without Effect in `packages/emulator/test/stateFile.test.ts`.
 */
import { Effect, Either, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { CodePipeline } from "../src/index.js"
import type * as S from "../src/schema/Schemas.js"
import { CodePipelineInMemory } from "../src/testing/index.js"
import { build, partnerActionType, pipeline, source, stage, type, webhook } from "./support/inmemory.js"

// The durable state below (the pipelines, the partner type, `populate`, `observe`) is the one
// packages/emulator/test/stateFile.test.ts round-trips through its state file, there over raw HTTP
// and here through this flavor's Effects: the two suites must agree on what "durable" covers, and
// that package's tests import nothing from a flavor.
const declaration = (name: string): S.PipelineDeclaration =>
  pipeline(name, {
    pipelineType: "V2",
    artifactStore: { type: "S3", location: "bucket" },
    stages: [
      stage(
        "Source",
        source("Source", "out", {
          actionTypeId: type("Source", "GitHub", "ThirdParty"),
          configuration: { Owner: "acme", Repo: "app", Branch: "main", OAuthToken: "token" },
        }),
      ),
      stage("Build", build("Jenkins", "out", { actionTypeId: type("Build", "Jenkins", "Custom"), configuration: { Project: name } })),
    ],
  })

const partner = partnerActionType("Scanner")

/** Everything durable, built through the API of the CodePipeline it is given. */
const populate = Effect.gen(function* () {
  const customType = (version: string) =>
    CodePipeline.createCustomActionType({
      category: "Build",
      provider: "Jenkins",
      version,
      configurationProperties: [{ name: "Project", required: true, key: true, secret: false }],
      inputArtifactDetails: { minimumCount: 0, maximumCount: 1 },
      outputArtifactDetails: { minimumCount: 0, maximumCount: 1 },
      tags: [{ key: "owner", value: "ci" }],
    })
  yield* customType("1")
  yield* customType("2")
  yield* CodePipeline.deleteCustomActionType({ category: "Build", provider: "Jenkins", version: "2" })
  yield* CodePipeline.createPipeline({
    pipeline: declaration("release"),
    tags: [
      { key: "team", value: "core" },
      { key: "env", value: "prod" },
    ],
  })
  yield* CodePipeline.updatePipeline({ pipeline: { ...declaration("release"), executionMode: "QUEUED" } })
  yield* CodePipeline.createPipeline({ pipeline: declaration("hotfix") })
  yield* CodePipeline.disableStageTransition({ pipelineName: "release", stageName: "Build", transitionType: "Inbound", reason: "Freeze" })
  yield* CodePipeline.putWebhook({
    webhook: webhook("release-push", "release", "main"),
    tags: [{ key: "hook", value: "yes" }],
  })
  yield* CodePipeline.registerWebhookWithThirdParty({ webhookName: "release-push" })
  yield* CodePipeline.updateActionType({ actionType: { ...partner, description: "Security scanner v2" } })
})

/** What a client sees of the durable state (no executions: they are not durable). */
const observe = Effect.gen(function* () {
  const release = yield* CodePipeline.getPipeline({ name: "release" })
  const arn = release.metadata!.pipelineArn!
  const state = yield* CodePipeline.getPipelineState({ name: "release" })
  const webhooks = (yield* CodePipeline.listWebhooks()).webhooks!
  return {
    pipelines: (yield* CodePipeline.listPipelines()).pipelines,
    release,
    releaseV1: yield* CodePipeline.getPipeline({ name: "release", version: 1 }),
    tags: (yield* CodePipeline.listTagsForResource({ resourceArn: arn })).tags,
    transitions: state.stageStates?.map((s) => s.inboundTransitionState),
    customTypes: (yield* CodePipeline.listActionTypes({ actionOwnerFilter: "Custom" })).actionTypes,
    customTypeTags: (yield* CodePipeline.listTagsForResource({
      resourceArn: `arn:aws:codepipeline:us-east-1:123456789012:actiontype:Custom/Build/Jenkins/1`,
    })).tags,
    partner: (yield* CodePipeline.getActionType(partner.id)).actionType,
    webhooks,
    webhookTags: (yield* CodePipeline.listTagsForResource({ resourceArn: webhooks[0]!.arn! })).tags,
  }
})

const inMemory = (effect: Effect.Effect<unknown, unknown, CodePipeline.CodePipeline | CodePipelineInMemory.Controls>) =>
  effect.pipe(Effect.provide(CodePipelineInMemory.layer({ actionTypes: [partner], startOnCreate: false })))

describe("snapshots of the in-memory CodePipeline", () => {
  it("export to JSON and import into a new CodePipeline: everything durable is the same", async () => {
    const { json, seen } = await Effect.runPromise(
      inMemory(
        Effect.gen(function* () {
          yield* populate
          const snapshot = yield* (yield* CodePipelineInMemory.Controls).exportState
          return { json: JSON.stringify(yield* Schema.encode(CodePipelineInMemory.Snapshot)(snapshot)), seen: yield* observe }
        }),
      ) as Effect.Effect<{ json: string; seen: unknown }>,
    )
    const restored = await Effect.runPromise(
      inMemory(
        Effect.gen(function* () {
          const snapshot = yield* Schema.decodeUnknown(CodePipelineInMemory.Snapshot)(JSON.parse(json))
          yield* (yield* CodePipelineInMemory.Controls).importState(snapshot)
          return yield* observe
        }),
      ) as Effect.Effect<unknown>,
    )
    expect(restored).toEqual(seen)
  })

  it("keeps the rules the state carries: a deleted custom action type's version is not reused", async () => {
    const result = await Effect.runPromise(
      inMemory(
        Effect.gen(function* () {
          yield* populate
          const snapshot = yield* (yield* CodePipelineInMemory.Controls).exportState
          return yield* Effect.provide(
            Effect.gen(function* () {
              yield* (yield* CodePipelineInMemory.Controls).importState(snapshot)
              // Version 2 was deleted with another definition: recreating it differently is refused.
              return yield* Effect.either(
                CodePipeline.createCustomActionType({
                  category: "Build",
                  provider: "Jenkins",
                  version: "2",
                  inputArtifactDetails: { minimumCount: 0, maximumCount: 0 },
                  outputArtifactDetails: { minimumCount: 0, maximumCount: 0 },
                }),
              )
            }),
            CodePipelineInMemory.layer({ startOnCreate: false }),
          )
        }),
      ) as Effect.Effect<Either.Either<unknown, { _tag: string }>>,
    )
    expect(Either.isLeft(result) && result.left._tag).toBe("ValidationException")
  })

  it("imports only into an empty CodePipeline, and all or nothing", async () => {
    const errors = await Effect.runPromise(
      inMemory(
        Effect.gen(function* () {
          yield* populate
          const controls = yield* CodePipelineInMemory.Controls
          const snapshot = yield* controls.exportState
          const notEmpty = yield* Effect.flip(controls.importState(snapshot))
          return yield* Effect.provide(
            Effect.gen(function* () {
              const fresh = yield* CodePipelineInMemory.Controls
              const broken = { ...snapshot, webhooks: [...snapshot.webhooks, snapshot.webhooks[0]!] }
              const duplicate = yield* Effect.flip(fresh.importState(broken))
              const pipelines = (yield* CodePipeline.listPipelines()).pipelines
              return { notEmpty: notEmpty.message, duplicate: duplicate.message, pipelines }
            }),
            CodePipelineInMemory.layer(),
          )
        }),
      ) as Effect.Effect<{ notEmpty: string; duplicate: string; pipelines: unknown }>,
    )
    expect(errors.notEmpty).toContain("without pipelines")
    expect(errors.duplicate).toContain("webhooks[1] (release-push): appears twice")
    expect(errors.pipelines).toEqual([])
  })
})
