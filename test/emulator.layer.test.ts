/**
 * The Effect 4 flavor's emulator layer: `@effect-codepipeline/emulator`'s `start()` in a scope, its
 * controls as Effects, and this flavor's live client pointed at it. The server's own rules are
 * tested once, without Effect, in packages/emulator.
 */
import { expect, it, layer } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as HttpEffect from "effect/http/HttpEffect"
import * as Layer from "effect/Layer"
import { ThrottlingException } from "../src/errors/index.js"
import * as CodePipeline from "../src/services/CodePipeline.js"
import * as CodePipelineEmulator from "../src/testing/CodePipelineEmulator.js"
import * as CodePipelineInMemory from "../src/testing/CodePipelineInMemory.js"
import { outcome, pipeline, stageStatuses } from "./support/inmemory.js"

// One emulator for the file, on the live clock (actions take 50 ms), with the live client over it.
const emulator = CodePipelineEmulator.layer({ inMemory: { actionDuration: "50 millis" } })

layer(Layer.provideMerge(CodePipelineEmulator.layerClient({ retry: false }), emulator), { excludeTestServices: true })(
  "the emulator layer (Effect 4)",
  (it) => {
    it.effect("a release created through the live client succeeds on the emulator", () =>
      Effect.gen(function* () {
        yield* CodePipeline.createPipeline({ pipeline: pipeline("release") })
        yield* Effect.sleep("400 millis")
        expect(yield* stageStatuses("release")).toEqual(["Source:Succeeded", "Build:Succeeded", "Deploy:Succeeded"])
      }),
    )

    it.effect("an injected fault reaches the live client over the wire, caught by its tag", () =>
      Effect.gen(function* () {
        const controls = yield* CodePipelineInMemory.Controls
        yield* controls.injectFault("listPipelines", new ThrottlingException({ message: "Busy" }))
        const got = yield* CodePipeline.listPipelines().pipe(
          Effect.map(() => "listed"),
          Effect.catchTag("ThrottlingException", (e) => Effect.succeed(e.message)),
        )
        expect(got).toBe("Busy")
      }),
    )

    it.effect("the control API answers over HTTP as an Effect, and a refused control fails with ControlApiError", () =>
      Effect.gen(function* () {
        const running = yield* CodePipelineEmulator.Emulator
        yield* running.controlApi.seedPipeline({ pipeline: pipeline("seeded") })
        expect(yield* outcome(CodePipeline.getPipeline({ name: "seeded" }))).toBe("Success")
        const refused = yield* Effect.flip(
          running.controlApi.completeAction({ pipelineName: "nope", stageName: "Build", actionName: "Build", status: "Succeeded" }),
        )
        expect(refused._tag).toBe("ControlApiError")
      }),
    )

    it.effect("a second emulator on the same port fails to start with an EmulatorError (Listen)", () =>
      Effect.gen(function* () {
        const running = yield* CodePipelineEmulator.Emulator
        const error = yield* Effect.scoped(Effect.flip(CodePipelineEmulator.make({ port: running.port })))
        expect([error._tag, error.reason]).toEqual(["EmulatorError", "Listen"])
        expect(error.message).toContain("EADDRINUSE")
      }),
    )
  },
)

it.live("makeApp answers a web Request through HttpEffect.toWebHandler, as the server does", () =>
  Effect.gen(function* () {
    const { app, controls } = yield* CodePipelineEmulator.makeApp({ auth: false, inMemory: { startOnCreate: false } })
    yield* controls.seedPipeline(pipeline("steady"))
    const handler = HttpEffect.toWebHandler(app)
    const post = (name: string) =>
      Effect.promise(async () => {
        const response = await handler(
          new Request("http://emulator.local/", {
            method: "POST",
            headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "CodePipeline_20150709.GetPipeline" },
            body: JSON.stringify({ name }),
          }),
        )
        return { status: response.status, type: response.headers.get("x-amzn-errortype"), json: (await response.json()) as any }
      })
    const ok = yield* post("steady")
    expect([ok.status, ok.json.pipeline.name]).toEqual([200, "steady"])
    const missing = yield* post("nope")
    expect([missing.status, missing.type]).toEqual([400, "PipelineNotFoundException"])
  }),
)
