/**
 * The emulator's fidelity through the official `@aws-sdk/client-codepipeline`: the built-in action
 * catalog, the V2 upgrade, partner client tokens, validation errors in AWS's format, the caller
 * each access key maps to, and the optional IAM check. One emulator serves the file.
 */
import type * as S from "@effect-codepipeline/core/Types"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { DEFAULT_CREDENTIALS, type Emulator, start } from "../src/Emulator.js"
import { ApiError, officialApi } from "./support/sdk.js"

const ROLE = "arn:aws:iam::123456789012:role/codepipeline"
const ALICE = "arn:aws:iam::123456789012:user/alice"
const BOB = "arn:aws:sts::123456789012:assumed-role/deployer/bob"
const BOB_KEYS = { accessKeyId: "AKIABOB0000000000000", secretAccessKey: "bob/secret/access/key/EXAMPLEKEY00000000" }

const scannerId: S.ActionTypeId = { category: "Test", owner: "ThirdParty", provider: "Scanner", version: "1" }
const scanner: S.ActionTypeDeclaration = {
  executor: { type: "JobWorker", configuration: { jobWorkerExecutorConfiguration: { pollingAccounts: ["111122223333"] } } },
  id: { category: "Test", owner: "ThirdParty", provider: "Scanner", version: "1" },
  inputArtifactDetails: { minimumCount: 0, maximumCount: 1 },
  outputArtifactDetails: { minimumCount: 0, maximumCount: 0 },
}
const scannerClient = { actionTypeId: scannerId, clientId: "5ca77e42-0000-4000-8000-000000000001", clientToken: "scanner-token" }

const sourceAction: S.ActionDeclaration = {
  name: "Source",
  actionTypeId: { category: "Source", owner: "AWS", provider: "CodeCommit", version: "1" },
  configuration: { RepositoryName: "shop", BranchName: "main" },
  outputArtifacts: [{ name: "Code" }],
}

const declaration = (name: string, second: S.ActionDeclaration, extra: Partial<S.PipelineDeclaration> = {}): S.PipelineDeclaration => ({
  name,
  roleArn: ROLE,
  artifactStore: { type: "S3", location: "artifacts" },
  stages: [
    { name: "Source", actions: [sourceAction] },
    { name: "Next", actions: [second] },
  ],
  ...extra,
})

const approve: S.ActionDeclaration = {
  name: "Approve",
  actionTypeId: { category: "Approval", owner: "AWS", provider: "Manual", version: "1" },
}

let running: Emulator
let alice: ReturnType<typeof officialApi>
let bob: ReturnType<typeof officialApi>

beforeAll(async () => {
  running = await start({
    auth: { credentials: [{ ...DEFAULT_CREDENTIALS, caller: ALICE }, BOB_KEYS] },
    simulatorOptions: {
      startOnCreate: false,
      actionDurationMs: 50,
      checkRoles: true,
      roles: [ROLE],
      actionTypes: [scanner],
      thirdPartyClients: [scannerClient],
    },
  })
  alice = officialApi(running)
  bob = officialApi(running, { credentials: BOB_KEYS })
})
afterAll(async () => {
  await alice.close()
  await bob.close()
  await running.close()
})

const errorOf = (promise: Promise<unknown>): Promise<ApiError> =>
  promise.then(
    () => {
      throw new Error("the call succeeded")
    },
    (error: unknown) => {
      if (!(error instanceof ApiError)) throw error
      return error
    },
  )

/** Polls until `check` holds (the emulator runs on the live clock). */
const eventually = async <A>(get: () => Promise<A>, check: (a: A) => boolean): Promise<A> => {
  for (let i = 0; i < 100; i++) {
    const value = await get()
    if (check(value)) return value
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  throw new Error("timed out")
}

describe("the action catalog through the official SDK", () => {
  it("a Commands action in a V1 pipeline is refused", async () => {
    const commands: S.ActionDeclaration = {
      name: "Test",
      actionTypeId: { category: "Compute", owner: "AWS", provider: "Commands", version: "1" },
      commands: ["make"],
      inputArtifacts: [{ name: "Code" }],
    }
    const error = await errorOf(alice.call("createPipeline", { pipeline: declaration("v1-commands", commands, { pipelineType: "V1" }) }))
    expect(error.code).toBe("InvalidActionDeclarationException")
    expect(error.message).toContain("only supported in V2 pipelines")
  })

  it("an unknown configuration key on a built-in provider is refused", async () => {
    const typo: S.ActionDeclaration = {
      name: "Build",
      actionTypeId: { category: "Build", owner: "AWS", provider: "CodeBuild", version: "1" },
      configuration: { ProjectName: "shop", Project: "shop" },
      inputArtifacts: [{ name: "Code" }],
    }
    const error = await errorOf(alice.call("createPipeline", { pipeline: declaration("typo", typo) }))
    expect(error.code).toBe("InvalidActionDeclarationException")
    expect(error.message).toContain("unknown configuration 'Project'")
  })

  it("ListActionTypes lists the newly documented providers", async () => {
    const { actionTypes } = await alice.call("listActionTypes", { actionOwnerFilter: "AWS" })
    expect(actionTypes.map((t: S.ActionType) => t.id.provider)).toEqual(
      expect.arrayContaining([
        "EKS",
        "InspectorScan",
        "ECRBuildAndPublish",
        "CodePipeline",
        "AppConfig",
        "ServiceCatalog",
        "DeviceFarm",
        "OpsWorks",
      ]),
    )
  })
})

describe("the V2 upgrade through the official SDK", () => {
  it("a pipeline with variables and no pipelineType is created V2", async () => {
    const { pipeline } = await alice.call("createPipeline", {
      pipeline: declaration("upgraded", approve, { variables: [{ name: "env", defaultValue: "prod" }] }),
    })
    expect(pipeline?.pipelineType).toBe("V2")
  })
})

describe("partner jobs through the official SDK", () => {
  it("the job carries the registered client, and a token that is not its client's is refused", async () => {
    await alice.call("createPipeline", { pipeline: declaration("scanned", { name: "Scan", actionTypeId: scannerId }) })
    await alice.call("startPipelineExecution", { name: "scanned" })
    const { jobs } = await eventually(
      () => alice.call("pollForThirdPartyJobs", { actionTypeId: scannerId }),
      (r) => (r.jobs?.length ?? 0) > 0,
    )
    const job = jobs![0]!
    expect(job.clientId).toBe(scannerClient.clientId)
    const refused = await errorOf(alice.call("getThirdPartyJobDetails", { jobId: job.jobId!, clientToken: "guessed" }))
    expect(refused.code).toBe("InvalidClientTokenException")
    expect(refused.message).not.toContain("guessed")
    await alice.call("putThirdPartyJobSuccessResult", { jobId: job.jobId!, clientToken: "scanner-token" })
  })
})

describe("validation errors through the official SDK", () => {
  it("an execution mode the service does not know gets AWS's message", async () => {
    const error = await errorOf(
      alice.call("createPipeline", { pipeline: declaration("mode", approve, { executionMode: "EVENTUALLY" as S.ExecutionMode }) }),
    )
    expect(error.code).toBe("ValidationException")
    expect(error.message).toBe(
      "ValidationException: 1 validation error detected: Value 'EVENTUALLY' at 'pipeline.executionMode' failed to satisfy constraint: Member must satisfy enum value set: [QUEUED, SUPERSEDED, PARALLEL]",
    )
  })
})

describe("callers through the official SDK", () => {
  it("each access key's caller is named in the trigger of the execution it starts", async () => {
    await alice.call("createPipeline", { pipeline: declaration("callers", approve) })
    await bob.call("startPipelineExecution", { name: "callers" })
    const summaries = (await alice.call("listPipelineExecutions", { pipelineName: "callers" })).pipelineExecutionSummaries ?? []
    // Bob's key has no caller of its own: the in-memory identity.
    expect(summaries[0]?.trigger?.triggerDetail).toBe("arn:aws:iam::123456789012:user/in-memory")
    running.setCaller(BOB_KEYS.accessKeyId, BOB)
    await bob.call("startPipelineExecution", { name: "callers" })
    const again = (await alice.call("listPipelineExecutions", { pipelineName: "callers" })).pipelineExecutionSummaries ?? []
    expect(again[0]?.trigger?.triggerDetail).toBe(BOB)
  })

  it("the caller who disables a transition is its lastChangedBy", async () => {
    await alice.call("createPipeline", { pipeline: declaration("transitions", approve) })
    await alice.call("disableStageTransition", {
      pipelineName: "transitions",
      stageName: "Next",
      transitionType: "Inbound",
      reason: "freeze",
    })
    const state = await alice.call("getPipelineState", { name: "transitions" })
    expect(state.stageStates?.find((s: S.StageState) => s.stageName === "Next")?.inboundTransitionState?.lastChangedBy).toBe(ALICE)
  })
})

describe("the IAM check through the official SDK", () => {
  const stranger = "arn:aws:iam::123456789012:role/stranger"

  it("a role nobody registered is refused as a role CodePipeline cannot assume", async () => {
    const error = await errorOf(alice.call("createPipeline", { pipeline: { ...declaration("unassumable", approve), roleArn: stranger } }))
    expect(error.code).toBe("InvalidStructureException")
    expect(error.message).toBe(`InvalidStructureException: CodePipeline is not authorized to perform AssumeRole on role ${stranger}`)
  })

  it("a role registered with the simulator is accepted", async () => {
    running.simulator.registerRole(stranger)
    const { pipeline } = await alice.call("createPipeline", { pipeline: { ...declaration("assumable", approve), roleArn: stranger } })
    expect(pipeline?.roleArn).toBe(stranger)
  })
})
