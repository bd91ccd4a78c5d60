// One operation (getPipelineState) with the default live layer, imported as documented
// (`import { CodePipeline } from "effect-codepipeline"`).
import * as Effect from "effect/Effect"
import { CodePipeline } from "../../src/index.js"

const program = CodePipeline.getPipelineState({ name: "release" })
Effect.runPromise(Effect.provide(program, CodePipeline.layer({ region: "us-east-1" }))).then(console.log, console.error)
