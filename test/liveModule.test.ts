/**
 * `#live` (package.json's `imports`): bundlers read `src/services/internal/liveModule.ts`, the live
 * client's constructors imported with the package; Node reads `liveModule.node.ts`, the same
 * constructors importing the live client on their first run. Both must build the same client.
 */
// Mirror of packages/effect3/test/liveModule.test.ts: the same checks of each flavor's #live.
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as CodePipeline from "../src/services/CodePipeline.js"
import * as Static from "../src/services/internal/liveModule.js"
import * as OnFirstUse from "../src/services/internal/liveModule.node.js"
import type { Transport } from "../src/services/Transport.js"

const reply: Transport = {
  send: () => Effect.succeed({ status: 200, headers: {}, body: JSON.stringify({ pipelineName: "release", pipelineVersion: 3 }) }),
}
const options = { region: "us-east-1", credentials: { accessKeyId: "AKID", secretAccessKey: "secret" } } as const

describe("the live client's constructors (#live)", () => {
  it("are the same names whether imported with the package or on first use", () => {
    expect(Object.keys(OnFirstUse).sort()).toEqual(Object.keys(Static).sort())
  })

  it.effect("build clients that answer alike whether imported with the package or on first use", () =>
    Effect.gen(function* () {
      const answers = []
      for (const live of [Static, OnFirstUse]) {
        const service = yield* live.makeWithTransport(options, reply)
        answers.push(
          yield* CodePipeline.getPipelineState({ name: "release" }).pipe(Effect.provideService(CodePipeline.CodePipeline, service)),
        )
      }
      expect(answers[0]).toEqual({ pipelineName: "release", pipelineVersion: 3 })
      expect(answers[1]).toEqual(answers[0])
    }),
  )

  it.effect("fail alike on options they refuse", () =>
    Effect.gen(function* () {
      const refused = { ...options, region: "not a region/" }
      const exits = [
        yield* Effect.exit(Static.makeWithTransport(refused, reply)),
        yield* Effect.exit(OnFirstUse.makeWithTransport(refused, reply)),
      ]
      expect(Exit.isFailure(exits[0]!)).toBe(true)
      expect(exits[1]).toEqual(exits[0])
    }),
  )
})
