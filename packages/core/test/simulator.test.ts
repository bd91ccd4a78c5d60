/**
 * The simulator on its own, without Effect: a release from creation to success, errors as codes,
 * fault injection and recorded calls, snapshots (round trip, and corrupt ones refused with the
 * path of the problem), and simulated time.
 */
import { describe, expect, it } from "vitest"
import * as Codec from "../src/Codec.js"
import * as Operations from "../src/Operations.js"
import * as Releases from "../src/Releases.js"
import * as Simulator from "../src/Simulator.js"
import type * as T from "../src/Types.js"
import { actionType, approval, codeBuild, codeCommit, declaration, stage } from "./support/pipelines.js"

const T0 = Date.parse("2026-06-01T09:00:00.000Z")
const deployType = actionType("Deploy", "Rollout", "Custom")

const release = declaration("release", [
  stage("Source", codeCommit()),
  stage("Build", codeBuild({ outputArtifacts: [{ name: "Bundle" }] })),
  stage("Approve", approval()),
  stage("Deploy", {
    name: "Production",
    actionTypeId: deployType,
    configuration: { Target: "prod" },
    inputArtifacts: [{ name: "Bundle" }],
  }),
])

const rolloutType: T.CreateCustomActionTypeInput = {
  ...deployType,
  configurationProperties: [{ name: "Target", required: true, key: true, secret: false }],
  inputArtifactDetails: { minimumCount: 1, maximumCount: 1 },
  outputArtifactDetails: { minimumCount: 0, maximumCount: 0 },
}

/** A partner's action type, run by a job worker. */
const partner: T.ActionTypeDeclaration = {
  id: { category: "Deploy", owner: "ThirdParty", provider: "Partner", version: "1" },
  executor: { type: "JobWorker", configuration: { jobWorkerExecutorConfiguration: {} } },
  inputArtifactDetails: { minimumCount: 0, maximumCount: 1 },
  outputArtifactDetails: { minimumCount: 0, maximumCount: 0 },
}

/** Runs `f` and returns what it throws. */
const thrown = (f: () => unknown): unknown => {
  try {
    f()
  } catch (error) {
    return error
  }
  throw new Error("nothing was thrown")
}

const make = (options: Simulator.Options = {}) => Simulator.makeSimulator({ now: T0, seed: 7, ...options })

/** A simulator with the release pipeline (its custom deploy type first), created at T0. */
const withRelease = (options: Simulator.Options = {}) => {
  const simulator = make(options)
  simulator.execute("CreateCustomActionType", rolloutType)
  simulator.execute("CreatePipeline", { pipeline: release })
  return simulator
}

const stageStatuses = (simulator: Simulator.Simulator) =>
  simulator.execute("GetPipelineState", { name: "release" }).stageStates?.map((s) => [s.stageName, s.latestExecution?.status])

describe("a release, from creation to success", () => {
  it("runs the source and build, waits for the approval and the custom job, and succeeds", () => {
    const simulator = withRelease({ startOnCreate: false })
    const { pipelineExecutionId } = simulator.execute("StartPipelineExecution", { name: "release" })

    // Source and build take 30 s each by default; the approval then waits for a person.
    simulator.advance(T0 + 60_000)
    expect(stageStatuses(simulator)).toEqual([
      ["Source", "Succeeded"],
      ["Build", "Succeeded"],
      ["Approve", "InProgress"],
      ["Deploy", undefined],
    ])
    const state = simulator.execute("GetPipelineState", { name: "release" })
    const [approval] = Releases.pendingApprovals(release, state)
    expect(approval).toMatchObject({ stageName: "Approve", actionName: "Manager", pipelineExecutionId })
    simulator.execute("PutApprovalResult", {
      pipelineName: "release",
      stageName: "Approve",
      actionName: "Manager",
      result: { summary: "Ship it", status: "Approved" },
      token: approval!.token,
    })

    // The deploy is a custom action: a job worker polls, acknowledges and reports.
    const { jobs } = simulator.execute("PollForJobs", { actionTypeId: deployType })
    expect(jobs).toHaveLength(1)
    const job = jobs![0]!
    expect(job.data?.actionConfiguration?.configuration).toEqual({ Target: "prod" })
    expect(simulator.execute("AcknowledgeJob", { jobId: job.id!, nonce: job.nonce! }).status).toBe("InProgress")
    simulator.execute("PutJobSuccessResult", { jobId: job.id!, executionDetails: { summary: "Rolled out", percentComplete: 100 } })

    const execution = simulator.execute("GetPipelineExecution", { pipelineName: "release", pipelineExecutionId: pipelineExecutionId! })
      .pipelineExecution!
    expect(execution.status).toBe("Succeeded")
    expect(Releases.hasEnded(execution)).toBe(true)
    expect(stageStatuses(simulator)?.every(([, status]) => status === "Succeeded")).toBe(true)
  })

  it("answers with the core's types: Date timestamps and sensitive strings as plain strings", () => {
    const simulator = withRelease({ startOnCreate: false })
    simulator.seedExecution({ pipelineName: "release", status: "Succeeded" })
    const pipeline = simulator.execute("GetPipeline", { name: "release" })
    expect(pipeline.metadata?.created).toEqual(new Date(T0))
    // Every answer is a valid value of its shape.
    expect(Codec.validate(Operations.GetPipeline.output!, pipeline)).toBeUndefined()
    simulator.execute("StartPipelineExecution", { name: "release" })
    simulator.advance(T0 + 10 * 60_000)
    const state = simulator.execute("GetPipelineState", { name: "release" })
    simulator.execute("PutApprovalResult", {
      pipelineName: "release",
      stageName: "Approve",
      actionName: "Manager",
      result: { summary: "", status: "Approved" },
      token: Releases.pendingApprovals(release, state)[0]!.token,
    })
    const [job] = simulator.execute("PollForJobs", { actionTypeId: deployType }).jobs!
    expect(typeof job!.data?.artifactCredentials?.secretAccessKey).toBe("string")
  })
})

describe("errors", () => {
  it("an operation refuses with a ServiceError carrying the service's code and message", () => {
    const error = thrown(() => make().execute("GetPipelineState", { name: "missing" }))
    expect(error).toBeInstanceOf(Simulator.ServiceError)
    expect(error).toMatchObject({
      code: "PipelineNotFoundException",
      message: "Account '123456789012' does not have a pipeline with name 'missing'",
    })
  })

  it("the service's rules beyond the model's constraints are its codes too", () => {
    const error = thrown(() => make().execute("CreatePipeline", { pipeline: { ...release, stages: release.stages.slice(0, 1) } }))
    expect(error).toMatchObject({ code: "InvalidStructureException" })
  })

  it("an operation the model does not have is an UnknownOperationException", () => {
    expect(thrown(() => make().execute("LaunchRockets" as never, {} as never))).toMatchObject({ code: "UnknownOperationException" })
  })

  it("a control asked for what does not exist throws a ControlError", () => {
    const error = thrown(() =>
      make().completeAction({ pipelineName: "release", stageName: "Build", actionName: "Compile" }, { status: "Succeeded" }),
    )
    expect(error).toBeInstanceOf(Simulator.ControlError)
    expect((error as Error).message).toBe("Pipeline 'release' does not exist")
  })

  it("seeding a pipeline follows CreatePipeline's rules, and refuses a value that breaks the model with its path", () => {
    const simulator = make()
    simulator.execute("CreateCustomActionType", rolloutType)
    simulator.seedPipeline(release)
    expect(thrown(() => simulator.seedPipeline(release))).toMatchObject({ code: "PipelineNameInUseException" })
    const invalid = thrown(() => simulator.seedPipeline({ ...release, name: "bad name!" }))
    expect(invalid).toBeInstanceOf(Simulator.ControlError)
    expect((invalid as Error).message).toMatch(/^seedPipeline: the input at pipeline\.name: Expected a string matching/)
  })

  it("an action type registered, or given in the options, must keep the model and the service's rules", () => {
    const simulator = make()
    simulator.registerActionType(partner)
    expect(simulator.execute("GetActionType", partner.id).actionType?.id).toEqual(partner.id)
    const shape = thrown(() => simulator.registerActionType({ ...partner, id: { ...partner.id, provider: "" } }))
    expect((shape as Error).message).toMatch(/^registerActionType: the input at id\.provider: /)
    const rule = thrown(() => simulator.registerActionType({ ...partner, executor: { type: "Lambda", configuration: {} } }))
    expect(rule).toMatchObject({ name: "ControlError", message: "A Lambda executor needs lambdaExecutorConfiguration" })
    expect(() => make({ actionTypes: [{ ...partner, id: { ...partner.id, category: "Nope" } }] })).toThrow(
      "CodePipeline simulator: invalid action type in options.actionTypes: 1 validation error detected: Value 'Nope' at 'actionType.id.category' failed to satisfy constraint: Member must satisfy enum value set: [Source, Build, Deploy, Test, Invoke, Approval, Compute]",
    )
  })
})

describe("fault injection and recorded calls", () => {
  it("the next calls of an operation fail with the injected code, then it answers again", () => {
    const simulator = withRelease({ startOnCreate: false })
    simulator.injectFault("GetPipelineState", { code: "ThrottlingException", message: "Rate exceeded" }, { times: 2 })
    for (let i = 0; i < 2; i++) {
      expect(thrown(() => simulator.execute("GetPipelineState", { name: "release" }))).toMatchObject({
        code: "ThrottlingException",
        message: "Rate exceeded",
      })
    }
    expect(simulator.execute("GetPipelineState", { name: "release" }).pipelineName).toBe("release")
    expect(simulator.calls("GetPipelineState").map((c) => [c.outcome, c.error])).toEqual([
      ["Failure", "ThrottlingException"],
      ["Failure", "ThrottlingException"],
      ["Success", undefined],
    ])
  })

  it("a faulted call changes nothing", () => {
    const simulator = make()
    simulator.injectFault("CreatePipeline", { code: "InternalFailure", message: "Boom" })
    expect(thrown(() => simulator.execute("CreatePipeline", { pipeline: release }))).toMatchObject({ code: "InternalFailure" })
    expect(simulator.execute("ListPipelines", {}).pipelines).toEqual([])
    expect(simulator.revision).toBe(0)
  })

  it("clearFaults removes pending faults", () => {
    const simulator = make()
    simulator.injectFault("ListPipelines", { code: "ThrottlingException", message: "Rate exceeded" }, { times: 3 })
    simulator.clearFaults()
    expect(simulator.execute("ListPipelines", {}).pipelines).toEqual([])
  })

  it("a fault must name a known operation and carry a code", () => {
    const simulator = make()
    expect(thrown(() => simulator.injectFault("Nope" as never, { code: "X", message: "" }))).toBeInstanceOf(Simulator.ControlError)
    expect(thrown(() => simulator.injectFault("ListPipelines", { code: "", message: "" }))).toBeInstanceOf(Simulator.ControlError)
  })

  it("records every call with its input, simulated time and outcome, refused ones too", () => {
    const simulator = make()
    simulator.execute("ListPipelines", {}, T0 + 5_000)
    thrown(() => simulator.execute("GetPipeline", { name: "missing" }, T0 + 6_000))
    simulator.recordRefused("GetPipeline", { name: 42 }, "InputValidationError", T0 + 7_000)
    expect(simulator.calls()).toEqual([
      { operation: "ListPipelines", input: {}, time: new Date(T0 + 5_000), outcome: "Success" },
      {
        operation: "GetPipeline",
        input: { name: "missing" },
        time: new Date(T0 + 6_000),
        outcome: "Failure",
        error: "PipelineNotFoundException",
      },
      {
        operation: "GetPipeline",
        input: { name: 42 },
        time: new Date(T0 + 7_000),
        outcome: "Failure",
        error: "InputValidationError",
        refused: true,
      },
    ])
    simulator.clearCalls()
    expect(simulator.calls()).toEqual([])
  })
})

describe("snapshots", () => {
  const populated = () => {
    const simulator = make({ startOnCreate: false })
    simulator.execute("CreateCustomActionType", { ...rolloutType, tags: [{ key: "team", value: "ops" }] })
    simulator.execute("CreatePipeline", { pipeline: release, tags: [{ key: "app", value: "shop" }] })
    simulator.execute("UpdatePipeline", { pipeline: { ...release, version: 1, stages: release.stages.slice(0, 3) } })
    simulator.execute("DisableStageTransition", {
      pipelineName: "release",
      stageName: "Approve",
      transitionType: "Inbound",
      reason: "Freeze",
    })
    simulator.execute("PutWebhook", {
      webhook: {
        name: "push",
        targetPipeline: "release",
        targetAction: "Checkout",
        filters: [{ jsonPath: "$.ref", matchEquals: "refs/heads/main" }],
        authentication: "UNAUTHENTICATED",
        authenticationConfiguration: {},
      },
    })
    return simulator
  }

  it("export to JSON and import into a new simulator: the same durable state", () => {
    const snapshot = populated().exportState()
    const json = JSON.parse(JSON.stringify(snapshot)) as unknown
    const other = make()
    other.importState(json)
    expect(other.exportState()).toEqual(snapshot)
    expect(other.execute("GetPipeline", { name: "release", version: 1 }).pipeline?.stages).toHaveLength(4)
    expect(other.execute("GetPipelineState", { name: "release" }).stageStates?.[2]?.inboundTransitionState).toMatchObject({
      enabled: false,
      disabledReason: "Freeze",
    })
  })

  it("decodeSnapshot gives the snapshot back, and refuses a corrupt one with the path of the problem", () => {
    const snapshot = JSON.parse(JSON.stringify(populated().exportState())) as Record<string, any>
    expect(Simulator.decodeSnapshot(snapshot)).toMatchObject({ _tag: "Ok", snapshot })
    const corrupt = (edit: (s: any) => void) => {
      const copy = JSON.parse(JSON.stringify(snapshot))
      edit(copy)
      const result = Simulator.decodeSnapshot(copy)
      return result._tag === "Invalid" ? result.issue : undefined
    }
    expect(corrupt((s) => (s.pipelines[0].created = "yesterday"))).toEqual({
      path: ["pipelines", 0, "created"],
      message: 'Expected an ISO 8601 date, got "yesterday"',
    })
    expect(corrupt((s) => delete s.pipelines[0].versions[1].roleArn)).toEqual({
      path: ["pipelines", 0, "versions", 1, "roleArn"],
      message: "is missing",
    })
    expect(corrupt((s) => (s.pipelines[0].versions[0].stages[0].actions[0].configuration.BranchName = 5))).toEqual({
      path: ["pipelines", 0, "versions", 0, "stages", 0, "actions", 0, "configuration", "BranchName"],
      message: "Expected a string, got 5",
    })
    expect(corrupt((s) => (s.webhooks[0].definition.name = "not a valid name!"))?.path).toEqual(["webhooks", 0, "definition", "name"])
    expect(corrupt((s) => (s.extra = true))).toEqual({ path: ["extra"], message: "is unexpected: it is not a member of this record" })
    expect(corrupt((s) => (s.pipelines[0].versions = []))?.path).toEqual(["pipelines", 0, "versions"])
  })

  it("a snapshot nested too deeply or cyclic is refused, not walked", () => {
    let deep: unknown = []
    for (let i = 0; i < 100_000; i++) deep = [deep]
    const tooDeep = Simulator.decodeSnapshot({
      region: "us-east-1",
      accountId: "123456789012",
      pipelines: deep,
      customActionTypes: [],
      registeredActionTypes: [],
      webhooks: [],
    })
    expect(tooDeep).toMatchObject({ _tag: "Invalid", issue: { message: "it is nested more than 100 levels deep" } })
    const cyclic: Record<string, unknown> = { region: "us-east-1" }
    cyclic["accountId"] = cyclic
    expect(Simulator.decodeSnapshot(cyclic)).toMatchObject({
      _tag: "Invalid",
      issue: { path: ["accountId"], message: "it refers to itself (a circular structure)" },
    })
  })

  it("importState refuses a corrupt snapshot with a ControlError naming where, and loads nothing", () => {
    const snapshot = JSON.parse(JSON.stringify(populated().exportState()))
    snapshot.webhooks.push(snapshot.webhooks[0])
    const fresh = make()
    const error = thrown(() => fresh.importState(snapshot))
    expect(error).toBeInstanceOf(Simulator.ControlError)
    expect((error as Error).message).toBe("Cannot import the state: webhooks[1] (push): appears twice")
    expect(fresh.execute("ListPipelines", {}).pipelines).toEqual([])
    snapshot.webhooks.pop()
    snapshot.pipelines[0].updated = 17
    expect((thrown(() => fresh.importState(snapshot)) as Error).message).toBe(
      "Cannot import the state: at pipelines[0].updated: Expected an ISO 8601 date, got 17",
    )
  })

  it("keeps a __proto__ entry as an entry, and refuses one that is not a string", () => {
    const snapshot = JSON.parse(
      JSON.stringify(populated().exportState()).replaceAll('"RepositoryName":"shop"', '"RepositoryName":"shop","__proto__":"kept"'),
    )
    const other = make()
    other.importState(snapshot)
    const configuration = other.execute("GetPipeline", { name: "release" }).pipeline!.stages[0]!.actions[0]!.configuration!
    expect(Object.getOwnPropertyDescriptor(configuration, "__proto__")?.value).toBe("kept")
    const broken = JSON.parse(
      JSON.stringify(populated().exportState()).replace('"RepositoryName":"shop"', '"RepositoryName":"shop","__proto__":{"x":1}'),
    )
    const result = Simulator.decodeSnapshot(broken)
    expect(result._tag === "Invalid" && result.issue.path.slice(-2)).toEqual(["configuration", "__proto__"])
  })
})

describe("simulated time", () => {
  it("advance fires every event due by then, each at its own due time", () => {
    const simulator = withRelease()
    simulator.advance(T0 + 10 * 60_000)
    expect(simulator.now).toBe(T0 + 10 * 60_000)
    const runs = simulator.execute("ListActionExecutions", { pipelineName: "release" }).actionExecutionDetails!
    const times = Object.fromEntries(runs.map((r) => [r.actionName, [r.startTime?.getTime(), r.lastUpdateTime?.getTime()]]))
    // Source then build, 30 s each, however far the simulation was brought at once.
    expect(times["Checkout"]).toEqual([T0, T0 + 30_000])
    expect(times["Compile"]).toEqual([T0 + 30_000, T0 + 60_000])
  })

  it("nothing happens between two calls, and an earlier time changes nothing", () => {
    const simulator = withRelease()
    simulator.advance(T0 + 29_999)
    expect(stageStatuses(simulator)?.[0]).toEqual(["Source", "InProgress"])
    simulator.advance(T0)
    expect(simulator.now).toBe(T0 + 29_999)
    simulator.advance(T0 + 30_000)
    expect(stageStatuses(simulator)?.[0]).toEqual(["Source", "Succeeded"])
  })

  it("execute brings the simulation up to the time it is given", () => {
    const simulator = withRelease()
    expect(simulator.execute("GetPipelineState", { name: "release" }, T0 + 60_000).stageStates?.[1]?.latestExecution?.status).toBe(
      "Succeeded",
    )
    expect(simulator.now).toBe(T0 + 60_000)
  })

  it("outcomes are plain data: a simulated action fails after the milliseconds it says", () => {
    const simulator = withRelease({
      simulate: (action) =>
        action.actionTypeId.provider === "CodeBuild"
          ? { _tag: "Fail", after: 5_000, code: "TestsFailed", message: "3 tests failed" }
          : undefined,
    })
    simulator.advance(T0 + 35_000)
    const build = simulator.execute("GetPipelineState", { name: "release" }).stageStates![1]!.actionStates![0]!.latestExecution!
    expect(build).toMatchObject({
      status: "Failed",
      lastStatusChange: new Date(T0 + 35_000),
      errorDetails: { code: "TestsFailed", message: "3 tests failed" },
    })
  })

  it("an action that waits is ended by completeAction", () => {
    const simulator = withRelease({ simulate: () => ({ _tag: "Wait" }) })
    simulator.advance(T0 + 30 * 60_000)
    expect(stageStatuses(simulator)?.[0]).toEqual(["Source", "InProgress"])
    simulator.completeAction({ pipelineName: "release", stageName: "Source", actionName: "Checkout" }, { status: "Succeeded" })
    expect(stageStatuses(simulator)?.[0]).toEqual(["Source", "Succeeded"])
  })
})

describe("declarative outcomes", () => {
  it("outcome rules given as `simulate` decide how matching actions end; others end the default way", () => {
    const simulator = withRelease({
      actionDurationMs: 1000,
      simulate: [{ provider: "CodeBuild", status: "Failed", duration: 60_000, errorCode: "BuildFailed", errorMessage: "tests failed" }],
    })
    simulator.advance(T0 + 30_000)
    expect(stageStatuses(simulator)?.slice(0, 2)).toEqual([
      ["Source", "Succeeded"],
      ["Build", "InProgress"],
    ])
    simulator.advance(T0 + 120_000)
    const build = simulator.execute("GetPipelineState", { name: "release" }).stageStates?.[1]?.actionStates?.[0]?.latestExecution
    expect(build).toMatchObject({ status: "Failed", errorDetails: { code: "BuildFailed", message: "tests failed" } })
  })

  it("refuses invalid stage-condition outcome rules when the simulator is made, naming the problem", () => {
    expect(() => make({ simulateRule: [{ status: "Failed", conditionType: "LATER" as never }] })).toThrow(
      `invalid options.simulateRule: the rule outcome rules at [0].conditionType must be one of "BEFORE_ENTRY", "ON_SUCCESS", "ON_FAILURE"`,
    )
  })

  it("refuses invalid outcome rules when the simulator is made, naming the problem", () => {
    expect(() => make({ simulate: [{ status: "Soon" as never }] })).toThrow(
      `invalid options.simulate: the outcome rules at [0].status must be one of "Succeeded", "Failed", "Wait"`,
    )
  })
})

describe("reset", () => {
  it("empties the simulator at the current time and keeps what the options registered", () => {
    const simulator = withRelease({ actionTypes: [partner] })
    simulator.advance(T0 + 60_000)
    const revision = simulator.revision
    simulator.reset()
    expect(simulator.now).toBe(T0 + 60_000)
    expect(simulator.revision).toBeGreaterThan(revision)
    expect(simulator.calls()).toEqual([])
    expect(simulator.execute("ListPipelines", {}).pipelines).toEqual([])
    expect(simulator.execute("GetActionType", partner.id).actionType?.id).toEqual(partner.id)
  })
})

describe("what the in-memory layers hand the simulator", () => {
  it("an injected typed error stands for its code when it carries one, otherwise its tag", () => {
    expect(Simulator.faultOf({ _tag: "ThrottlingException", message: "Rate exceeded", code: "Throttling" })).toEqual({
      code: "Throttling",
      message: "Rate exceeded",
    })
    expect(Simulator.faultOf({ _tag: "PipelineNotFoundException", message: "no such pipeline", code: "" })).toEqual({
      code: "PipelineNotFoundException",
      message: "no such pipeline",
    })
  })

  it("a layer's options reach the simulator field by field, its own fields left out", () => {
    const options = Simulator.layerOptions(
      { seed: 7, region: "eu-west-1", maxPipelines: 3, actionDuration: "1 second" } as Simulator.SharedOptions,
      { now: 1_000, actionDurationMs: 1_000, ruleDurationMs: undefined, simulate: undefined, simulateRule: undefined, actionTypes: [] },
    )
    expect(options).toMatchObject({ now: 1_000, seed: 7, region: "eu-west-1", maxPipelines: 3, actionDurationMs: 1_000, actionTypes: [] })
    expect(options).not.toHaveProperty("actionDuration")
  })
})

describe("a test control run as the in-memory layers run it", () => {
  it("brings the simulation up to the time given, then gives the body's value", () => {
    const simulator = Simulator.makeSimulator({ now: 0 })
    expect(Simulator.runControl(simulator, 5_000, () => "done")).toEqual({ _tag: "Ok", value: "done" })
  })

  it("gives a control error's message as a refusal", () => {
    const simulator = Simulator.makeSimulator({ now: 0 })
    expect(
      Simulator.runControl(simulator, 0, () => {
        throw new Simulator.ControlError("no such job")
      }),
    ).toEqual({ _tag: "Refused", message: "no such job" })
  })

  it("gives a refusal of the service's rules as a service error", () => {
    const simulator = Simulator.makeSimulator({ now: 0 })
    const result = Simulator.runControl(simulator, 0, () => {
      throw new Simulator.ServiceError("ValidationException", "bad")
    })
    expect(result._tag === "ServiceError" && [result.error.code, result.error.message]).toEqual(["ValidationException", "bad"])
  })

  it("gives anything else it throws as a refusal saying the control failed", () => {
    const simulator = Simulator.makeSimulator({ now: 0 })
    expect(
      Simulator.runControl(simulator, 0, () => {
        throw new TypeError("oops")
      }),
    ).toEqual({ _tag: "Refused", message: "In-memory CodePipeline control failed: oops" })
  })
})

describe("a call served as the in-memory layers serve it", () => {
  it("gives the answer decoded with the caller's secrets, sharing no object with the simulator's", () => {
    const simulator = withRelease({ startOnCreate: false })
    const served = Simulator.serve(simulator, Operations.GetPipeline, { name: "release" }, 0, undefined, Codec.plainSecrets)
    expect(served._tag === "Ok" && served.value?.pipeline?.name).toBe("release")
    const again = Simulator.serve(simulator, Operations.GetPipeline, { name: "release" }, 0, undefined, Codec.plainSecrets)
    expect(served._tag === "Ok" && again._tag === "Ok" && served.value?.pipeline).not.toBe(again._tag === "Ok" && again.value?.pipeline)
  })

  it("gives a refusal of the service's rules as a service error", () => {
    const served = Simulator.serve(make({}), Operations.GetPipeline, { name: "missing" }, 0, undefined, Codec.plainSecrets)
    expect(served._tag === "ServiceError" && served.error.code).toBe("PipelineNotFoundException")
  })

  it("gives no value for an operation without output", () => {
    const simulator = withRelease({ startOnCreate: false })
    expect(Simulator.serve(simulator, Operations.DeletePipeline, { name: "release" }, 0, undefined, Codec.plainSecrets)).toEqual({
      _tag: "Ok",
      value: undefined,
    })
  })
})
