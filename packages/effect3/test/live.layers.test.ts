import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { FetchHttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Effect, Layer } from "effect"
import { CodePipeline } from "../src/index.js"
import { jsonReply, startServer, testCredentials } from "./support/server.js"

describe("layers", () => {
  it.scoped("layerConfig reads region, endpoint and max attempts from the environment", () =>
    Effect.gen(function* () {
      const server = yield* startServer(() => ({ status: 503, body: "" }))
      const env = ConfigProvider.fromMap(
        new Map([
          ["AWS_DEFAULT_REGION", "eu-west-3"],
          ["AWS_ENDPOINT_URL", "http://127.0.0.1:1"],
          ["AWS_ENDPOINT_URL_CODEPIPELINE", server.url],
          ["AWS_MAX_ATTEMPTS", "1"],
        ]),
      )
      const layer = CodePipeline.layerConfig({ credentials: testCredentials }).pipe(Layer.provide(Layer.setConfigProvider(env)))
      const error = yield* CodePipeline.getPipelineState({ name: "p" }).pipe(Effect.provide(layer), Effect.flip)
      expect(error._tag).toBe("ServiceUnavailable")
      expect(server.requests).toHaveLength(1)
      expect(String(server.requests[0]!.headers["authorization"])).toContain("/eu-west-3/codepipeline/aws4_request")
    }),
  )

  it.effect("layerConfig without a region fails with a ConfigError", () =>
    Effect.gen(function* () {
      const empty = ConfigProvider.fromMap(new Map([["AWS_PROFILE", "no-such-profile-in-any-file"]]))
      const layer = CodePipeline.layerConfig().pipe(Layer.provide(Layer.setConfigProvider(empty)))
      const error = yield* CodePipeline.listPipelines().pipe(Effect.provide(layer), Effect.flip)
      expect(error._tag).toBe("ConfigError")
    }),
  )

  it.scoped("layerConfig takes the region of AWS_PROFILE from the shared config file", () =>
    Effect.gen(function* () {
      const server = yield* startServer(() => ({ status: 503, body: "" }))
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cp-config-"))
      fs.writeFileSync(path.join(dir, "config"), "[default]\nregion = us-west-2\n\n[profile ci]\nregion = ap-south-1\n")
      const previous = process.env["AWS_CONFIG_FILE"]
      process.env["AWS_CONFIG_FILE"] = path.join(dir, "config")
      yield* Effect.addFinalizer(() =>
        Effect.sync(() => {
          if (previous === undefined) delete process.env["AWS_CONFIG_FILE"]
          else process.env["AWS_CONFIG_FILE"] = previous
          fs.rmSync(dir, { recursive: true, force: true })
        }),
      )
      const env = ConfigProvider.fromMap(
        new Map([
          ["AWS_PROFILE", "ci"],
          ["AWS_ENDPOINT_URL", server.url],
          ["AWS_MAX_ATTEMPTS", "1"],
        ]),
      )
      const layer = CodePipeline.layerConfig({ credentials: testCredentials }).pipe(Layer.provide(Layer.setConfigProvider(env)))
      yield* CodePipeline.getPipelineState({ name: "p" }).pipe(Effect.provide(layer), Effect.flip)
      expect(String(server.requests[0]!.headers["authorization"])).toContain("/ap-south-1/codepipeline/aws4_request")
    }),
  )

  it.effect("a FIPS endpoint with a custom endpoint fails to build with EndpointError", () =>
    Effect.gen(function* () {
      const error = yield* CodePipeline.listPipelines().pipe(
        Effect.provide(
          CodePipeline.layer({ region: "us-east-1", endpoint: "http://127.0.0.1:1", useFips: true, credentials: testCredentials }),
        ),
        Effect.flip,
      )
      expect(error).toMatchObject({ _tag: "EndpointError", message: "Invalid Configuration: FIPS and custom endpoint are not supported" })
    }),
  )

  it.scoped("layerHttpClient sends through the provided HttpClient (fetch)", () =>
    Effect.gen(function* () {
      const server = yield* startServer(() => jsonReply({ pipelines: [{ name: "x" }] }))
      const layer = CodePipeline.layerHttpClient({ region: "us-east-1", endpoint: server.url, credentials: testCredentials }).pipe(
        Layer.provide(FetchHttpClient.layer),
      )
      const out = yield* CodePipeline.listPipelines().pipe(Effect.provide(layer))
      expect(out.pipelines).toEqual([{ name: "x" }])
      expect(server.requests[0]!.target).toBe("CodePipeline_20150709.ListPipelines")
    }),
  )

  it.scoped("CodePipeline.client exposes every operation as a method", () =>
    Effect.gen(function* () {
      const server = yield* startServer(() => jsonReply({ pipelines: [] }))
      const out = yield* Effect.flatMap(CodePipeline.client, (client) => client.listPipelines()).pipe(
        Effect.provide(CodePipeline.layer({ region: "us-east-1", endpoint: server.url, credentials: testCredentials })),
      )
      expect(out.pipelines).toEqual([])
    }),
  )
})
