/**
 * The emulator's control API (`/_emulator/`), without a server: the typed client's `fetch` hands
 * each request to the handler, signed with the core's signer and verified by the handler. Each
 * control works, and each refuses bad input with a 400 that names the problem.
 */
import * as Fs from "node:fs"
import { beforeEach, describe, expect, it } from "vitest"
import * as Emulator from "../src/Emulator.js"
import { ControlApiError, makeClient } from "../src/EmulatorControls.js"
import { routes } from "../src/emulator/routes.js"
import { makeSimulator, type Simulator } from "../src/Simulator.js"
import { approval, codeBuild, codeCommit, declaration, ruleDeclaration, stage, webhook } from "./support/pipelines.js"

const START = Date.parse("2026-03-01T09:00:00.000Z")
const HOST = "127.0.0.1:4599"
const encoder = new TextEncoder()

const pipeline = declaration("release", [
  stage("Source", codeCommit({ name: "Source" })),
  stage("Build", codeBuild({ name: "Build", namespace: "BuildVariables" })),
  stage("Approve", approval("Approve")),
])

/** A webhook filter that passes pushes to main. */
const onMain = { jsonPath: "$.ref", matchEquals: "refs/heads/main" }

interface Setup {
  readonly simulator: Simulator
  readonly handler: Emulator.Handler
  /** A `fetch` that hands requests to the handler. */
  readonly fetch: typeof globalThis.fetch
}

const setup = (options: Partial<Emulator.HandlerOptions> = {}): Setup => {
  const simulator = makeSimulator({ now: START, seed: 1, actionDurationMs: 1000 })
  const handler = Emulator.makeHandler({ simulator, now: () => START, ...options })
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = new URL(String(input))
    const response = await handler({
      method: init?.method ?? "GET",
      path: url.pathname + url.search,
      headers: { ...(init?.headers as Record<string, string>), host: url.host },
      body: encoder.encode(typeof init?.body === "string" ? init.body : ""),
    })
    return new Response(response.body, { status: response.status, headers: response.headers })
  }
  return { simulator, handler, fetch }
}

/** A raw request to the handler, unsigned unless the controls run without auth. */
const raw = async (handler: Emulator.Handler, method: string, path: string, body = "") => {
  const response = await handler({ method, path, headers: { host: HOST, "content-type": "application/json" }, body: encoder.encode(body) })
  return { ...response, json: JSON.parse(response.body) }
}

const refusal = (promise: Promise<unknown>): Promise<ControlApiError> =>
  promise.then(
    () => {
      throw new Error("expected a refusal")
    },
    (error: unknown) => {
      expect(error).toBeInstanceOf(ControlApiError)
      return error as ControlApiError
    },
  )

let s: Setup
let controls: ReturnType<typeof makeClient>
beforeEach(() => {
  s = setup()
  controls = makeClient({ endpoint: `http://${HOST}`, fetch: s.fetch })
})

const stageStatus = (stage: string) =>
  s.simulator.execute("GetPipelineState", { name: "release" }).stageStates?.find((x) => x.stageName === stage)?.latestExecution?.status

describe("the control API", () => {
  it("reset empties the emulator: pipelines, recorded calls, faults and outcome rules", async () => {
    s.simulator.execute("CreatePipeline", { pipeline } as never)
    await controls.injectFault({ operation: "ListPipelines", code: "ThrottlingException" })
    await controls.setOutcomes({ actions: [{ status: "Wait" }] })
    await controls.reset()
    expect(s.simulator.execute("ListPipelines", {}).pipelines).toEqual([])
    expect((await controls.listCalls({ operation: "CreatePipeline" })).calls).toEqual([])
    expect((await controls.getOutcomes()).actions).toEqual([])
  })

  it("reset seeds the ids again: the same calls after a reset give the same execution ids", async () => {
    const first = s.simulator.execute("CreatePipeline", { pipeline } as never)
    const id = s.simulator.execute("StartPipelineExecution", { name: "release" }).pipelineExecutionId
    await controls.reset()
    s.simulator.execute("CreatePipeline", { pipeline } as never)
    expect(s.simulator.execute("StartPipelineExecution", { name: "release" }).pipelineExecutionId).toBe(id)
    expect(first).toBeDefined()
  })

  it("exports the state with webhook secret tokens masked, and shows them when asked", async () => {
    s.simulator.execute("CreatePipeline", { pipeline } as never)
    s.simulator.execute("PutWebhook", {
      webhook: webhook("release", "Source", {
        filters: [onMain],
        authentication: "GITHUB_HMAC",
        authenticationConfiguration: { SecretToken: "s3cr3t-token" },
      }),
    })
    const masked = await controls.exportState()
    expect(JSON.stringify(masked)).not.toContain("s3cr3t-token")
    expect(masked.webhooks[0]!.definition.authenticationConfiguration.SecretToken).toBe("****")
    const shown = await controls.exportState({ secrets: true })
    expect(shown.webhooks[0]!.definition.authenticationConfiguration.SecretToken).toBe("s3cr3t-token")
  })

  it("seeds an empty emulator from an exported state", async () => {
    s.simulator.execute("CreatePipeline", { pipeline } as never)
    const snapshot = await controls.exportState({ secrets: true })
    await controls.reset()
    expect(await controls.importState(snapshot)).toEqual({ pipelines: 1 })
    expect(s.simulator.execute("ListPipelines", {}).pipelines?.map((p) => p.name)).toEqual(["release"])
  })

  it("refuses to import into an emulator that has pipelines, saying to reset first", async () => {
    s.simulator.execute("CreatePipeline", { pipeline } as never)
    const error = await refusal(controls.importState(await controls.exportState()))
    expect(error).toMatchObject({ status: 400, code: "ControlError" })
    expect(error.message).toContain("reset it first")
  })

  it("seeds a pipeline without starting an execution or recording a call", async () => {
    const { pipeline: stored } = await controls.seedPipeline({ pipeline: pipeline as never })
    expect(stored.version).toBe(1)
    expect(s.simulator.execute("ListPipelineExecutions", { pipelineName: "release" }).pipelineExecutionSummaries).toEqual([])
    expect((await controls.listCalls()).calls.filter((c) => c.operation !== "ListPipelineExecutions")).toEqual([])
  })

  it("refuses a seeded pipeline CreatePipeline would refuse, with its error code", async () => {
    const error = await refusal(controls.seedPipeline({ pipeline: { ...pipeline, stages: [pipeline.stages[0]!] } as never }))
    expect(error).toMatchObject({ status: 400, code: "InvalidStructureException" })
  })

  it("seeds a finished execution into a pipeline's history", async () => {
    await controls.seedPipeline({ pipeline: pipeline as never })
    const { pipelineExecutionId } = await controls.seedExecution({ pipelineName: "release", status: "Failed", stageName: "Build" })
    const summaries = s.simulator.execute("ListPipelineExecutions", { pipelineName: "release" }).pipelineExecutionSummaries
    expect(summaries?.map((e) => [e.pipelineExecutionId, e.status])).toEqual([[pipelineExecutionId, "Failed"]])
  })

  it("completes a waiting build with output variables, summary and external id", async () => {
    await controls.setOutcomes({ actions: [{ provider: "CodeBuild", status: "Wait" }] })
    s.simulator.execute("CreatePipeline", { pipeline } as never)
    await controls.advanceClock({ by: "5s" })
    expect(stageStatus("Build")).toBe("InProgress")
    await controls.completeAction({
      pipelineName: "release",
      stageName: "Build",
      actionName: "Build",
      status: "Succeeded",
      summary: "built 1.2.3",
      externalExecutionId: "build-42",
      outputVariables: { Version: "1.2.3" },
    })
    expect(stageStatus("Build")).toBe("Succeeded")
    const build = s.simulator
      .execute("ListActionExecutions", { pipelineName: "release" })
      .actionExecutionDetails?.find((d) => d.actionName === "Build")
    expect(build?.output?.outputVariables).toEqual({ Version: "1.2.3" })
    expect(build?.output?.executionResult).toMatchObject({ externalExecutionId: "build-42", externalExecutionSummary: "built 1.2.3" })
  })

  it("fails a running action with the given error details", async () => {
    await controls.setOutcomes({ actions: [{ actionName: "Build", status: "Wait" }] })
    s.simulator.execute("CreatePipeline", { pipeline } as never)
    await controls.advanceClock({ by: "5s" })
    await controls.completeAction({
      pipelineName: "release",
      stageName: "Build",
      actionName: "Build",
      status: "Failed",
      errorDetails: { code: "BuildFailed", message: "tests failed" },
    })
    expect(stageStatus("Build")).toBe("Failed")
  })

  it("refuses to complete an action that is not running, saying so", async () => {
    s.simulator.execute("CreatePipeline", { pipeline } as never)
    const error = await refusal(
      controls.completeAction({ pipelineName: "release", stageName: "Build", actionName: "Build", status: "Succeeded" }),
    )
    expect(error).toMatchObject({ status: 400, code: "ControlError" })
    expect(error.message).toContain("is not running")
  })

  it("declarative outcomes: a build fails after the given duration, with its summary", async () => {
    await controls.setOutcomes({ actions: [{ provider: "CodeBuild", status: "Failed", duration: "2m", summary: "tests failed" }] })
    s.simulator.execute("CreatePipeline", { pipeline } as never)
    await controls.advanceClock({ by: "90s" })
    expect(stageStatus("Build")).toBe("InProgress")
    await controls.advanceClock({ by: "1m" })
    expect(stageStatus("Build")).toBe("Failed")
  })

  it("declarative outcomes: output variables of a succeeding action reach the next stages", async () => {
    const actions = [{ actionName: "Build", status: "Succeeded" as const, outputVariables: { Version: "2.0.0" } }]
    await controls.setOutcomes({ actions })
    expect((await controls.getOutcomes()).actions).toEqual(actions)
    s.simulator.execute("CreatePipeline", { pipeline } as never)
    await controls.advanceClock({ by: "10s" })
    const build = s.simulator
      .execute("ListActionExecutions", { pipelineName: "release" })
      .actionExecutionDetails?.find((d) => d.actionName === "Build")
    expect(build?.output?.outputVariables).toEqual({ Version: "2.0.0" })
  })

  it("declarative outcomes of stage-condition rules: a failing alarm rule keeps the execution out of the gated stage", async () => {
    const gated = {
      ...pipeline,
      pipelineType: "V2",
      stages: [
        pipeline.stages[0]!,
        {
          ...pipeline.stages[1]!,
          beforeEntry: {
            conditions: [
              {
                result: "FAIL",
                rules: [ruleDeclaration("NoAlarm", "CloudWatchAlarm", { AlarmName: "errors" })],
              },
            ],
          },
        },
      ],
    }
    const rules = [{ provider: "CloudWatchAlarm", status: "Failed" as const, summary: "alarm in ALARM state" }]
    await controls.setOutcomes({ actions: [], rules })
    expect(await controls.getOutcomes()).toEqual({ actions: [], rules })
    s.simulator.execute("CreatePipeline", { pipeline: gated } as never)
    await controls.advanceClock({ by: "5m" })
    const [rule] = s.simulator.execute("ListRuleExecutions", { pipelineName: "release" }).ruleExecutionDetails!
    expect(rule).toMatchObject({ ruleName: "NoAlarm", status: "Failed" })
    expect(s.simulator.execute("ListPipelineExecutions", { pipelineName: "release" }).pipelineExecutionSummaries?.[0]?.status).toBe(
      "Failed",
    )
  })

  it("clearing the outcome rules lets actions end the default way", async () => {
    await controls.setOutcomes({ actions: [{ status: "Wait" }] })
    await controls.clearOutcomes()
    expect((await controls.getOutcomes()).actions).toEqual([])
    s.simulator.execute("CreatePipeline", { pipeline } as never)
    await controls.advanceClock({ by: "10s" })
    expect(stageStatus("Approve")).toBe("InProgress")
  })

  it("injected faults fail the next N calls of the operation, then calls succeed again", async () => {
    await controls.injectFault({ operation: "ListPipelines", code: "ThrottlingException", message: "Rate exceeded", times: 2 })
    for (let i = 0; i < 2; i++) expect(() => s.simulator.execute("ListPipelines", {})).toThrow("Rate exceeded")
    expect(s.simulator.execute("ListPipelines", {}).pipelines).toEqual([])
  })

  it("clears injected faults", async () => {
    await controls.injectFault({ operation: "ListPipelines", code: "ThrottlingException", times: 5 })
    await controls.clearFaults()
    expect(s.simulator.execute("ListPipelines", {}).pipelines).toEqual([])
  })

  it("delays the next N calls by wall-clock time, then answers at once", async () => {
    await controls.delayCalls({ operation: "ListPipelines", delay: 300, times: 1 })
    const list = () =>
      s.handler({
        method: "POST",
        path: "/",
        headers: { host: HOST, "content-type": "application/x-amz-json-1.1", "x-amz-target": "CodePipeline_20150709.ListPipelines" },
        body: encoder.encode("{}"),
      })
    let started = Date.now()
    await list()
    expect(Date.now() - started).toBeGreaterThanOrEqual(290)
    started = Date.now()
    await list()
    expect(Date.now() - started).toBeLessThan(250)
  })

  it("clears pending delays", async () => {
    await controls.delayCalls({ delay: "10s", times: 3 })
    await controls.clearDelays()
    const started = Date.now()
    await s.handler({ method: "POST", path: "/", headers: { host: HOST }, body: new Uint8Array() })
    expect(Date.now() - started).toBeLessThan(1000)
  })

  it("lists recorded calls by operation, with third-party client tokens masked unless asked for", async () => {
    s.simulator.recordRefused("AcknowledgeThirdPartyJob", { jobId: "j", nonce: "n", clientToken: "client-secret" }, "ValidationException")
    s.simulator.execute("ListPipelines", {})
    const { calls } = await controls.listCalls({ operation: "AcknowledgeThirdPartyJob" })
    expect(calls).toEqual([
      {
        operation: "AcknowledgeThirdPartyJob",
        input: { jobId: "j", nonce: "n", clientToken: "****" },
        time: new Date(START).toISOString(),
        outcome: "Failure",
        error: "ValidationException",
        refused: true,
      },
    ])
    const shown = await controls.listCalls({ operation: "AcknowledgeThirdPartyJob", secrets: true })
    expect((shown.calls[0]!.input as { clientToken: string }).clientToken).toBe("client-secret")
  })

  it("clears the recorded calls", async () => {
    s.simulator.execute("ListPipelines", {})
    await controls.clearCalls()
    expect((await controls.listCalls()).calls).toEqual([])
  })

  it("a pushed source revision starts an execution running that commit", async () => {
    s.simulator.execute("CreatePipeline", { pipeline } as never)
    const pushed = await controls.pushSourceRevision({ pipelineName: "release", actionName: "Source", revisionId: "abc123" })
    expect(pushed.revisionId).toBe("abc123")
    expect(pushed.pipelineExecutionId).toMatch(/^[0-9a-f-]{36}$/)
  })

  it("a fired webhook starts the pipeline when the event passes its filters, and says why not otherwise", async () => {
    s.simulator.execute("CreatePipeline", { pipeline } as never)
    s.simulator.execute("PutWebhook", { webhook: webhook("release", "Source", { filters: [onMain] }) })
    expect((await controls.triggerWebhook({ name: "hook", payload: { ref: "refs/heads/main" } })).pipelineExecutionId).toBeDefined()
    expect((await controls.triggerWebhook({ name: "hook", payload: { ref: "refs/heads/dev" } })).notStarted).toContain("$.ref")
  })

  it("advancing the clock moves simulated time and fires what is due: an approval times out after 7 days", async () => {
    s.simulator.execute("CreatePipeline", { pipeline } as never)
    await controls.advanceClock({ by: "1m" })
    expect(stageStatus("Approve")).toBe("InProgress")
    const reading = await controls.advanceClock({ by: "8d" })
    expect(reading.now).toBe(new Date(START + 60_000 + 8 * 86_400_000).toISOString())
    expect(stageStatus("Approve")).toBe("Failed")
    expect((await controls.getClock()).epochMillis).toBe(START + 60_000 + 8 * 86_400_000)
  })

  it("the clock's advance applies to the API's calls: they are served at the advanced time", async () => {
    const open = setup({ auth: false })
    const client = makeClient({ endpoint: `http://${HOST}`, fetch: open.fetch, credentials: false })
    await client.advanceClock({ by: "1h" })
    await open.handler({
      method: "POST",
      path: "/",
      headers: { host: HOST, "content-type": "application/x-amz-json-1.1", "x-amz-target": "CodePipeline_20150709.ListPipelines" },
      body: encoder.encode("{}"),
    })
    expect((await client.listCalls({ operation: "ListPipelines" })).calls[0]?.time).toBe(new Date(START + 3_600_000).toISOString())
  })

  it("serves its OpenAPI document without a signature", async () => {
    const response = await raw(s.handler, "GET", "/_emulator/openapi.json")
    expect(response.status).toBe(200)
    expect(response.json).toEqual(Emulator.openApiDocument())
  })
})

describe("the control API's refusals", () => {
  it("refuses an unsigned control with 403 and the SigV4 error", async () => {
    const response = await raw(s.handler, "POST", "/_emulator/reset")
    expect(response.status).toBe(403)
    expect(response.json).toEqual({ error: "MissingAuthenticationTokenException", message: "Missing Authentication Token" })
  })

  it("refuses a control signed with another secret with 403", async () => {
    const other = makeClient({
      endpoint: `http://${HOST}`,
      fetch: s.fetch,
      credentials: { accessKeyId: Emulator.DEFAULT_CREDENTIALS.accessKeyId, secretAccessKey: "wrong" },
    })
    expect(await refusal(other.getClock())).toMatchObject({ status: 403, code: "InvalidSignatureException" })
  })

  it("accepts unsigned controls when auth is off", async () => {
    const open = setup({ auth: false })
    expect((await raw(open.handler, "GET", "/_emulator/clock")).status).toBe(200)
  })

  it("has no controls when they are off: their paths are unknown to the API", async () => {
    const off = setup({ controls: false, auth: false })
    const response = await raw(off.handler, "GET", "/_emulator/clock")
    expect(response.status).toBe(404)
    expect(response.json.__type).toBe("UnknownOperationException")
    expect((await raw(off.handler, "GET", "/_emulator/openapi.json")).status).toBe(404)
  })

  it("answers 404 for an unknown control and 405 (with Allow) for a wrong method", async () => {
    const open = setup({ auth: false })
    expect(await raw(open.handler, "POST", "/_emulator/nothing")).toMatchObject({ status: 404, json: { error: "NotFound" } })
    const wrong = await raw(open.handler, "PATCH", "/_emulator/faults")
    expect(wrong).toMatchObject({ status: 405, json: { error: "MethodNotAllowed" } })
    expect(wrong.headers["Allow"]).toBe("POST, DELETE")
  })

  /** For every control: a request that breaks it, and what the 400 says. */
  const bad: ReadonlyArray<readonly [string, string, string, string]> = [
    ["POST", "/_emulator/reset", `{"everything":true}`, "takes no body: the body has an unknown member 'everything'"],
    ["GET", "/_emulator/state?secrets=yes", "", `the query parameter 'secrets' must be one of "true", "false"`],
    ["POST", "/_emulator/state", `[1]`, "the body must be an object, not an array"],
    ["POST", "/_emulator/state", `{"region":"us-east-1"}`, "Cannot import the state"],
    ["POST", "/_emulator/pipelines", `{}`, "the body needs 'pipeline'"],
    ["POST", "/_emulator/pipelines", `{"pipeline":{"name":"x"}}`, "seedPipeline: the input at pipeline"],
    ["POST", "/_emulator/executions", `{"pipelineName":"p","status":"InProgress"}`, `the body at status must be one of "Succeeded"`],
    ["POST", "/_emulator/executions", `{"pipelineName":"nope","status":"Succeeded"}`, "Pipeline 'nope' does not exist"],
    [
      "POST",
      "/_emulator/actions/complete",
      `{"pipelineName":"p","stageName":"s","actionName":"a","status":"Done"}`,
      `the body at status must be one of "Succeeded", "Failed"`,
    ],
    [
      "POST",
      "/_emulator/actions/complete",
      `{"pipelineName":"p","stageName":"s","actionName":"a","status":"Succeeded","outputVariables":{"v":1}}`,
      "the body at outputVariables.v must be a string",
    ],
    ["GET", "/_emulator/jobs?kind=Robot", "", `the query parameter 'kind' must be one of "Custom", "ThirdParty", "Lambda"`],
    [
      "POST",
      "/_emulator/faults",
      `{"operation":"GetPipelin","code":"ThrottlingException"}`,
      "'GetPipelin' is not a CodePipeline operation",
    ],
    [
      "POST",
      "/_emulator/faults",
      `{"operation":"GetPipeline","code":"ThrottlingException","times":0}`,
      "the body at times must be at least 1",
    ],
    ["DELETE", "/_emulator/faults?all=1", "", "takes no query parameters, not 'all'"],
    ["POST", "/_emulator/delays", `{"delay":"soon"}`, "the body at delay must be a number or a string"],
    ["POST", "/_emulator/delays", `{"delay":"1h"}`, "delay must be at most 300000 ms"],
    ["DELETE", "/_emulator/delays", `not json`, "the body is not valid JSON"],
    ["GET", "/_emulator/calls?operation=Nope", "", "'Nope' is not a CodePipeline operation"],
    ["DELETE", "/_emulator/calls", `{"x":1}`, "unknown member 'x'"],
    ["POST", "/_emulator/sources/push", `{"pipelineName":"nope","actionName":"Source"}`, "Pipeline 'nope' does not exist"],
    [
      "POST",
      "/_emulator/sources/push",
      `{"pipelineName":"p","actionName":"Source","filePaths":"a.ts"}`,
      "the body at filePaths must be an array",
    ],
    ["POST", "/_emulator/webhooks/trigger", `{"name":"nope"}`, "Webhook 'nope' does not exist"],
    ["GET", "/_emulator/clock?at=now", "", "takes no query parameters, not 'at'"],
    ["POST", "/_emulator/clock/advance", `{"by":-5}`, "the body at by must be a number or a string"],
    ["POST", "/_emulator/clock/advance", `{"by":"100000d"}`, "by must be at most"],
    ["PUT", "/_emulator/outcomes", `{"actions":[{"provider":"CodeBuild"}]}`, "the body at actions[0] needs 'status'"],
    [
      "PUT",
      "/_emulator/outcomes",
      `{"actions":[{"status":"Succeeded","duration":"soon"}]}`,
      "the body at actions[0].duration must be a number or a string",
    ],
    [
      "PUT",
      "/_emulator/outcomes",
      `{"actions":[],"rules":[{"ruleName":"r","status":"Succeeded","outputVariables":{}}]}`,
      "the body at rules[0] has an unknown member 'outputVariables'",
    ],
    ["GET", "/_emulator/outcomes", `{"actions":[]}`, "unknown member 'actions'"],
    ["DELETE", "/_emulator/outcomes", `\u00ff`, "the body is not valid JSON"],
    ["GET", "/_emulator/openapi.json?v=2", "", "takes no query parameters, not 'v'"],
  ]

  it("has a bad-input case for every control", () => {
    const covered = new Set(bad.map(([method, path]) => `${method} ${path.split("?")[0]}`))
    expect(routes.map((r) => `${r.method} /_emulator/${r.path}`).filter((r) => !covered.has(r))).toEqual([])
  })

  it.each(bad)("%s %s with %s: 400 saying %s", async (method, path, body, message) => {
    const open = setup({ auth: false })
    const response = await raw(open.handler, method, path, body)
    expect(response.status, response.body).toBe(400)
    expect(response.json.message).toContain(message)
  })

  it("answers every control's hostile bodies and queries with a 4xx, never a 5xx", async () => {
    const open = setup({ auth: false })
    open.simulator.execute("CreatePipeline", { pipeline } as never)
    const deep = `${'{"a":'.repeat(100_000)}1${"}".repeat(100_000)}`
    const bodies = ["null", "[]", '"x"', "1e999", "{}", '{"__proto__":{"x":1}}', deep, '{"pipelineName":{},"actionName":[],"by":null}']
    const queries = ["", "?secrets=true&secrets=false", "?operation=", "?kind=&status=&pipelineName=", "?%ZZ=1"]
    for (const route of routes) {
      for (const body of bodies) {
        for (const query of queries) {
          const response = await raw(open.handler, route.method, `/_emulator/${route.path}${query}`, body)
          expect(response.status, `${route.method} ${route.path}${query} ${body.slice(0, 40)}: ${response.body}`).toBeLessThan(500)
        }
      }
    }
  })

  it("refuses a body that is not UTF-8 with a 400", async () => {
    const open = setup({ auth: false })
    const response = await open.handler({
      method: "POST",
      path: "/_emulator/reset",
      headers: { host: HOST },
      body: new Uint8Array([0xff, 0xfe]),
    })
    expect(response.status).toBe(400)
    expect(JSON.parse(response.body).message).toContain("not valid UTF-8")
  })
})

describe("the OpenAPI document", () => {
  it("is the one committed in docs/emulator-controls.openapi.json (regenerate it with npm run docs:controls)", () => {
    const committed = Fs.readFileSync(new URL("../../../docs/emulator-controls.openapi.json", import.meta.url), "utf8")
    expect(committed).toBe(`${JSON.stringify(Emulator.openApiDocument(), null, 2)}\n`)
  })

  it("describes every control at its path and method, each with its operationId", () => {
    const document = Emulator.openApiDocument() as { paths: Record<string, Record<string, { operationId: string }>> }
    for (const route of routes)
      expect(document.paths[`/_emulator/${route.path}`]?.[route.method.toLowerCase()]?.operationId).toBe(route.operationId)
  })
})
