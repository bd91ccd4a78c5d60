/** Builds the live layer against a test server. */
import { Layer } from "effect"
import { CodePipeline } from "../../src/index.js"
import type { Options } from "../../src/services/CodePipeline.js"
import { testCredentials } from "./server.js"

export const liveLayer = (url: string, options: Partial<Options> = {}): Layer.Layer<CodePipeline.CodePipeline> =>
  CodePipeline.layer({ region: "us-east-1", endpoint: url, credentials: testCredentials, ...options }).pipe(Layer.orDie)
