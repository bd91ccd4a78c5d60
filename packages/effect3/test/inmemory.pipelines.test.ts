import { describe, expect, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import { CodePipeline } from "../src/index.js"
import * as S from "../src/schema/Schemas.js"
import { build, deploy, outcome, pipeline, ROLE, run, source, stage, stageState, type, v2 } from "./support/inmemory.js"

const create = (declaration: S.PipelineDeclaration, tags?: ReadonlyArray<S.Tag>) =>
  CodePipeline.createPipeline({ pipeline: declaration, ...(tags ? { tags } : {}) })

const refused = (declaration: S.PipelineDeclaration) => outcome(create(declaration))

describe("CreatePipeline", () => {
  it.effect("returns the declaration with the service's defaults filled in", () =>
    run(
      Effect.gen(function* () {
        const { pipeline: created } = yield* create(pipeline())
        expect(created?.version).toBe(1)
        expect(created?.executionMode).toBe("SUPERSEDED")
        expect(created?.pipelineType).toBe("V1")
        expect(created?.stages[1]?.actions[0]?.runOrder).toBe(1)
        expect(created?.stages[1]?.actions[0]?.outputArtifacts).toEqual([])
      }),
    ),
  )

  it.effect("echoes the tags it was given", () =>
    run(
      Effect.gen(function* () {
        const created = yield* create(pipeline(), [{ key: "team", value: "core" }])
        expect(created.tags).toEqual([{ key: "team", value: "core" }])
      }),
    ),
  )

  it.effect("refuses a name already in use", () =>
    run(
      Effect.gen(function* () {
        yield* create(pipeline())
        expect(yield* refused(pipeline())).toBe("PipelineNameInUseException")
      }),
    ),
  )

  it.effect("refuses a pipeline beyond the account's quota", () =>
    run(
      Effect.gen(function* () {
        yield* create(pipeline("a"))
        yield* create(pipeline("b"))
        expect(yield* refused(pipeline("c"))).toBe("LimitExceededException")
      }),
      { maxPipelines: 2 },
    ),
  )

  it.effect("refuses input the model forbids before any service rule, as the live client does", () =>
    run(
      Effect.gen(function* () {
        expect(yield* refused(pipeline("has space"))).toBe("InputValidationError")
        const zeroRunOrder = pipeline("p", {
          stages: [stage("Source", source()), stage("Build", build("Build", "SourceOutput", { runOrder: 0 }))],
        })
        expect(yield* refused(zeroRunOrder)).toBe("InputValidationError")
      }),
    ),
  )

  it.effect("refuses more than 50 tags and tags with the reserved aws: prefix", () =>
    run(
      Effect.gen(function* () {
        const tags = Array.from({ length: 51 }, (_, i) => ({ key: `k${i}`, value: "v" }))
        expect(yield* outcome(create(pipeline("a"), tags))).toBe("TooManyTagsException")
        expect(yield* outcome(create(pipeline("b"), [{ key: "aws:owner", value: "x" }]))).toBe("InvalidTagsException")
      }),
    ),
  )
})

describe("pipeline structure rules", () => {
  const cases: ReadonlyArray<readonly [string, S.PipelineDeclaration, string]> = [
    ["fewer than 2 stages", pipeline("p", { stages: [stage("Source", source())] }), "InvalidStructureException"],
    [
      "more than 50 stages",
      pipeline("p", {
        stages: [stage("Source", source()), ...Array.from({ length: 50 }, (_, i) => stage(`S${i}`, build("B", "SourceOutput")))],
      }),
      "LimitExceededException",
    ],
    [
      "a first stage with a non-source action",
      pipeline("p", { stages: [stage("Source", source(), build()), stage("Deploy", deploy())] }),
      "InvalidStructureException",
    ],
    [
      "a source action after the first stage",
      pipeline("p", { stages: [stage("Source", source()), stage("More", source("Other", "Other"))] }),
      "InvalidStructureException",
    ],
    [
      "two stages of the same name",
      pipeline("p", { stages: [stage("Source", source()), stage("Build", build()), stage("Build", deploy())] }),
      "InvalidStageDeclarationException",
    ],
    ["a stage without actions", pipeline("p", { stages: [stage("Source", source()), stage("Empty")] }), "InvalidStageDeclarationException"],
    [
      "more than 50 actions in a stage",
      pipeline("p", { stages: [stage("Source", source()), stage("Wide", ...Array.from({ length: 51 }, (_, i) => build(`B${i}`)))] }),
      "LimitExceededException",
    ],
    [
      "two actions of the same name in a stage",
      pipeline("p", { stages: [stage("Source", source()), stage("Build", build(), build())] }),
      "InvalidActionDeclarationException",
    ],
    [
      "an action type that does not exist",
      pipeline("p", {
        stages: [stage("Source", source()), stage("Build", { ...build(), actionTypeId: type("Build", "Jenkins", "Custom") })],
      }),
      "InvalidActionDeclarationException",
    ],
    [
      "an action without a required configuration property",
      pipeline("p", { stages: [stage("Source", source()), stage("Build", { ...build(), configuration: {} })] }),
      "InvalidActionDeclarationException",
    ],
    [
      "an input artifact no earlier action produces",
      pipeline("p", { stages: [stage("Source", source()), stage("Build", build("Build", "Nowhere"))] }),
      "InvalidActionDeclarationException",
    ],
    [
      "an input artifact produced in the same run order",
      pipeline("p", {
        stages: [
          stage("Source", source()),
          stage("Build", build("A", "SourceOutput", { outputArtifacts: [{ name: "A" }] }), deploy("B", "A")),
        ],
      }),
      "InvalidActionDeclarationException",
    ],
    [
      "two output artifacts of the same name",
      pipeline("p", {
        stages: [
          stage("Source", source()),
          stage("Build", build("Build", "SourceOutput", { outputArtifacts: [{ name: "SourceOutput" }] })),
        ],
      }),
      "InvalidActionDeclarationException",
    ],
    [
      "more input artifacts than the action type takes",
      pipeline("p", { stages: [stage("Source", source()), stage("Deploy", { ...deploy(), inputArtifacts: [] })] }),
      "InvalidActionDeclarationException",
    ],
    [
      "both artifactStore and artifactStores",
      pipeline("p", { artifactStores: { "us-east-1": { type: "S3", location: "bucket-two" } } }),
      "InvalidStructureException",
    ],
    [
      "a cross-region action with a single artifactStore",
      pipeline("p", { stages: [stage("Source", source()), stage("Deploy", deploy("Deploy", "SourceOutput", { region: "eu-west-1" }))] }),
      "InvalidStructureException",
    ],
    ["QUEUED mode on a V1 pipeline", pipeline("p", { pipelineType: "V1", executionMode: "QUEUED" }), "InvalidStructureException"],
    [
      "variables on a V1 pipeline",
      pipeline("p", { pipelineType: "V1", variables: [{ name: "env", defaultValue: "prod" }] }),
      "InvalidStructureException",
    ],
    [
      "triggers on a V1 pipeline",
      pipeline("p", {
        pipelineType: "V1",
        triggers: [{ providerType: "CodeStarSourceConnection", gitConfiguration: { sourceActionName: "Source" } }],
      }),
      "InvalidStructureException",
    ],
    [
      "stage conditions on a V1 pipeline",
      pipeline("p", {
        pipelineType: "V1",
        stages: [stage("Source", source()), { ...stage("Build", build()), onFailure: { result: "RETRY" } }],
      }),
      "InvalidStructureException",
    ],
    [
      "an execution mode the service does not know",
      pipeline("p", { pipelineType: "V2", executionMode: S.unknownEnumValue("EVENTUALLY") }),
      "ValidationException",
    ],
    [
      "rollback on a PARALLEL pipeline",
      v2("p", [{ ...stage("Build", build()), onFailure: { result: "ROLLBACK" } }], { executionMode: "PARALLEL" }),
      "InvalidStructureException",
    ],
    [
      "blockers",
      pipeline("p", { stages: [stage("Source", source()), { ...stage("Build", build()), blockers: [{ name: "b", type: "Schedule" }] }] }),
      "InvalidBlockerDeclarationException",
    ],
    [
      "a rule type that does not exist",
      v2("p", [
        {
          ...stage("Build", build()),
          beforeEntry: { conditions: [{ rules: [{ name: "r", ruleTypeId: { category: "Rule", provider: "Oracle" } }] }] },
        },
      ]),
      "InvalidStageDeclarationException",
    ],
  ]

  it.effect.each(cases)("refuses %s", ([, declaration, expected]) =>
    run(Effect.map(refused(declaration), (got) => expect(got).toBe(expected))),
  )

  it.effect("accepts an input artifact produced by a lower run order of the same stage, declared after its consumer", () =>
    run(
      Effect.gen(function* () {
        const declaration = pipeline("p", {
          stages: [
            stage("Source", source()),
            stage(
              "Build",
              deploy("Second", "A", { runOrder: 2 }),
              build("First", "SourceOutput", { runOrder: 1, outputArtifacts: [{ name: "A" }] }),
            ),
          ],
        })
        expect(yield* refused(declaration)).toBe("Success")
      }),
    ),
  )

  it.effect("accepts a cross-region action when artifactStores covers its region", () =>
    run(
      Effect.gen(function* () {
        const declaration = pipeline("p", {
          artifactStore: undefined,
          artifactStores: { "us-east-1": { type: "S3", location: "bucket-one" }, "eu-west-1": { type: "S3", location: "bucket-two" } },
          stages: [stage("Source", source()), stage("Deploy", deploy("Deploy", "SourceOutput", { region: "eu-west-1" }))],
        })
        expect(yield* refused(declaration)).toBe("Success")
      }),
    ),
  )
})

describe("GetPipeline and versions", () => {
  it.effect("reports the ARN and the creation and update times", () =>
    run(
      Effect.gen(function* () {
        yield* create(pipeline())
        yield* TestClock.adjust("10 minutes")
        yield* CodePipeline.updatePipeline({ pipeline: pipeline() })
        const { metadata } = yield* CodePipeline.getPipeline({ name: "release" })
        expect(metadata?.pipelineArn).toBe("arn:aws:codepipeline:us-east-1:123456789012:release")
        expect(metadata?.created).toEqual(new Date(0))
        expect(metadata?.updated).toEqual(new Date(600_000))
      }),
    ),
  )

  it.effect("keeps every version: UpdatePipeline increments it and GetPipeline reads any", () =>
    run(
      Effect.gen(function* () {
        yield* create(pipeline())
        const updated = yield* CodePipeline.updatePipeline({
          pipeline: pipeline("release", { stages: [stage("Source", source()), stage("Build", build())] }),
        })
        expect(updated.pipeline?.version).toBe(2)
        const v1 = yield* CodePipeline.getPipeline({ name: "release", version: 1 })
        const v2 = yield* CodePipeline.getPipeline({ name: "release" })
        expect(v1.pipeline?.stages).toHaveLength(3)
        expect(v2.pipeline?.stages).toHaveLength(2)
        expect(v2.pipeline?.version).toBe(2)
      }),
    ),
  )

  it.effect("fails with PipelineVersionNotFoundException for a version that does not exist", () =>
    run(
      Effect.gen(function* () {
        yield* create(pipeline())
        expect(yield* outcome(CodePipeline.getPipeline({ name: "release", version: 2 }))).toBe("PipelineVersionNotFoundException")
      }),
    ),
  )

  it.effect("fails with PipelineNotFoundException for a pipeline that does not exist", () =>
    run(Effect.map(outcome(CodePipeline.getPipeline({ name: "nope" })), (got) => expect(got).toBe("PipelineNotFoundException"))),
  )

  it.effect("UpdatePipeline of a pipeline that does not exist fails with ValidationException", () =>
    run(Effect.map(outcome(CodePipeline.updatePipeline({ pipeline: pipeline("nope") })), (got) => expect(got).toBe("ValidationException"))),
  )

  it.effect("UpdatePipeline applies the structure rules", () =>
    run(
      Effect.gen(function* () {
        yield* create(pipeline())
        const got = yield* outcome(CodePipeline.updatePipeline({ pipeline: pipeline("release", { stages: [stage("Source", source())] }) }))
        expect(got).toBe("InvalidStructureException")
      }),
    ),
  )

  it.effect("the returned declaration cannot be used to change the stored one", () =>
    run(
      Effect.gen(function* () {
        const input = pipeline()
        yield* create(input)
        ;(input.stages as Array<S.StageDeclaration>).pop()
        const got = yield* CodePipeline.getPipeline({ name: "release" })
        expect(got.pipeline?.stages).toHaveLength(3)
        // Answers are the caller's own copies: changing one changes nothing stored.
        ;(got.pipeline!.stages as Array<S.StageDeclaration>).pop()
        expect((yield* CodePipeline.getPipeline({ name: "release" })).pipeline?.stages).toHaveLength(3)
      }),
    ),
  )
})

describe("DeletePipeline", () => {
  it.effect("removes the pipeline", () =>
    run(
      Effect.gen(function* () {
        yield* create(pipeline())
        yield* CodePipeline.deletePipeline({ name: "release" })
        expect(yield* outcome(CodePipeline.getPipelineState({ name: "release" }))).toBe("PipelineNotFoundException")
      }),
    ),
  )

  it.effect("succeeds for a pipeline that does not exist", () =>
    run(Effect.map(outcome(CodePipeline.deletePipeline({ name: "never" })), (got) => expect(got).toBe("Success"))),
  )
})

describe("ListPipelines", () => {
  it.effect("lists pipelines by name, a page at a time", () =>
    run(
      Effect.gen(function* () {
        for (const name of ["c", "a", "b"]) yield* create(pipeline(name))
        const first = yield* CodePipeline.listPipelines({ maxResults: 2 })
        expect(first.pipelines?.map((p) => p.name)).toEqual(["a", "b"])
        const second = yield* CodePipeline.listPipelines({ maxResults: 2, nextToken: first.nextToken })
        expect(second.pipelines?.map((p) => p.name)).toEqual(["c"])
        expect(second.nextToken).toBeUndefined()
        expect(second.pipelines?.[0]).toMatchObject({ version: 1, pipelineType: "V1", executionMode: "SUPERSEDED" })
      }),
    ),
  )

  it.effect("refuses a forged next token", () =>
    run(
      Effect.map(outcome(CodePipeline.listPipelines({ nextToken: "eyJmb3JnZWQiOnRydWV9" })), (got) =>
        expect(got).toBe("InvalidNextTokenException"),
      ),
    ),
  )

  it.effect("refuses a next token whose page is gone", () =>
    run(
      Effect.gen(function* () {
        for (const name of ["a", "b", "c"]) yield* create(pipeline(name))
        const first = yield* CodePipeline.listPipelines({ maxResults: 1 })
        yield* CodePipeline.deletePipeline({ name: "a" })
        expect(yield* outcome(CodePipeline.listPipelines({ nextToken: first.nextToken }))).toBe("InvalidNextTokenException")
      }),
    ),
  )
})

describe("tags", () => {
  const arn = "arn:aws:codepipeline:us-east-1:123456789012:release"

  it.effect("TagResource adds and replaces tags, UntagResource removes them", () =>
    run(
      Effect.gen(function* () {
        yield* create(pipeline(), [{ key: "team", value: "core" }])
        yield* CodePipeline.tagResource({
          resourceArn: arn,
          tags: [
            { key: "team", value: "platform" },
            { key: "env", value: "prod" },
          ],
        })
        yield* CodePipeline.untagResource({ resourceArn: arn, tagKeys: ["env"] })
        const { tags } = yield* CodePipeline.listTagsForResource({ resourceArn: arn })
        expect(tags).toEqual([{ key: "team", value: "platform" }])
      }),
    ),
  )

  it.effect("ListTagsForResource pages with maxResults", () =>
    run(
      Effect.gen(function* () {
        yield* create(pipeline(), [
          { key: "a", value: "1" },
          { key: "b", value: "2" },
          { key: "c", value: "3" },
        ])
        const first = yield* CodePipeline.listTagsForResource({ resourceArn: arn, maxResults: 2 })
        const second = yield* CodePipeline.listTagsForResource({ resourceArn: arn, maxResults: 2, nextToken: first.nextToken })
        expect([...(first.tags ?? []), ...(second.tags ?? [])].map((t) => t.key)).toEqual(["a", "b", "c"])
      }),
    ),
  )

  it.effect("refuses a resource that does not exist, and an ARN that is not one", () =>
    run(
      Effect.gen(function* () {
        expect(yield* outcome(CodePipeline.listTagsForResource({ resourceArn: arn }))).toBe("ResourceNotFoundException")
        const malformed = "arn:aws:codepipeline:us-east-1:x:123456789012:release"
        expect(yield* outcome(CodePipeline.tagResource({ resourceArn: malformed, tags: [] }))).toBe("InvalidArnException")
      }),
    ),
  )

  it.effect("TagResource refuses a 51st tag, UntagResource a reserved key", () =>
    run(
      Effect.gen(function* () {
        yield* create(
          pipeline(),
          Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: "v" })),
        )
        expect(yield* outcome(CodePipeline.tagResource({ resourceArn: arn, tags: [{ key: "one-more", value: "v" }] }))).toBe(
          "TooManyTagsException",
        )
        expect(yield* outcome(CodePipeline.untagResource({ resourceArn: arn, tagKeys: ["aws:x"] }))).toBe("InvalidTagsException")
      }),
    ),
  )
})

describe("stage transitions", () => {
  it.effect("DisableStageTransition shows the reason, who and when; EnableStageTransition reverts it", () =>
    run(
      Effect.gen(function* () {
        yield* create(pipeline())
        yield* TestClock.adjust("5 seconds")
        yield* CodePipeline.disableStageTransition({
          pipelineName: "release",
          stageName: "Deploy",
          transitionType: "Inbound",
          reason: "Freeze",
        })
        const disabled = yield* stageState("release", "Deploy")
        expect(disabled?.inboundTransitionState).toEqual({
          enabled: false,
          lastChangedBy: "arn:aws:iam::123456789012:user/in-memory",
          lastChangedAt: new Date(5000),
          disabledReason: "Freeze",
        })
        yield* CodePipeline.enableStageTransition({ pipelineName: "release", stageName: "Deploy", transitionType: "Inbound" })
        expect((yield* stageState("release", "Deploy"))?.inboundTransitionState?.enabled).toBe(true)
      }),
    ),
  )

  it.effect("refuses a stage that does not exist", () =>
    run(
      Effect.gen(function* () {
        yield* create(pipeline())
        const got = yield* outcome(
          CodePipeline.enableStageTransition({ pipelineName: "release", stageName: "Nope", transitionType: "Inbound" }),
        )
        expect(got).toBe("StageNotFoundException")
        const missing = yield* outcome(
          CodePipeline.enableStageTransition({ pipelineName: "nope", stageName: "Nope", transitionType: "Inbound" }),
        )
        expect(missing).toBe("PipelineNotFoundException")
      }),
    ),
  )

  it.effect("refuses a transition type the service does not know", () =>
    run(
      Effect.gen(function* () {
        yield* create(pipeline())
        const got = yield* outcome(
          CodePipeline.disableStageTransition({
            pipelineName: "release",
            stageName: "Build",
            transitionType: S.unknownEnumValue("Sideways"),
            reason: "x",
          }),
        )
        expect(got).toBe("ValidationException")
      }),
    ),
  )
})

describe("GetPipelineState", () => {
  it.effect("lists every stage and action before anything ran", () =>
    run(
      Effect.gen(function* () {
        yield* create(pipeline())
        const state = yield* CodePipeline.getPipelineState({ name: "release" })
        expect(state.pipelineVersion).toBe(1)
        expect(state.stageStates?.map((s) => [s.stageName, s.actionStates?.map((a) => a.actionName), s.latestExecution])).toEqual([
          ["Source", ["Source"], undefined],
          ["Build", ["Build"], undefined],
          ["Deploy", ["Deploy"], undefined],
        ])
      }),
    ),
  )

  it.effect("fails with PipelineNotFoundException for a pipeline that does not exist", () =>
    run(Effect.map(outcome(CodePipeline.getPipelineState({ name: "nope" })), (got) => expect(got).toBe("PipelineNotFoundException"))),
  )
})

// Keep ROLE referenced for declarations built inline by readers of this file.
void ROLE
