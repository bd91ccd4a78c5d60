// One operation (getPipelineState) with the default live layer, imported from the module entry
// point (`effect-codepipeline/CodePipeline`) instead of the package index.
import * as Effect from "effect/Effect"
import * as CodePipeline from "../../src/services/CodePipeline.js"

const program = CodePipeline.getPipelineState({ name: "release" })
export const oneOperation = Effect.runPromise(Effect.provide(program, CodePipeline.layer({ region: "us-east-1" }))).then(
  console.log,
  console.error,
)
