import { describe, expect, it } from "@effect/vitest"
import { Arbitrary, Effect, FastCheck as fc, Schema } from "effect"
import { CodePipeline } from "../src/index.js"
import type * as Operation from "../src/services/Operation.js"
import { liveLayer } from "./support/live.js"
import { jsonReply, startServer } from "./support/server.js"

const operations = Object.values(CodePipeline.operations) as ReadonlyArray<Operation.Any>

const sample = <A, I>(schema: Schema.Schema<A, I>, seed: number): A => fc.sample(Arbitrary.make(schema), { numRuns: 1, seed })[0]!

// Values that survive JSON: compare what was sent with the encoded input as JSON.
const asJson = (value: unknown) => JSON.parse(JSON.stringify(value))

describe("every operation over the wire", () => {
  it("covers the 44 operations of the model", () => {
    expect(operations).toHaveLength(44)
  })

  it.scoped.each(operations.map((op, i) => [op.name, op, i] as const))(
    "%s sends its target and JSON body and decodes its output",
    ([, operation, i]) =>
      Effect.gen(function* () {
        const output = operation.output === undefined ? undefined : sample(operation.output, 1000 + i)
        const encodedOutput = (operation.output === undefined ? {} : Schema.encodeSync(operation.output)(output)) as object
        const server = yield* startServer(() => jsonReply(encodedOutput))
        const input = sample(operation.input, i)
        const result = yield* Effect.flatMap(CodePipeline.CodePipeline, (service) => service.execute(operation, input)).pipe(
          Effect.provide(liveLayer(server.url)),
        )

        const request = server.requests[0]!
        expect(request.method).toBe("POST")
        expect(request.url).toBe("/")
        expect(request.target).toBe(`CodePipeline_20150709.${operation.name}`)
        expect(request.headers["content-type"]).toBe("application/x-amz-json-1.1")
        const sent = asJson(Schema.encodeSync(operation.input)(input))
        if (operation.idempotencyToken && sent[operation.idempotencyToken] === undefined) {
          expect(request.json[operation.idempotencyToken]).toMatch(/^[0-9a-f-]{36}$/)
          delete request.json[operation.idempotencyToken]
        }
        expect(request.json).toEqual(sent)
        if (operation.output === undefined) expect(result).toBeUndefined()
        else expect(asJson(Schema.encodeSync(operation.output)(result))).toEqual(asJson(encodedOutput))
      }),
  )

  it.scoped("sends {} for an input without members set", () =>
    Effect.gen(function* () {
      const server = yield* startServer(() => jsonReply({ pipelines: [] }))
      yield* CodePipeline.listPipelines().pipe(Effect.provide(liveLayer(server.url)))
      expect(server.requests[0]!.body).toBe("{}")
    }),
  )

  it.scoped("omits members that are undefined", () =>
    Effect.gen(function* () {
      const server = yield* startServer(() => jsonReply({}))
      yield* CodePipeline.getPipeline({ name: "release", version: undefined }).pipe(Effect.provide(liveLayer(server.url)))
      expect(server.requests[0]!.body).toBe('{"name":"release"}')
    }),
  )

  it.scoped("sends timestamps as epoch seconds and decodes them as Dates", () =>
    Effect.gen(function* () {
      const server = yield* startServer(() =>
        jsonReply({ pipelineExecutionSummaries: [{ pipelineExecutionId: "e1", startTime: 1700000000.123, lastUpdateTime: 1700000001 }] }),
      )
      const out = yield* CodePipeline.listPipelineExecutions({
        pipelineName: "release",
        filter: { succeededInStage: { stageName: "Deploy" } },
      }).pipe(Effect.provide(liveLayer(server.url)))
      expect(out.pipelineExecutionSummaries![0]!.startTime).toEqual(new Date(1700000000123))
    }),
  )

  it.scoped("returns void for operations without output", () =>
    Effect.gen(function* () {
      const server = yield* startServer(() => jsonReply({}))
      const out = yield* CodePipeline.deletePipeline({ name: "release" }).pipe(Effect.provide(liveLayer(server.url)))
      expect(out).toBeUndefined()
      expect(server.requests[0]!.target).toBe("CodePipeline_20150709.DeletePipeline")
    }),
  )
})
