/**
 * `layerConfig` of the Effect 4 flavor: the live client configured from the environment's AWS
 * variables through Effect's `Config` (here a `ConfigProvider` over a record).
 */
import { describe, expect, it } from "@effect/vitest"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as CodePipeline from "../src/services/CodePipeline.js"
import { awsError, jsonReply, startServer, testCredentials } from "./support/server.js"

const fromEnv = (env: Record<string, string>, options: Partial<CodePipeline.Options> = {}) =>
  CodePipeline.layerConfig({ credentials: testCredentials, ...options }).pipe(
    Layer.provide(ConfigProvider.layer(ConfigProvider.fromEnvRecord(env))),
  )

describe("layerConfig (Effect 4)", () => {
  it.live("reads the region and the endpoint from AWS_REGION and AWS_ENDPOINT_URL_CODEPIPELINE", () =>
    Effect.gen(function* () {
      const server = yield* startServer(() => jsonReply({ pipelines: [] }))
      const layer = fromEnv({ AWS_REGION: "eu-west-3", AWS_ENDPOINT_URL_CODEPIPELINE: server.url })
      yield* CodePipeline.listPipelines().pipe(Effect.provide(layer))
      expect(server.requests[0]?.headers.authorization).toMatch(/\/eu-west-3\/codepipeline\/aws4_request/)
    }),
  )

  it.live("AWS_MAX_ATTEMPTS sets the attempts of the standard retry mode", () =>
    Effect.gen(function* () {
      const server = yield* startServer(() => awsError("ServiceUnavailable", "busy", 503))
      const layer = fromEnv({ AWS_REGION: "us-east-1", AWS_ENDPOINT_URL: server.url, AWS_MAX_ATTEMPTS: "1" })
      const error = yield* CodePipeline.listPipelines().pipe(Effect.flip, Effect.provide(layer))
      expect(error._tag).toBe("ServiceUnavailable")
      expect(server.requests).toHaveLength(1)
    }),
  )

  it.live("without a region anywhere, building the layer fails with a ConfigError saying where to set one", () =>
    Effect.gen(function* () {
      const layer = fromEnv({}, { profile: "effect-codepipeline-test-profile-that-does-not-exist" })
      const error = yield* CodePipeline.listPipelines().pipe(Effect.provide(layer), Effect.flip)
      expect(error._tag).toBe("ConfigError")
      expect(error.message).toContain("No AWS region: set AWS_REGION, AWS_DEFAULT_REGION, a region in the")
    }),
  )
})
