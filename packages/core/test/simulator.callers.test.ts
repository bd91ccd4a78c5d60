/**
 * Who calls, and what they may use, without Effect: the caller of each call (named in
 * `lastChangedBy`, an approval's `updatedBy` and trigger details), the optional IAM check of role
 * ARNs, partner clients and their tokens, and validation errors in AWS's format.
 */
import { describe, expect, it } from "vitest"
import * as Releases from "../src/Releases.js"
import * as Simulator from "../src/Simulator.js"
import type * as T from "../src/Types.js"
import { approval, codeCommit, declaration, ROLE, stage } from "./support/pipelines.js"

const T0 = Date.parse("2026-06-01T09:00:00.000Z")
const ALICE = "arn:aws:iam::123456789012:user/alice"
const BOB = "arn:aws:sts::123456789012:assumed-role/deployer/bob"

const release = declaration("release", [stage("Source", codeCommit()), stage("Approve", approval())])

const make = (options: Simulator.Options = {}) => Simulator.makeSimulator({ now: T0, seed: 7, startOnCreate: false, ...options })

const errorOf = (f: () => unknown): string | undefined => {
  try {
    f()
  } catch (error) {
    return error instanceof Simulator.ServiceError || error instanceof Simulator.ControlError
      ? `${(error as { code?: string }).code ?? "ControlError"}: ${error.message}`
      : String(error)
  }
  return undefined
}

describe("the caller of each call", () => {
  it("is named in the trigger of the execution it starts", () => {
    const simulator = make()
    simulator.execute("CreatePipeline", { pipeline: release })
    simulator.execute("StartPipelineExecution", { name: "release" }, undefined, ALICE)
    const [summary] = simulator.execute("ListPipelineExecutions", { pipelineName: "release" }).pipelineExecutionSummaries ?? []
    expect(summary?.trigger).toEqual({ triggerType: "StartPipelineExecution", triggerDetail: ALICE })
  })

  it("is named as lastChangedBy of a transition it disables", () => {
    const simulator = make()
    simulator.execute("CreatePipeline", { pipeline: release })
    simulator.execute(
      "DisableStageTransition",
      { pipelineName: "release", stageName: "Approve", transitionType: "Inbound", reason: "freeze" },
      undefined,
      BOB,
    )
    const approve = simulator.execute("GetPipelineState", { name: "release" }).stageStates?.find((s) => s.stageName === "Approve")
    expect(approve?.inboundTransitionState?.lastChangedBy).toBe(BOB)
  })

  it("is named as updatedBy of an approval it gives, while other calls keep the configured identity", () => {
    const simulator = make({ identity: "arn:aws:iam::123456789012:user/ci" })
    simulator.execute("CreatePipeline", { pipeline: release })
    const { pipelineExecutionId } = simulator.execute("StartPipelineExecution", { name: "release" })
    simulator.advance(T0 + 60_000)
    const [approval] = Releases.pendingApprovals(release, simulator.execute("GetPipelineState", { name: "release" }))
    simulator.execute(
      "PutApprovalResult",
      {
        pipelineName: "release",
        stageName: "Approve",
        actionName: "Manager",
        result: { summary: "ok", status: "Approved" },
        token: approval!.token,
      },
      undefined,
      ALICE,
    )
    const details = simulator.execute("ListActionExecutions", {
      pipelineName: "release",
      filter: { pipelineExecutionId: pipelineExecutionId! },
    }).actionExecutionDetails
    expect(details?.find((d) => d.actionName === "Manager")?.output?.executionResult?.externalExecutionSummary).toBe("ok")
    const state = simulator.execute("GetPipelineState", { name: "release" }).stageStates?.find((s) => s.stageName === "Approve")
    expect(state?.actionStates?.[0]?.latestExecution?.lastUpdatedBy).toBe(ALICE)
    expect(
      simulator.execute("ListPipelineExecutions", { pipelineName: "release" }).pipelineExecutionSummaries?.[0]?.trigger?.triggerDetail,
    ).toBe("arn:aws:iam::123456789012:user/ci")
  })
})

describe("the optional IAM check", () => {
  it("is off by default: any role is accepted", () => {
    expect(make().execute("CreatePipeline", { pipeline: release }).pipeline?.roleArn).toBe(ROLE)
  })

  it("refuses a pipeline role nobody registered, as a role CodePipeline cannot assume", () => {
    expect(errorOf(() => make({ checkRoles: true }).execute("CreatePipeline", { pipeline: release }))).toBe(
      `InvalidStructureException: CodePipeline is not authorized to perform AssumeRole on role ${ROLE}`,
    )
  })

  it("accepts a registered role, given in the options or through the control", () => {
    expect(make({ checkRoles: true, roles: [ROLE] }).execute("CreatePipeline", { pipeline: release }).pipeline?.name).toBe("release")
    const simulator = make({ checkRoles: true })
    simulator.registerRole(ROLE)
    expect(simulator.execute("CreatePipeline", { pipeline: release }).pipeline?.name).toBe("release")
  })

  it("refuses an action role nobody registered, naming the pipeline role that would assume it", () => {
    const actionRole = "arn:aws:iam::123456789012:role/deploy"
    const withActionRole = {
      ...release,
      stages: [release.stages[0]!, { ...release.stages[1]!, actions: [{ ...release.stages[1]!.actions[0]!, roleArn: actionRole }] }],
    }
    expect(errorOf(() => make({ checkRoles: true, roles: [ROLE] }).execute("CreatePipeline", { pipeline: withActionRole }))).toBe(
      `InvalidStructureException: Pipeline role ${ROLE} is not authorized to perform AssumeRole on action role ${actionRole}`,
    )
  })

  it("refuses to register what is not a role ARN", () => {
    expect(errorOf(() => make().registerRole("arn:aws:iam::123456789012:user/alice"))).toMatch(
      /^ControlError: registerRole: the role must be an IAM role ARN/,
    )
  })
})

describe("partner clients", () => {
  const partner: T.ActionTypeDeclaration = {
    executor: { type: "JobWorker", configuration: { jobWorkerExecutorConfiguration: { pollingAccounts: ["111122223333"] } } },
    id: { category: "Test", owner: "ThirdParty", provider: "Scanner", version: "1" },
    inputArtifactDetails: { minimumCount: 0, maximumCount: 1 },
    outputArtifactDetails: { minimumCount: 0, maximumCount: 0 },
  }
  const scannerId: T.ActionTypeId = { category: "Test", owner: "ThirdParty", provider: "Scanner", version: "1" }
  const client = { actionTypeId: scannerId, clientId: "5ca77e42-0000-4000-8000-000000000001", clientToken: "scanner-token" }
  const scanned: T.PipelineDeclaration = {
    ...release,
    stages: [release.stages[0]!, { name: "Scan", actions: [{ name: "Scan", actionTypeId: scannerId }] }],
  }

  const queued = (options: Simulator.Options) => {
    const simulator = make({ actionTypes: [partner], ...options })
    simulator.execute("CreatePipeline", { pipeline: scanned })
    simulator.execute("StartPipelineExecution", { name: "release" })
    simulator.advance(T0 + 60_000)
    const [job] = simulator.execute("PollForThirdPartyJobs", { actionTypeId: scannerId }).jobs ?? []
    return { simulator, job: job! }
  }

  it("a job carries the registered client's id, and its token is accepted", () => {
    const { simulator, job } = queued({ thirdPartyClients: [client] })
    expect(job.clientId).toBe(client.clientId)
    simulator.execute("PutThirdPartyJobSuccessResult", { jobId: job.jobId!, clientToken: "scanner-token" })
    expect(simulator.jobs({ kind: "ThirdParty" })[0]?.status).toBe("Succeeded")
  })

  it("another token is refused, on first use too, without quoting it", () => {
    const { simulator, job } = queued({ thirdPartyClients: [client] })
    const error = errorOf(() => simulator.execute("GetThirdPartyJobDetails", { jobId: job.jobId!, clientToken: "guessed-token" }))
    expect(error).toBe(`InvalidClientTokenException: The client token is not valid for job ${job.jobId}`)
  })

  it("without a registered client, no token is accepted", () => {
    const { simulator, job } = queued({})
    expect(
      errorOf(() => simulator.execute("AcknowledgeThirdPartyJob", { jobId: job.jobId!, nonce: "1", clientToken: "scanner-token" })),
    ).toMatch(/^InvalidClientTokenException/)
  })
})

describe("validation errors in AWS's format", () => {
  it("name the member, the value and the enum of a value the service does not know", () => {
    expect(errorOf(() => make().execute("CreatePipeline", { pipeline: { ...release, executionMode: "EVENTUALLY" } }))).toBe(
      "ValidationException: 1 validation error detected: Value 'EVENTUALLY' at 'pipeline.executionMode' failed to satisfy constraint: Member must satisfy enum value set: [QUEUED, SUPERSEDED, PARALLEL]",
    )
  })

  it("count and list every violation when there are several", () => {
    const pipeline = { ...release, pipelineType: "V3", artifactStore: { type: "GCS", location: "artifacts" } }
    expect(errorOf(() => make().execute("CreatePipeline", { pipeline }))).toBe(
      "ValidationException: 2 validation errors detected: Value 'V3' at 'pipeline.pipelineType' failed to satisfy constraint: Member must satisfy enum value set: [V1, V2]; " +
        "Value 'GCS' at 'pipeline.artifactStore.type' failed to satisfy constraint: Member must satisfy enum value set: [S3]",
    )
  })

  it("quote at most 60 characters of a value, with control characters escaped", () => {
    const message = errorOf(() => make().execute("CreatePipeline", { pipeline: { ...release, executionMode: `${"X".repeat(500)}` } }))!
    expect(message).toContain(`Value '${"X".repeat(60)}…' at 'pipeline.executionMode'`)
    const control = errorOf(() => make().execute("CreatePipeline", { pipeline: { ...release, executionMode: "A\nB" } }))!
    expect(control).toContain("Value 'A\\u000aB'")
  })

  it("UpdatePipeline of a pipeline that does not exist stays a ValidationException, an error the model lists for it", () => {
    expect(errorOf(() => make().execute("UpdatePipeline", { pipeline: release }))).toMatch(/^ValidationException: /)
  })
})

describe("a caller that is not an ARN", () => {
  it("is refused with a ControlError naming the problem, before the call runs", () => {
    const simulator = make()
    for (const caller of ["alice", `arn:aws:iam::123456789012:user/${"a".repeat(1100)}`, "arn:aws:iam::12:user/x"]) {
      const thrown = (() => {
        try {
          simulator.execute("ListPipelines", {}, undefined, caller)
        } catch (error) {
          return error
        }
      })() as Error
      expect(thrown).toBeInstanceOf(Simulator.ControlError)
      expect(thrown.message).toContain("is not an IAM or STS ARN of at most 1024 characters")
      expect(thrown.message.length).toBeLessThan(250)
    }
    expect(simulator.calls()).toEqual([])
  })

  it("is refused by the emulator handler's setCaller and its credentials option", async () => {
    const { makeHandler } = await import("../src/Emulator.js")
    const handler = makeHandler({ simulator: make(), region: "us-east-1" })
    expect(() => handler.setCaller("AKIDEXAMPLE", "not-an-arn")).toThrow(Simulator.ControlError)
    expect(() =>
      makeHandler({
        simulator: make(),
        region: "us-east-1",
        auth: { credentials: [{ accessKeyId: "AK", secretAccessKey: "s", caller: "x" }] },
      } as never),
    ).toThrow("credentials of AK: the caller 'x' is not an IAM or STS ARN")
  })
})
