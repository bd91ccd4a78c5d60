/**
 * How the Effect 4 flavor's live layer fetches credentials: once, again shortly before they
 * expire (on the fiber's `Clock`), and again after a failure.
 */
import { describe, expect, it } from "@effect/vitest"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/testing/TestClock"
import { CredentialsError } from "../src/errors/index.js"
import * as CodePipeline from "../src/services/CodePipeline.js"
import * as Credentials from "../src/services/Credentials.js"
import type { AwsCredentials } from "../src/services/Credentials.js"
import { jsonReply, startServer, testCredentials } from "./support/server.js"

/** A credentials effect that counts its runs and gives what `answer` says for run n. */
const counting = (answer: (n: number, now: number) => Effect.Effect<AwsCredentials, CredentialsError>) => {
  const runs = { count: 0 }
  const credentials = Effect.clockWith((clock) => answer(++runs.count, clock.currentTimeMillisUnsafe()))
  return { runs, credentials }
}

const valid = (expiration?: Date): AwsCredentials => ({
  accessKeyId: testCredentials.accessKeyId,
  secretAccessKey: Redacted.make(testCredentials.secretAccessKey),
  ...(expiration ? { expiration } : {}),
})

const listPipelines = CodePipeline.listPipelines()

describe("credentials of the live layer (Effect 4)", () => {
  it.effect("credentials without an expiration are fetched once for all the layer's calls, concurrent ones included", () =>
    Effect.gen(function* () {
      const server = yield* startServer(() => jsonReply({ pipelines: [] }))
      // Slow enough (in real time) that the three calls all wait for the first fetch.
      const slowly = Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 20)))
      const { runs, credentials } = counting(() => Effect.as(slowly, valid()))
      const layer = CodePipeline.layer({ region: "us-east-1", endpoint: server.url, credentials })
      yield* Effect.all([listPipelines, listPipelines, listPipelines], { concurrency: "unbounded" }).pipe(Effect.provide(layer))
      expect(runs.count).toBe(1)
      expect(server.requests).toHaveLength(3)
    }),
  )

  it.effect("expiring credentials are fetched again once less than 5 minutes of them are left", () =>
    Effect.gen(function* () {
      const server = yield* startServer(() => jsonReply({ pipelines: [] }))
      const { runs, credentials } = counting((_, now) => Effect.succeed(valid(new Date(now + 10 * 60_000))))
      const layer = CodePipeline.layer({ region: "us-east-1", endpoint: server.url, credentials })
      yield* Effect.gen(function* () {
        yield* listPipelines
        yield* TestClock.adjust("4 minutes")
        yield* listPipelines
        expect(runs.count).toBe(1)
        yield* TestClock.adjust("2 minutes")
        yield* listPipelines
        expect(runs.count).toBe(2)
      }).pipe(Effect.provide(layer))
    }),
  )

  it.effect("a failed fetch is not kept: the next call fetches again", () =>
    Effect.gen(function* () {
      const server = yield* startServer(() => jsonReply({ pipelines: [] }))
      const { runs, credentials } = counting((n) =>
        n === 1 ? Effect.fail(new CredentialsError({ message: "metadata service unreachable" })) : Effect.succeed(valid()),
      )
      const layer = CodePipeline.layer({ region: "us-east-1", endpoint: server.url, credentials, retry: false })
      yield* Effect.gen(function* () {
        const error = yield* Effect.flip(listPipelines)
        expect(error).toMatchObject({ _tag: "CredentialsError", message: "metadata service unreachable" })
        yield* listPipelines
      }).pipe(Effect.provide(layer))
      expect(runs.count).toBe(2)
      expect(server.requests).toHaveLength(1)
    }),
  )

  it.effect("a cached provider's unsafeCurrent gives the credentials only while get would give them without fetching", () =>
    Effect.gen(function* () {
      // The test clock starts at 0: the credentials expire at 60 minutes, are refreshed from 50.
      const { runs, credentials } = counting((_, now) => Effect.succeed(valid(new Date(now + 60 * 60_000))))
      const cache = yield* Credentials.cached({ get: credentials }, { refreshBefore: "10 minutes" })
      expect(cache.unsafeCurrent!(0)).toBeUndefined()
      const first = yield* cache.get
      expect(cache.unsafeCurrent!(49 * 60_000)).toBe(first)
      expect(cache.unsafeCurrent!(50 * 60_000)).toBeUndefined()
      expect(runs.count).toBe(1)
    }),
  )

  it.effect("fromEnv reads the AWS variables through the ConfigProvider, the secret and the token as Redacted", () =>
    Effect.gen(function* () {
      const credentials = yield* Credentials.fromEnv.get.pipe(
        Effect.provide(
          ConfigProvider.layer(
            ConfigProvider.fromEnvRecord({
              AWS_ACCESS_KEY_ID: testCredentials.accessKeyId,
              AWS_SECRET_ACCESS_KEY: testCredentials.secretAccessKey,
              AWS_SESSION_TOKEN: "token-of-the-session",
            }),
          ),
        ),
      )
      expect(credentials.accessKeyId).toBe(testCredentials.accessKeyId)
      expect(Redacted.isRedacted(credentials.secretAccessKey) && Redacted.isRedacted(credentials.sessionToken)).toBe(true)
      expect(credentials.sessionToken && Redacted.value(credentials.sessionToken)).toBe("token-of-the-session")
    }),
  )

  it.effect("fromEnv names the variables that are missing or empty", () =>
    Effect.gen(function* () {
      const error = yield* Credentials.fromEnv.get.pipe(
        Effect.flip,
        Effect.provide(ConfigProvider.layer(ConfigProvider.fromEnvRecord({ AWS_SECRET_ACCESS_KEY: "" }))),
      )
      expect(error.message).toBe(
        "Could not load AWS credentials (environment): AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set or empty",
      )
    }),
  )

  it.effect("a Smithy credential provider's rejection fails the call with a CredentialsError carrying its message", () =>
    Effect.gen(function* () {
      const server = yield* startServer(() => jsonReply({ pipelines: [] }))
      const layer = CodePipeline.layer({
        region: "us-east-1",
        endpoint: server.url,
        credentials: () => Promise.reject(new Error("the SSO session has expired")),
      })
      const error = yield* Effect.flip(listPipelines).pipe(Effect.provide(layer))
      expect(error).toMatchObject({
        _tag: "CredentialsError",
        message: "Could not load AWS credentials (credential provider): the SSO session has expired",
      })
      expect(server.requests).toHaveLength(0)
    }),
  )

  it.effect("when a refresh fails, credentials that have not yet expired are used until they do", () =>
    Effect.gen(function* () {
      const server = yield* startServer(() => jsonReply({ pipelines: [] }))
      const { runs, credentials } = counting((n, now) =>
        n === 1 ? Effect.succeed(valid(new Date(now + 10 * 60_000))) : Effect.fail(new CredentialsError({ message: "refresh failed" })),
      )
      const layer = CodePipeline.layer({ region: "us-east-1", endpoint: server.url, credentials, retry: false })
      yield* Effect.gen(function* () {
        yield* listPipelines
        yield* TestClock.adjust("6 minutes")
        yield* listPipelines
        expect(server.requests).toHaveLength(2)
        yield* TestClock.adjust("5 minutes")
        const error = yield* Effect.flip(listPipelines)
        expect(error).toMatchObject({ _tag: "CredentialsError", message: "refresh failed" })
      }).pipe(Effect.provide(layer))
      expect(runs.count).toBe(3)
      expect(server.requests).toHaveLength(2)
    }),
  )

  it.effect("a failed refresh that quotes the previous secret key has it cleared from its message", () =>
    Effect.gen(function* () {
      const server = yield* startServer(() => jsonReply({ pipelines: [] }))
      const { credentials } = counting((n, now) =>
        n === 1
          ? Effect.succeed(valid(new Date(now + 60_000)))
          : Effect.fail(new CredentialsError({ message: `could not renew ${testCredentials.secretAccessKey}` })),
      )
      const layer = CodePipeline.layer({ region: "us-east-1", endpoint: server.url, credentials, retry: false })
      const error = yield* Effect.gen(function* () {
        yield* listPipelines
        yield* TestClock.adjust("2 minutes")
        return yield* Effect.flip(listPipelines)
      }).pipe(Effect.provide(layer))
      expect(error._tag).toBe("CredentialsError")
      expect(error.message).toBe("could not renew <redacted>")
    }),
  )
})
