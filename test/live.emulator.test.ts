/**
 * The Effect 4 flavor's live client against the emulator (`@effect-codepipeline/emulator`, the
 * simulator served over awsJson1_1 with strict SigV4): one emulator for the file.
 */
import { type Emulator, start } from "@effect-codepipeline/emulator"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import * as CodePipeline from "../src/services/CodePipeline.js"

let emulator: Emulator
let layer: Layer.Layer<CodePipeline.CodePipeline, unknown>

beforeAll(async () => {
  emulator = await start({ host: "127.0.0.1", port: 0 })
  layer = CodePipeline.layer({ region: emulator.region, endpoint: emulator.url, credentials: emulator.credentials })
})
afterAll(() => emulator?.close())

const ROLE = "arn:aws:iam::123456789012:role/codepipeline"
const pipeline = (name: string) => ({
  name,
  roleArn: ROLE,
  artifactStore: { type: "S3" as const, location: "artifact-bucket" },
  stages: [
    {
      name: "Source",
      actions: [
        {
          name: "Source",
          actionTypeId: { category: "Source" as const, owner: "AWS" as const, provider: "CodeCommit", version: "1" },
          configuration: { RepositoryName: "app", BranchName: "main" },
          outputArtifacts: [{ name: "SourceOutput" }],
        },
      ],
    },
    {
      name: "Build",
      actions: [
        {
          name: "Build",
          actionTypeId: { category: "Build" as const, owner: "AWS" as const, provider: "CodeBuild", version: "1" },
          configuration: { ProjectName: "app" },
          inputArtifacts: [{ name: "SourceOutput" }],
        },
      ],
    },
  ],
})

describe("the live client (Effect 4) against the emulator", () => {
  it.live("a pipeline created through the live layer is read back, its stages in order and its timestamps as Dates", () =>
    Effect.gen(function* () {
      yield* CodePipeline.createPipeline({ pipeline: pipeline("release") })
      const { pipeline: declared, metadata } = yield* CodePipeline.getPipeline({ name: "release" })
      expect(declared?.stages.map((s) => s.name)).toStrictEqual(["Source", "Build"])
      expect(metadata?.created).toBeInstanceOf(Date)
      const state = yield* CodePipeline.getPipelineState({ name: "release" })
      expect(state.stageStates?.map((s) => s.stageName)).toStrictEqual(["Source", "Build"])
    }).pipe(Effect.provide(layer)),
  )

  it.live("a pipeline that does not exist is a PipelineNotFoundException, caught with Effect.catchTag", () =>
    CodePipeline.getPipelineState({ name: "missing" }).pipe(
      Effect.map(() => "found"),
      Effect.catchTag("PipelineNotFoundException", (error) => Effect.succeed(`not found after ${error.attempts} attempt`)),
      Effect.map((outcome) => expect(outcome).toBe("not found after 1 attempt")),
      Effect.provide(layer),
    ),
  )

  it.live("listPipelinesItems streams every pipeline, following the next token page by page", () =>
    Effect.gen(function* () {
      for (const name of ["p1", "p2", "p3"]) yield* CodePipeline.createPipeline({ pipeline: pipeline(name) })
      const names = yield* CodePipeline.listPipelinesItems({ maxResults: 1 }).pipe(
        Stream.map((p) => p.name),
        Stream.runCollect,
      )
      expect(names.filter((n) => n?.startsWith("p"))).toStrictEqual(["p1", "p2", "p3"])
    }).pipe(Effect.provide(layer)),
  )

  it.live("a request signed with a secret the emulator does not know is refused, and the secret is not in the error", () =>
    Effect.gen(function* () {
      const secretAccessKey = "wrongSecretKeyEXAMPLEwrongSecretKeyEXAMPL"
      const error = yield* CodePipeline.listPipelines().pipe(
        Effect.flip,
        Effect.provide(
          CodePipeline.layer({
            region: emulator.region,
            endpoint: emulator.url,
            credentials: { accessKeyId: emulator.credentials.accessKeyId, secretAccessKey },
          }),
        ),
      )
      expect(error._tag).toBe("InvalidSignatureException")
      expect(JSON.stringify(error) + String(error)).not.toContain(secretAccessKey)
    }),
  )
})
