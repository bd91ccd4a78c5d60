/**
 * The simulator's runtime fidelity (issue #16, items 3 to 8), without Effect: variables at every
 * start, output variables and namespaces, evaluated rules, timeouts by quota, trigger and webhook
 * filters, and PARALLEL approvals.
 */
import { describe, expect, it } from "vitest"
import * as Simulator from "../src/Simulator.js"
import type * as T from "../src/Types.js"
import { globMatches } from "../src/simulator/triggers.js"
import { evaluateVariableCheck } from "../src/simulator/variables.js"
import {
  actionType,
  approval,
  codeBuild,
  codeCommit as sharedCodeCommit,
  declaration,
  ruleDeclaration,
  webhook,
} from "./support/pipelines.js"

const T0 = Date.parse("2026-06-01T09:00:00.000Z")
const MINUTE = 60_000
const HOUR = 60 * MINUTE

const make = (options: Simulator.Options = {}) => Simulator.makeSimulator({ now: T0, seed: 11, ...options })

const thrown = (f: () => unknown): { readonly code?: string; readonly message: string } => {
  try {
    f()
  } catch (error) {
    return error as { code?: string; message: string }
  }
  throw new Error("nothing was thrown")
}

/** The shared CodeCommit source, with its output variables in a namespace. */
const codeCommit = (extra: Partial<T.ActionDeclaration> = {}): T.ActionDeclaration =>
  sharedCodeCommit({ namespace: "SourceVariables", ...extra })

const connection = (extra: Partial<T.ActionDeclaration> = {}): T.ActionDeclaration => ({
  name: "Checkout",
  actionTypeId: actionType("Source", "CodeStarSourceConnection"),
  configuration: {
    ConnectionArn: "arn:aws:codeconnections:us-east-1:123456789012:connection/abc",
    FullRepositoryId: "acme/shop",
    BranchName: "main",
  },
  outputArtifacts: [{ name: "Code" }],
  namespace: "SourceVariables",
  ...extra,
})

const pipeline = (stages: ReadonlyArray<T.StageDeclaration>, extra: Partial<T.PipelineDeclaration> = {}): T.PipelineDeclaration =>
  declaration("shop", stages, { pipelineType: "V2", ...extra })

const twoStages = (
  source: T.ActionDeclaration = codeCommit(),
  second: T.ActionDeclaration = codeBuild(),
  extra: Partial<T.PipelineDeclaration> = {},
) =>
  pipeline(
    [
      { name: "Source", actions: [source] },
      { name: "Build", actions: [second] },
    ],
    extra,
  )

const execution = (simulator: Simulator.Simulator, pipelineExecutionId: string) =>
  simulator.execute("GetPipelineExecution", { pipelineName: "shop", pipelineExecutionId }).pipelineExecution!

const latestExecutionId = (simulator: Simulator.Simulator): string =>
  simulator.execute("ListPipelineExecutions", { pipelineName: "shop" }).pipelineExecutionSummaries![0]!.pipelineExecutionId!

const actionRuns = (simulator: Simulator.Simulator, pipelineExecutionId?: string) =>
  simulator.execute("ListActionExecutions", {
    pipelineName: "shop",
    ...(pipelineExecutionId !== undefined ? { filter: { pipelineExecutionId } } : {}),
  }).actionExecutionDetails!

const runOf = (simulator: Simulator.Simulator, actionName: string, pipelineExecutionId?: string) =>
  actionRuns(simulator, pipelineExecutionId).find((a) => a.actionName === actionName)

// -----------------------------------------------------------------------------------------------

describe("pipeline-level variables at every start", () => {
  const withVariables = (defaultValue: string | undefined) =>
    twoStages(codeCommit(), codeBuild({ configuration: { ProjectName: "shop", EnvironmentVariables: "#{variables.TARGET}" } }), {
      variables: [{ name: "TARGET", ...(defaultValue !== undefined ? { defaultValue } : {}) }],
    })

  it("CreatePipeline, PutActionRevision, a push and a webhook each run with the declared defaults", () => {
    const simulator = make()
    simulator.execute("CreatePipeline", { pipeline: withVariables("staging") })
    const started: Array<string> = [latestExecutionId(simulator)]
    simulator.advance(T0 + 2 * MINUTE)
    started.push(
      simulator.execute("PutActionRevision", {
        pipelineName: "shop",
        stageName: "Source",
        actionName: "Checkout",
        actionRevision: { revisionId: "abc", revisionChangeId: "abc", created: new Date(T0) },
      }).pipelineExecutionId!,
    )
    simulator.advance(T0 + 4 * MINUTE)
    started.push(simulator.pushSourceRevision({ pipelineName: "shop", actionName: "Checkout", revisionId: "def" }).pipelineExecutionId!)
    simulator.execute("PutWebhook", { webhook: webhook("shop", "Checkout") })
    simulator.advance(T0 + 6 * MINUTE)
    started.push(simulator.triggerWebhook("hook").pipelineExecutionId!)
    for (const e of started) expect(execution(simulator, e).variables).toEqual([{ name: "TARGET", resolvedValue: "staging" }])
    simulator.advance(T0 + 8 * MINUTE)
    expect(runOf(simulator, "Compile", started[3])?.input?.resolvedConfiguration?.EnvironmentVariables).toBe("staging")
  })

  it("a variable without a default fails an automatic start, and StartPipelineExecution refuses to start without its value", () => {
    const simulator = make()
    simulator.execute("CreatePipeline", { pipeline: withVariables(undefined) })
    const created = execution(simulator, latestExecutionId(simulator))
    expect(created.status).toBe("Failed")
    expect(created.statusSummary).toBe("Pipeline variable 'TARGET' has no default value and was not given one")
    const pushed = simulator.pushSourceRevision({ pipelineName: "shop", actionName: "Checkout" }).pipelineExecutionId!
    expect(execution(simulator, pushed).status).toBe("Failed")
    expect(thrown(() => simulator.execute("StartPipelineExecution", { name: "shop" })).code).toBe("ValidationException")
    const given = simulator.execute("StartPipelineExecution", { name: "shop", variables: [{ name: "TARGET", value: "prod" }] })
      .pipelineExecutionId!
    expect(execution(simulator, given)).toMatchObject({ status: "InProgress", variables: [{ name: "TARGET", resolvedValue: "prod" }] })
  })

  it("a rollback runs with the variables of the execution it returns to", () => {
    const simulator = make({ startOnCreate: false })
    simulator.execute("CreatePipeline", { pipeline: withVariables("staging") })
    const good = simulator.execute("StartPipelineExecution", { name: "shop", variables: [{ name: "TARGET", value: "v1" }] })
      .pipelineExecutionId!
    simulator.advance(T0 + 2 * MINUTE)
    simulator.execute("StartPipelineExecution", { name: "shop", variables: [{ name: "TARGET", value: "v2" }] })
    simulator.advance(T0 + 4 * MINUTE)
    const rollback = simulator.execute("RollbackStage", { pipelineName: "shop", stageName: "Build", targetPipelineExecutionId: good })
      .pipelineExecutionId!
    expect(execution(simulator, rollback).variables).toEqual([{ name: "TARGET", resolvedValue: "v1" }])
    simulator.advance(T0 + 6 * MINUTE)
    expect(runOf(simulator, "Compile", rollback)?.input?.resolvedConfiguration?.EnvironmentVariables).toBe("v1")
  })

  it("a rollback execution cannot be the target of another rollback", () => {
    const simulator = make({ startOnCreate: false })
    simulator.execute("CreatePipeline", { pipeline: withVariables("staging") })
    const good = simulator.execute("StartPipelineExecution", { name: "shop" }).pipelineExecutionId!
    simulator.advance(T0 + 2 * MINUTE)
    simulator.execute("StartPipelineExecution", { name: "shop" })
    simulator.advance(T0 + 4 * MINUTE)
    const rollback = simulator.execute("RollbackStage", { pipelineName: "shop", stageName: "Build", targetPipelineExecutionId: good })
      .pipelineExecutionId!
    simulator.advance(T0 + 6 * MINUTE)
    simulator.execute("StartPipelineExecution", { name: "shop" })
    simulator.advance(T0 + 8 * MINUTE)
    const refused = thrown(() =>
      simulator.execute("RollbackStage", { pipelineName: "shop", stageName: "Build", targetPipelineExecutionId: rollback }),
    )
    expect(refused.code).toBe("UnableToRollbackStageException")
    expect(refused.message).toContain("is itself a rollback")
  })
})

// -----------------------------------------------------------------------------------------------

describe("output variables and namespaces", () => {
  it("a CodeCommit source emits its commit's variables, and a later action resolves them", () => {
    const simulator = make({ startOnCreate: false })
    simulator.execute("CreatePipeline", {
      pipeline: twoStages(
        codeCommit(),
        codeBuild({
          configuration: { ProjectName: "shop", EnvironmentVariables: "#{SourceVariables.BranchName}@#{SourceVariables.CommitId}" },
        }),
      ),
    })
    simulator.pushSourceRevision({
      pipelineName: "shop",
      actionName: "Checkout",
      revisionId: "c0ffee",
      revisionSummary: "Fix the cart",
      startExecution: false,
    })
    const started = simulator.execute("StartPipelineExecution", { name: "shop" }).pipelineExecutionId!
    simulator.advance(T0 + 2 * MINUTE)
    expect(runOf(simulator, "Checkout", started)?.output?.outputVariables).toEqual({
      AuthorDate: new Date(T0).toISOString(),
      BranchName: "main",
      CommitId: "c0ffee",
      CommitMessage: "Fix the cart",
      CommitterDate: new Date(T0).toISOString(),
      RepositoryName: "shop",
    })
    expect(runOf(simulator, "Compile", started)?.input?.resolvedConfiguration?.EnvironmentVariables).toBe("main@c0ffee")
  })

  it("a test sets CodeBuild's exported variables through the action simulator, and they resolve downstream", () => {
    const simulator = make({
      startOnCreate: false,
      simulate: (action) =>
        action.actionTypeId.provider === "CodeBuild" ? { _tag: "Succeed", outputVariables: { IMAGE_TAG: "1.4.2" } } : undefined,
    })
    simulator.execute("CreatePipeline", {
      pipeline: pipeline([
        { name: "Source", actions: [codeCommit()] },
        { name: "Build", actions: [codeBuild({ namespace: "BuildVariables" })] },
        { name: "Approve", actions: [{ ...approval(), configuration: { CustomData: "Release #{BuildVariables.IMAGE_TAG}?" } }] },
      ]),
    })
    const started = simulator.execute("StartPipelineExecution", { name: "shop" }).pipelineExecutionId!
    simulator.advance(T0 + 2 * MINUTE)
    expect(runOf(simulator, "Compile", started)?.output?.outputVariables).toEqual({ IMAGE_TAG: "1.4.2" })
    expect(runOf(simulator, "Manager", started)?.input?.resolvedConfiguration?.CustomData).toBe("Release 1.4.2?")
  })

  it("the codepipeline and variables namespaces are reserved", () => {
    const simulator = make()
    for (const namespace of ["codepipeline", "variables"]) {
      const error = thrown(() => simulator.execute("CreatePipeline", { pipeline: twoStages(codeCommit({ namespace })) }))
      expect(error).toMatchObject({
        code: "InvalidActionDeclarationException",
        message: `Namespace '${namespace}' of action 'Checkout' in stage 'Source' is reserved`,
      })
    }
  })

  it("a namespace may not have the name of an artifact", () => {
    const error = thrown(() => make().execute("CreatePipeline", { pipeline: twoStages(codeCommit({ namespace: "Code" })) }))
    expect(error).toMatchObject({
      code: "InvalidActionDeclarationException",
      message: "Namespace 'Code' of action 'Checkout' in stage 'Source' has the name of an artifact",
    })
  })

  it("a reference to a namespace no earlier action declares is refused by CreatePipeline and UpdatePipeline", () => {
    const simulator = make()
    const undefinedNamespace = codeBuild({ configuration: { ProjectName: "#{Nowhere.Name}" } })
    expect(thrown(() => simulator.execute("CreatePipeline", { pipeline: twoStages(codeCommit(), undefinedNamespace) }))).toMatchObject({
      code: "InvalidActionDeclarationException",
      message:
        "The configuration of action 'Compile' in stage 'Build' references the namespace 'Nowhere', which no action that runs before it declares",
    })
    simulator.execute("CreatePipeline", { pipeline: twoStages() })
    expect(thrown(() => simulator.execute("UpdatePipeline", { pipeline: twoStages(codeCommit(), undefinedNamespace) })).code).toBe(
      "InvalidActionDeclarationException",
    )
    // An action of the same run order has not run yet: its namespace is not available.
    const sameGroup = pipeline([
      { name: "Source", actions: [codeCommit()] },
      { name: "Build", actions: [codeBuild({ namespace: "B" }), codeBuild({ name: "Other", configuration: { ProjectName: "#{B.X}" } })] },
    ])
    expect(thrown(() => simulator.execute("UpdatePipeline", { pipeline: sameGroup })).code).toBe("InvalidActionDeclarationException")
    // Undeclared pipeline variables, and variables the codepipeline namespace does not have, too.
    for (const reference of ["#{variables.NOPE}", "#{codepipeline.Nope}"]) {
      expect(
        thrown(() =>
          simulator.execute("UpdatePipeline", {
            pipeline: twoStages(codeCommit(), codeBuild({ configuration: { ProjectName: reference } })),
          }),
        ).code,
      ).toBe("InvalidActionDeclarationException")
    }
  })
})

// -----------------------------------------------------------------------------------------------

describe("stage-condition rules are evaluated", () => {
  it("VariableCheck applies each operator to the resolved variable", () => {
    const check = (Variable: string, Operator: string, Value: string) => evaluateVariableCheck({ Variable, Operator, Value }).passed
    expect([check("main", "EQ", "main"), check("main", "EQ", "dev")]).toEqual([true, false])
    expect([check("main", "NE", "dev"), check("main", "NE", "main")]).toEqual([true, false])
    expect([check("release/1.2", "CONTAINS", "release/"), check("main", "CONTAINS", "rel")]).toEqual([true, false])
    expect([check("release/1.2", "MATCHES", "release/\\d+\\.\\d+"), check("main", "MATCHES", "release/.*")]).toEqual([true, false])
    // As Java's String.matches: the pattern must match the whole value.
    expect(check("release/1.2", "MATCHES", "release")).toBe(false)
    expect(check("feature/cart", "MATCHES", "(feature|release)/[a-z]+")).toBe(true)
    expect([check("10", "GREATER_THAN", "9"), check("9", "GREATER_THAN", "10")]).toEqual([true, false])
    expect([check("9", "LESS_THAN", "10"), check("10", "LESS_THAN", "9")]).toEqual([true, false])
    // Not numbers, a bad pattern, an unknown operator, or a reference left unresolved: the rule fails.
    expect([
      check("abc", "GREATER_THAN", "1"),
      check("x", "MATCHES", "("),
      check("x", "LIKE", "x"),
      check("#{S.Missing}", "EQ", "x"),
    ]).toEqual([false, false, false, false])
  })

  it("a MATCHES pattern that could backtrack without bound is not run: the rule fails at once, saying why", () => {
    const started = performance.now()
    expect(evaluateVariableCheck({ Variable: `${"a".repeat(40)}!`, Operator: "MATCHES", Value: "(a+)+" })).toEqual({
      passed: false,
      summary: "The pattern '(a+)+' is not run: a quantified group holds a quantifier or an alternative",
    })
    expect(evaluateVariableCheck({ Variable: "a".repeat(1000), Operator: "MATCHES", Value: ".*.*.*.*!" }).summary).toBe(
      "The pattern '.*.*.*.*!' is not run: it has more than 3 unbounded quantifiers",
    )
    expect(evaluateVariableCheck({ Variable: "aa", Operator: "MATCHES", Value: "(a)\\1" }).passed).toBe(false)
    expect(evaluateVariableCheck({ Variable: `${"ab".repeat(30)}!`, Operator: "MATCHES", Value: "(a|ab)*" }).passed).toBe(false)
    expect(performance.now() - started).toBeLessThan(2_000)
  })

  const gated = (rules: ReadonlyArray<T.RuleDeclaration>) =>
    pipeline([
      { name: "Source", actions: [codeCommit()] },
      { name: "Build", actions: [codeBuild()], beforeEntry: { conditions: [{ result: "FAIL", rules }] } },
    ])

  /** Creates the pipeline gated by `rules` and starts it: the execution's id. */
  const startGated = (simulator: Simulator.Simulator, rules: ReadonlyArray<T.RuleDeclaration>): string => {
    simulator.execute("CreatePipeline", { pipeline: gated(rules) })
    return simulator.execute("StartPipelineExecution", { name: "shop" }).pipelineExecutionId!
  }

  const variableCheck = (Value: string) =>
    ruleDeclaration("OnMain", "VariableCheck", { Variable: "#{SourceVariables.BranchName}", Operator: "EQ", Value })

  it("a VariableCheck on the source's branch lets the stage in, or fails the execution, and ListRuleExecutions shows why", () => {
    for (const [value, status] of [
      ["main", "Succeeded"],
      ["release", "Failed"],
    ] as const) {
      const simulator = make({ startOnCreate: false })
      const started = startGated(simulator, [variableCheck(value)])
      simulator.advance(T0 + 5 * MINUTE)
      expect(execution(simulator, started).status).toBe(status)
      const [rule] = simulator.execute("ListRuleExecutions", { pipelineName: "shop" }).ruleExecutionDetails!
      expect(rule).toMatchObject({
        ruleName: "OnMain",
        status,
        input: { resolvedConfiguration: { Variable: "main", Operator: "EQ", Value: value } },
        output: { executionResult: { externalExecutionSummary: `'main' EQ '${value}' is ${status === "Succeeded"}` } },
      })
    }
  })

  it("a LambdaInvoke rule is a job the test completes with PutJobSuccessResult or PutJobFailureResult", () => {
    const lambdaRule = ruleDeclaration(
      "Smoke",
      "LambdaInvoke",
      { FunctionName: "smoke", UserParameters: "#{SourceVariables.CommitId}" },
      { inputArtifacts: [{ name: "Code" }] },
    )
    const simulator = make({ startOnCreate: false })
    const started = startGated(simulator, [lambdaRule])
    simulator.advance(T0 + 5 * MINUTE)
    const [job] = simulator.jobs({ kind: "Lambda" })
    expect(job).toMatchObject({
      ruleName: "Smoke",
      actionName: "Smoke",
      stageName: "Build",
      pipelineExecutionId: started,
      status: "InProgress",
    })
    const details = simulator.execute("GetJobDetails", { jobId: job!.jobId }).jobDetails!
    expect(details.data?.actionConfiguration?.configuration?.UserParameters).toMatch(/^[0-9a-f]{40}$/)
    expect(details.data?.inputArtifacts?.map((a) => a.name)).toEqual(["Code"])
    expect(execution(simulator, started).status).toBe("InProgress")
    simulator.execute("PutJobSuccessResult", { jobId: job!.jobId, executionDetails: { summary: "smoke tests passed" } })
    const [rule] = simulator.execute("ListRuleExecutions", { pipelineName: "shop" }).ruleExecutionDetails!
    expect(rule).toMatchObject({ status: "Succeeded", output: { executionResult: { externalExecutionSummary: "smoke tests passed" } } })
    expect(rule?.input?.inputArtifacts?.map((a) => a.name)).toEqual(["Code"])
    simulator.advance(T0 + 10 * MINUTE)
    expect(execution(simulator, started).status).toBe("Succeeded")
  })

  it("a LambdaInvoke rule whose function never replies fails after 20 minutes", () => {
    const simulator = make({ startOnCreate: false })
    const started = startGated(simulator, [ruleDeclaration("Smoke", "LambdaInvoke", { FunctionName: "smoke" })])
    simulator.advance(T0 + 25 * MINUTE)
    expect(execution(simulator, started).status).toBe("Failed")
    expect(simulator.jobs({ kind: "Lambda" })[0]?.status).toBe("TimedOut")
  })

  it("other rule types go through the rule simulator the test configures", () => {
    const simulator = make({
      startOnCreate: false,
      simulateRule: (rule) =>
        rule.ruleTypeId.provider === "CloudWatchAlarm"
          ? { _tag: "Fail", message: `alarm ${rule.configuration.AlarmName} is in ALARM` }
          : undefined,
    })
    const started = startGated(simulator, [ruleDeclaration("Alarm", "CloudWatchAlarm", { AlarmName: "errors" })])
    simulator.advance(T0 + 5 * MINUTE)
    expect(execution(simulator, started).status).toBe("Failed")
    expect(
      simulator.execute("ListRuleExecutions", { pipelineName: "shop" }).ruleExecutionDetails![0]?.output?.executionResult?.errorDetails
        ?.message,
    ).toBe("alarm errors is in ALARM")
  })
})

// -----------------------------------------------------------------------------------------------

describe("timeouts by quota", () => {
  const wait = (): Simulator.Outcome => ({ _tag: "Wait" })

  it("a CodeBuild action still running after 8 hours fails as timed out; an S3 deploy after 90 minutes", () => {
    const simulator = make({ startOnCreate: false, simulate: (a) => (a.actionTypeId.category === "Source" ? undefined : wait()) })
    simulator.execute("CreatePipeline", { pipeline: twoStages() })
    simulator.execute("StartPipelineExecution", { name: "shop" })
    simulator.advance(T0 + 30_000 + 8 * HOUR - 1)
    expect(runOf(simulator, "Compile")?.status).toBe("InProgress")
    simulator.advance(T0 + 30_000 + 8 * HOUR)
    expect(runOf(simulator, "Compile")).toMatchObject({
      status: "Failed",
      output: { executionResult: { errorDetails: { code: "TimedOut", message: "The action timed out" } } },
    })

    const s3 = make({ startOnCreate: false, simulate: (a) => (a.actionTypeId.category === "Source" ? undefined : wait()) })
    s3.execute("CreatePipeline", {
      pipeline: twoStages(codeCommit(), {
        name: "Upload",
        actionTypeId: actionType("Deploy", "S3"),
        configuration: { BucketName: "site", Extract: "true" },
        inputArtifacts: [{ name: "Code" }],
      }),
    })
    s3.execute("StartPipelineExecution", { name: "shop" })
    s3.advance(T0 + 30_000 + 90 * MINUTE)
    expect(runOf(s3, "Upload")?.status).toBe("Failed")
  })

  it("an action the simulator says ends after its quota fails at the quota instead (a source: 1 hour)", () => {
    const simulator = make({
      startOnCreate: false,
      simulate: (a) => (a.actionTypeId.category === "Source" ? { _tag: "Succeed", after: 2 * HOUR } : undefined),
    })
    simulator.execute("CreatePipeline", { pipeline: twoStages() })
    const started = simulator.execute("StartPipelineExecution", { name: "shop" }).pipelineExecutionId!
    simulator.advance(T0 + HOUR)
    expect(runOf(simulator, "Checkout")).toMatchObject({ status: "Failed", lastUpdateTime: new Date(T0 + HOUR) })
    expect(execution(simulator, started).status).toBe("Failed")
  })

  const lambda: T.ActionDeclaration = {
    name: "Notify",
    actionTypeId: actionType("Invoke", "Lambda"),
    configuration: { FunctionName: "notify" },
  }

  it("a Lambda action whose function sends no reply fails after 20 minutes; a reply in progress restarts the 20 minutes", () => {
    const simulator = make({ startOnCreate: false })
    simulator.execute("CreatePipeline", { pipeline: twoStages(codeCommit(), lambda) })
    simulator.execute("StartPipelineExecution", { name: "shop" })
    simulator.advance(T0 + 30_000 + 15 * MINUTE)
    const [first] = simulator.jobs({ kind: "Lambda" })
    simulator.execute("PutJobSuccessResult", { jobId: first!.jobId, continuationToken: "step-2" })
    simulator.advance(T0 + 30_000 + 30 * MINUTE)
    expect(runOf(simulator, "Notify")?.status).toBe("InProgress")
    simulator.advance(T0 + 30_000 + 35 * MINUTE)
    expect(runOf(simulator, "Notify")).toMatchObject({
      status: "Failed",
      output: { executionResult: { errorDetails: { code: "TimedOut" } } },
    })
    expect(simulator.jobs({ kind: "Lambda" }).map((j) => j.status)).toEqual(["Succeeded", "TimedOut"])
  })

  it("a custom action fails after 24 hours, continuation tokens included; its job can no longer report", () => {
    const simulator = make({ startOnCreate: false })
    const custom = { category: "Deploy", owner: "Custom", provider: "Rollout", version: "1" } as const
    simulator.execute("CreateCustomActionType", {
      ...custom,
      inputArtifactDetails: { minimumCount: 0, maximumCount: 1 },
      outputArtifactDetails: { minimumCount: 0, maximumCount: 0 },
    })
    simulator.execute("CreatePipeline", { pipeline: twoStages(codeCommit(), { name: "Rollout", actionTypeId: custom }) })
    simulator.execute("StartPipelineExecution", { name: "shop" })
    simulator.advance(T0 + 30_000 + 23 * HOUR)
    const [job] = simulator.execute("PollForJobs", { actionTypeId: custom }).jobs!
    simulator.execute("AcknowledgeJob", { jobId: job!.id!, nonce: job!.nonce! })
    simulator.execute("PutJobSuccessResult", { jobId: job!.id!, continuationToken: "more" })
    simulator.advance(T0 + 30_000 + 24 * HOUR)
    expect(runOf(simulator, "Rollout")?.status).toBe("Failed")
    const [next] = simulator.jobs({ kind: "Custom", status: "TimedOut" })
    expect(thrown(() => simulator.execute("PutJobSuccessResult", { jobId: next!.jobId })).code).toBe("InvalidJobStateException")
  })

  it("a partner job fails the action when it outlives its type's jobTimeout", () => {
    const partner = { category: "Deploy", owner: "ThirdParty", provider: "Partner", version: "1" } as const
    const simulator = make({
      startOnCreate: false,
      actionTypes: [
        {
          id: partner,
          executor: { configuration: { jobWorkerExecutorConfiguration: {} }, type: "JobWorker", jobTimeout: 600 },
          inputArtifactDetails: { minimumCount: 0, maximumCount: 1 },
          outputArtifactDetails: { minimumCount: 0, maximumCount: 0 },
        },
      ],
    })
    simulator.execute("CreatePipeline", { pipeline: twoStages(codeCommit(), { name: "Ship", actionTypeId: partner }) })
    simulator.execute("StartPipelineExecution", { name: "shop" })
    simulator.advance(T0 + 30_000 + 9 * MINUTE)
    expect(runOf(simulator, "Ship")?.status).toBe("InProgress")
    simulator.advance(T0 + 30_000 + 10 * MINUTE)
    expect(runOf(simulator, "Ship")?.status).toBe("Failed")
  })
})

// -----------------------------------------------------------------------------------------------

describe("triggers and webhooks", () => {
  it("glob patterns: * stays within a path segment, ** crosses them, ? is one character, [...] a class, {a,b} either", () => {
    expect(globMatches("feature/*", "feature/cart")).toBe(true)
    expect(globMatches("feature/*", "feature/cart/ui")).toBe(false)
    expect(globMatches("feature/**", "feature/cart/ui")).toBe(true)
    expect(globMatches("**/*.md", "README.md")).toBe(true)
    expect(globMatches("**/*.md", "docs/a/b.md")).toBe(true)
    expect(globMatches("v?.0", "v1.0")).toBe(true)
    expect(globMatches("v[0-9].*", "v7.2")).toBe(true)
    expect(globMatches("v[!0-9].*", "v7.2")).toBe(false)
    expect(globMatches("{main,release/*}", "release/2")).toBe(true)
    expect(globMatches("{main,release/{a,b}}", "release/b")).toBe(true)
    expect(globMatches("main", "mainline")).toBe(false)
    expect(globMatches("a.b", "axb")).toBe(false)
  })

  it("a glob made to backtrack answers at once", () => {
    const path = `${"a/".repeat(120)}b`
    const started = performance.now()
    expect(globMatches(`${"**/".repeat(8)}*x*y*z*w*v*u`, path)).toBe(false)
    expect(globMatches(`${"*a".repeat(40)}!`, "a".repeat(200))).toBe(false)
    expect(performance.now() - started).toBeLessThan(2_000)
  })

  it("without triggers: a push to the tracked branch starts an execution running that commit; another branch, a tag or a pull request does not", () => {
    const simulator = make({ startOnCreate: false })
    simulator.execute("CreatePipeline", { pipeline: twoStages() })
    const pushed = simulator.pushSourceRevision({ pipelineName: "shop", actionName: "Checkout", branch: "main", revisionId: "aaa" })
    expect(execution(simulator, pushed.pipelineExecutionId!).trigger).toEqual({
      triggerType: "CloudWatchEvent",
      triggerDetail: "Checkout/aaa",
    })
    expect(simulator.pushSourceRevision({ pipelineName: "shop", actionName: "Checkout", branch: "dev" })).toMatchObject({
      notStarted: "'Checkout' tracks the branch 'main', not 'dev'",
    })
    expect(simulator.pushSourceRevision({ pipelineName: "shop", actionName: "Checkout", tag: "v1" }).pipelineExecutionId).toBeUndefined()
    expect(
      simulator.pushSourceRevision({
        pipelineName: "shop",
        actionName: "Checkout",
        pullRequest: { event: "OPEN", sourceBranch: "f", destinationBranch: "main" },
      }).pipelineExecutionId,
    ).toBeUndefined()
    simulator.advance(T0 + 2 * MINUTE)
    expect(execution(simulator, pushed.pipelineExecutionId!).artifactRevisions?.[0]?.revisionId).toBe("aaa")
  })

  it("PollForSourceChanges true gives the PollForSourceChanges trigger; DetectChanges false starts nothing", () => {
    const polling = make({ startOnCreate: false })
    polling.execute("CreatePipeline", {
      pipeline: twoStages(codeCommit({ configuration: { RepositoryName: "shop", BranchName: "main", PollForSourceChanges: "true" } })),
    })
    const polled = polling.pushSourceRevision({ pipelineName: "shop", actionName: "Checkout" }).pipelineExecutionId!
    expect(execution(polling, polled).trigger?.triggerType).toBe("PollForSourceChanges")

    const quiet = make({ startOnCreate: false })
    quiet.execute("CreatePipeline", {
      pipeline: twoStages(connection({ configuration: { ...connection().configuration, DetectChanges: "false" } })),
    })
    expect(quiet.pushSourceRevision({ pipelineName: "shop", actionName: "Checkout" })).toMatchObject({
      notStarted: "'Checkout' does not detect changes (DetectChanges is false)",
    })
  })

  const withTrigger = (git: Omit<T.GitConfiguration, "sourceActionName">) => {
    const simulator = make({ startOnCreate: false })
    simulator.execute("CreatePipeline", {
      pipeline: twoStages(connection(), codeBuild(), {
        triggers: [{ providerType: "CodeStarSourceConnection", gitConfiguration: { sourceActionName: "Checkout", ...git } }],
      }),
    })
    return simulator
  }
  const push = (simulator: Simulator.Simulator, change: Partial<Simulator.SourceChange>) =>
    simulator.pushSourceRevision({ pipelineName: "shop", actionName: "Checkout", ...change }).pipelineExecutionId !== undefined

  it("push filters: branches with includes and excludes, file paths, tags", () => {
    const branches = withTrigger({
      push: [
        {
          branches: { includes: ["release/**", "main"], excludes: ["release/old/**"] },
          filePaths: { includes: ["src/**"], excludes: ["**/*.md"] },
        },
      ],
    })
    expect(push(branches, { branch: "release/2.0", filePaths: ["src/cart.ts"] })).toBe(true)
    expect(push(branches, { branch: "release/old/1.0", filePaths: ["src/cart.ts"] })).toBe(false)
    expect(push(branches, { branch: "feature/x", filePaths: ["src/cart.ts"] })).toBe(false)
    expect(push(branches, { branch: "main", filePaths: ["src/README.md"] })).toBe(false)
    expect(push(branches, { branch: "main", filePaths: ["docs/a.txt", "src/a.ts"] })).toBe(true)

    const tags = withTrigger({ push: [{ tags: { includes: ["v*"], excludes: ["v0*"] } }] })
    expect(push(tags, { tag: "v1.2.0" })).toBe(true)
    expect(push(tags, { tag: "v0.9" })).toBe(false)
    // A trigger with filters replaces default change detection: a plain push to main starts nothing.
    expect(push(tags, { branch: "main" })).toBe(false)
  })

  it("pull request filters: events and destination branches; the execution runs the source branch's commit", () => {
    const simulator = withTrigger({ pullRequest: [{ events: ["OPEN", "UPDATED"], branches: { includes: ["main"] } }] })
    const pr = (event: "OPEN" | "UPDATED" | "CLOSED", destinationBranch = "main") =>
      simulator.pushSourceRevision({
        pipelineName: "shop",
        actionName: "Checkout",
        revisionId: `pr-${event}`,
        pullRequest: { event, sourceBranch: "feature/cart", destinationBranch },
      })
    const opened = pr("OPEN")
    expect(opened.pipelineExecutionId).toBeDefined()
    expect(pr("CLOSED").pipelineExecutionId).toBeUndefined()
    expect(pr("UPDATED", "dev").pipelineExecutionId).toBeUndefined()
    simulator.advance(T0 + 2 * MINUTE)
    expect(execution(simulator, opened.pipelineExecutionId!).trigger?.triggerType).toBe("WebhookV2")
    expect(runOf(simulator, "Checkout", opened.pipelineExecutionId)?.output?.outputVariables).toMatchObject({
      CommitId: "pr-OPEN",
      BranchName: "feature/cart",
    })
  })

  it("a malformed change or webhook event is refused with a ControlError naming the member", () => {
    const simulator = make({ startOnCreate: false })
    simulator.execute("CreatePipeline", { pipeline: twoStages() })
    const push = (change: unknown) =>
      thrown(() => simulator.pushSourceRevision({ pipelineName: "shop", actionName: "Checkout", ...(change as object) }))
    expect(push({ filePaths: "src/a.ts" })).toMatchObject({ message: "pushSourceRevision: filePaths must be a list of strings" })
    expect(push({ branch: 7 })).toMatchObject({ message: "pushSourceRevision: branch must be a string" })
    expect(push({ pullRequest: { event: "OPEN" } })).toMatchObject({
      message: "pushSourceRevision: pullRequest needs its sourceBranch and destinationBranch",
    })
    expect(push({ pullRequest: { event: "MERGED", sourceBranch: "a", destinationBranch: "b" } })).toMatchObject({
      name: "ControlError",
      message: 'pushSourceRevision: pullRequest.event must be one of OPEN, UPDATED, CLOSED, not "MERGED"',
    })
    simulator.execute("PutWebhook", { webhook: webhook("shop", "Checkout") })
    expect(thrown(() => simulator.triggerWebhook("hook", { secretToken: 1 } as never))).toMatchObject({
      message: "triggerWebhook: secretToken must be a string",
    })
  })

  it("a webhook starts the pipeline only for an event that passes its authentication and filters", () => {
    const simulator = make({ startOnCreate: false })
    simulator.execute("CreatePipeline", {
      pipeline: twoStages({
        name: "Checkout",
        actionTypeId: actionType("Source", "GitHub", "ThirdParty"),
        configuration: { Owner: "acme", Repo: "shop", Branch: "main", OAuthToken: "token", PollForSourceChanges: "false" },
        outputArtifacts: [{ name: "Code" }],
      }),
    })
    const put = (authentication: T.WebhookAuthenticationType, authenticationConfiguration: T.WebhookAuthConfiguration) =>
      simulator.execute("PutWebhook", {
        webhook: webhook("shop", "Checkout", {
          name: authentication,
          filters: [{ jsonPath: "$.ref", matchEquals: "refs/heads/{Branch}" }],
          authentication,
          authenticationConfiguration,
        }),
      })
    put("GITHUB_HMAC", { SecretToken: "s3cr3t" })
    put("IP", { AllowedIPRange: "10.0.0.0/24" })
    const main = { ref: "refs/heads/main" }
    expect(simulator.triggerWebhook("GITHUB_HMAC", { payload: main, secretToken: "s3cr3t" }).pipelineExecutionId).toBeDefined()
    expect(simulator.triggerWebhook("GITHUB_HMAC", { payload: main, secretToken: "guess" })).toEqual({
      notStarted: "the event is not signed with the webhook's secret token",
    })
    expect(simulator.triggerWebhook("GITHUB_HMAC", { payload: { ref: "refs/heads/dev" }, secretToken: "s3cr3t" })).toEqual({
      notStarted: "the payload's value at $.ref is not 'refs/heads/main'",
    })
    expect(simulator.triggerWebhook("IP", { payload: main, sourceIp: "10.0.0.7" }).pipelineExecutionId).toBeDefined()
    expect(simulator.triggerWebhook("IP", { payload: main, sourceIp: "10.0.1.7" }).notStarted).toBe(
      "the event does not come from the webhook's allowed IP range",
    )
    // A refused event is not remembered as the webhook's last trigger.
    const items = simulator.execute("ListWebhooks", {}).webhooks!
    expect(items.every((w) => w.lastTriggered !== undefined)).toBe(true)
  })
})

// -----------------------------------------------------------------------------------------------

describe("PARALLEL mode approvals", () => {
  it("each execution's approval has its own token, shown as its externalExecutionId, and PutApprovalResult approves that execution", () => {
    const simulator = make({ startOnCreate: false })
    simulator.execute("CreatePipeline", {
      pipeline: pipeline(
        [
          { name: "Source", actions: [codeCommit()] },
          { name: "Approve", actions: [approval()] },
        ],
        { executionMode: "PARALLEL" },
      ),
    })
    const first = simulator.execute("StartPipelineExecution", { name: "shop" }).pipelineExecutionId!
    simulator.advance(T0 + MINUTE)
    const second = simulator.execute("StartPipelineExecution", { name: "shop" }).pipelineExecutionId!
    simulator.advance(T0 + 2 * MINUTE)
    const tokenOf = (e: string) => runOf(simulator, "Manager", e)?.output?.executionResult?.externalExecutionId
    expect(tokenOf(first)).toBeDefined()
    expect(tokenOf(second)).toBeDefined()
    expect(tokenOf(first)).not.toBe(tokenOf(second))
    // As AWS documents, the token is not in GetPipelineState for a PARALLEL pipeline.
    const state = simulator.execute("GetPipelineState", { name: "shop" })
    expect(state.stageStates?.[1]?.actionStates?.[0]?.latestExecution?.token).toBeUndefined()
    expect(state.stageStates?.[1]?.actionStates?.[0]?.latestExecution?.externalExecutionId).toBeUndefined()

    const answer = (token: string) =>
      simulator.execute("PutApprovalResult", {
        pipelineName: "shop",
        stageName: "Approve",
        actionName: "Manager",
        result: { summary: "ok", status: "Approved" },
        token,
      })
    answer(tokenOf(first)!)
    expect(execution(simulator, first).status).toBe("Succeeded")
    expect(execution(simulator, second).status).toBe("InProgress")
    expect(thrown(() => answer(tokenOf(first)!)).code).toBe("ApprovalAlreadyCompletedException")
    answer(tokenOf(second)!)
    expect(execution(simulator, second).status).toBe("Succeeded")
  })
})
