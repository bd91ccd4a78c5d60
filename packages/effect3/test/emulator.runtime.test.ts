/**
 * The emulator's runtime fidelity (issue #16, items 3 to 8) through the official
 * `@aws-sdk/client-codepipeline`: variables at every start, output variables and namespaces,
 * evaluated rules, timeouts by quota, trigger and webhook filters, PARALLEL approvals.
 *
 * The emulator runs on Effect's `TestClock` here (its layer is built with `TestContext`), so a test
 * moves simulated time with `TestClock.adjust` through the same runtime: quotas of hours are
 * checked in milliseconds. Requests are still signed and checked against the wall clock.
 *
 * The same scenarios run without Effect or a wire in packages/core/test/simulator.runtime.test.ts,
 * with declarations of the same shape (a CodeStar connection source, a build, conditions): those
 * are typed by the core, these by the official SDK that sends them here, so each file keeps its own.
 */
import * as Sdk from "@aws-sdk/client-codepipeline"
import { type Effect, Layer, ManagedRuntime, TestClock, TestContext, type Duration } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { CodePipelineEmulator, type CodePipelineInMemory } from "../src/testing/index.js"

process.env["AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED"] ??= "true"

const ROLE = "arn:aws:iam::123456789012:role/codepipeline"

let runtime: ManagedRuntime.ManagedRuntime<CodePipelineEmulator.Emulator, unknown>
let emulator: CodePipelineEmulator.Service
let client: Sdk.CodePipelineClient

beforeAll(async () => {
  runtime = ManagedRuntime.make(
    CodePipelineEmulator.layer({ inMemory: { startOnCreate: false, seed: "runtime" } }).pipe(Layer.provide(TestContext.TestContext)),
  )
  emulator = await runtime.runPromise(CodePipelineEmulator.Emulator)
  client = new Sdk.CodePipelineClient({
    region: emulator.region,
    endpoint: emulator.url,
    credentials: { accessKeyId: emulator.credentials.accessKeyId, secretAccessKey: emulator.credentials.secretAccessKey },
  })
})

afterAll(async () => {
  client?.destroy()
  await runtime?.dispose()
})

/** Moves the emulator's simulated time on. */
const adjust = (duration: Duration.DurationInput) => runtime.runPromise(TestClock.adjust(duration))
const controls = <A>(f: (c: CodePipelineInMemory.ControlsService) => Effect.Effect<A, unknown>) => runtime.runPromise(f(emulator.controls))

let names = 0
/** A fresh pipeline name per test: the tests share one emulator. */
const fresh = () => `runtime-${++names}`

const connection = (extra: Partial<Sdk.ActionDeclaration> = {}): Sdk.ActionDeclaration => ({
  name: "Source",
  actionTypeId: { category: "Source", owner: "AWS", provider: "CodeStarSourceConnection", version: "1" },
  configuration: {
    ConnectionArn: "arn:aws:codeconnections:us-east-1:123456789012:connection/abc",
    FullRepositoryId: "acme/shop",
    BranchName: "main",
  },
  outputArtifacts: [{ name: "Code" }],
  namespace: "SourceVariables",
  ...extra,
})

const build = (extra: Partial<Sdk.ActionDeclaration> = {}): Sdk.ActionDeclaration => ({
  name: "Build",
  actionTypeId: { category: "Build", owner: "AWS", provider: "CodeBuild", version: "1" },
  configuration: { ProjectName: "shop" },
  inputArtifacts: [{ name: "Code" }],
  ...extra,
})

/** A V2 pipeline: the connection source (its variables in `SourceVariables`), then `stages`. */
const declaration = (
  name: string,
  stages: Array<Sdk.StageDeclaration>,
  extra: Partial<Sdk.PipelineDeclaration> = {},
): Sdk.PipelineDeclaration => ({
  name,
  roleArn: ROLE,
  artifactStore: { type: "S3", location: "artifacts" },
  pipelineType: "V2",
  stages: [{ name: "Source", actions: [connection()] }, ...stages],
  ...extra,
})

const create = (pipeline: Sdk.PipelineDeclaration) => client.send(new Sdk.CreatePipelineCommand({ pipeline }))
const execution = async (pipelineName: string, pipelineExecutionId: string) =>
  (await client.send(new Sdk.GetPipelineExecutionCommand({ pipelineName, pipelineExecutionId }))).pipelineExecution!
const actionRun = async (pipelineName: string, pipelineExecutionId: string, actionName: string) =>
  (await client.send(new Sdk.ListActionExecutionsCommand({ pipelineName, filter: { pipelineExecutionId } }))).actionExecutionDetails?.find(
    (a) => a.actionName === actionName,
  )

describe("through the emulator with the official SDK", () => {
  it("PutActionRevision starts an execution with the pipeline's variable defaults", async () => {
    const name = fresh()
    await create(
      declaration(name, [{ name: "Build", actions: [build({ configuration: { ProjectName: "#{variables.PROJECT}" } })] }], {
        variables: [{ name: "PROJECT", defaultValue: "shop" }],
      }),
    )
    const { pipelineExecutionId } = await client.send(
      new Sdk.PutActionRevisionCommand({
        pipelineName: name,
        stageName: "Source",
        actionName: "Source",
        actionRevision: { revisionId: "abc", revisionChangeId: "abc", created: new Date() },
      }),
    )
    expect((await execution(name, pipelineExecutionId!)).variables).toEqual([{ name: "PROJECT", resolvedValue: "shop" }])
    await adjust("2 minutes")
    expect((await actionRun(name, pipelineExecutionId!, "Build"))?.input?.resolvedConfiguration).toEqual({ ProjectName: "shop" })
  })

  it("the source's output variables show in ListActionExecutions and resolve in the build; an undefined namespace is refused", async () => {
    const name = fresh()
    await create(
      declaration(name, [
        {
          name: "Build",
          actions: [build({ configuration: { ProjectName: "shop", EnvironmentVariables: "#{SourceVariables.CommitId}" } })],
        },
      ]),
    )
    const pushed = await controls((c) => c.pushSourceRevision({ pipelineName: name, actionName: "Source", revisionId: "c0ffee" }))
    await adjust("2 minutes")
    expect((await actionRun(name, pushed.pipelineExecutionId!, "Source"))?.output?.outputVariables).toMatchObject({
      CommitId: "c0ffee",
      BranchName: "main",
    })
    expect((await actionRun(name, pushed.pipelineExecutionId!, "Build"))?.input?.resolvedConfiguration?.EnvironmentVariables).toBe("c0ffee")

    const error = await create(
      declaration(fresh(), [{ name: "Build", actions: [build({ configuration: { ProjectName: "#{Nope.X}" } })] }]),
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Sdk.InvalidActionDeclarationException)
  })

  it("a VariableCheck rule is evaluated, and a LambdaInvoke rule waits for the job the SDK completes", async () => {
    const name = fresh()
    await create(
      declaration(name, [
        {
          name: "Deploy",
          actions: [build({ name: "Deploy" })],
          beforeEntry: {
            conditions: [
              {
                result: "FAIL",
                rules: [
                  {
                    name: "OnMain",
                    ruleTypeId: { category: "Rule", owner: "AWS", provider: "VariableCheck", version: "1" },
                    configuration: { Variable: "#{SourceVariables.BranchName}", Operator: "EQ", Value: "main" },
                  },
                  {
                    name: "Smoke",
                    ruleTypeId: { category: "Rule", owner: "AWS", provider: "LambdaInvoke", version: "1" },
                    configuration: { FunctionName: "smoke" },
                  },
                ],
              },
            ],
          },
        },
      ]),
    )
    const { pipelineExecutionId } = await client.send(new Sdk.StartPipelineExecutionCommand({ name }))
    await adjust("2 minutes")
    const [job] = await controls((c) => c.jobs({ pipelineName: name, kind: "Lambda" }))
    expect(job?.ruleName).toBe("Smoke")
    await client.send(new Sdk.PutJobSuccessResultCommand({ jobId: job!.jobId, executionDetails: { summary: "smoke passed" } }))
    const { ruleExecutionDetails } = await client.send(new Sdk.ListRuleExecutionsCommand({ pipelineName: name }))
    expect(ruleExecutionDetails?.map((r) => [r.ruleName, r.status, r.output?.executionResult?.externalExecutionSummary]).sort()).toEqual([
      ["OnMain", "Succeeded", "'main' EQ 'main' is true"],
      ["Smoke", "Succeeded", "smoke passed"],
    ])
    expect(ruleExecutionDetails?.find((r) => r.ruleName === "OnMain")?.input?.resolvedConfiguration?.Variable).toBe("main")
    await adjust("1 minute")
    expect((await execution(name, pipelineExecutionId!)).status).toBe("Succeeded")
  })

  it("a Lambda action whose function never replies fails after 20 minutes", async () => {
    const name = fresh()
    await create(
      declaration(name, [
        {
          name: "Notify",
          actions: [
            {
              name: "Notify",
              actionTypeId: { category: "Invoke", owner: "AWS", provider: "Lambda", version: "1" },
              configuration: { FunctionName: "notify" },
            },
          ],
        },
      ]),
    )
    const { pipelineExecutionId } = await client.send(new Sdk.StartPipelineExecutionCommand({ name }))
    await adjust("10 minutes")
    expect((await actionRun(name, pipelineExecutionId!, "Notify"))?.status).toBe("InProgress")
    await adjust("11 minutes")
    const notify = await actionRun(name, pipelineExecutionId!, "Notify")
    expect(notify?.status).toBe("Failed")
    expect(notify?.output?.executionResult?.errorDetails?.code).toBe("TimedOut")
  })

  it("a push matching the trigger's filters starts an execution the SDK sees as WebhookV2; a tag push outside them starts nothing", async () => {
    const name = fresh()
    await create(
      declaration(name, [{ name: "Build", actions: [build()] }], {
        triggers: [
          {
            providerType: "CodeStarSourceConnection",
            gitConfiguration: { sourceActionName: "Source", push: [{ tags: { includes: ["v*"] } }] },
          },
        ],
      }),
    )
    const tagged = await controls((c) => c.pushSourceRevision({ pipelineName: name, actionName: "Source", tag: "v1.0.0" }))
    const other = await controls((c) => c.pushSourceRevision({ pipelineName: name, actionName: "Source", tag: "nightly" }))
    expect(other.pipelineExecutionId).toBeUndefined()
    const { pipelineExecutionSummaries } = await client.send(new Sdk.ListPipelineExecutionsCommand({ pipelineName: name }))
    expect(pipelineExecutionSummaries?.map((s) => [s.pipelineExecutionId, s.trigger?.triggerType])).toEqual([
      [tagged.pipelineExecutionId, "WebhookV2"],
    ])
  })

  it("a webhook event outside its filters starts nothing; one that passes starts the pipeline", async () => {
    const name = fresh()
    await create(declaration(name, [{ name: "Build", actions: [build()] }]))
    await client.send(
      new Sdk.PutWebhookCommand({
        webhook: {
          name: `${name}-hook`,
          targetPipeline: name,
          targetAction: "Source",
          filters: [{ jsonPath: "$.ref", matchEquals: "refs/heads/{BranchName}" }],
          authentication: "IP",
          authenticationConfiguration: { AllowedIPRange: "192.168.0.0/16" },
        },
      }),
    )
    const refused = await controls((c) => c.triggerWebhook(`${name}-hook`, { payload: { ref: "refs/heads/dev" }, sourceIp: "192.168.1.1" }))
    expect(refused.notStarted).toBe("the payload's value at $.ref is not 'refs/heads/main'")
    const started = await controls((c) =>
      c.triggerWebhook(`${name}-hook`, { payload: { ref: "refs/heads/main" }, sourceIp: "192.168.1.1" }),
    )
    expect((await execution(name, started.pipelineExecutionId!)).trigger?.triggerType).toBe("Webhook")
  })

  it("PARALLEL executions each wait on their own approval; the SDK approves one with the externalExecutionId of ListActionExecutions", async () => {
    const name = fresh()
    await create(
      declaration(
        name,
        [
          {
            name: "Approve",
            actions: [{ name: "Approve", actionTypeId: { category: "Approval", owner: "AWS", provider: "Manual", version: "1" } }],
          },
        ],
        { executionMode: "PARALLEL" },
      ),
    )
    const first = (await client.send(new Sdk.StartPipelineExecutionCommand({ name }))).pipelineExecutionId!
    const second = (await client.send(new Sdk.StartPipelineExecutionCommand({ name }))).pipelineExecutionId!
    await adjust("1 minute")
    const tokens = await Promise.all(
      [first, second].map(async (e) => (await actionRun(name, e, "Approve"))?.output?.executionResult?.externalExecutionId),
    )
    expect(new Set(tokens).size).toBe(2)
    await client.send(
      new Sdk.PutApprovalResultCommand({
        pipelineName: name,
        stageName: "Approve",
        actionName: "Approve",
        result: { summary: "go", status: "Approved" },
        token: tokens[1]!,
      }),
    )
    expect((await execution(name, second)).status).toBe("Succeeded")
    expect((await execution(name, first)).status).toBe("InProgress")
  })
})
