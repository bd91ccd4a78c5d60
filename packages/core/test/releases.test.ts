/**
 * What a release waits for, from a pipeline's declaration and its state: the join of the two, the
 * pending manual approvals with their tokens, what runs in a stage, and when an execution has ended.
 */
import { describe, expect, it } from "vitest"
import * as Releases from "../src/Releases.js"
import type * as T from "../src/Types.js"

const approvalType = { category: "Approval", owner: "AWS", provider: "Manual", version: "1" } as const
const buildType = { category: "Build", owner: "AWS", provider: "CodeBuild", version: "1" } as const

const declaration: T.PipelineDeclaration = {
  name: "release",
  roleArn: "arn:aws:iam::123456789012:role/codepipeline",
  version: 3,
  stages: [
    {
      name: "Source",
      actions: [{ name: "Checkout", actionTypeId: { category: "Source", owner: "AWS", provider: "CodeCommit", version: "1" } }],
    },
    { name: "Build", actions: [{ name: "Compile", actionTypeId: buildType }] },
    {
      name: "Approve",
      actions: [
        {
          name: "Manager",
          actionTypeId: approvalType,
          configuration: { CustomData: "Release 2.4.0: see the change log", ExternalEntityLink: "https://example.com/changes/2.4.0" },
        },
        { name: "Security", actionTypeId: approvalType },
      ],
    },
    {
      name: "Deploy",
      actions: [{ name: "Production", actionTypeId: { category: "Deploy", owner: "AWS", provider: "CodeDeploy", version: "1" } }],
    },
  ],
}

const since = new Date("2026-12-04T10:00:00Z")

/** A state in which the build has succeeded and the two approvals of execution e-2 wait. */
const state: T.GetPipelineStateOutput = {
  pipelineName: "release",
  pipelineVersion: 3,
  stageStates: [
    // Out of order, as nothing promises the order: matching is by name.
    {
      stageName: "Approve",
      latestExecution: { pipelineExecutionId: "e-2", status: "InProgress" },
      actionStates: [
        {
          actionName: "Security",
          latestExecution: { actionExecutionId: "a-4", status: "InProgress", token: "token-security", lastStatusChange: since },
        },
        {
          actionName: "Manager",
          latestExecution: { actionExecutionId: "a-3", status: "InProgress", token: "token-manager", lastStatusChange: since },
        },
      ],
    },
    {
      stageName: "Source",
      latestExecution: { pipelineExecutionId: "e-2", status: "Succeeded" },
      actionStates: [{ actionName: "Checkout", latestExecution: { actionExecutionId: "a-1", status: "Succeeded" } }],
    },
    {
      stageName: "Build",
      latestExecution: { pipelineExecutionId: "e-2", status: "Succeeded" },
      actionStates: [{ actionName: "Compile", latestExecution: { actionExecutionId: "a-2", status: "Succeeded" } }],
    },
    { stageName: "Deploy", actionStates: [{ actionName: "Production" }] },
  ],
}

/** `state` with one action's latest execution replaced. */
const withAction = (stageName: string, actionName: string, latestExecution: T.ActionExecution | undefined): T.GetPipelineStateOutput => ({
  ...state,
  stageStates: state.stageStates!.map((stage) =>
    stage.stageName !== stageName
      ? stage
      : {
          ...stage,
          actionStates: stage.actionStates!.map((a) =>
            a.actionName === actionName ? { actionName, ...(latestExecution ? { latestExecution } : {}) } : a,
          ),
        },
  ),
})

describe("actions", () => {
  it("pairs every declared action, in pipeline order, with its state, matched by stage and action name", () => {
    const joined = Releases.actions(declaration, state)
    expect(
      joined.map(
        (a) => `${a.stageName}.${a.actionName}: ${a.declaration.actionTypeId.provider} ${a.state?.latestExecution?.status ?? "-"}`,
      ),
    ).toEqual([
      "Source.Checkout: CodeCommit Succeeded",
      "Build.Compile: CodeBuild Succeeded",
      "Approve.Manager: Manual InProgress",
      "Approve.Security: Manual InProgress",
      "Deploy.Production: CodeDeploy -",
    ])
    expect(joined[2]!.stageState?.latestExecution?.pipelineExecutionId).toBe("e-2")
  })

  it("gives no state to an action or a stage the state does not list", () => {
    const joined = Releases.actions(declaration, { pipelineName: "release", stageStates: [{ stageName: "Build", actionStates: [] }] })
    expect(joined.map((a) => [a.actionName, a.stageState === undefined, a.state === undefined])).toEqual([
      ["Checkout", true, true],
      ["Compile", false, true],
      ["Manager", true, true],
      ["Security", true, true],
      ["Production", true, true],
    ])
  })

  it("leaves out stages and actions the state lists but the declaration does not", () => {
    const extra: T.GetPipelineStateOutput = {
      stageStates: [
        ...state.stageStates!,
        { stageName: "Removed", actionStates: [{ actionName: "Old", latestExecution: { status: "InProgress", token: "t" } }] },
      ],
    }
    expect(Releases.actions(declaration, extra).map((a) => a.stageName)).not.toContain("Removed")
  })
})

describe("isManualApproval", () => {
  it("is true of CodePipeline's manual approval type only", () => {
    expect(Releases.isManualApproval(approvalType)).toBe(true)
    expect(Releases.isManualApproval(buildType)).toBe(false)
    expect(Releases.isManualApproval({ category: "Approval", owner: "Custom", provider: "Manual", version: "1" })).toBe(false)
    expect(Releases.isManualApproval({ category: "Build", owner: "AWS", provider: "Manual", version: "1" })).toBe(false)
  })
})

describe("pendingApprovals", () => {
  it("lists each in-progress manual approval with what PutApprovalResult needs and the execution it holds up", () => {
    expect(Releases.pendingApprovals(declaration, state)).toEqual([
      {
        pipelineName: "release",
        stageName: "Approve",
        actionName: "Manager",
        token: "token-manager",
        pipelineExecutionId: "e-2",
        actionExecutionId: "a-3",
        since,
        customData: "Release 2.4.0: see the change log",
        externalEntityLink: "https://example.com/changes/2.4.0",
      },
      {
        pipelineName: "release",
        stageName: "Approve",
        actionName: "Security",
        token: "token-security",
        pipelineExecutionId: "e-2",
        actionExecutionId: "a-4",
        since,
        customData: undefined,
        externalEntityLink: undefined,
      },
    ])
  })

  it("does not list an in-progress action that is not a manual approval, even with a token", () => {
    const building = withAction("Build", "Compile", { status: "InProgress", token: "not-an-approval" })
    expect(Releases.pendingApprovals(declaration, building).map((a) => a.actionName)).toEqual(["Manager", "Security"])
  })

  it("does not list approvals that were answered, failed, or not reached", () => {
    const answered = withAction("Approve", "Manager", { status: "Succeeded", summary: "ok" })
    expect(Releases.pendingApprovals(declaration, answered).map((a) => a.actionName)).toEqual(["Security"])
    const rejected = withAction("Approve", "Manager", { status: "Failed", token: "stale" })
    expect(Releases.pendingApprovals(declaration, rejected).map((a) => a.actionName)).toEqual(["Security"])
    const notReached = withAction("Approve", "Manager", undefined)
    expect(Releases.pendingApprovals(declaration, notReached).map((a) => a.actionName)).toEqual(["Security"])
  })

  it("does not list an in-progress approval that has no token yet (it cannot be answered)", () => {
    const tokenless = withAction("Approve", "Manager", { status: "InProgress" })
    expect(Releases.pendingApprovals(declaration, tokenless).map((a) => a.actionName)).toEqual(["Security"])
  })

  it("is empty when nothing waits for a person", () => {
    expect(Releases.pendingApprovals(declaration, { pipelineName: "release", stageStates: [] })).toEqual([])
  })
})

describe("pendingParallelApprovals", () => {
  const detail = (over: Partial<T.ActionExecutionDetail>): T.ActionExecutionDetail => ({
    pipelineExecutionId: "exec-1",
    actionExecutionId: "act-1",
    stageName: "Approve",
    actionName: "Manager",
    status: "InProgress",
    lastUpdateTime: new Date(30_000),
    input: { actionTypeId: approvalType },
    output: { executionResult: { externalExecutionId: "token-1" } },
    ...over,
  })

  it("lists each in-progress approval with its externalExecutionId as the token and the execution it belongs to", () => {
    const pending = Releases.pendingParallelApprovals(declaration, [
      detail({}),
      detail({
        pipelineExecutionId: "exec-2",
        actionExecutionId: "act-2",
        output: { executionResult: { externalExecutionId: "token-2" } },
      }),
    ])
    expect(pending).toEqual([
      {
        pipelineName: "release",
        stageName: "Approve",
        actionName: "Manager",
        token: "token-1",
        pipelineExecutionId: "exec-1",
        actionExecutionId: "act-1",
        since: new Date(30_000),
        customData: "Release 2.4.0: see the change log",
        externalEntityLink: "https://example.com/changes/2.4.0",
      },
      expect.objectContaining({ token: "token-2", pipelineExecutionId: "exec-2" }),
    ])
  })

  it("leaves out ended approvals, approvals without a token and actions that are not manual approvals", () => {
    const pending = Releases.pendingParallelApprovals(declaration, [
      detail({ status: "Succeeded" }),
      detail({ output: {} }),
      detail({ actionName: "Compile", stageName: "Build", input: { actionTypeId: buildType } }),
    ])
    expect(pending).toEqual([])
  })
})
describe("runningExecution", () => {
  it("is the stage's latest execution while it is in progress", () => {
    expect(Releases.runningExecution(state, "Approve")).toEqual({
      _tag: "Running",
      execution: { pipelineExecutionId: "e-2", status: "InProgress" },
    })
  })

  it("counts an execution that is stopping as still running", () => {
    const stopping: T.GetPipelineStateOutput = {
      stageStates: [{ stageName: "Deploy", latestExecution: { pipelineExecutionId: "e-1", status: "Stopping" } }],
    }
    expect(Releases.runningExecution(stopping, "Deploy")).toMatchObject({ _tag: "Running", execution: { pipelineExecutionId: "e-1" } })
  })

  it("is idle, with the last execution that ran, when the stage's latest execution has ended", () => {
    expect(Releases.runningExecution(state, "Build")).toEqual({
      _tag: "Idle",
      latestExecution: { pipelineExecutionId: "e-2", status: "Succeeded" },
    })
  })

  it("is idle, with no execution, in a stage that never ran", () => {
    expect(Releases.runningExecution(state, "Deploy")).toEqual({ _tag: "Idle", latestExecution: undefined })
  })

  it("does not count an execution waiting to enter the stage as running in it", () => {
    const waiting: T.GetPipelineStateOutput = {
      stageStates: [
        {
          stageName: "Deploy",
          inboundExecution: { pipelineExecutionId: "e-3", status: "InProgress" },
          latestExecution: { pipelineExecutionId: "e-1", status: "Succeeded" },
        },
      ],
    }
    expect(Releases.runningExecution(waiting, "Deploy")).toMatchObject({ _tag: "Idle", latestExecution: { pipelineExecutionId: "e-1" } })
  })

  it("says the stage does not exist, and names those that do, for a stage name the pipeline has not", () => {
    expect(Releases.runningExecution(state, "Deploi")).toEqual({
      _tag: "StageNotFound",
      stageNames: ["Approve", "Source", "Build", "Deploy"],
    })
  })
})

describe("hasEnded", () => {
  it("is true of every status of a finished execution, and of a status the model does not list", () => {
    for (const status of ["Succeeded", "Failed", "Stopped", "Cancelled", "Superseded", "SomethingNew"]) {
      expect(Releases.hasEnded({ pipelineExecutionId: "e-1", status }), status).toBe(true)
    }
  })

  it("is false while the execution is in progress or stopping, and when it has no status", () => {
    for (const status of ["InProgress", "Stopping", undefined]) {
      expect(Releases.hasEnded({ pipelineExecutionId: "e-1", status }), String(status)).toBe(false)
    }
  })
})
