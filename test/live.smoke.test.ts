import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { CodePipeline } from "../src/index.js"
import { jsonReply, startServer, testCredentials } from "./support/server.js"

describe("smoke", () => {
  it.scoped("getPipelineState round trip", () =>
    Effect.gen(function* () {
      const server = yield* startServer(() => jsonReply({ pipelineName: "release", pipelineVersion: 3, created: 1700000000.5, stageStates: [{ stageName: "Source" }] }))
      const out = yield* CodePipeline.getPipelineState({ name: "release" }).pipe(
        Effect.provide(CodePipeline.layer({ region: "us-east-1", endpoint: server.url, credentials: testCredentials })),
      )
      expect(out.pipelineName).toBe("release")
      expect(out.created).toEqual(new Date(1700000000500))
      expect(server.requests[0]!.target).toBe("CodePipeline_20150709.GetPipelineState")
      expect(server.requests[0]!.json).toEqual({ name: "release" })
      console.log(server.requests[0]!.headers)
    }))
})
