// The official SDK's aggregated client (every command).
import { CodePipeline } from "@aws-sdk/client-codepipeline"

new CodePipeline({ region: "us-east-1" }).getPipelineState({ name: "release" }).then(console.log, console.error)
