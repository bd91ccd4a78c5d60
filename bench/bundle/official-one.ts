// The official SDK with one command.
import { CodePipelineClient, GetPipelineStateCommand } from "@aws-sdk/client-codepipeline"

export const oneCommand = new CodePipelineClient({ region: "us-east-1" })
  .send(new GetPipelineStateCommand({ name: "release" }))
  .then(console.log, console.error)
