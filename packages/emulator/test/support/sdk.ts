/**
 * The official `@aws-sdk/client-codepipeline` against a running emulator, called by method name
 * (`createPipeline`), with service errors as one {@link ApiError}. Shared with the root's emulator
 * suites, which type it by this SDK's methods.
 */
import * as Sdk from "@aws-sdk/client-codepipeline"
import type { Target } from "./http.js"

/** A service error as a client reports it. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number | undefined,
    readonly requestId: string | undefined,
  ) {
    super(`${code}: ${message}`)
  }
}

const pascal = (method: string) => method[0]!.toUpperCase() + method.slice(1)

/** The official AWS SDK for JavaScript v3, signed with the emulator's credentials unless `config` says otherwise. */
export const officialApi = (emulator: Target, config: Partial<Sdk.CodePipelineClientConfig> = {}) => {
  const client = new Sdk.CodePipelineClient({
    region: emulator.region,
    endpoint: emulator.url,
    credentials: { accessKeyId: emulator.credentials.accessKeyId, secretAccessKey: emulator.credentials.secretAccessKey },
    ...config,
  })
  return {
    name: "@aws-sdk/client-codepipeline",
    client,
    /** The output of `method`'s command, without `$metadata`; a service error is an {@link ApiError}. */
    call: async (method: string, input: unknown): Promise<any> => {
      const Command = (Sdk as unknown as Record<string, new (input: unknown) => any>)[`${pascal(method)}Command`]
      if (Command === undefined) throw new Error(`no command for ${method}`)
      try {
        const { $metadata: _, ...output } = await client.send(new Command(input))
        return output
      } catch (error) {
        const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number; requestId?: string } }
        if (e.$metadata === undefined) throw error
        throw new ApiError(e.name ?? "Unknown", e.message ?? "", e.$metadata.httpStatusCode, e.$metadata.requestId)
      }
    },
    close: async () => client.destroy(),
  }
}

/** The error a call fails with (the test fails when it succeeds). */
export const failure = async (promise: Promise<unknown>): Promise<ApiError> => {
  try {
    await promise
  } catch (error) {
    if (error instanceof ApiError) return error
    throw error
  }
  throw new Error("expected the call to fail")
}
