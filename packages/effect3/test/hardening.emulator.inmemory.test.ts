/**
 * The in-memory CodePipeline's input handling against values built to hurt it (issue #13): input
 * nested thousands of levels deep, cyclic, with throwing getters or hostile Proxies is refused with
 * a typed `InputValidationError` naming where, never a defect or an `InternalFailure`; keys named
 * `__proto__` (and other names `Object.prototype` carries) stay plain data, in operations and in
 * state seeded through the controls. Inputs go through the codec the live client validates with, so
 * a value is refused where it first breaks the model, with the live client's words.
 */
import { Cause, Effect, Exit, Option } from "effect"
import { describe, expect, it } from "vitest"
import { CodePipeline } from "../src/index.js"
import type * as S from "../src/schema/Schemas.js"
import { CodePipelineInMemory } from "../src/testing/index.js"
import { build, stage, twoStage, type } from "./support/inmemory.js"

/** The core's two-stage pipeline, its S3 source configured with `configuration` (kept as given: its keys are the test). */
const declaration = (name: string, configuration?: Record<string, string>): S.PipelineDeclaration => {
  const base = twoStage(name)
  if (configuration === undefined) return base
  const [source, ...rest] = base.stages
  return { ...base, stages: [{ ...source!, actions: [{ ...source!.actions[0]!, configuration }] }, ...rest] }
}

const layer = CodePipelineInMemory.layer({ startOnCreate: false })

/** Runs against a fresh in-memory CodePipeline; the exit, whatever it holds. */
const exitOf = <A, E>(effect: Effect.Effect<A, E, CodePipeline.CodePipeline | CodePipelineInMemory.Controls>) =>
  Effect.runPromise(Effect.exit(effect).pipe(Effect.provide(layer)))

/** The one typed failure of an exit, which must hold no defect. */
const failureOf = (exit: Exit.Exit<unknown, unknown>): { _tag: string; message: string; path?: string } => {
  expect(Exit.isFailure(exit), "the call succeeded").toBe(true)
  const cause = (exit as Exit.Failure<unknown, unknown>).cause
  expect(Cause.isDie(cause), `a defect: ${Cause.pretty(cause)}`).toBe(false)
  return Option.getOrThrow(Cause.failureOption(cause)) as never
}

const nested = (depth: number, leaf: unknown): unknown => {
  let value = leaf
  for (let i = 0; i < depth; i++) value = [value]
  return value
}

const afterwardsStillServes = Effect.gen(function* () {
  yield* CodePipeline.createPipeline({ pipeline: declaration("after") })
  return (yield* CodePipeline.listPipelines()).pipelines?.map((p) => p.name)
})

describe("input nested deeply, cyclic, or unreadable", () => {
  it("2,500 and 100,000 levels in a string member are an InputValidationError naming the member, not an InternalFailure", async () => {
    for (const depth of [2_500, 100_000]) {
      const error = failureOf(await exitOf(CodePipeline.getPipeline({ name: nested(depth, "x") as string })))
      expect(error._tag).toBe("InputValidationError")
      expect(error.path).toBe("name")
      expect(error.message).toBe("GetPipeline input at name: Expected a string, got an array")
    }
    expect(await Effect.runPromise(afterwardsStillServes.pipe(Effect.provide(layer)))).toEqual(["after"])
  })

  it("a cyclic input is an InputValidationError naming the first member where it breaks the model", async () => {
    const pipeline: Record<string, unknown> = { ...declaration("cyclic") }
    const stage: Record<string, unknown> = { name: "Loop", actions: [] }
    ;(stage["actions"] as Array<unknown>).push({
      name: "a",
      actionTypeId: { category: "Build", owner: "AWS", provider: "CodeBuild", version: "1" },
      configuration: stage,
    })
    pipeline["stages"] = [...(pipeline["stages"] as Array<unknown>), stage]
    const error = failureOf(await exitOf(CodePipeline.createPipeline({ pipeline: pipeline as never })))
    expect(error._tag).toBe("InputValidationError")
    // The stage, read again as the action's configuration (a map of strings), has a list in it.
    expect(error.path).toBe("pipeline.stages[2].actions[0].configuration.actions")
    expect(error.message).toContain("Expected a string, got an array")
  })

  it("a getter that throws is an InputValidationError naming the member", async () => {
    const input = Object.defineProperty({}, "name", {
      enumerable: true,
      get: () => {
        throw new Error("boom")
      },
    })
    const error = failureOf(await exitOf(CodePipeline.getPipeline(input as never)))
    expect(error._tag).toBe("InputValidationError")
    expect(error.path).toBe("name")
  })

  it("a Proxy whose traps throw, or a revoked Proxy, is an InputValidationError", async () => {
    const hostile = [
      new Proxy(
        { name: "p" },
        {
          ownKeys: () => {
            throw new Error("no keys")
          },
        },
      ),
      new Proxy(
        { name: "p" },
        {
          get: () => {
            throw new Error("no values")
          },
        },
      ),
      new Proxy(
        { name: "p" },
        {
          getPrototypeOf: () => {
            throw new Error("no prototype")
          },
        },
      ),
      (() => {
        const { proxy, revoke } = Proxy.revocable({ name: "p" }, {})
        revoke()
        return proxy
      })(),
    ]
    for (const input of hostile) {
      const error = failureOf(await exitOf(CodePipeline.getPipeline(input as never)))
      expect(error._tag).toBe("InputValidationError")
    }
    const deep = failureOf(
      await exitOf(
        CodePipeline.createPipeline({
          pipeline: {
            ...declaration("p"),
            stages: new Proxy([], {
              get: () => {
                throw new Error("x")
              },
            }),
          } as never,
        }),
      ),
    )
    expect(deep._tag).toBe("InputValidationError")
    expect(deep.path).toMatch(/^pipeline\.stages/)
  })

  it("a Proxy that answers consistently is read as the object it stands for", async () => {
    const result = await exitOf(
      Effect.gen(function* () {
        yield* CodePipeline.createPipeline({ pipeline: new Proxy(declaration("proxied"), {}) })
        return (yield* CodePipeline.getPipeline({ name: "proxied" })).pipeline?.name
      }),
    )
    expect(result).toEqual(Exit.succeed("proxied"))
  })

  it("seeding through the controls refuses such input the same way, typed", async () => {
    const deep = failureOf(
      await exitOf(
        Effect.flatMap(CodePipelineInMemory.Controls, (c) => c.seedPipeline({ ...declaration("p"), name: nested(5_000, "x") as string })),
      ),
    )
    expect(deep._tag).toBe("InputValidationError")
    const snapshot = {
      region: "us-east-1",
      accountId: "123456789012",
      pipelines: [],
      customActionTypes: [],
      registeredActionTypes: [],
      webhooks: [] as Array<unknown>,
    }
    snapshot.webhooks.push(snapshot)
    const cyclic = failureOf(await exitOf(Effect.flatMap(CodePipelineInMemory.Controls, (c) => c.importState(snapshot as never))))
    expect(cyclic._tag).toBe("ControlError")
    expect(cyclic.message).toContain("circular")
  })
})

describe("keys named like Object.prototype's members", () => {
  const configurationOf = (output: S.GetPipelineOutput) => output.pipeline!.stages[0]!.actions[0]!.configuration!
  // Built-in providers refuse keys they do not take, so a `__proto__` entry is declared by a custom
  // source type that takes one.
  const mirror = { category: "Source", owner: "Custom", provider: "Mirror", version: "1" } as const
  const createMirrorType = CodePipeline.createCustomActionType({
    category: mirror.category,
    provider: mirror.provider,
    version: mirror.version,
    configurationProperties: ["S3Bucket", "S3ObjectKey", "__proto__"].map((name) => ({ name, required: false, key: false, secret: false })),
    inputArtifactDetails: { minimumCount: 0, maximumCount: 0 },
    outputArtifactDetails: { minimumCount: 1, maximumCount: 1 },
  })
  const mirrored = (name: string, configuration: Record<string, string>): S.PipelineDeclaration => {
    const pipeline = declaration(name, configuration)
    return {
      ...pipeline,
      stages: [{ name: "Source", actions: [{ ...pipeline.stages[0]!.actions[0]!, actionTypeId: mirror }] }, pipeline.stages[1]!],
    }
  }

  it("a configuration entry named __proto__ is kept as an entry, not turned into a prototype", async () => {
    const configuration = { S3Bucket: "b", S3ObjectKey: "k", ["__proto__"]: "kept" }
    expect(Object.getOwnPropertyNames(configuration)).toContain("__proto__")
    const exit = await exitOf(
      Effect.gen(function* () {
        yield* createMirrorType
        yield* CodePipeline.createPipeline({ pipeline: mirrored("p", configuration) })
        return configurationOf(yield* CodePipeline.getPipeline({ name: "p" }))
      }),
    )
    expect(Exit.isSuccess(exit)).toBe(true)
    const got = (exit as Exit.Success<Record<string, string>, unknown>).value
    expect(Object.getOwnPropertyNames(got).sort()).toEqual(["S3Bucket", "S3ObjectKey", "__proto__"])
    expect(Object.getOwnPropertyDescriptor(got, "__proto__")?.value).toBe("kept")
    expect(Object.getPrototypeOf(got)).toBe(Object.prototype)
  })

  it("an action region named 'constructor' needs an artifact store of that name: no inherited member stands in for it", async () => {
    const { artifactStore, ...rest } = declaration("p")
    const pipeline: S.PipelineDeclaration = {
      ...rest,
      artifactStores: { "us-east-1": artifactStore! },
      stages: [rest.stages[0]!, stage("Build", build("b", "out", { region: "constructor", configuration: { ProjectName: "x" } }))],
    }
    const error = failureOf(await exitOf(CodePipeline.createPipeline({ pipeline })))
    expect(error._tag).toBe("InvalidStructureException")
    expect(error.message).toContain("region 'constructor'")
  })

  it("a required configuration property is missing even when Object.prototype has a member of its name", async () => {
    const exit = await exitOf(
      Effect.gen(function* () {
        yield* CodePipeline.createCustomActionType({
          category: "Build",
          provider: "Proto",
          version: "1",
          configurationProperties: [{ name: "toString", required: true, key: true, secret: false }],
          inputArtifactDetails: { minimumCount: 0, maximumCount: 1 },
          outputArtifactDetails: { minimumCount: 0, maximumCount: 0 },
        })
        const pipeline = declaration("p")
        return yield* CodePipeline.createPipeline({
          pipeline: {
            ...pipeline,
            stages: [
              pipeline.stages[0]!,
              stage("Build", build("b", "out", { actionTypeId: type("Build", "Proto", "Custom"), configuration: {} })),
            ],
          },
        })
      }),
    )
    const error = failureOf(exit)
    expect(error._tag).toBe("InvalidActionDeclarationException")
    expect(error.message).toContain("missing required configuration 'toString'")
  })

  it("state seeded through the controls keeps a __proto__ entry as an entry", async () => {
    const configuration = { S3Bucket: "b", S3ObjectKey: "k", ["__proto__"]: "seeded" }
    const exit = await exitOf(
      Effect.gen(function* () {
        const controls = yield* CodePipelineInMemory.Controls
        yield* createMirrorType
        yield* controls.seedPipeline(mirrored("seeded", configuration))
        const snapshot = yield* controls.exportState
        const exported = snapshot.pipelines[0]!.versions[0]!.stages[0]!.actions[0]!.configuration!
        return {
          exported: Object.getOwnPropertyNames(exported).sort(),
          got: Object.getOwnPropertyNames(configurationOf(yield* CodePipeline.getPipeline({ name: "seeded" }))).sort(),
        }
      }),
    )
    expect(exit).toEqual(
      Exit.succeed({ exported: ["S3Bucket", "S3ObjectKey", "__proto__"], got: ["S3Bucket", "S3ObjectKey", "__proto__"] }),
    )
  })

  it("a snapshot imported through the controls keeps a __proto__ entry as an entry", async () => {
    const version = { ...declaration("imported", { S3Bucket: "b", S3ObjectKey: "k", ["__proto__"]: "imported" }), version: 1 }
    const snapshot = {
      region: "us-east-1",
      accountId: "123456789012",
      pipelines: [
        { name: "imported", created: "2024-01-01T00:00:00.000Z", updated: "2024-01-01T00:00:00.000Z", versions: [version], tags: [] },
      ],
      customActionTypes: [],
      registeredActionTypes: [],
      webhooks: [],
    }
    const exit = await exitOf(
      Effect.gen(function* () {
        yield* (yield* CodePipelineInMemory.Controls).importState(snapshot)
        return Object.getOwnPropertyNames(configurationOf(yield* CodePipeline.getPipeline({ name: "imported" }))).sort()
      }),
    )
    expect(exit).toEqual(Exit.succeed(["S3Bucket", "S3ObjectKey", "__proto__"]))
  })
})
