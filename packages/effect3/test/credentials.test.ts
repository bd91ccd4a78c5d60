import { describe, expect, it } from "@effect/vitest"
import * as Clock from "effect/Clock"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import * as fs from "node:fs"
import * as util from "node:util"
import { CredentialsError } from "../src/errors/common.js"
import * as Credentials from "../src/services/Credentials.js"
import { isolateCredentialChain } from "../../core/test/support/isolatedCredentialChain.js"
import { bundleMetafile } from "./support/bundle.js"

const ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE"
const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
const TOKEN = "FwoGZXIvYXdzEXAMPLESESSIONTOKEN1234567890abcdefghijklmnopqrstuvwxyz".repeat(4)

const env = (vars: Record<string, string>) => Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(vars))))

const secretOf = (credentials: Credentials.AwsCredentials) => Redacted.value(credentials.secretAccessKey)
const tokenOf = (credentials: Credentials.AwsCredentials) =>
  credentials.sessionToken === undefined ? undefined : Redacted.value(credentials.sessionToken)

/** Static credentials from plain strings, with a session token. */
const withSessionToken = Credentials.fromStatic({ accessKeyId: ACCESS_KEY, secretAccessKey: SECRET, sessionToken: TOKEN })

/** A provider that counts its fetches and answers with `answer(n)` for the n-th fetch (from 1). */
const counting = (answer: (n: number) => Effect.Effect<Credentials.AwsCredentials, CredentialsError>) => {
  let calls = 0
  const provider: Credentials.CredentialsProvider = {
    get: Effect.suspend(() => answer(++calls)),
  }
  return { provider, calls: () => calls }
}

const creds = (accessKeyId: string, expiration?: Date): Credentials.AwsCredentials => ({
  accessKeyId,
  secretAccessKey: Redacted.make(SECRET),
  ...(expiration !== undefined ? { expiration } : {}),
})

/** The n-th fetch's answer: `KEY<n>`, valid for one hour from the clock's now. */
const validForAnHour = (n: number) =>
  Effect.map(Clock.currentTimeMillis, (now) => creds(`KEY${n}`, new Date(now + Duration.toMillis(Duration.hours(1)))))

/** What Smithy providers reject with: a `CredentialsProviderError`. */
const providerError = (message: string) => Object.assign(new Error(message), { name: "CredentialsProviderError", tryNextLink: true })

const printed = (value: unknown) => [String(value), JSON.stringify(value), util.inspect(value, { depth: 10 })]

describe("static credentials", () => {
  it.effect("resolve from plain strings, with the secrets redacted", () =>
    Effect.gen(function* () {
      const credentials = yield* withSessionToken.get
      expect(credentials.accessKeyId).toBe(ACCESS_KEY)
      expect(secretOf(credentials)).toBe(SECRET)
      expect(tokenOf(credentials)).toBe(TOKEN)
      expect(credentials.expiration).toBeUndefined()
    }),
  )

  it.effect("resolve from Redacted secrets", () =>
    Effect.gen(function* () {
      const expiration = new Date("2030-01-01T00:00:00Z")
      const credentials = yield* Credentials.fromStatic({
        accessKeyId: ACCESS_KEY,
        secretAccessKey: Redacted.make(SECRET),
        sessionToken: Redacted.make(TOKEN),
        expiration,
      }).get
      expect(secretOf(credentials)).toBe(SECRET)
      expect(tokenOf(credentials)).toBe(TOKEN)
      expect(credentials.expiration).toEqual(expiration)
    }),
  )

  it.effect("an empty secret fails with a CredentialsError", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(Credentials.fromStatic({ accessKeyId: ACCESS_KEY, secretAccessKey: "" }).get)
      expect(error).toBeInstanceOf(CredentialsError)
      expect(error.message).toContain("secretAccessKey")
    }),
  )
})

describe("environment credentials", () => {
  it.effect("resolve from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY", () =>
    Effect.gen(function* () {
      const credentials = yield* Credentials.fromEnv.get.pipe(env({ AWS_ACCESS_KEY_ID: ACCESS_KEY, AWS_SECRET_ACCESS_KEY: SECRET }))
      expect(credentials.accessKeyId).toBe(ACCESS_KEY)
      expect(secretOf(credentials)).toBe(SECRET)
      expect(credentials.sessionToken).toBeUndefined()
      expect(credentials.expiration).toBeUndefined()
    }),
  )

  it.effect("include AWS_SESSION_TOKEN and AWS_CREDENTIAL_EXPIRATION when set", () =>
    Effect.gen(function* () {
      const credentials = yield* Credentials.fromEnv.get.pipe(
        env({
          AWS_ACCESS_KEY_ID: ACCESS_KEY,
          AWS_SECRET_ACCESS_KEY: SECRET,
          AWS_SESSION_TOKEN: TOKEN,
          AWS_CREDENTIAL_EXPIRATION: "2030-01-01T00:00:00Z",
        }),
      )
      expect(tokenOf(credentials)).toBe(TOKEN)
      expect(credentials.expiration).toEqual(new Date("2030-01-01T00:00:00Z"))
    }),
  )

  it.effect("missing variables fail with an error naming them", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(Credentials.fromEnv.get.pipe(env({})))
      expect(error).toBeInstanceOf(CredentialsError)
      expect(error.message).toContain("environment")
      expect(error.message).toContain("AWS_ACCESS_KEY_ID")
      expect(error.message).toContain("AWS_SECRET_ACCESS_KEY")
    }),
  )

  it.effect("a missing secret is named without showing the access key id", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(Credentials.fromEnv.get.pipe(env({ AWS_ACCESS_KEY_ID: ACCESS_KEY })))
      expect(error.message).toContain("AWS_SECRET_ACCESS_KEY")
      expect(error.message).not.toContain("AWS_ACCESS_KEY_ID")
      expect(error.message).not.toContain(ACCESS_KEY)
    }),
  )
})

describe("Smithy providers", () => {
  it.effect("a provider's credentials are wrapped, secrets redacted", () =>
    Effect.gen(function* () {
      const expiration = new Date("2030-01-01T00:00:00Z")
      const credentials = yield* Credentials.fromProvider(async () => ({
        accessKeyId: ACCESS_KEY,
        secretAccessKey: SECRET,
        sessionToken: TOKEN,
        expiration,
      })).get
      expect(credentials.accessKeyId).toBe(ACCESS_KEY)
      expect(Redacted.isRedacted(credentials.secretAccessKey)).toBe(true)
      expect(secretOf(credentials)).toBe(SECRET)
      expect(tokenOf(credentials)).toBe(TOKEN)
      expect(credentials.expiration).toEqual(expiration)
    }),
  )

  it.effect("a rejecting provider fails with a CredentialsError carrying its message", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(Credentials.fromProvider(() => Promise.reject(providerError("Profile ci not found"))).get)
      expect(error).toBeInstanceOf(CredentialsError)
      expect(error.message).toContain("credential provider")
      expect(error.message).toContain("Profile ci not found")
    }),
  )

  it.effect("a provider error quoting a secret has it scrubbed", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(
        Credentials.fromProvider(() => Promise.reject(new Error(`bad key ${SECRET} with token ${TOKEN}x`.repeat(2)))).get,
      )
      expect(error.message).toContain("bad key")
      expect(error.message).not.toContain(SECRET)
      expect(error.message).not.toContain(TOKEN)
    }),
  )

  it.effect("fromInput picks the provider for each kind of input", () =>
    Effect.gen(function* () {
      const fromObject = yield* Credentials.fromInput({ accessKeyId: "A1", secretAccessKey: SECRET }).get
      const fromFunction = yield* Credentials.fromInput(async () => ({ accessKeyId: "A2", secretAccessKey: SECRET })).get
      const fromEffect = yield* Credentials.fromInput(Effect.succeed(creds("A3"))).get
      expect([fromObject.accessKeyId, fromFunction.accessKeyId, fromEffect.accessKeyId]).toEqual(["A1", "A2", "A3"])
    }),
  )
})

describe("cached", () => {
  it.effect("credentials without expiration are fetched once", () =>
    Effect.gen(function* () {
      const { provider, calls } = counting(() => Effect.succeed(creds(ACCESS_KEY)))
      const cache = yield* Credentials.cached(provider)
      yield* cache.get
      yield* TestClock.adjust(Duration.days(365))
      const again = yield* cache.get
      expect(again.accessKeyId).toBe(ACCESS_KEY)
      expect(calls()).toBe(1)
    }),
  )

  it.effect("unsafeCurrent returns the cached credentials only while get would return them without fetching", () =>
    Effect.gen(function* () {
      const { provider, calls } = counting(validForAnHour)
      // The test clock starts at 0: the credentials expire at 60 minutes, are refreshed from 50.
      const cache = yield* Credentials.cached(provider, { refreshBefore: Duration.minutes(10) })
      expect(cache.unsafeCurrent!(0)).toBeUndefined()
      const first = yield* cache.get
      expect(cache.unsafeCurrent!(Duration.toMillis(Duration.minutes(49)))).toBe(first)
      expect(cache.unsafeCurrent!(Duration.toMillis(Duration.minutes(50)))).toBeUndefined()
      expect(calls()).toBe(1)
    }),
  )

  it.effect("expiring credentials are re-fetched refreshBefore ahead of expiry", () =>
    Effect.gen(function* () {
      const { provider, calls } = counting(validForAnHour)
      const cache = yield* Credentials.cached(provider, { refreshBefore: Duration.minutes(10) })
      expect((yield* cache.get).accessKeyId).toBe("KEY1")
      yield* TestClock.adjust(Duration.minutes(49))
      expect((yield* cache.get).accessKeyId).toBe("KEY1")
      expect(calls()).toBe(1)
      yield* TestClock.adjust(Duration.minutes(1))
      expect((yield* cache.get).accessKeyId).toBe("KEY2")
      expect((yield* cache.get).accessKeyId).toBe("KEY2")
      expect(calls()).toBe(2)
    }),
  )

  it.effect("the default refresh window is five minutes", () =>
    Effect.gen(function* () {
      const { provider, calls } = counting((n) => Effect.succeed(creds(`KEY${n}`, new Date(Duration.toMillis("1 hour")))))
      const cache = yield* Credentials.cached(provider)
      yield* cache.get
      yield* TestClock.adjust(Duration.minutes(54))
      yield* cache.get
      expect(calls()).toBe(1)
      yield* TestClock.adjust(Duration.minutes(1))
      yield* cache.get
      expect(calls()).toBe(2)
    }),
  )

  it.effect("concurrent gets during a refresh share one fetch", () =>
    Effect.gen(function* () {
      const release = yield* Deferred.make<void>()
      const { provider, calls } = counting((n) =>
        n === 1
          ? Effect.succeed(creds("KEY1", new Date(Duration.toMillis("1 hour"))))
          : Effect.as(Deferred.await(release), creds(`KEY${n}`)),
      )
      const cache = yield* Credentials.cached(provider)
      yield* cache.get
      yield* TestClock.adjust(Duration.minutes(58))
      const fibers = yield* Effect.forEach(Array.from({ length: 20 }), () => Effect.fork(cache.get))
      yield* Effect.yieldNow()
      expect(calls()).toBe(2)
      yield* Deferred.succeed(release, undefined)
      const results = yield* Effect.forEach(fibers, Fiber.join)
      expect(results.map((c) => c.accessKeyId)).toEqual(Array.from({ length: 20 }, () => "KEY2"))
      expect(calls()).toBe(2)
    }),
  )

  it.effect("a failed fetch is not cached: the next get retries", () =>
    Effect.gen(function* () {
      const { provider, calls } = counting((n) =>
        n === 1 ? Effect.fail(new CredentialsError({ message: "network down" })) : Effect.succeed(creds("KEY2")),
      )
      const cache = yield* Credentials.cached(provider)
      const error = yield* Effect.flip(cache.get)
      expect(error.message).toBe("network down")
      expect((yield* cache.get).accessKeyId).toBe("KEY2")
      expect(calls()).toBe(2)
    }),
  )

  it.effect("a failed refresh keeps serving credentials that have not expired yet", () =>
    Effect.gen(function* () {
      const { provider, calls } = counting((n) =>
        n === 1
          ? Effect.succeed(creds("KEY1", new Date(Duration.toMillis("1 hour"))))
          : Effect.fail(new CredentialsError({ message: "still down" })),
      )
      const cache = yield* Credentials.cached(provider)
      yield* cache.get
      yield* TestClock.adjust(Duration.minutes(57))
      expect((yield* cache.get).accessKeyId).toBe("KEY1")
      expect(calls()).toBe(2)
      yield* TestClock.adjust(Duration.minutes(3))
      expect((yield* Effect.flip(cache.get)).message).toBe("still down")
      expect(calls()).toBe(3)
    }),
  )

  it.effect("an interrupted fetch lets waiting callers fetch again", () =>
    Effect.gen(function* () {
      const never = yield* Deferred.make<void>()
      const { provider, calls } = counting((n) =>
        n === 1 ? Effect.as(Deferred.await(never), creds("KEY1")) : Effect.succeed(creds(`KEY${n}`)),
      )
      const cache = yield* Credentials.cached(provider)
      const first = yield* Effect.fork(cache.get)
      yield* Effect.yieldNow()
      const second = yield* Effect.fork(cache.get)
      yield* Effect.yieldNow()
      yield* Fiber.interrupt(first)
      expect((yield* Fiber.join(second)).accessKeyId).toBe("KEY2")
      expect(calls()).toBe(2)
    }),
  )
})

describe("secrets", () => {
  it.effect("never appear when credentials are printed", () =>
    Effect.gen(function* () {
      const credentials = yield* withSessionToken.get
      for (const text of printed(credentials)) {
        expect(text).not.toContain(SECRET)
        expect(text).not.toContain(TOKEN)
      }
      expect(JSON.stringify(credentials)).toContain(ACCESS_KEY)
    }),
  )

  it.effect("never appear in a CredentialsError", () =>
    Effect.gen(function* () {
      const errors = [
        yield* Effect.flip(Credentials.fromEnv.get.pipe(env({ AWS_SECRET_ACCESS_KEY: SECRET, AWS_SESSION_TOKEN: TOKEN }))),
        yield* Effect.flip(
          Credentials.fromEnv.get.pipe(
            env({
              AWS_ACCESS_KEY_ID: ACCESS_KEY,
              AWS_SECRET_ACCESS_KEY: SECRET,
              AWS_SESSION_TOKEN: TOKEN,
              AWS_CREDENTIAL_EXPIRATION: "soon",
            }),
          ),
        ),
        yield* Effect.flip(Credentials.fromProvider(() => Promise.reject(new Error(`denied for ${SECRET}`))).get),
        yield* Effect.flip(Credentials.fromStatic({ accessKeyId: "", secretAccessKey: SECRET, sessionToken: TOKEN }).get),
      ]
      for (const error of errors) {
        expect(error).toBeInstanceOf(CredentialsError)
        for (const text of printed(error)) {
          expect(text).not.toContain(SECRET)
          expect(text).not.toContain(TOKEN)
        }
      }
    }),
  )

  it.effect("a refresh error quoting the previously cached secret has it scrubbed", () =>
    Effect.gen(function* () {
      const shortSecret = "tiny-secret"
      const { provider } = counting((n) =>
        n === 1
          ? Effect.succeed({ ...creds("KEY1", new Date(60_000)), secretAccessKey: Redacted.make(shortSecret) })
          : Effect.fail(new CredentialsError({ message: `rejected ${shortSecret}` })),
      )
      const cache = yield* Credentials.cached(provider, { refreshBefore: 0 })
      yield* cache.get
      yield* TestClock.adjust(Duration.minutes(2))
      const error = yield* Effect.flip(cache.get)
      expect(error.message).toContain("rejected")
      expect(error.message).not.toContain(shortSecret)
    }),
  )
})

describe("default chain", () => {
  isolateCredentialChain("credentials-test-")

  it.effect("resolves AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY from process.env", () =>
    Effect.gen(function* () {
      process.env["AWS_ACCESS_KEY_ID"] = ACCESS_KEY
      process.env["AWS_SECRET_ACCESS_KEY"] = SECRET
      const credentials = yield* Credentials.fromInput(undefined).get
      expect(credentials.accessKeyId).toBe(ACCESS_KEY)
      expect(secretOf(credentials)).toBe(SECRET)
    }),
  )

  it.effect("resolves a profile from the shared credentials file", () =>
    Effect.gen(function* () {
      // The file the core's own default-chain test writes (packages/core/test/credentials.test.ts):
      // both read it end to end, the core through its adapter, this flavor through its Effect.
      fs.writeFileSync(
        process.env["AWS_SHARED_CREDENTIALS_FILE"]!,
        [
          "[default]",
          "aws_access_key_id = AKIADEFAULT",
          "aws_secret_access_key = default-secret",
          "",
          "[ci]",
          "aws_access_key_id = AKIACIPROFILE",
          `aws_secret_access_key = ${SECRET}`,
          `aws_session_token = ${TOKEN}`,
          "",
        ].join("\n"),
      )
      const credentials = yield* Credentials.defaultChain({ profile: "ci" }).get
      expect(credentials.accessKeyId).toBe("AKIACIPROFILE")
      expect(secretOf(credentials)).toBe(SECRET)
      expect(tokenOf(credentials)).toBe(TOKEN)
    }),
  )

  it.effect("with nothing configured fails with a CredentialsError naming the chain", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(Credentials.defaultChain().get)
      expect(error).toBeInstanceOf(CredentialsError)
      expect(error.message).toContain("default chain")
    }),
  )

  it("is only loaded by a dynamic import, so passing credentials never loads it", async () => {
    const metafile = await bundleMetafile("src/services/Credentials.ts")
    const imports = Object.values(metafile.inputs).flatMap((input) => input.imports)
    const chainImports = imports.filter((i) => i.path === "@aws-sdk/credential-provider-node")
    expect(chainImports.length).toBeGreaterThan(0)
    expect(chainImports.every((i) => i.kind === "dynamic-import")).toBe(true)
  })
})

describe("the credentials option", () => {
  it.effect("accepts a provider of this module as is", () =>
    Effect.gen(function* () {
      const provider = Credentials.fromStatic({ accessKeyId: "AKIDPROVIDED", secretAccessKey: "s" })
      const resolved = yield* Credentials.fromInput(provider).get
      expect(resolved.accessKeyId).toBe("AKIDPROVIDED")
    }),
  )
})
