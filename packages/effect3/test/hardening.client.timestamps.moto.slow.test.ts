/**
 * This SDK against a real `moto_server` (issue #13, interop), which sends timestamps as ISO-8601
 * strings where the model says epoch seconds: skipped, with the reason printed, where moto_server
 * is not installed. Slow: it starts a Python process.
 */
import * as ChildProcess from "node:child_process"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { CodePipeline } from "../src/index.js"
import { freePort, testCredentials } from "./support/server.js"

// -----------------------------------------------------------------------------------------------
// Against a real moto_server
// -----------------------------------------------------------------------------------------------

const motoServer = (() => {
  const found = ChildProcess.spawnSync("sh", ["-c", "command -v moto_server"], { encoding: "utf8" })
  return found.status === 0 ? found.stdout.trim() : undefined
})()
if (motoServer === undefined) console.log("[hardening.client.timestamps] moto_server is not installed: the moto interop test is skipped")

/** Starts moto_server on a free port and waits until it answers; stops it with the scope. */
const startMoto = Effect.acquireRelease(
  Effect.promise(async () => {
    const port = await freePort()
    const child = ChildProcess.spawn(motoServer!, ["-H", "127.0.0.1", "-p", String(port)], { stdio: "ignore" })
    const url = `http://127.0.0.1:${port}`
    for (let i = 0; i < 200; i++) {
      if (child.exitCode !== null) throw new Error(`moto_server exited with ${child.exitCode}`)
      const up = await fetch(`${url}/moto-api/`).then(
        () => true,
        () => false,
      )
      if (up) return { child, url }
      await new Promise((r) => setTimeout(r, 100))
    }
    child.kill()
    throw new Error("moto_server did not start within 20 s")
  }),
  ({ child }) => Effect.sync(() => child.kill()),
)

/** moto checks that the pipeline's role exists and trusts CodePipeline: create it with IAM's query API. */
const createRole = (url: string, name: string) =>
  Effect.promise(async () => {
    const policy = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: "codepipeline.amazonaws.com" }, Action: "sts:AssumeRole" }],
    })
    const response = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0",
      },
      body: new URLSearchParams({
        Action: "CreateRole",
        Version: "2010-05-08",
        RoleName: name,
        AssumeRolePolicyDocument: policy,
      }).toString(),
    })
    const text = await response.text()
    const arn = /<Arn>([^<]+)<\/Arn>/.exec(text)?.[1]
    if (!response.ok || arn === undefined) throw new Error(`CreateRole failed: ${response.status} ${text.slice(0, 300)}`)
    return arn
  })

describe.skipIf(motoServer === undefined)("against a real moto_server", () => {
  it.scoped(
    "CreatePipeline, GetPipeline and ListPipelines work, with moto's ISO-8601 timestamps decoded as the instants they are",
    () =>
      Effect.gen(function* () {
        const moto = yield* startMoto
        const roleArn = yield* createRole(moto.url, "codepipeline-role")
        const started = Date.now()
        const layer = CodePipeline.layer({ region: "us-east-1", endpoint: moto.url, credentials: testCredentials }).pipe(Layer.orDie)
        const action = (name: string, category: "Source" | "Build", provider: string) => ({
          name,
          actionTypeId: { category, owner: "AWS" as const, provider, version: "1" },
          configuration: (category === "Source" ? { S3Bucket: "sources", S3ObjectKey: "app.zip" } : { ProjectName: "app" }) as Record<
            string,
            string
          >,
          ...(category === "Source" ? { outputArtifacts: [{ name: "src" }] } : { inputArtifacts: [{ name: "src" }] }),
        })
        const pipeline = {
          name: "release",
          roleArn,
          artifactStore: { type: "S3" as const, location: "artifacts" },
          stages: [
            { name: "Source", actions: [action("Fetch", "Source", "S3")] },
            { name: "Build", actions: [action("Compile", "Build", "CodeBuild")] },
          ],
        }
        const { createdOut, got, listed } = yield* Effect.all({
          createdOut: CodePipeline.createPipeline({ pipeline }),
          got: CodePipeline.getPipeline({ name: "release" }),
          listed: CodePipeline.listPipelines(),
        }).pipe(Effect.provide(layer))
        expect(createdOut.pipeline?.name).toBe("release")
        expect(got.pipeline?.stages.map((s) => s.name)).toEqual(["Source", "Build"])
        const createdAt = got.metadata?.created
        expect(createdAt).toBeInstanceOf(Date)
        // moto stamps the pipeline with its own clock, in milliseconds: within this test's run.
        expect(createdAt!.getTime()).toBeGreaterThanOrEqual(started - 1000)
        expect(createdAt!.getTime()).toBeLessThanOrEqual(Date.now() + 1000)
        expect(listed.pipelines?.map((p) => [p.name, p.created?.getTime()])).toEqual([["release", createdAt!.getTime()]])
        // The error path against moto too: a pipeline that does not exist.
        const missing = yield* CodePipeline.getPipeline({ name: "nope" }).pipe(Effect.provide(layer), Effect.flip)
        expect(missing._tag).toBe("PipelineNotFoundException")
      }),
    60_000,
  )
})
