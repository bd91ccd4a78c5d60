// Cold start: a fresh process, `@aws-sdk/client-codepipeline`, one GetPipelineState.
import { CodePipelineClient, GetPipelineStateCommand } from "@aws-sdk/client-codepipeline"
import { CREDENTIALS, REGION } from "../fixtures.js"

const client = new CodePipelineClient({ region: REGION, endpoint: process.argv[2]!, credentials: CREDENTIALS })
client.send(new GetPipelineStateCommand({ name: "release-pipeline" })).then(
  (state) => {
    process.stdout.write(`${performance.now()} ${state.stageStates?.length}\n`)
    client.destroy()
  },
  (error) => {
    console.error(error)
    process.exit(1)
  },
)
