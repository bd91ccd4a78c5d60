// All 44 operations, through `CodePipeline.client`, with the default live layer.
import * as Effect from "effect/Effect"
import { CodePipeline } from "../../../src/index.js"

const program = Effect.flatMap(CodePipeline.client, (client) => client.getPipelineState({ name: "release" }))
Effect.runPromise(Effect.provide(program, CodePipeline.layer({ region: "us-east-1" }))).then(console.log, console.error)
