/**
 * Fixtures of the emulator suites (`test/emulator*.test.ts`): an emulator started for a suite, two
 * clients behind one interface (the official `@aws-sdk/client-codepipeline` and this SDK's live
 * layer) so that one scenario runs on both; raw HTTP and polling are the emulator package's
 * (`packages/emulator/test/support/http.ts`), re-exported.
 */
import * as Sdk from "@aws-sdk/client-codepipeline"
import { Cause, Effect, Exit, ManagedRuntime, Option } from "effect"
import { CodePipeline } from "../../src/index.js"
import type { Methods } from "../../src/services/operations.js"
import { CodePipelineEmulator } from "../../src/testing/index.js"

// The official SDK warns about Node 20 once per process; the warning is not about these tests.
process.env["AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED"] ??= "true"

export const REGION = "us-east-1"

// -----------------------------------------------------------------------------------------------
// emulator

export interface Running {
  readonly emulator: CodePipelineEmulator.Service
  /** Every answered request. */
  readonly log: Array<CodePipelineEmulator.RequestLog>
  readonly close: () => Promise<void>
}

/** Starts an emulator outside any test's scope (for `beforeAll` / `afterAll`). */
export const startEmulator = async (options: CodePipelineEmulator.Options = {}): Promise<Running> => {
  const log: Array<CodePipelineEmulator.RequestLog> = []
  const runtime = ManagedRuntime.make(
    CodePipelineEmulator.layer({
      ...options,
      onRequest: (entry) => {
        log.push(entry)
        options.onRequest?.(entry)
      },
    }),
  )
  const emulator = await runtime.runPromise(CodePipelineEmulator.Emulator)
  return { emulator, log, close: () => runtime.dispose() }
}

// -----------------------------------------------------------------------------------------------
// one interface over both clients

export type Input<K extends keyof Methods> = NonNullable<Parameters<Methods[K]>[0]>
export type Output<K extends keyof Methods> = Effect.Effect.Success<ReturnType<Methods[K]>>

/** A service error as either client reports it. */
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

export interface Api {
  readonly name: string
  call<K extends keyof Methods>(method: K, input: Input<K>): Promise<Output<K>>
  readonly close: () => Promise<void>
}

const pascal = (method: string) => method[0]!.toUpperCase() + method.slice(1)

/** The official AWS SDK for JavaScript v3. */
export const officialApi = (
  emulator: CodePipelineEmulator.Service,
  config: Partial<Sdk.CodePipelineClientConfig> = {},
): Api & { readonly client: Sdk.CodePipelineClient } => {
  const client = new Sdk.CodePipelineClient({
    region: emulator.region,
    endpoint: emulator.url,
    credentials: { accessKeyId: emulator.credentials.accessKeyId, secretAccessKey: emulator.credentials.secretAccessKey },
    ...config,
  })
  return {
    name: "@aws-sdk/client-codepipeline",
    client,
    call: async (method, input) => {
      const Command = (Sdk as unknown as Record<string, new (input: unknown) => any>)[`${pascal(method)}Command`]
      if (Command === undefined) throw new Error(`no command for ${method}`)
      try {
        const { $metadata: _, ...output } = await client.send(new Command(input))
        return output as any
      } catch (error) {
        const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number; requestId?: string } }
        if (e.$metadata === undefined) throw error
        throw new ApiError(e.name ?? "Unknown", e.message ?? "", e.$metadata.httpStatusCode, e.$metadata.requestId)
      }
    },
    close: async () => client.destroy(),
  }
}

/** This SDK's live layer (`CodePipeline.layer`) pointed at the emulator. */
export const liveApi = (emulator: CodePipelineEmulator.Service, options: Partial<CodePipeline.Options> = {}): Api => {
  const runtime = ManagedRuntime.make(
    CodePipeline.layer({ region: emulator.region, endpoint: emulator.url, credentials: emulator.credentials, ...options }),
  )
  return {
    name: "effect-codepipeline (live layer)",
    call: async (method, input) => {
      const operation = Object.values(CodePipeline.operations).find((o) => o.method === method)!
      const exit = await runtime.runPromiseExit(
        Effect.flatMap(CodePipeline.CodePipeline, (service) => service.execute(operation as any, input)),
      )
      if (Exit.isSuccess(exit)) return (exit.value ?? {}) as any
      const failure = Cause.failureOption(exit.cause)
      if (Option.isNone(failure)) throw Cause.squash(exit.cause)
      const e = failure.value as { _tag: string; message: string; httpStatus?: number; requestId?: string }
      throw new ApiError(e._tag, e.message, e.httpStatus, e.requestId)
    },
    close: () => runtime.dispose(),
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

// -----------------------------------------------------------------------------------------------
// raw HTTP and waiting: the emulator package's, which need no Effect

export {
  call,
  eventually,
  parseRaw,
  raw,
  type RawRequest,
  type RawResponse,
  type SocketTranscript,
  socket,
  UUID,
} from "../../packages/emulator/test/support/http.js"
