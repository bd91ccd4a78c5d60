/**
 * The in-memory CodePipeline's fidelity to what a user's test meets on AWS: the built-in action
 * catalog and the pipeline type it needs, the V2 upgrade, who made each call, the optional IAM check
 * of role ARNs, and validation errors in AWS's format.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import { CodePipeline } from "../src/index.js"
import type * as S from "../src/schema/Schemas.js"
import { CodePipelineInMemory } from "../src/testing/index.js"
import { approval, build, latestExecutionId, pipeline, ROLE, run, source, stage, stageState, type } from "./support/inmemory.js"

const ALICE = "arn:aws:iam::123456789012:user/alice"

/** The error's tag and message. */
const failure = <A, E extends { readonly _tag: string; readonly message: string }, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.map(Effect.flip(effect), (e) => ({ tag: e._tag, message: e.message }))

describe("the built-in action catalog", () => {
  const commands: S.ActionDeclaration = {
    name: "Test",
    actionTypeId: type("Compute", "Commands"),
    commands: ["npm test"],
    inputArtifacts: [{ name: "SourceOutput" }],
  }

  it.effect("a Commands action is refused in a V1 pipeline", () =>
    run(
      Effect.gen(function* () {
        const error = yield* failure(
          CodePipeline.createPipeline({
            pipeline: pipeline("p", { pipelineType: "V1", stages: [stage("Source", source()), stage("Test", commands)] }),
          }),
        )
        expect(error.tag).toBe("InvalidActionDeclarationException")
        expect(error.message).toContain("is only supported in V2 pipelines")
      }),
    ),
  )

  it.effect("an EKS deploy runs in a V2 pipeline", () =>
    run(
      Effect.gen(function* () {
        const eks: S.ActionDeclaration = {
          name: "Deploy",
          actionTypeId: type("Deploy", "EKS"),
          configuration: { ClusterName: "prod", ManifestFiles: "k8s.yaml" },
          inputArtifacts: [{ name: "SourceOutput" }],
        }
        yield* CodePipeline.createPipeline({
          pipeline: pipeline("p", { pipelineType: "V2", stages: [stage("Source", source()), stage("Deploy", eks)] }),
        })
        yield* CodePipeline.startPipelineExecution({ name: "p" })
        yield* TestClock.adjust("2 minutes")
        expect((yield* stageState("p", "Deploy"))?.latestExecution?.status).toBe("Succeeded")
      }),
    ),
  )

  it.effect("a configuration key a built-in provider does not take is refused", () =>
    run(
      Effect.gen(function* () {
        const typo = build("Build", "SourceOutput", { configuration: { ProjectName: "shop", Projectname: "shop" } })
        const error = yield* failure(
          CodePipeline.createPipeline({ pipeline: pipeline("p", { stages: [stage("Source", source()), stage("Build", typo)] }) }),
        )
        expect(error).toEqual({
          tag: "InvalidActionDeclarationException",
          message: "Action configuration for action 'Build' in stage 'Build' contains unknown configuration 'Projectname'",
        })
      }),
    ),
  )

  it.effect("ListActionTypes lists the providers AWS documents, with the ten added ones", () =>
    run(
      Effect.gen(function* () {
        const { actionTypes } = yield* CodePipeline.listActionTypes({ actionOwnerFilter: "AWS" })
        const providers = actionTypes.map((t) => `${t.id.category}/${t.id.provider}`)
        expect(providers).toEqual(
          expect.arrayContaining([
            "Deploy/EKS",
            "Invoke/InspectorScan",
            "Build/ECRBuildAndPublish",
            "Invoke/CodePipeline",
            "Deploy/Lambda",
            "Deploy/AppConfig",
            "Deploy/ServiceCatalog",
            "Test/DeviceFarm",
            "Deploy/OpsWorks",
          ]),
        )
      }),
    ),
  )
})

describe("a pipeline declared without pipelineType", () => {
  it.effect("becomes V2 when it declares variables, and its executions use them", () =>
    run(
      Effect.gen(function* () {
        const created = yield* CodePipeline.createPipeline({
          pipeline: pipeline("p", { variables: [{ name: "env", defaultValue: "prod" }] }),
        })
        expect(created.pipeline?.pipelineType).toBe("V2")
        const { pipelineExecutionId } = yield* CodePipeline.startPipelineExecution({
          name: "p",
          variables: [{ name: "env", value: "staging" }],
        })
        const execution = yield* CodePipeline.getPipelineExecution({ pipelineName: "p", pipelineExecutionId: pipelineExecutionId! })
        expect(execution.pipelineExecution?.variables).toEqual([{ name: "env", resolvedValue: "staging" }])
      }),
    ),
  )

  it.effect("becomes V2 in QUEUED mode", () =>
    run(
      Effect.gen(function* () {
        expect((yield* CodePipeline.createPipeline({ pipeline: pipeline("p", { executionMode: "QUEUED" }) })).pipeline?.pipelineType).toBe(
          "V2",
        )
      }),
    ),
  )
})

describe("who makes each call", () => {
  it.effect("the execution a caller starts names them in its trigger", () =>
    run(
      Effect.gen(function* () {
        yield* CodePipeline.createPipeline({ pipeline: pipeline("p") })
        yield* CodePipeline.startPipelineExecution({ name: "p" }).pipe(CodePipelineInMemory.withCaller(ALICE))
        const { pipelineExecutionSummaries } = yield* CodePipeline.listPipelineExecutions({ pipelineName: "p" })
        expect(pipelineExecutionSummaries?.[0]?.trigger).toEqual({ triggerType: "StartPipelineExecution", triggerDetail: ALICE })
      }),
    ),
  )

  it.effect("an approval names who gave it; calls outside withCaller name the identity option", () =>
    run(
      Effect.gen(function* () {
        yield* CodePipeline.createPipeline({
          pipeline: pipeline("p", { stages: [stage("Source", source()), stage("Approve", approval())] }),
        })
        yield* CodePipeline.startPipelineExecution({ name: "p" })
        yield* TestClock.adjust("1 minute")
        const token = (yield* stageState("p", "Approve"))!.actionStates![0]!.latestExecution!.token!
        yield* CodePipelineInMemory.withCaller(
          CodePipeline.putApprovalResult({
            pipelineName: "p",
            stageName: "Approve",
            actionName: "Approve",
            token,
            result: { summary: "ok", status: "Approved" },
          }),
          ALICE,
        )
        expect((yield* stageState("p", "Approve"))?.actionStates?.[0]?.latestExecution?.lastUpdatedBy).toBe(ALICE)
        const { pipelineExecutionSummaries } = yield* CodePipeline.listPipelineExecutions({ pipelineName: "p" })
        expect(pipelineExecutionSummaries?.[0]?.trigger?.triggerDetail).toBe("arn:aws:iam::123456789012:user/ci")
        expect(yield* latestExecutionId("p")).toBeDefined()
      }),
      { identity: "arn:aws:iam::123456789012:user/ci" },
    ),
  )
})

describe("the optional IAM check", () => {
  it.effect("refuses a pipeline role that was not registered, as AWS refuses a role it cannot assume", () =>
    run(
      Effect.gen(function* () {
        const error = yield* failure(CodePipeline.createPipeline({ pipeline: pipeline("p") }))
        expect(error).toEqual({
          tag: "InvalidStructureException",
          message: `CodePipeline is not authorized to perform AssumeRole on role ${ROLE}`,
        })
      }),
      { checkRoles: true },
    ),
  )

  it.effect("accepts a role registered through the controls", () =>
    run(
      Effect.gen(function* () {
        const controls = yield* CodePipelineInMemory.Controls
        yield* controls.registerRole(ROLE)
        expect((yield* CodePipeline.createPipeline({ pipeline: pipeline("p") })).pipeline?.name).toBe("p")
      }),
      { checkRoles: true },
    ),
  )

  it.effect("is off by default", () =>
    run(
      Effect.gen(function* () {
        expect((yield* CodePipeline.createPipeline({ pipeline: pipeline("p") })).pipeline?.roleArn).toBe(ROLE)
      }),
    ),
  )
})

describe("validation errors of the service", () => {
  it.effect("use AWS's format, every violation counted", () =>
    run(
      Effect.gen(function* () {
        const error = yield* failure(
          CodePipeline.createPipeline({
            pipeline: pipeline("p", { pipelineType: "V3" as S.PipelineType, executionMode: "EVENTUALLY" as S.ExecutionMode }),
          }),
        )
        expect(error).toEqual({
          tag: "ValidationException",
          message:
            "2 validation errors detected: Value 'V3' at 'pipeline.pipelineType' failed to satisfy constraint: Member must satisfy enum value set: [V1, V2]; " +
            "Value 'EVENTUALLY' at 'pipeline.executionMode' failed to satisfy constraint: Member must satisfy enum value set: [QUEUED, SUPERSEDED, PARALLEL]",
        })
      }),
    ),
  )
})
