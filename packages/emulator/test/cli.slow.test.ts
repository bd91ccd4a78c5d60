/**
 * The `effect-codepipeline-emulator` command, run as users run it in this repository
 * (`node --import tsx packages/emulator/src/cli.ts`, what `npm run emulator` runs): it prints the endpoint and credentials, serves the
 * official SDK, saves its state on SIGTERM and loads it on the next start; a corrupt state file
 * stops it with a clear message and a non-zero exit code, and the file is left alone.
 */
import * as Fs from "node:fs/promises"
import * as Path from "node:path"
import {
  CreatePipelineCommand,
  GetPipelineCommand,
  ListPipelineExecutionsCommand,
  ListPipelinesCommand,
  TagResourceCommand,
} from "@aws-sdk/client-codepipeline"
import { afterEach, describe, expect, it } from "vitest"
import { DEFAULT_CREDENTIALS } from "@effect-codepipeline/core/Emulator"
import { releaseDefinition } from "./support/release.js"
import { clientOf, killSpawned, runToExit, spawnEmulator, temporaryDirectory } from "./support/tools.js"

const temp = temporaryDirectory("emulator-cli-", "file")
afterEach(killSpawned)

describe("effect-codepipeline-emulator", () => {
  it("prints its endpoint and credentials, serves, saves its state on SIGTERM and loads it on restart", { timeout: 30_000 }, async () => {
    const state = Path.join(temp.path, "state.json")
    const first = await spawnEmulator(["--port", "0", "--state", state])
    expect(first.stdout()).toContain(`AWS_ACCESS_KEY_ID=${DEFAULT_CREDENTIALS.accessKeyId}`)
    expect(first.stdout()).toContain(`AWS_SECRET_ACCESS_KEY=${DEFAULT_CREDENTIALS.secretAccessKey}`)
    expect(first.stdout()).toContain(`AWS_ENDPOINT_URL_CODEPIPELINE=${first.url}`)
    expect(first.stdout()).toContain(`state file:        ${state} (0 pipelines loaded)`)

    const sdk = clientOf(first.url)
    const { pipeline } = JSON.parse(releaseDefinition)
    const stages = pipeline.stages.filter((s: { name: string }) => s.name === "Source" || s.name === "Approve")
    const created = await sdk.send(new CreatePipelineCommand({ pipeline: { ...pipeline, stages }, tags: [{ key: "team", value: "core" }] }))
    await sdk.send(
      new TagResourceCommand({ resourceArn: `arn:aws:codepipeline:us-east-1:123456789012:release`, tags: [{ key: "env", value: "dev" }] }),
    )
    sdk.destroy()

    first.child.kill("SIGTERM")
    expect(await first.exit).toBe(0)
    expect(first.stderr()).toContain("SIGTERM: stopping and saving the state")
    expect(JSON.parse(await Fs.readFile(state, "utf8")).state.pipelines.map((p: { name: string }) => p.name)).toEqual(["release"])

    const second = await spawnEmulator(["--port", "0", "--state", state])
    expect(second.stdout()).toContain("(1 pipeline loaded)")
    const again = clientOf(second.url)
    const got = await again.send(new GetPipelineCommand({ name: "release" }))
    expect(got.pipeline).toEqual(created.pipeline)
    expect((await again.send(new ListPipelinesCommand({}))).pipelines?.map((p) => p.name)).toEqual(["release"])
    again.destroy()
    second.child.kill("SIGINT")
    expect(await second.exit).toBe(0)
  })

  it("refuses a corrupt state file: non-zero exit, the file and the problem named, the file left alone", { timeout: 30_000 }, async () => {
    const state = Path.join(temp.path, "corrupt.json")
    await Fs.writeFile(state, '{"format": "effect-codepipeline-emulator-state", "version": 1, "state": {"region": ')
    const result = await runToExit(["--port", "0", "--state", state])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(`effect-codepipeline-emulator: error: the state file ${state} is corrupt: it is not valid JSON`)
    expect(result.stderr).toContain("The file was left as it is")
    expect(await Fs.readFile(state, "utf8")).toContain('"state": {"region": ')
  })

  it("--caller names who signs with the key, and --check-roles refuses roles not given with --role", { timeout: 30_000 }, async () => {
    const caller = "arn:aws:iam::123456789012:user/alice"
    const role = "arn:aws:iam::123456789012:role/codepipeline"
    const started = await spawnEmulator(["--port", "0", "--caller", caller, "--check-roles", "--role", role])
    const sdk = clientOf(started.url)
    const pipeline = {
      name: "gated",
      roleArn: role,
      artifactStore: { type: "S3" as const, location: "artifacts" },
      stages: [
        {
          name: "Source",
          actions: [
            {
              name: "Source",
              actionTypeId: { category: "Source" as const, owner: "AWS" as const, provider: "S3", version: "1" },
              configuration: { S3Bucket: "b", S3ObjectKey: "k" },
              outputArtifacts: [{ name: "out" }],
            },
          ],
        },
        {
          name: "Approve",
          actions: [
            { name: "Approve", actionTypeId: { category: "Approval" as const, owner: "AWS" as const, provider: "Manual", version: "1" } },
          ],
        },
      ],
    }
    await sdk.send(new CreatePipelineCommand({ pipeline }))
    const { pipelineExecutionSummaries } = await sdk.send(new ListPipelineExecutionsCommand({ pipelineName: "gated" }))
    expect(pipelineExecutionSummaries?.[0]?.trigger).toEqual({ triggerType: "CreatePipeline", triggerDetail: caller })
    const stranger = "arn:aws:iam::123456789012:role/stranger"
    const refused = await sdk
      .send(new CreatePipelineCommand({ pipeline: { ...pipeline, name: "stranger", roleArn: stranger } }))
      .catch((e: Error) => e)
    expect(refused).toMatchObject({
      name: "InvalidStructureException",
      message: `CodePipeline is not authorized to perform AssumeRole on role ${stranger}`,
    })
    sdk.destroy()
    started.child.kill("SIGTERM")
    expect(await started.exit).toBe(0)
  })

  it("refuses invalid arguments with exit code 2", { timeout: 30_000 }, async () => {
    const result = await runToExit(["--port", "seventy"])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain("--port: 'seventy' is not an integer from 0 to 65535")
  })

  it("refuses invalid --controls, --clock, --start-time and --seed values, and a manual clock without controls, with exit code 2", {
    timeout: 60_000,
  }, async () => {
    const cases: ReadonlyArray<readonly [ReadonlyArray<string>, string]> = [
      [["--controls", "maybe"], "--controls: 'maybe' is neither on nor off"],
      [["--clock", "sundial"], "--clock: 'sundial' is neither wall nor manual"],
      [["--start-time", "yesterday"], "--start-time: 'yesterday' is not an ISO 8601 time"],
      [["--seed", ""], "--seed: give 1 to 200 characters"],
      [["--clock", "manual", "--controls", "off"], "--clock manual needs the controls"],
    ]
    for (const [args, message] of cases) {
      const result = await runToExit(["--port", "0", ...args])
      expect(result.code, args.join(" ")).toBe(2)
      expect(result.stderr).toContain(message)
    }
  })

  it("--controls off removes the control API, and the banner says so", { timeout: 30_000 }, async () => {
    const started = await spawnEmulator(["--port", "0", "--no-auth", "--controls", "off"])
    expect(started.stdout()).toContain("controls:          off (--controls off)")
    const response = await fetch(`${started.url}/_emulator/clock`)
    expect(response.status).toBe(404)
    expect(((await response.json()) as { __type: string }).__type).toBe("UnknownOperationException")
    started.child.kill("SIGTERM")
    expect(await started.exit).toBe(0)
  })
})
