/**
 * What both flavors' job workers decide without Effect (`JobWorker`): the handler's view of a job,
 * what each report carries, the poll backoff and the Lambda event check.
 */
import { describe, expect, it } from "vitest"
import * as JobWorker from "../src/JobWorker.js"

describe("the handler's view of a job", () => {
  it("has the configuration and artifact lists empty when the job data has none", () => {
    const job = JobWorker.jobView("j-1", {}, { accountId: "123456789012" })
    expect(job).toMatchObject({ id: "j-1", accountId: "123456789012", configuration: {}, inputArtifacts: [], outputArtifacts: [] })
  })

  it("carries the configuration, continuation token and the data as sent", () => {
    const data = { actionConfiguration: { configuration: { Project: "app" } }, continuationToken: "step-1" }
    const job = JobWorker.jobView("j-1", data, {})
    expect(job.configuration).toEqual({ Project: "app" })
    expect(job.continuationToken).toBe("step-1")
    expect(job.data).toBe(data)
  })
})

describe("a failure report", () => {
  it("uses the failure type as the message when the message is empty", () => {
    expect(JobWorker.failureDetails({ type: "JobFailed", message: "" })).toEqual({ type: "JobFailed", message: "JobFailed" })
  })

  it("cuts a message longer than the model's 5000 characters, so the report is not refused", () => {
    const { message } = JobWorker.failureDetails({ type: "JobFailed", message: "x".repeat(6000) })
    expect(message).toHaveLength(5000)
    expect(message.endsWith("…")).toBe(true)
  })

  it("keeps the external execution id when there is one", () => {
    expect(JobWorker.failureDetails({ type: "JobFailed", message: "m", externalExecutionId: "b-7" })).toEqual({
      type: "JobFailed",
      message: "m",
      externalExecutionId: "b-7",
    })
  })

  it("for a handler that died is JobFailed with the defect's message", () => {
    expect(JobWorker.unexpectedFailure(false, new Error("null pointer"))).toEqual({
      type: "JobFailed",
      message: "The job worker's handler failed unexpectedly: null pointer",
    })
  })

  it("for a handler interrupted by shutdown is SystemUnavailable", () => {
    expect(JobWorker.unexpectedFailure(true, undefined).type).toBe("SystemUnavailable")
  })
})

describe("a success report", () => {
  const result = { outputVariables: { V: "1" }, executionDetails: { summary: "ok" }, continuationToken: "t" }

  it("carries only the members the handler set", () => {
    expect(JobWorker.successFields({ executionDetails: { summary: "ok" } }, false)).toEqual({ executionDetails: { summary: "ok" } })
  })

  it("of a custom job carries output variables and the continuation token", () => {
    expect(JobWorker.successFields(result, false)).toEqual(result)
  })

  it("of a third-party job leaves output variables out (its call has none)", () => {
    expect(JobWorker.successFields(result, true)).toEqual({ executionDetails: { summary: "ok" }, continuationToken: "t" })
  })
})

describe("the wait after empty polls", () => {
  it("doubles from the poll interval up to the longest wait", () => {
    expect([0, 1, 2, 3, 4, 5].map((idle) => JobWorker.backoffCeiling(1000, 8000, idle))).toEqual([1000, 2000, 4000, 8000, 8000, 8000])
  })

  it("stays finite after very many empty polls", () => {
    expect(JobWorker.backoffCeiling(1000, 30_000, 10_000)).toBe(30_000)
  })
})

describe("a Lambda invoke event", () => {
  it("yields the job's id, account and data", () => {
    expect(JobWorker.lambdaJob({ "CodePipeline.job": { id: "j-1", accountId: "123456789012", data: { a: 1 } } })).toEqual({
      id: "j-1",
      accountId: "123456789012",
      data: { a: 1 },
    })
  })

  it.each([[undefined], [null], [{}], [{ "CodePipeline.job": {} }], [{ "CodePipeline.job": { id: 7 } }]])(
    "is rejected with a clear message when it is not one: %j",
    (event) => {
      expect(JobWorker.lambdaJob(event)).toEqual({ invalid: 'not a CodePipeline job event: event["CodePipeline.job"].id is missing' })
    },
  )
})

describe("the action name in metrics", () => {
  it("is Owner/Category/Provider/Version", () => {
    expect(JobWorker.actionName({ owner: "Custom", category: "Build", provider: "Jenkins", version: "1" })).toBe("Custom/Build/Jenkins/1")
  })
})
