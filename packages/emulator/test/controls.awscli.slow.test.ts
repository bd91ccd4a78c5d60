/**
 * A whole release driven by the AWS CLI v1 and `curl --aws-sigv4` alone, against the emulator's
 * command on a manual clock (issue #18): a pipeline created, a build completed with output
 * variables, an approval given, time advanced past an approval's timeout, throttling injected,
 * the recorded calls read. What a test in shell, or any language without this SDK, does. Skipped,
 * with the reason printed, where the AWS CLI v1 or curl is absent.
 */
import * as Fs from "node:fs/promises"
import * as Os from "node:os"
import * as Path from "node:path"
import { DEFAULT_CREDENTIALS } from "@effect-codepipeline/core/Emulator"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { releaseWithCodeBuild } from "./support/release.js"
import { findAwsCliV1, findCurl, isolatedEnv, run, type SpawnedEmulator, spawnEmulator } from "./support/tools.js"

const awsCli = findAwsCliV1()
const curl = findCurl()
const missing = "missing" in awsCli ? awsCli.missing : "missing" in curl ? curl.missing : undefined
if (missing !== undefined) console.log(`[controls.awscli] skipping the AWS CLI and curl release: ${missing}`)

const START = "2026-01-05T09:00:00.000Z"

describe.skipIf(missing !== undefined)("a release driven by the AWS CLI and curl alone", () => {
  let dir: string
  let emulator: SpawnedEmulator
  let env: Record<string, string>
  const aws = awsCli as { path: string; version: string }

  beforeAll(async () => {
    dir = await Fs.mkdtemp(Path.join(Os.tmpdir(), "emulator-controls-cli-"))
    emulator = await spawnEmulator(["--port", "0", "--clock", "manual", "--start-time", START, "--seed", "cli-proof"])
    env = {
      ...isolatedEnv(dir, aws.path),
      AWS_ACCESS_KEY_ID: DEFAULT_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: DEFAULT_CREDENTIALS.secretAccessKey,
      AWS_DEFAULT_REGION: "us-east-1",
      AWS_ENDPOINT_URL_CODEPIPELINE: emulator.url,
    }
  }, 60_000)

  afterAll(async () => {
    if (emulator !== undefined) {
      emulator.child.kill("SIGTERM")
      await emulator.exit
    }
    if (dir !== undefined) await Fs.rm(dir, { recursive: true, force: true })
  })

  /** `aws codepipeline ...`, its JSON output parsed; fails with what the CLI printed. */
  const cli = async (...args: ReadonlyArray<string>): Promise<any> => {
    const result = await run(aws.path, ["codepipeline", ...args, "--output", "json"], env)
    if (result.code !== 0) throw new Error(`aws codepipeline ${args[0]} exited with ${result.code}: ${result.stderr}`)
    return result.stdout.trim() === "" ? {} : JSON.parse(result.stdout)
  }

  /** `curl --aws-sigv4` to a control; the status and the parsed JSON answer. */
  const control = async (method: string, path: string, body?: unknown, options: { sign?: boolean } = {}) => {
    const args = [
      "-sS",
      "-X",
      method,
      ...(options.sign === false
        ? []
        : [
            "--aws-sigv4",
            "aws:amz:us-east-1:codepipeline",
            "--user",
            `${DEFAULT_CREDENTIALS.accessKeyId}:${DEFAULT_CREDENTIALS.secretAccessKey}`,
          ]),
      ...(body !== undefined ? ["-H", "content-type: application/json", "--data", JSON.stringify(body)] : []),
      "-w",
      "\n%{http_code}",
      `${emulator.url}/_emulator/${path}`,
    ]
    const result = await run("curl", args, env)
    expect(result.code, result.stderr).toBe(0)
    const lines = result.stdout.split("\n")
    return { status: Number(lines.pop()), json: JSON.parse(lines.join("\n")) as any }
  }
  const ok = async (method: string, path: string, body?: unknown) => {
    const answer = await control(method, path, body)
    expect(answer.status, JSON.stringify(answer.json)).toBe(200)
    return answer.json
  }
  const stage = async (name: string) =>
    (await cli("get-pipeline-state", "--name", "release")).stageStates.find((s: { stageName: string }) => s.stageName === name)

  it("creates the pipeline, completes the build with output variables, approves, times out an approval, throttles, reads the calls", {
    timeout: 180_000,
  }, async () => {
    // The build waits for the test, as a real CodeBuild project would run.
    await ok("PUT", "outcomes", { actions: [{ provider: "CodeBuild", status: "Wait" }] })
    const pipeline = releaseWithCodeBuild()
    const file = Path.join(dir, "release.json")
    await Fs.writeFile(file, JSON.stringify({ pipeline }))
    await cli("create-pipeline", "--cli-input-json", `file://${file}`)

    expect((await ok("POST", "clock/advance", { by: "1m" })).now).toBe("2026-01-05T09:01:00.000Z")
    expect((await stage("Build")).latestExecution.status).toBe("InProgress")
    await ok("POST", "actions/complete", {
      pipelineName: "release",
      stageName: "Build",
      actionName: "Build",
      status: "Succeeded",
      summary: "built 1.2.3",
      externalExecutionId: "app:42",
      outputVariables: { Version: "1.2.3" },
    })
    await ok("POST", "clock/advance", { by: "1m" })

    const approve = await stage("Approve")
    expect(approve.latestExecution.status).toBe("InProgress")
    const token = approve.actionStates[0].latestExecution.token
    await cli(
      "put-approval-result",
      "--pipeline-name",
      "release",
      "--stage-name",
      "Approve",
      "--action-name",
      "Approve",
      "--token",
      token,
      "--result",
      "summary=ship it,status=Approved",
    )
    await ok("POST", "clock/advance", { by: "1m" })
    expect((await stage("Deploy")).latestExecution.status).toBe("Succeeded")
    const executions = await cli("list-action-executions", "--pipeline-name", "release")
    const build = executions.actionExecutionDetails.find((d: { actionName: string }) => d.actionName === "Build")
    expect(build.output.outputVariables).toEqual({ Version: "1.2.3" })
    expect(build.output.executionResult).toMatchObject({ externalExecutionId: "app:42", externalExecutionSummary: "built 1.2.3" })

    // A second release waits for an approval nobody gives: seven days later it fails.
    await ok("DELETE", "outcomes")
    const pushed = await ok("POST", "sources/push", { pipelineName: "release", actionName: "Source", revisionId: "c0ffee" })
    await ok("POST", "clock/advance", { by: "5m" })
    expect((await stage("Approve")).latestExecution).toMatchObject({
      status: "InProgress",
      pipelineExecutionId: pushed.pipelineExecutionId,
    })
    await ok("POST", "clock/advance", { by: "7d" })
    expect((await stage("Approve")).latestExecution.status).toBe("Failed")

    // Throttling: the CLI's retry gets through one throttled call; ten are more than it retries.
    await ok("POST", "faults", { operation: "ListPipelines", code: "ThrottlingException", message: "Rate exceeded" })
    expect((await cli("list-pipelines")).pipelines.map((p: { name: string }) => p.name)).toEqual(["release"])
    await ok("POST", "faults", { operation: "ListPipelines", code: "ThrottlingException", message: "Rate exceeded", times: 10 })
    const throttled = await run(aws.path, ["codepipeline", "list-pipelines"], { ...env, AWS_MAX_ATTEMPTS: "1" })
    expect(throttled.code).not.toBe(0)
    expect(throttled.stderr).toContain("ThrottlingException")
    await ok("DELETE", "faults")

    const { calls } = await ok("GET", "calls?operation=ListPipelines")
    expect(calls.map((c: { outcome: string; error?: string }) => c.error ?? c.outcome)).toEqual([
      "ThrottlingException",
      "Success",
      "ThrottlingException",
    ])
    const all = (await ok("GET", "calls")).calls.map((c: { operation: string }) => c.operation)
    expect(all).toEqual(expect.arrayContaining(["CreatePipeline", "PutApprovalResult", "ListActionExecutions"]))
  })

  it("refuses an unsigned control with 403, and a malformed one with 400 naming the problem", { timeout: 60_000 }, async () => {
    expect(await control("POST", "reset", undefined, { sign: false })).toMatchObject({
      status: 403,
      json: { error: "MissingAuthenticationTokenException" },
    })
    const bad = await control("POST", "clock/advance", { by: "soon" })
    expect(bad.status).toBe(400)
    expect(bad.json.message).toContain("the body at by must be")
  })
})
