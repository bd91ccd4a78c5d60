/**
 * An operation's codec is loaded by the operation's first call (the core's `ClientOperation`):
 * once, before anything is sent, and a codec that cannot be loaded is a defect.
 */
// Mirror of test/live.codec.test.ts, with Effect 3's Cause and scoped tests.
import * as ClientOperations from "@effect-codepipeline/core/ClientOperations"
import * as Codec from "@effect-codepipeline/core/Codec"
import { describe, expect, it } from "@effect/vitest"
import { Cause, Effect, Exit } from "effect"
import * as CodePipeline from "../src/services/CodePipeline.js"
import * as Operation from "../src/services/Operation.js"
import { liveLayer } from "./support/live.js"
import { type Handler, jsonReply, startServer } from "./support/server.js"

/** `GetPipelineState` with a codec loaded by `load`. */
const withLoader = (load: () => Promise<Codec.ClientOperationCodec<any, any>>) =>
  Operation.callable<{ readonly name: string }, unknown, never>({
    name: "GetPipelineState",
    method: "getPipelineState",
    codec: Codec.clientOperation({ name: "GetPipelineState", errors: [] }, load),
    errors: {},
  })

const call = (handler: Handler, operation: Operation.Callable<{ readonly name: string }, unknown, never>, times: number) =>
  Effect.gen(function* () {
    const server = yield* startServer(handler)
    const exits = yield* Effect.flatMap(CodePipeline.CodePipeline, (service) =>
      Effect.forEach(Array.from({ length: times }), () => Effect.exit(service.execute(operation, { name: "release" })), {
        concurrency: "unbounded",
      }),
    ).pipe(Effect.provide(liveLayer(server.url)))
    return { exits, requests: server.requests }
  })

describe("an operation's codec", () => {
  it.scopedLive("is loaded by the operation's first calls, once however many start together, and the calls after it use it", () =>
    Effect.gen(function* () {
      let loads = 0
      const operation = withLoader(() => {
        loads++
        return ClientOperations.GetPipelineState.load()
      })
      expect(operation.codec.value).toBeUndefined()
      const { exits, requests } = yield* call(() => jsonReply({ pipelineName: "release" }), operation, 3)
      expect(exits.map(Exit.isSuccess)).toEqual([true, true, true])
      expect(loads).toBe(1)
      expect(operation.codec.value).toBeDefined()
      expect(requests).toHaveLength(3)
    }),
  )

  it.scopedLive("that cannot be loaded makes the call die with the loader's error, and nothing is sent", () =>
    Effect.gen(function* () {
      const operation = withLoader(() => Promise.reject(new Error("Cannot find module 'client/GetPipelineState.js'")))
      const { exits, requests } = yield* call(() => jsonReply({}), operation, 2)
      for (const exit of exits) {
        expect(Exit.isFailure(exit) && Cause.isDie(exit.cause)).toBe(true)
        expect(String(Exit.isFailure(exit) && Cause.squash(exit.cause))).toContain("Cannot find module 'client/GetPipelineState.js'")
      }
      expect(requests).toHaveLength(0)
    }),
  )
})
