/**
 * Fixtures of the emulator suites (`test/emulator*.test.ts`): an emulator started for a suite, two
 * clients behind one interface (the official `@aws-sdk/client-codepipeline` and this SDK's live
 * layer) so that one scenario runs on both; the official SDK's client, raw HTTP and polling are the
 * emulator package's (`packages/emulator/test/support/`), re-exported.
 */
import type * as Sdk from "@aws-sdk/client-codepipeline"
import { Cause, Effect, Exit, ManagedRuntime, Option } from "effect"
import { CodePipeline } from "../../src/index.js"
import type { Methods } from "../../src/services/operations.js"
import { CodePipelineEmulator } from "../../src/testing/index.js"
import * as Official from "../../../emulator/test/support/sdk.js"

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

export { ApiError, failure } from "../../../emulator/test/support/sdk.js"

export interface Api {
  readonly name: string
  call<K extends keyof Methods>(method: K, input: Input<K>): Promise<Output<K>>
  readonly close: () => Promise<void>
}

/** The official AWS SDK for JavaScript v3 (the emulator package's, typed by this SDK's methods). */
export const officialApi = (
  emulator: CodePipelineEmulator.Service,
  config: Partial<Sdk.CodePipelineClientConfig> = {},
): Api & { readonly client: Sdk.CodePipelineClient } => Official.officialApi(emulator, config)

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
      throw new Official.ApiError(e._tag, e.message, e.httpStatus, e.requestId)
    },
    close: () => runtime.dispose(),
  }
}

// -----------------------------------------------------------------------------------------------
// raw HTTP and waiting: the emulator package's, which need no Effect

export { call, eventually, socket, UUID } from "../../../emulator/test/support/http.js"
