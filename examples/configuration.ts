/**
 * Configuration: the live layer from explicit options, from the environment, or over your own
 * HttpClient; credentials from the default AWS chain, static keys, a Smithy provider or an Effect.
 *
 * Run: npx tsx examples/configuration.ts  (prints the layers it would build; it calls nothing)
 */
import { Config, Console, Effect, Layer, Redacted } from "effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import { CodePipeline, type Credentials } from "effect-codepipeline"

/** Explicit options; credentials from the default chain (env, profiles, SSO, IMDS, ...). */
export const explicit = CodePipeline.layer({ region: "eu-west-1" })

/** A named profile from ~/.aws/config and ~/.aws/credentials. */
export const fromProfile = CodePipeline.layer({ region: "eu-west-1", profile: "release-bot" })

/** Everything from the environment: AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL_CODEPIPELINE, AWS_MAX_ATTEMPTS, ... */
export const fromEnvironment = CodePipeline.layerConfig()

/** Static keys, kept Redacted. */
export const staticKeys = CodePipeline.layer({
  region: "us-east-1",
  credentials: { accessKeyId: "AKIA...", secretAccessKey: Redacted.make("...") },
})

/** Credentials computed by an Effect, e.g. read from your own secret store through Config. */
export const fromEffect = CodePipeline.layer({
  region: "us-east-1",
  credentials: Effect.gen(function* () {
    const { id, secret } = yield* Config.all({ id: Config.String("BOT_KEY_ID"), secret: Config.Redacted("BOT_SECRET") })
    const credentials: Credentials.AwsCredentials = { accessKeyId: id, secretAccessKey: secret }
    return credentials
  }).pipe(Effect.orDie),
})

/** A local emulator or a VPC endpoint. */
export const customEndpoint = CodePipeline.layer({ region: "us-east-1", endpoint: "http://127.0.0.1:4566" })

/** FIPS endpoints in a GovCloud region. */
export const fips = CodePipeline.layer({ region: "us-gov-west-1", useFips: true })

/** Over fetch (browsers, edge runtimes) or any other HttpClient. */
export const overFetch = CodePipeline.layerHttpClient({ region: "eu-west-1" }).pipe(Layer.provide(FetchHttpClient.layer))

if (import.meta.url === `file://${process.argv[1]}`) {
  Effect.runPromise(
    Console.log(
      "Layers defined:",
      ["explicit", "fromProfile", "fromEnvironment", "staticKeys", "fromEffect", "customEndpoint", "fips", "overFetch"].join(", "),
    ),
  )
}
