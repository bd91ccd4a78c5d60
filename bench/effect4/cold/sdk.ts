// Cold start: a fresh process, the Effect 4 flavor's default layer, one GetPipelineState.
import * as Effect from "effect/Effect"
import { CodePipeline } from "../../../src/index.js"
import { CREDENTIALS, REGION } from "../../fixtures.js"

const program = CodePipeline.getPipelineState({ name: "release-pipeline" }).pipe(
  Effect.tap((state) => Effect.sync(() => process.stdout.write(`${performance.now()} ${state.stageStates?.length}\n`))),
  Effect.provide(CodePipeline.layer({ region: REGION, endpoint: process.argv[2]!, credentials: CREDENTIALS })),
)
Effect.runPromise(program).catch((error) => {
  console.error(error)
  process.exit(1)
})
