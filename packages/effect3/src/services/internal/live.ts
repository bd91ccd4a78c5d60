/**
 * The live client as the Effect 3 flavor builds it: the endpoint, the credentials, the signer, the
 * retry policy and a transport, in that order. `CodePipeline.ts` reaches this module through `#live`
 * (see `./liveModule.ts`).
 */
// Mirror of src/services/internal/live.ts: the same constructors over each Effect's Duration and Either APIs.
import type * as Http from "node:http"
import type * as Https from "node:https"
import { Signer } from "@effect-codepipeline/core/Signer"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import type { EndpointError } from "../../errors/common.js"
import { version } from "../../version.js"
import type { Options } from "../CodePipeline.js"
import * as Credentials from "../Credentials.js"
import * as Endpoint from "../Endpoint.js"
import type { Transport } from "../Transport.js"
import { makeClient } from "./client.js"
import type { Service } from "./codePipeline.js"
import { makeHttpClientTransport } from "./httpClientTransport.js"
import { makeNodeTransport } from "./nodeTransport.js"
import { resolvePolicy } from "./retry.js"

const DEFAULT_ATTEMPT_TIMEOUT = Duration.seconds(60)

const resolveEndpoint = (options: Options): Effect.Effect<URL, EndpointError> =>
  Endpoint.resolve({
    region: options.region,
    ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
    useFips: options.useFips ?? false,
    useDualStack: options.useDualStack ?? false,
  })

export const makeWithTransport = (options: Options, transport: Transport): Effect.Effect<Service, EndpointError> =>
  Effect.flatMap(resolveEndpoint(options), (endpoint) =>
    Effect.map(Credentials.cached(Credentials.fromInput(options.credentials, { profile: options.profile })), (credentials) =>
      makeClient({
        region: options.region,
        endpoint,
        credentials,
        signer: new Signer(options.region, "codepipeline"),
        transport,
        retry: resolvePolicy(options.retry),
        attemptTimeout: options.attemptTimeout === undefined ? DEFAULT_ATTEMPT_TIMEOUT : Duration.decode(options.attemptTimeout),
        timeout: options.timeout === undefined ? undefined : Duration.decode(options.timeout),
        userAgent: `effect-codepipeline/${version}${options.userAgent ? ` ${options.userAgent}` : ""}`,
      }),
    ),
  )

export const make = (options: Options): Effect.Effect<Service, EndpointError, Scope.Scope> =>
  Effect.flatMap(
    makeNodeTransport({
      maxSockets: options.maxSockets,
      httpsAgent: options.httpsAgent as Https.Agent | undefined,
      httpAgent: options.httpAgent as Http.Agent | undefined,
      proxy: options.proxy,
    }),
    (transport) => makeWithTransport(options, transport),
  )

export const makeOverHttpClient = (options: Options) =>
  Effect.flatMap(makeHttpClientTransport, (transport) => makeWithTransport(options, transport))
