/**
 * Timestamps as ISO-8601 strings (issue #13, interop): `moto_server` and other AWS look-alikes send
 * `"2024-06-01T12:30:00.000Z"` where the model says epoch seconds. botocore (the AWS CLI) accepts
 * both; this SDK now does too, and keeps refusing anything that is not a timestamp with a
 * `ResponseDecodeError`. Epoch seconds as a decimal string stay accepted, as by botocore and the
 * official SDK.
 *
 * The last block runs this SDK against a real `moto_server` when one is installed (skipped, with
 * the reason printed, where it is not).
 */
import * as ChildProcess from "node:child_process"
import * as Net from "node:net"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { CodePipeline } from "../src/index.js"
import { decodeLenient, DecodeFailure } from "./support/lenient.js"
import { jsonReply, startServer, testCredentials } from "./support/server.js"

const created = (value: unknown): unknown => (decodeLenient("PipelineSummary", { created: value }) as { created: unknown }).created

const refused = (value: unknown): string => {
  try {
    created(value)
  } catch (failure) {
    if (failure instanceof DecodeFailure) return failure.message
    throw failure
  }
  throw new Error(`${JSON.stringify(value)} was accepted`)
}

describe("timestamps as ISO-8601 strings", () => {
  it("moto's form (milliseconds, Z) is the instant it names", () => {
    expect(created("2024-06-01T12:30:00.123Z")).toEqual(new Date(Date.UTC(2024, 5, 1, 12, 30, 0, 123)))
  })

  it("any ISO-8601 date-time with a zone: offsets, no seconds, a comma fraction, basic format, lower case, a space", () => {
    const instant = new Date(Date.UTC(2024, 5, 1, 10, 30, 0))
    for (const form of [
      "2024-06-01T10:30:00Z",
      "2024-06-01T12:30:00+02:00",
      "2024-06-01T12:30:00+0200",
      "2024-06-01T12:30:00+02",
      "2024-06-01T05:00:00-05:30",
      "2024-06-01T10:30Z",
      "2024-06-01T10:30:00.000000Z",
      "2024-06-01T10:30:00,0Z",
      "20240601T103000Z",
      "20240601T1030Z",
      "2024-06-01t10:30:00z",
      "2024-06-01 10:30:00Z",
    ]) {
      expect(created(form), form).toEqual(instant)
    }
    expect(created("2024-06-01T24:00:00Z")).toEqual(new Date(Date.UTC(2024, 5, 2)))
    expect(created("2024-02-29T00:00:00Z")).toEqual(new Date(Date.UTC(2024, 1, 29)))
    expect(created("0099-01-01T00:00:00Z")).toEqual(new Date("0099-01-01T00:00:00Z"))
  })

  it("a string that is not a timestamp with a zone is refused, naming what was expected", () => {
    for (const value of [
      "yesterday",
      "",
      "2024-06-01",
      "2024-06-01T10:30:00",
      "2024-06-01T10:30:00 Z",
      "2023-02-29T00:00:00Z",
      "2024-13-01T00:00:00Z",
      "2024-06-31T00:00:00Z",
      "2024-06-01T25:00:00Z",
      "2024-06-01T24:00:01Z",
      "2024-06-01T10:60:00Z",
      "2024-06-01T10:30:60Z",
      "2024-06-01T10:30:00+24:00",
      "2024-06-01T10:30:00+02:60",
      "2024-0601T10:30:00Z",
      "Sat, 01 Jun 2024 10:30:00 GMT",
    ]) {
      expect(refused(value), value).toBe(
        "Expected a timestamp (epoch seconds, or an ISO-8601 date-time with a zone) at created, got a string",
      )
    }
  })

  it("epoch seconds as a decimal string are accepted; hexadecimal, binary and Infinity are not", () => {
    expect(created("1700000000.5")).toEqual(new Date(1700000000500))
    expect(created(" 1700000000 ")).toEqual(new Date(1700000000000))
    expect(created("1.7e9")).toEqual(new Date(1700000000000))
    for (const value of ["0x10", "0b1", "0o7", "Infinity", "NaN", "1_000"]) refused(value)
  })

  it.scoped("a live call on a server that answers with ISO-8601 timestamps decodes them", () =>
    Effect.gen(function* () {
      const server = yield* startServer(() =>
        jsonReply({
          pipelines: [{ name: "release", version: 1, created: "2024-06-01T12:30:00.000Z", updated: "2024-06-02T08:00:00.000Z" }],
        }),
      )
      const out = yield* CodePipeline.listPipelines().pipe(
        Effect.provide(CodePipeline.layer({ region: "us-east-1", endpoint: server.url, credentials: testCredentials }).pipe(Layer.orDie)),
      )
      expect(out.pipelines?.[0]?.created).toEqual(new Date(Date.UTC(2024, 5, 1, 12, 30)))
      expect(out.pipelines?.[0]?.updated).toEqual(new Date(Date.UTC(2024, 5, 2, 8)))
    }),
  )

  it.scoped("a live call on a server that answers with a date that is not a timestamp fails with ResponseDecodeError", () =>
    Effect.gen(function* () {
      const server = yield* startServer(() => jsonReply({ pipelines: [{ name: "release", created: "last Tuesday" }] }))
      const error = yield* CodePipeline.listPipelines().pipe(
        Effect.provide(
          CodePipeline.layer({ region: "us-east-1", endpoint: server.url, credentials: testCredentials, retry: false }).pipe(Layer.orDie),
        ),
        Effect.flip,
      )
      expect(error._tag).toBe("ResponseDecodeError")
      expect(error.message).toContain("pipelines[0].created")
    }),
  )
})

// -----------------------------------------------------------------------------------------------
// Against a real moto_server
// -----------------------------------------------------------------------------------------------

const motoServer = (() => {
  const found = ChildProcess.spawnSync("sh", ["-c", "command -v moto_server"], { encoding: "utf8" })
  return found.status === 0 ? found.stdout.trim() : undefined
})()
if (motoServer === undefined) console.log("[hardening.client.timestamps] moto_server is not installed: the moto interop test is skipped")

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = Net.createServer()
    s.on("error", reject)
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as Net.AddressInfo).port
      s.close(() => resolve(port))
    })
  })

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
